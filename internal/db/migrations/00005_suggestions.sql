-- Patron voice, part two: the public suggestion box (kotak saran) and
-- collection purchase requests (usulan buku). Both are written by people
-- without an account; staff read and answer them.
-- {{PK}} is replaced per dialect (db/migrate.go). Times are stored in UTC.

-- +goose Up
CREATE TABLE suggestions (
    id                {{PK}},
    library_id        BIGINT NOT NULL REFERENCES libraries (id),
    service_point_id  BIGINT,                        -- the unit the suggestion is about, if the patron chose one
    body              TEXT NOT NULL,
    contact           TEXT NOT NULL DEFAULT '',      -- optional; personal data: admins and coordinators only, reads audited
    status            TEXT NOT NULL,                 -- baru, dibaca, ditindaklanjuti, diarsipkan
    note              TEXT NOT NULL DEFAULT '',      -- internal follow-up note, never shown to the public
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    FOREIGN KEY (library_id, service_point_id) REFERENCES service_points (library_id, id)
);
CREATE INDEX suggestions_library ON suggestions (library_id, id);
CREATE INDEX suggestions_library_status ON suggestions (library_id, status, id);

-- One row per book, however many patrons asked for it: the same book asked
-- again raises demand (INSERT … ON CONFLICT (library_id, match_key)).
CREATE TABLE book_requests (
    id                 {{PK}},
    library_id         BIGINT NOT NULL REFERENCES libraries (id),
    match_key          TEXT NOT NULL,     -- "isbn:<13 digits>", or "title:<title key>|<author key>"
    title_key          TEXT NOT NULL,     -- "<title key>|<author key>", to join ISBN-less asks to an ISBN request
    isbn               TEXT,              -- ISBN-13 digits; NULL when the patron gave none
    title              TEXT NOT NULL,
    author             TEXT NOT NULL DEFAULT '',
    publisher          TEXT NOT NULL DEFAULT '',
    published_year     INTEGER,
    demand             INTEGER NOT NULL DEFAULT 1,
    status             TEXT NOT NULL,     -- diterima, dipesan, tersedia, ditolak
    reason             TEXT NOT NULL DEFAULT '',  -- why it was refused; shown to the requesters
    status_changed_at  TIMESTAMP NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    UNIQUE (library_id, match_key)
);
CREATE INDEX book_requests_demand ON book_requests (library_id, demand, id);
CREATE INDEX book_requests_status ON book_requests (library_id, status, demand, id);
CREATE INDEX book_requests_title_key ON book_requests (library_id, title_key);

-- Each ask: its own tracking code (the requester's only way back to the
-- status) and optional contact.
CREATE TABLE book_request_requesters (
    id             {{PK}},
    library_id     BIGINT NOT NULL REFERENCES libraries (id),
    request_id     BIGINT NOT NULL,
    tracking_code  TEXT NOT NULL,
    contact        TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    FOREIGN KEY (library_id, request_id) REFERENCES book_requests (library_id, id)
);
CREATE UNIQUE INDEX book_request_requesters_code ON book_request_requesters (tracking_code);
CREATE INDEX book_request_requesters_request ON book_request_requesters (library_id, request_id);

-- +goose Down
DROP TABLE book_request_requesters;
DROP TABLE book_requests;
DROP TABLE suggestions;
