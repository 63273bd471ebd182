-- Complaints (pengaduan), modelled on SP4N-LAPOR! (PermenPANRB 62/2018), and
-- the working-day calendar their deadlines are counted on. See docs/complaints.md.
-- Dates on the calendar (holidays, due dates) are TEXT 'YYYY-MM-DD' in the
-- library's own time zone: they compare as text on both engines, and a due
-- date is a day, not an instant. Moments are UTC TIMESTAMPs as everywhere else.

-- +goose Up
-- library_id NULL: a national holiday or cuti bersama (set by a superadmin);
-- otherwise a library's own day off (a local cuti bersama, a regional holiday).
CREATE TABLE holidays (
    id          {{PK}},
    library_id  BIGINT REFERENCES libraries (id),
    date        TEXT NOT NULL,          -- 'YYYY-MM-DD'
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,          -- libur (a holiday) or cuti_bersama
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX holidays_national_date ON holidays (date) WHERE library_id IS NULL;
CREATE UNIQUE INDEX holidays_library_date ON holidays (library_id, date) WHERE library_id IS NOT NULL;

CREATE TABLE complaints (
    id                {{PK}},
    library_id        BIGINT NOT NULL REFERENCES libraries (id),
    code              TEXT NOT NULL,     -- tracking code, e.g. PGD-7K3MQ-9XRAB
    class             TEXT NOT NULL,     -- pengaduan, aspirasi, permintaan_informasi
    category          TEXT NOT NULL,     -- layanan_petugas, koleksi, fasilitas, …
    service_point_id  BIGINT,
    body              TEXT NOT NULL,     -- what happened, in the reporter's words
    -- The reporter's contact, all optional; shown only to the complaint's handlers.
    contact_name      TEXT NOT NULL DEFAULT '',
    contact_phone     TEXT NOT NULL DEFAULT '',
    contact_email     TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,     -- baru, diverifikasi, ditindaklanjuti, dijawab, selesai, ditutup, ditolak
    -- The account handling it. No foreign key to memberships: removing a
    -- person's role must not be blocked by the complaints she once handled.
    assignee_id       BIGINT REFERENCES users (id),
    follow_up         TEXT NOT NULL DEFAULT '',  -- the follow-up decided (internal)
    reject_reason     TEXT NOT NULL DEFAULT '',  -- shown to the reporter
    filed_at          TIMESTAMP NOT NULL,
    verify_due        TEXT NOT NULL,     -- 3 working days after filing
    verified_at       TIMESTAMP,
    decide_due        TEXT,              -- 5 working days after verification
    decided_at        TIMESTAMP,
    answered_at       TIMESTAMP,
    close_due         TEXT,              -- 10 working days after the (last) answer
    closed_at         TIMESTAMP,         -- selesai, ditutup or ditolak
    escalated_stage   TEXT NOT NULL DEFAULT '',  -- '', verify or decide: the deadline that was missed
    escalated_at      TIMESTAMP,
    rating            INTEGER,           -- 1–5, by the reporter, once
    rating_comment    TEXT NOT NULL DEFAULT '',
    rated_at          TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    FOREIGN KEY (library_id, service_point_id) REFERENCES service_points (library_id, id)
);
CREATE UNIQUE INDEX complaints_code ON complaints (code);
CREATE INDEX complaints_library_status ON complaints (library_id, status, id);
CREATE INDEX complaints_library_assignee ON complaints (library_id, assignee_id, id);

-- The timeline: every transition, reply and internal note, with its author.
-- Public events are shown to the reporter on the status page; the others
-- (assignments, notes, escalations) only to staff.
CREATE TABLE complaint_events (
    id            {{PK}},
    library_id    BIGINT NOT NULL,
    complaint_id  BIGINT NOT NULL,
    kind          TEXT NOT NULL,         -- filed, verified, assigned, decided, replied, resolved, closed, auto_closed, rejected, note, rated, escalated
    public        BOOLEAN NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    user_id       BIGINT REFERENCES users (id),  -- NULL: the reporter or the system
    actor_name    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    FOREIGN KEY (library_id, complaint_id) REFERENCES complaints (library_id, id)
);
CREATE INDEX complaint_events_complaint ON complaint_events (library_id, complaint_id, id);

-- National holidays and cuti bersama 2026: SKB Menteri Agama, Menteri
-- Ketenagakerjaan dan Menteri PANRB No. 1497, 2 dan 5 Tahun 2025 (17 holidays,
-- 8 days of cuti bersama). Later years are entered on the holidays page when
-- their SKB is published.
INSERT INTO holidays (library_id, date, name, kind, created_at) VALUES
    (NULL, '2026-01-01', 'Tahun Baru 2026 Masehi', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-01-16', 'Isra Mikraj Nabi Muhammad SAW', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-02-16', 'Cuti Bersama Tahun Baru Imlek', 'cuti_bersama', CURRENT_TIMESTAMP),
    (NULL, '2026-02-17', 'Tahun Baru Imlek 2577 Kongzili', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-03-18', 'Cuti Bersama Hari Suci Nyepi', 'cuti_bersama', CURRENT_TIMESTAMP),
    (NULL, '2026-03-19', 'Hari Suci Nyepi (Tahun Baru Saka 1948)', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-03-20', 'Cuti Bersama Idulfitri 1447 H', 'cuti_bersama', CURRENT_TIMESTAMP),
    (NULL, '2026-03-21', 'Idulfitri 1447 H', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-03-22', 'Idulfitri 1447 H', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-03-23', 'Cuti Bersama Idulfitri 1447 H', 'cuti_bersama', CURRENT_TIMESTAMP),
    (NULL, '2026-03-24', 'Cuti Bersama Idulfitri 1447 H', 'cuti_bersama', CURRENT_TIMESTAMP),
    (NULL, '2026-04-03', 'Wafat Yesus Kristus', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-05-01', 'Hari Buruh Internasional', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-05-14', 'Kenaikan Yesus Kristus', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-05-15', 'Cuti Bersama Kenaikan Yesus Kristus', 'cuti_bersama', CURRENT_TIMESTAMP),
    (NULL, '2026-05-27', 'Iduladha 1447 H', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-05-28', 'Cuti Bersama Iduladha 1447 H', 'cuti_bersama', CURRENT_TIMESTAMP),
    (NULL, '2026-05-31', 'Hari Raya Waisak 2570 BE', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-06-01', 'Hari Lahir Pancasila', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-06-16', 'Tahun Baru Islam 1448 H', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-08-17', 'Proklamasi Kemerdekaan Republik Indonesia', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-08-25', 'Maulid Nabi Muhammad SAW', 'libur', CURRENT_TIMESTAMP),
    (NULL, '2026-12-24', 'Cuti Bersama Kelahiran Yesus Kristus', 'cuti_bersama', CURRENT_TIMESTAMP),
    (NULL, '2026-12-25', 'Kelahiran Yesus Kristus', 'libur', CURRENT_TIMESTAMP);

-- +goose Down
DROP TABLE complaint_events;
DROP TABLE complaints;
DROP TABLE holidays;
