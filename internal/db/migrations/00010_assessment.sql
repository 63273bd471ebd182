-- Competency assessments (penilaian kompetensi): cycles, per-person
-- assessments with self, supervisor and peer ratings per competency,
-- evidence, and the results frozen when a cycle closes. See
-- docs/assessments.md.
--
-- A cycle fixes its framework version when it opens; ratings name that
-- version's competency ids, so later versions never change them. Closing a
-- cycle copies each person's required and agreed levels into
-- assessment_results: requirements of a published version may still be
-- edited and people change jabatan, but a closed result must not move.
-- {{PK}} and {{BLOB}} are replaced per dialect (db/migrate.go).

-- +goose Up
CREATE TABLE assessment_cycles (
    id          {{PK}},
    library_id  BIGINT NOT NULL REFERENCES libraries (id),
    name        TEXT NOT NULL,              -- e.g. Semester I 2027
    version_id  BIGINT NOT NULL,            -- framework version fixed at opening
    opens_on    TEXT NOT NULL,              -- YYYY-MM-DD
    closes_on   TEXT NOT NULL,              -- YYYY-MM-DD
    status      TEXT NOT NULL,              -- open, closed
    created_at  TIMESTAMP NOT NULL,
    closed_at   TIMESTAMP,
    UNIQUE (library_id, id),
    UNIQUE (library_id, name),
    FOREIGN KEY (library_id, version_id) REFERENCES framework_versions (library_id, id)
);

CREATE TABLE assessments (
    id                  {{PK}},
    library_id          BIGINT NOT NULL,
    cycle_id            BIGINT NOT NULL,
    staff_id            BIGINT NOT NULL,
    status              TEXT NOT NULL,      -- pending, submitted, reviewed
    supervisor_user_id  BIGINT,             -- a designated supervisor account; NULL: admins and coordinators
    peer_user_id        BIGINT,             -- an optional peer assessor
    submitted_at        TIMESTAMP,
    reviewed_at         TIMESTAMP,
    review_comment      TEXT NOT NULL DEFAULT '',
    UNIQUE (library_id, id),
    UNIQUE (cycle_id, staff_id),
    FOREIGN KEY (library_id, cycle_id) REFERENCES assessment_cycles (library_id, id),
    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id)
);
CREATE INDEX assessments_staff ON assessments (library_id, staff_id);

-- One rating per assessment, competency and role (self, supervisor, peer).
CREATE TABLE assessment_ratings (
    library_id     BIGINT NOT NULL,
    assessment_id  BIGINT NOT NULL,
    competency_id  BIGINT NOT NULL,
    role           TEXT NOT NULL,
    level          INTEGER NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    evidence_url   TEXT NOT NULL DEFAULT '',
    rater_user_id  BIGINT,
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (assessment_id, competency_id, role),
    FOREIGN KEY (library_id, assessment_id) REFERENCES assessments (library_id, id),
    FOREIGN KEY (library_id, competency_id) REFERENCES competencies (library_id, id)
);

-- Evidence files, stored in the database like record_files: the type is
-- sniffed from the content and the name is only shown.
CREATE TABLE assessment_files (
    id             {{PK}},
    library_id     BIGINT NOT NULL,
    assessment_id  BIGINT NOT NULL,
    competency_id  BIGINT NOT NULL,
    name           TEXT NOT NULL,
    mime_type      TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    content        {{BLOB}} NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    FOREIGN KEY (library_id, assessment_id) REFERENCES assessments (library_id, id)
);
CREATE INDEX assessment_files_assessment ON assessment_files (library_id, assessment_id);

-- Frozen at close: one row per person and required competency.
CREATE TABLE assessment_results (
    library_id      BIGINT NOT NULL,
    cycle_id        BIGINT NOT NULL,
    staff_id        BIGINT NOT NULL,
    competency_id   BIGINT NOT NULL,
    required_level  INTEGER NOT NULL,
    agreed_level    INTEGER,               -- NULL: not reviewed
    PRIMARY KEY (cycle_id, staff_id, competency_id),
    FOREIGN KEY (library_id, cycle_id) REFERENCES assessment_cycles (library_id, id)
);
-- Covering: the heatmap reads a whole cycle from the index alone.
CREATE INDEX assessment_results_cycle ON assessment_results (library_id, cycle_id, staff_id, competency_id, required_level, agreed_level);

-- +goose Down
DROP TABLE assessment_results;
DROP TABLE assessment_files;
DROP TABLE assessment_ratings;
DROP TABLE assessments;
DROP TABLE assessment_cycles;
