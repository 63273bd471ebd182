-- Training certificates: one per completed enrolment, numbered
-- BP/<library id>/<year>/<seq> sequentially within a library and year, with
-- an unguessable code for the public verification page /verify/{code}.
-- See docs/certificates.md.

-- +goose Up
-- Months a programme's certificates stay valid; NULL: they never expire.
ALTER TABLE training_programs ADD COLUMN certificate_validity_months INTEGER;

-- The next certificate sequence number of a library in a year; bumped
-- under its row lock inside the issuing transaction.
CREATE TABLE training_certificate_counters (
    library_id  BIGINT NOT NULL REFERENCES libraries (id),
    year        INTEGER NOT NULL,
    next_seq    BIGINT NOT NULL,
    PRIMARY KEY (library_id, year)
);

CREATE TABLE training_certificates (
    id             {{PK}},
    library_id     BIGINT NOT NULL,
    enrolment_id   BIGINT NOT NULL,
    session_id     BIGINT NOT NULL,
    staff_id       BIGINT NOT NULL,
    year           INTEGER NOT NULL,
    seq            BIGINT NOT NULL,
    number         TEXT NOT NULL,
    code           TEXT NOT NULL,
    issued_at      TIMESTAMP NOT NULL,
    issued_on      TEXT NOT NULL,              -- the day in the library's time zone, 'YYYY-MM-DD'
    expires_on     TEXT,                       -- last valid day; NULL: never expires
    revoked_at     TIMESTAMP,
    revoke_reason  TEXT NOT NULL DEFAULT '',
    issued_by      BIGINT REFERENCES users (id),
    revoked_by     BIGINT REFERENCES users (id),
    UNIQUE (library_id, id),
    UNIQUE (enrolment_id),
    UNIQUE (code),
    UNIQUE (library_id, number),
    UNIQUE (library_id, year, seq),
    FOREIGN KEY (library_id, enrolment_id) REFERENCES training_enrolments (library_id, id),
    FOREIGN KEY (library_id, session_id) REFERENCES training_sessions (library_id, id),
    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id)
);
CREATE INDEX training_certificates_session ON training_certificates (library_id, session_id);
CREATE INDEX training_certificates_staff ON training_certificates (library_id, staff_id);

-- +goose Down
DROP TABLE training_certificates;
DROP TABLE training_certificate_counters;
ALTER TABLE training_programs DROP COLUMN certificate_validity_months;
