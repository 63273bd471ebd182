-- Training evaluation: the L1 reaction survey (Kirkpatrick level 1) and the
-- staff's stated interests, which the recommendations weigh. See
-- docs/training-evaluation.md. {{PK}} is replaced per dialect (db/migrate.go).

-- +goose Up
-- One response per enrolment (the UNIQUE makes a second submission fail even
-- when two arrive at once). Items are 1–5.
CREATE TABLE training_reactions (
    id             {{PK}},
    library_id     BIGINT NOT NULL,
    session_id     BIGINT NOT NULL,
    enrolment_id   BIGINT NOT NULL,
    relevance      INTEGER NOT NULL,   -- relevansi materi
    trainer        INTEGER NOT NULL,   -- kemampuan pemateri
    method         INTEGER NOT NULL,   -- metode
    facilities     INTEGER NOT NULL,   -- fasilitas / platform
    usefulness     INTEGER NOT NULL,   -- manfaat untuk pekerjaan
    improve        TEXT NOT NULL DEFAULT '',  -- apa yang perlu diperbaiki
    created_at     TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    UNIQUE (enrolment_id),
    FOREIGN KEY (library_id, session_id) REFERENCES training_sessions (library_id, id),
    FOREIGN KEY (library_id, enrolment_id) REFERENCES training_enrolments (library_id, id)
);
CREATE INDEX training_reactions_session ON training_reactions (library_id, session_id);

-- Competencies a person says she wants to develop.
CREATE TABLE staff_interests (
    library_id     BIGINT NOT NULL,
    staff_id       BIGINT NOT NULL,
    competency_id  BIGINT NOT NULL,
    PRIMARY KEY (library_id, staff_id, competency_id),
    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id),
    FOREIGN KEY (library_id, competency_id) REFERENCES competencies (library_id, id)
);

-- +goose Down
DROP TABLE staff_interests;
DROP TABLE training_reactions;
