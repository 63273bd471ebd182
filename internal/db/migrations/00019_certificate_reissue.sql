-- Re-issuing a training certificate after a revocation (docs/certificates.md):
-- an enrolment may now have several certificates, but at most one that is
-- not revoked. The revoked ones stay as they were, so their codes keep
-- verifying as revoked.
--
-- UNIQUE (enrolment_id) of 00012 gives way to a partial unique index.
-- PostgreSQL drops the constraint by its name; SQLite cannot drop a table
-- constraint and rebuilds the table (ids kept; nothing references it).

-- +goose Up
{{POSTGRES}}ALTER TABLE training_certificates DROP CONSTRAINT training_certificates_enrolment_id_key;

{{SQLITE}}CREATE TABLE training_certificates_new (
{{SQLITE}}    id             {{PK}},
{{SQLITE}}    library_id     BIGINT NOT NULL,
{{SQLITE}}    enrolment_id   BIGINT NOT NULL,
{{SQLITE}}    session_id     BIGINT NOT NULL,
{{SQLITE}}    staff_id       BIGINT NOT NULL,
{{SQLITE}}    year           INTEGER NOT NULL,
{{SQLITE}}    seq            BIGINT NOT NULL,
{{SQLITE}}    number         TEXT NOT NULL,
{{SQLITE}}    code           TEXT NOT NULL,
{{SQLITE}}    issued_at      TIMESTAMP NOT NULL,
{{SQLITE}}    issued_on      TEXT NOT NULL,
{{SQLITE}}    expires_on     TEXT,
{{SQLITE}}    revoked_at     TIMESTAMP,
{{SQLITE}}    revoke_reason  TEXT NOT NULL DEFAULT '',
{{SQLITE}}    issued_by      BIGINT REFERENCES users (id),
{{SQLITE}}    revoked_by     BIGINT REFERENCES users (id),
{{SQLITE}}    UNIQUE (library_id, id),
{{SQLITE}}    UNIQUE (code),
{{SQLITE}}    UNIQUE (library_id, number),
{{SQLITE}}    UNIQUE (library_id, year, seq),
{{SQLITE}}    FOREIGN KEY (library_id, enrolment_id) REFERENCES training_enrolments (library_id, id),
{{SQLITE}}    FOREIGN KEY (library_id, session_id) REFERENCES training_sessions (library_id, id),
{{SQLITE}}    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id)
{{SQLITE}});
{{SQLITE}}INSERT INTO training_certificates_new (id, library_id, enrolment_id, session_id, staff_id, year, seq, number, code,
{{SQLITE}}    issued_at, issued_on, expires_on, revoked_at, revoke_reason, issued_by, revoked_by)
{{SQLITE}}SELECT id, library_id, enrolment_id, session_id, staff_id, year, seq, number, code,
{{SQLITE}}    issued_at, issued_on, expires_on, revoked_at, revoke_reason, issued_by, revoked_by FROM training_certificates;
{{SQLITE}}DROP TABLE training_certificates;
{{SQLITE}}ALTER TABLE training_certificates_new RENAME TO training_certificates;
{{SQLITE}}CREATE INDEX training_certificates_session ON training_certificates (library_id, session_id);
{{SQLITE}}CREATE INDEX training_certificates_staff ON training_certificates (library_id, staff_id);

-- One certificate in force per enrolment; revoked ones do not count.
CREATE UNIQUE INDEX training_certificates_live ON training_certificates (library_id, enrolment_id) WHERE revoked_at IS NULL;
CREATE INDEX training_certificates_enrolment ON training_certificates (library_id, enrolment_id);

-- +goose Down
-- Fails while an enrolment has a re-issued certificate, as it should.
DROP INDEX training_certificates_enrolment;
DROP INDEX training_certificates_live;
{{POSTGRES}}ALTER TABLE training_certificates ADD CONSTRAINT training_certificates_enrolment_id_key UNIQUE (enrolment_id);
{{SQLITE}}CREATE UNIQUE INDEX training_certificates_enrolment_id_key ON training_certificates (enrolment_id);
