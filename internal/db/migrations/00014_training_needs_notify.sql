-- Training needs analysis, L3 follow-up and notifications. See
-- docs/training-needs.md and docs/notifications.md. {{PK}} is replaced per
-- dialect (db/migrate.go).

-- +goose Up
-- Which competencies answer a weak IKM element (U1–U9) or a complaint
-- category: the needs analysis adds those signals to the competencies'
-- assessed gaps. Competencies of published versions are never changed or
-- deleted, so the reference holds; a mapping to a competency of an older
-- version simply stops matching the current framework's gaps.
CREATE TABLE training_need_mappings (
    library_id     BIGINT NOT NULL REFERENCES libraries (id),
    source_kind    TEXT NOT NULL,      -- ikm_element, complaint_category
    source_key     TEXT NOT NULL,      -- e.g. U6, layanan_petugas
    competency_id  BIGINT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (library_id, source_kind, source_key, competency_id),
    FOREIGN KEY (library_id, competency_id) REFERENCES competencies (library_id, id)
);

-- In-app notifications. dedupe_key makes the jobs that scan events
-- idempotent: one notification per user and event, however often they run.
CREATE TABLE notifications (
    id          {{PK}},
    library_id  BIGINT NOT NULL REFERENCES libraries (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,      -- invitation, promotion, reminder, l1_prompt, l3_prompt
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    link        TEXT NOT NULL DEFAULT '',
    dedupe_key  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    read_at     TIMESTAMP,
    UNIQUE (library_id, id),
    UNIQUE (library_id, user_id, dedupe_key)
);
CREATE INDEX notifications_user ON notifications (library_id, user_id, read_at, id);

-- E-mails waiting for the sender job; written in the same transaction as
-- the notification they carry.
CREATE TABLE email_outbox (
    id               {{PK}},
    library_id       BIGINT NOT NULL REFERENCES libraries (id),
    to_addr          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP NOT NULL,
    sent_at          TIMESTAMP,
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX email_outbox_pending ON email_outbox (sent_at, next_attempt_at);

-- +goose Down
DROP TABLE email_outbox;
DROP TABLE notifications;
DROP TABLE training_need_mappings;
