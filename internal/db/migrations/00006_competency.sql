-- Competency frameworks (kerangka kompetensi): a hierarchy of key functions,
-- units and optional sub-units with behavioural indicators, a proficiency
-- scale, and the level each jabatan/jenjang requires. See docs/competency.md.
--
-- Everything below a framework hangs off a VERSION. A published version is
-- never changed again: editing it makes a new draft (copy-on-write), so an
-- assessment that stored a version's competency ids keeps reading the titles
-- and scale it was made with.
-- {{PK}} is replaced per dialect (db/migrate.go). Times are stored in UTC.

-- +goose Up
CREATE TABLE frameworks (
    id           {{PK}},
    library_id   BIGINT NOT NULL REFERENCES libraries (id),
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',   -- default (installed), copy, import, '' (made by hand)
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    UNIQUE (library_id, name)
);

CREATE TABLE framework_versions (
    id               {{PK}},
    library_id       BIGINT NOT NULL,
    framework_id     BIGINT NOT NULL,
    number           INTEGER NOT NULL,       -- 1, 2, … per framework
    status           TEXT NOT NULL,          -- draft, published, retired
    note             TEXT NOT NULL DEFAULT '',  -- what changed, written when publishing
    competent_level  INTEGER NOT NULL,       -- the lowest scale level that counts as competent
    created_at       TIMESTAMP NOT NULL,
    published_at     TIMESTAMP,
    retired_at       TIMESTAMP,
    UNIQUE (library_id, id),
    UNIQUE (framework_id, number),
    FOREIGN KEY (library_id, framework_id) REFERENCES frameworks (library_id, id)
);
-- At most one draft and one current (published) version per framework.
CREATE UNIQUE INDEX framework_versions_draft ON framework_versions (framework_id) WHERE status = 'draft';
CREATE UNIQUE INDEX framework_versions_published ON framework_versions (framework_id) WHERE status = 'published';

-- The proficiency scale of a version: levels 1..N with their descriptors.
CREATE TABLE scale_levels (
    library_id   BIGINT NOT NULL,
    version_id   BIGINT NOT NULL,
    level        INTEGER NOT NULL,
    name         TEXT NOT NULL,
    descriptor   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version_id, level),
    FOREIGN KEY (library_id, version_id) REFERENCES framework_versions (library_id, id)
);

CREATE TABLE competencies (
    id           {{PK}},
    library_id   BIGINT NOT NULL,
    version_id   BIGINT NOT NULL,
    parent_id    BIGINT,                     -- NULL for a key function
    origin_id    BIGINT,                     -- the competency of an earlier version (or framework) this one was copied from
    code         TEXT NOT NULL,              -- e.g. PK, PK.01, PK.01.02
    kind         TEXT NOT NULL,              -- key_function, unit, sub_unit
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    sort         INTEGER NOT NULL,           -- order in the version (a file's row order)
    UNIQUE (library_id, id),
    UNIQUE (version_id, code),
    FOREIGN KEY (library_id, version_id) REFERENCES framework_versions (library_id, id),
    FOREIGN KEY (library_id, parent_id) REFERENCES competencies (library_id, id),
    FOREIGN KEY (library_id, origin_id) REFERENCES competencies (library_id, id)
);
CREATE INDEX competencies_version ON competencies (library_id, version_id, sort);
CREATE INDEX competencies_origin ON competencies (version_id, origin_id);

-- Behavioural indicators (indikator perilaku) of a competency.
CREATE TABLE competency_indicators (
    id             {{PK}},
    library_id     BIGINT NOT NULL,
    competency_id  BIGINT NOT NULL,
    text           TEXT NOT NULL,
    sort           INTEGER NOT NULL,
    FOREIGN KEY (library_id, competency_id) REFERENCES competencies (library_id, id)
);
CREATE INDEX competency_indicators_competency ON competency_indicators (competency_id, sort);

-- The level a position requires per competency. '' in level or
-- service_point_kind means "any" (not NULL, so that the unique key holds);
-- the most specific matching rule wins (competency/requirement.go).
CREATE TABLE position_requirements (
    id                  {{PK}},
    library_id          BIGINT NOT NULL,
    version_id          BIGINT NOT NULL,
    position            TEXT NOT NULL,       -- jabatan, e.g. Pustakawan
    level               TEXT NOT NULL DEFAULT '',  -- jenjang, e.g. Ahli Pertama
    service_point_kind  TEXT NOT NULL DEFAULT '',  -- sirkulasi, referensi, …
    competency_id       BIGINT NOT NULL,
    required_level      INTEGER NOT NULL,
    UNIQUE (version_id, position, level, service_point_kind, competency_id),
    FOREIGN KEY (library_id, version_id) REFERENCES framework_versions (library_id, id),
    FOREIGN KEY (library_id, competency_id) REFERENCES competencies (library_id, id)
);
CREATE INDEX position_requirements_version ON position_requirements (library_id, version_id, position);

-- +goose Down
DROP TABLE position_requirements;
DROP TABLE competency_indicators;
DROP TABLE competencies;
DROP TABLE scale_levels;
DROP TABLE framework_versions;
DROP TABLE frameworks;
