-- Training (pelatihan/diklat): the catalogue of programmes, their sessions
-- (one or several days), enrolment with a waitlist, attendance per day,
-- pre/post-test scores and completion, which credits JP to the person's
-- ledger (record_jp_entries). See docs/training.md.
-- {{PK}} is replaced per dialect (db/migrate.go). Days are TEXT 'YYYY-MM-DD'
-- (a day, not an instant; they compare as text on both engines); moments are
-- UTC TIMESTAMPs as everywhere else.

-- +goose Up
CREATE TABLE training_programs (
    id                 {{PK}},
    library_id         BIGINT NOT NULL REFERENCES libraries (id),
    title              TEXT NOT NULL,
    type               TEXT NOT NULL,      -- workshop, seminar, webinar, e_learning, project_based, magang, conference
    level              TEXT NOT NULL,      -- dasar, menengah, lanjut
    jp                 INTEGER NOT NULL,   -- JP credited to each person who completes a session
    provider_kind      TEXT NOT NULL,      -- internal, partner
    provider_name      TEXT NOT NULL DEFAULT '',  -- the partner institution, e.g. a university's library-science faculty
    modality           TEXT NOT NULL,      -- offline, online, hybrid
    description        TEXT NOT NULL DEFAULT '',
    materials          TEXT NOT NULL DEFAULT '',  -- links, one a line
    self_registration  BOOLEAN NOT NULL DEFAULT FALSE,
    active             BOOLEAN NOT NULL DEFAULT TRUE,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    UNIQUE (library_id, title)
);

-- The competencies a programme develops. Only competencies of published
-- framework versions are chosen, and those are never changed or deleted
-- (competency copy-on-write), so the reference holds.
CREATE TABLE training_program_competencies (
    library_id     BIGINT NOT NULL,
    program_id     BIGINT NOT NULL,
    competency_id  BIGINT NOT NULL,
    PRIMARY KEY (program_id, competency_id),
    FOREIGN KEY (library_id, program_id) REFERENCES training_programs (library_id, id),
    FOREIGN KEY (library_id, competency_id) REFERENCES competencies (library_id, id)
);

CREATE TABLE training_sessions (
    id                      {{PK}},
    library_id              BIGINT NOT NULL,
    program_id              BIGINT NOT NULL,
    title                   TEXT NOT NULL DEFAULT '',   -- e.g. Angkatan I
    first_day               TEXT NOT NULL,              -- of training_session_days, for the calendar
    last_day                TEXT NOT NULL,
    year                    INTEGER NOT NULL,           -- of first_day: the plan year it belongs to
    place                   TEXT NOT NULL DEFAULT '',
    online_url              TEXT NOT NULL DEFAULT '',
    capacity                INTEGER NOT NULL,
    budget_line             TEXT NOT NULL DEFAULT '',   -- mata anggaran / kode rekening
    budget                  BIGINT NOT NULL DEFAULT 0,  -- rupiah
    status                  TEXT NOT NULL,              -- planned, open, completed, cancelled
    min_attendance_percent  INTEGER NOT NULL,           -- share of days a participant must attend
    pass_mark               INTEGER,                    -- post-test pass mark; NULL: no post-test rule
    waitlist_next           BIGINT NOT NULL DEFAULT 1,  -- the next waitlist number to hand out
    completed_at            TIMESTAMP,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    FOREIGN KEY (library_id, program_id) REFERENCES training_programs (library_id, id)
);
CREATE INDEX training_sessions_year ON training_sessions (library_id, year, first_day);
CREATE INDEX training_sessions_program ON training_sessions (library_id, program_id);

CREATE TABLE training_session_days (
    library_id  BIGINT NOT NULL,
    session_id  BIGINT NOT NULL,
    day         TEXT NOT NULL,
    PRIMARY KEY (session_id, day),
    FOREIGN KEY (library_id, session_id) REFERENCES training_sessions (library_id, id)
);
CREATE INDEX training_session_days_day ON training_session_days (library_id, day);

-- Trainers (narasumber/fasilitator): a staff member, or someone external by name.
CREATE TABLE training_trainers (
    library_id   BIGINT NOT NULL,
    session_id   BIGINT NOT NULL,
    position     INTEGER NOT NULL,
    staff_id     BIGINT,
    name         TEXT NOT NULL DEFAULT '',   -- external trainers only
    institution  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, position),
    FOREIGN KEY (library_id, session_id) REFERENCES training_sessions (library_id, id),
    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id)
);

-- One line per person and session; cancelling and enrolling again reuse it.
CREATE TABLE training_enrolments (
    id            {{PK}},
    library_id    BIGINT NOT NULL,
    session_id    BIGINT NOT NULL,
    staff_id      BIGINT NOT NULL,
    origin        TEXT NOT NULL,         -- nominated (by a coordinator), registered (by herself)
    status        TEXT NOT NULL,         -- confirmed, waitlisted, cancelled, completed, not_completed
    waitlist_no   BIGINT,                -- while waitlisted: lower is earlier
    pre_score     INTEGER,               -- 0–100
    post_score    INTEGER,               -- 0–100
    -- The JP ledger line credited on completion; set once, so completing again
    -- never credits twice. No foreign key: a record manager may delete the line.
    jp_item_id    BIGINT,
    created_by    BIGINT REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    UNIQUE (session_id, staff_id),
    FOREIGN KEY (library_id, session_id) REFERENCES training_sessions (library_id, id),
    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id)
);
CREATE INDEX training_enrolments_staff ON training_enrolments (library_id, staff_id, status);
CREATE INDEX training_enrolments_session ON training_enrolments (library_id, session_id, status, waitlist_no);

-- A row means the participant attended that day.
CREATE TABLE training_attendance (
    library_id     BIGINT NOT NULL,
    enrolment_id   BIGINT NOT NULL,
    day            TEXT NOT NULL,
    marked_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (enrolment_id, day),
    FOREIGN KEY (library_id, enrolment_id) REFERENCES training_enrolments (library_id, id)
);

-- +goose Down
DROP TABLE training_attendance;
DROP TABLE training_enrolments;
DROP TABLE training_trainers;
DROP TABLE training_session_days;
DROP TABLE training_sessions;
DROP TABLE training_program_competencies;
DROP TABLE training_programs;
