-- The professional development record (catatan pengembangan profesi) of each
-- staff member: the JP ledger (20 JP a year, PP 17/2020), certifications,
-- publications, conferences, association memberships, and the yearly ratings
-- angka kredit is computed from. See docs/professional-record.md.
-- The PK and BLOB tokens are replaced per dialect (db/migrate.go). Dates of the
-- record are TEXT 'YYYY-MM-DD' (a day, not an instant; they compare as text on
-- both engines); moments are UTC TIMESTAMPs as everywhere else.

-- +goose Up
-- The angka kredit regulation (PermenPANRB 1/2023) as data, deployment-wide
-- like the national holidays: a superadmin updates it when the regulation
-- changes, and every change is audited. Amounts are exact fixed point in
-- thousandths (12.5 → 12500); percentages are whole.
CREATE TABLE ak_coefficients (
    jenjang            TEXT PRIMARY KEY,  -- as people.Levels spells it, e.g. Ahli Pertama
    position           INTEGER NOT NULL,  -- display order
    coefficient_milli  BIGINT NOT NULL    -- yearly coefficient × 1000
);
INSERT INTO ak_coefficients (jenjang, position, coefficient_milli) VALUES
    ('Terampil', 1, 5000),
    ('Mahir', 2, 12500),
    ('Penyelia', 3, 25000),
    ('Ahli Pertama', 4, 12500),
    ('Ahli Muda', 5, 25000),
    ('Ahli Madya', 6, 37500),
    ('Ahli Utama', 7, 50000);

CREATE TABLE ak_rating_percentages (
    rating    TEXT PRIMARY KEY,  -- predikat kinerja: sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang
    position  INTEGER NOT NULL,  -- best first
    percent   INTEGER NOT NULL
);
INSERT INTO ak_rating_percentages (rating, position, percent) VALUES
    ('sangat_baik', 1, 150),
    ('baik', 2, 100),
    ('butuh_perbaikan', 3, 75),
    ('kurang', 4, 50),
    ('sangat_kurang', 5, 25);

-- Credits needed in a jenjang to move to the next one. The top of each
-- ladder (Penyelia, Ahli Utama) has no row.
CREATE TABLE ak_thresholds (
    jenjang               TEXT PRIMARY KEY,
    next_jenjang          TEXT NOT NULL,
    credits_needed_milli  BIGINT NOT NULL
);
INSERT INTO ak_thresholds (jenjang, next_jenjang, credits_needed_milli) VALUES
    ('Terampil', 'Mahir', 60000),
    ('Mahir', 'Penyelia', 100000),
    ('Ahli Pertama', 'Ahli Muda', 100000),
    ('Ahli Muda', 'Ahli Madya', 200000),
    ('Ahli Madya', 'Ahli Utama', 450000);

-- A library's yearly JP target; without a row it is the national minimum, 20.
CREATE TABLE jp_targets (
    library_id  BIGINT PRIMARY KEY REFERENCES libraries (id),
    jp          INTEGER NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- Every line of a person's record is an item: one id space for all kinds,
-- so one route deletes, verifies or serves the evidence of any of them, and
-- the ownership check (whose record is it?) is written once. The details
-- live in one table per kind, keyed by the item.
CREATE TABLE record_items (
    id          {{PK}},
    library_id  BIGINT NOT NULL REFERENCES libraries (id),
    staff_id    BIGINT NOT NULL,
    kind        TEXT NOT NULL,          -- jp, certification, publication, conference, membership, rating
    created_by  BIGINT REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    UNIQUE (library_id, id, staff_id),  -- lets a detail table carry staff_id consistently
    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id)
);
CREATE INDEX record_items_staff ON record_items (library_id, staff_id, kind, id);

-- JP (jam pelajaran) ledger. Only verified entries count toward the target.
CREATE TABLE record_jp_entries (
    item_id       BIGINT NOT NULL,
    library_id    BIGINT NOT NULL,
    staff_id      BIGINT NOT NULL,
    activity      TEXT NOT NULL,        -- pelatihan, seminar, workshop, e_learning, belajar_mandiri, magang
    title         TEXT NOT NULL,
    organizer     TEXT NOT NULL DEFAULT '',
    held_on       TEXT NOT NULL,        -- the day it ended; it counts in that year
    year          INTEGER NOT NULL,     -- of held_on, for the yearly sums
    jp            INTEGER NOT NULL,
    evidence_url  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,        -- diajukan, diverifikasi, ditolak
    review_note   TEXT NOT NULL DEFAULT '',
    reviewed_by   BIGINT REFERENCES users (id),
    reviewer_name TEXT NOT NULL DEFAULT '',
    reviewed_at   TIMESTAMP,
    PRIMARY KEY (library_id, item_id),
    FOREIGN KEY (library_id, item_id, staff_id) REFERENCES record_items (library_id, id, staff_id)
);
CREATE INDEX record_jp_year ON record_jp_entries (library_id, year, staff_id, status);
CREATE INDEX record_jp_status ON record_jp_entries (library_id, status, held_on);

CREATE TABLE record_certifications (
    item_id       BIGINT NOT NULL,
    library_id    BIGINT NOT NULL,
    name          TEXT NOT NULL,        -- e.g. Sertifikat Kompetensi Pustakawan Ahli
    issuer        TEXT NOT NULL,        -- e.g. LSP Pustakawan (Perpusnas)
    number        TEXT NOT NULL DEFAULT '',
    issued_on     TEXT NOT NULL,
    expires_on    TEXT,                 -- NULL: does not expire
    evidence_url  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (library_id, item_id),
    FOREIGN KEY (library_id, item_id) REFERENCES record_items (library_id, id)
);
CREATE INDEX record_certifications_expiry ON record_certifications (library_id, expires_on);

CREATE TABLE record_publications (
    item_id     BIGINT NOT NULL,
    library_id  BIGINT NOT NULL,
    title       TEXT NOT NULL,
    venue       TEXT NOT NULL DEFAULT '',  -- journal, proceedings, publisher or medium
    year        INTEGER NOT NULL,
    type        TEXT NOT NULL,             -- jurnal, prosiding, buku, artikel_populer, laporan_penelitian
    url         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (library_id, item_id),
    FOREIGN KEY (library_id, item_id) REFERENCES record_items (library_id, id)
);

CREATE TABLE record_conferences (
    item_id     BIGINT NOT NULL,
    library_id  BIGINT NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,          -- peserta, pemakalah, panitia
    place       TEXT NOT NULL DEFAULT '',
    held_on     TEXT NOT NULL,
    PRIMARY KEY (library_id, item_id),
    FOREIGN KEY (library_id, item_id) REFERENCES record_items (library_id, id)
);

CREATE TABLE record_memberships (
    item_id      BIGINT NOT NULL,
    library_id   BIGINT NOT NULL,
    association  TEXT NOT NULL,         -- e.g. Ikatan Pustakawan Indonesia (IPI)
    number       TEXT NOT NULL DEFAULT '',
    since_on     TEXT NOT NULL,
    until_on     TEXT,                  -- NULL: still a member
    PRIMARY KEY (library_id, item_id),
    FOREIGN KEY (library_id, item_id) REFERENCES record_items (library_id, id)
);

-- The year's performance rating (predikat kinerja) and the jenjang held that
-- year; angka kredit is computed from these and the regulation tables, never
-- stored, so a corrected table corrects every figure.
CREATE TABLE record_ratings (
    item_id     BIGINT NOT NULL,
    library_id  BIGINT NOT NULL,
    staff_id    BIGINT NOT NULL,
    year        INTEGER NOT NULL,
    rating      TEXT NOT NULL,
    jenjang     TEXT NOT NULL,
    PRIMARY KEY (library_id, item_id),
    UNIQUE (library_id, staff_id, year),
    FOREIGN KEY (library_id, item_id, staff_id) REFERENCES record_items (library_id, id, staff_id)
);

-- Uploaded evidence (a certificate scan, a letter): at most one file per
-- item, kept in the database so that backups and several app instances need
-- no shared disk. The type is sniffed from the content, never taken from the
-- file name or the browser.
CREATE TABLE record_files (
    item_id     BIGINT NOT NULL,
    library_id  BIGINT NOT NULL,
    name        TEXT NOT NULL,          -- the uploaded file's name, shown only
    mime_type   TEXT NOT NULL,          -- application/pdf, image/jpeg or image/png
    size        BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    content     {{BLOB}} NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (library_id, item_id),
    FOREIGN KEY (library_id, item_id) REFERENCES record_items (library_id, id)
);

-- +goose Down
DROP TABLE record_files;
DROP TABLE record_ratings;
DROP TABLE record_memberships;
DROP TABLE record_conferences;
DROP TABLE record_publications;
DROP TABLE record_certifications;
DROP TABLE record_jp_entries;
DROP TABLE record_items;
DROP TABLE jp_targets;
DROP TABLE ak_thresholds;
DROP TABLE ak_rating_percentages;
DROP TABLE ak_coefficients;
