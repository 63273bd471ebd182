-- The IKM survey (Survei Kepuasan Masyarakat, PermenPANRB 14/2017): short
-- links per service point, the responses, a daily pre-aggregate kept in the
-- same transaction as each response, follow-up plans for weak elements and
-- the visitor counts that set the sample target. See docs/survey.md.

-- +goose Up

-- One short code per service point, printed on its poster as a QR code.
CREATE TABLE survey_links (
    library_id        BIGINT NOT NULL REFERENCES libraries (id),
    service_point_id  BIGINT NOT NULL,
    code              TEXT NOT NULL,      -- 6 readable lower-case characters
    created_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (library_id, service_point_id),
    FOREIGN KEY (library_id, service_point_id) REFERENCES service_points (library_id, id)
);
CREATE UNIQUE INDEX survey_links_code ON survey_links (code);

-- One row per respondent. Anonymous: no name, address, IP or device id.
CREATE TABLE survey_responses (
    id                {{PK}},
    library_id        BIGINT NOT NULL REFERENCES libraries (id),
    service_point_id  BIGINT NOT NULL,
    submitted_at      TIMESTAMP NOT NULL,
    day               TEXT NOT NULL,       -- YYYY-MM-DD in the library's time zone
    source            TEXT NOT NULL,       -- web, import
    gender            TEXT NOT NULL DEFAULT '',   -- L, P
    age               SMALLINT NOT NULL DEFAULT 0, -- 0: not given
    education         TEXT NOT NULL DEFAULT '',
    occupation        TEXT NOT NULL DEFAULT '',
    u1 SMALLINT NOT NULL, u2 SMALLINT NOT NULL, u3 SMALLINT NOT NULL,   -- 1–4, 0 = unanswered
    u4 SMALLINT NOT NULL, u5 SMALLINT NOT NULL, u6 SMALLINT NOT NULL,
    u7 SMALLINT NOT NULL, u8 SMALLINT NOT NULL, u9 SMALLINT NOT NULL,
    comment           TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (library_id, service_point_id) REFERENCES service_points (library_id, id)
);
CREATE INDEX survey_responses_day ON survey_responses (library_id, day);

-- Sums (s) and counts (c) of the answers per element, per service point and
-- day, upserted with every response. A period's IKM is a SUM over at most
-- days × service points rows. The key starts with the day so that the whole
-- library's period is one contiguous range too.
CREATE TABLE ikm_daily (
    library_id        BIGINT NOT NULL REFERENCES libraries (id),
    day               TEXT NOT NULL,
    service_point_id  BIGINT NOT NULL,
    respondents       BIGINT NOT NULL,
    s1 BIGINT NOT NULL, s2 BIGINT NOT NULL, s3 BIGINT NOT NULL, s4 BIGINT NOT NULL, s5 BIGINT NOT NULL,
    s6 BIGINT NOT NULL, s7 BIGINT NOT NULL, s8 BIGINT NOT NULL, s9 BIGINT NOT NULL,
    c1 BIGINT NOT NULL, c2 BIGINT NOT NULL, c3 BIGINT NOT NULL, c4 BIGINT NOT NULL, c5 BIGINT NOT NULL,
    c6 BIGINT NOT NULL, c7 BIGINT NOT NULL, c8 BIGINT NOT NULL, c9 BIGINT NOT NULL,
    PRIMARY KEY (library_id, day, service_point_id),
    FOREIGN KEY (library_id, service_point_id) REFERENCES service_points (library_id, id)
);

-- Rencana tindak lanjut: what the library will do about a weak element.
CREATE TABLE ikm_followups (
    id                {{PK}},
    library_id        BIGINT NOT NULL REFERENCES libraries (id),
    service_point_id  BIGINT,             -- NULL: the whole library
    element           TEXT NOT NULL,      -- U1 … U9
    period_label      TEXT NOT NULL,      -- e.g. 2026-Q3
    period_from       TEXT NOT NULL,      -- YYYY-MM-DD
    period_to         TEXT NOT NULL,
    action            TEXT NOT NULL,
    owner_staff_id    BIGINT,
    due_date          TEXT NOT NULL,      -- YYYY-MM-DD
    status            TEXT NOT NULL,      -- planned, in_progress, done
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    FOREIGN KEY (library_id, service_point_id) REFERENCES service_points (library_id, id),
    FOREIGN KEY (library_id, owner_staff_id) REFERENCES staff (library_id, id)
);
CREATE INDEX ikm_followups_library ON ikm_followups (library_id, period_to);

-- Visitors per month, the population of the Krejcie–Morgan sample target.
-- Entered by staff (later pulled from SLiMS). service_point_id NULL is the
-- whole library.
CREATE TABLE visitor_counts (
    library_id        BIGINT NOT NULL REFERENCES libraries (id),
    service_point_id  BIGINT,
    month             TEXT NOT NULL,      -- YYYY-MM
    visitors          BIGINT NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    FOREIGN KEY (library_id, service_point_id) REFERENCES service_points (library_id, id)
);
CREATE UNIQUE INDEX visitor_counts_library ON visitor_counts (library_id, month) WHERE service_point_id IS NULL;
CREATE UNIQUE INDEX visitor_counts_point ON visitor_counts (library_id, service_point_id, month) WHERE service_point_id IS NOT NULL;

-- +goose Down
DROP TABLE visitor_counts;
DROP TABLE ikm_followups;
DROP TABLE ikm_daily;
DROP TABLE survey_responses;
DROP TABLE survey_links;
