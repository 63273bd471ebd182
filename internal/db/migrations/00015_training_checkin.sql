-- Attendance by QR code: one code per session day, shown as a QR code in
-- the room; a participant who opens it signed in is marked present that day.
-- The code is random (not derived from the ids), so a participant cannot
-- make tomorrow's code from today's. {{PK}} is not needed: one row per day.

-- +goose Up
CREATE TABLE training_checkin_codes (
    library_id  BIGINT NOT NULL,
    session_id  BIGINT NOT NULL,
    day         TEXT NOT NULL,          -- YYYY-MM-DD, one of the session's days
    code        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, day),
    UNIQUE (code),
    FOREIGN KEY (library_id, session_id) REFERENCES training_sessions (library_id, id)
);

-- +goose Down
DROP TABLE training_checkin_codes;
