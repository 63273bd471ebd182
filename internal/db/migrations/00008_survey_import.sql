-- Survey files waiting between upload and import: the mapping screen reads
-- the stored file again when the columns are confirmed, so no server keeps
-- state of its own. A row lives until its import succeeds or is discarded,
-- and at most a day (housekeeping purges older ones). See
-- docs/survey-import.md.

-- +goose Up
CREATE TABLE survey_imports (
    id          {{PK}},
    library_id  BIGINT NOT NULL REFERENCES libraries (id),
    created_by  BIGINT REFERENCES users (id),   -- NULL: the command line
    filename    TEXT NOT NULL,
    content     {{BLOB}} NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    claimed_at  TIMESTAMP                       -- set while an import of it runs
);
CREATE INDEX survey_imports_library ON survey_imports (library_id, id);
CREATE INDEX survey_imports_created ON survey_imports (created_at);

-- +goose Down
DROP TABLE survey_imports;
