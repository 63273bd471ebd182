-- Training materials (materi pelatihan) and the reference library (pustaka
-- rujukan): an uploaded file (PDF, image, Word, Excel, PowerPoint; the type
-- sniffed from the bytes, the name only shown) or a link, belonging to a
-- programme or standing alone, optionally tagged with a competency.
-- Stored in the database like record_files: a backup holds everything.
-- The content is the last column, so SQLite reads a list's rows without
-- walking the file's overflow pages.

-- +goose Up
CREATE TABLE training_materials (
    id             {{PK}},
    library_id     BIGINT NOT NULL REFERENCES libraries (id),
    program_id     BIGINT,                    -- NULL: a stand-alone reference
    competency_id  BIGINT,                    -- NULL: not tagged
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL,             -- file, link
    url            TEXT NOT NULL DEFAULT '',  -- a link's http(s) address
    file_name      TEXT NOT NULL DEFAULT '',  -- the uploaded file's name, shown only
    mime_type      TEXT NOT NULL DEFAULT '',  -- as sniffed
    size           BIGINT NOT NULL DEFAULT 0,
    sha256         TEXT NOT NULL DEFAULT '',
    uploaded_by    BIGINT REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    content        {{BLOB}},                  -- a file's bytes; NULL for a link
    UNIQUE (library_id, id),
    FOREIGN KEY (library_id, program_id) REFERENCES training_programs (library_id, id),
    FOREIGN KEY (library_id, competency_id) REFERENCES competencies (library_id, id),
    CHECK (kind IN ('file', 'link')),
    CHECK ((kind = 'file' AND content IS NOT NULL AND url = '') OR (kind = 'link' AND content IS NULL AND url <> ''))
);
-- The reference library lists a library's materials newest first; a
-- programme's page lists its own.
CREATE INDEX training_materials_library ON training_materials (library_id, created_at, id);
CREATE INDEX training_materials_program ON training_materials (library_id, program_id);

-- +goose Down
DROP TABLE training_materials;
