-- Recommendations: a person's interests beyond competencies (programme
-- types, a preferred modality, topic keywords) and the library's weights of
-- the score. See docs/training-evaluation.md. Number 00018 was assigned to
-- this change (00016 and 00017 belong to other work).

-- +goose Up
-- Programme types a person wants (training.Types: workshop, webinar,
-- e_learning, magang …).
CREATE TABLE staff_type_interests (
    library_id  BIGINT NOT NULL,
    staff_id    BIGINT NOT NULL,
    type        TEXT NOT NULL,
    PRIMARY KEY (library_id, staff_id, type),
    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id)
);

-- One row per person who stated a preference; no row: none.
CREATE TABLE staff_training_preferences (
    library_id  BIGINT NOT NULL,
    staff_id    BIGINT NOT NULL,
    modality    TEXT NOT NULL DEFAULT '',   -- offline, online, hybrid; '' no preference
    topics      TEXT NOT NULL DEFAULT '',   -- keywords as typed, one a line
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (library_id, staff_id),
    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id)
);

-- The library's weights of the score, integers 0–10; no row: the defaults
-- (training.DefaultWeights), which are the constants used before.
CREATE TABLE training_reco_weights (
    library_id  BIGINT NOT NULL PRIMARY KEY REFERENCES libraries (id),
    gap         INTEGER NOT NULL,   -- points per level of gap on a targeted competency
    jp          INTEGER NOT NULL,   -- points per 2 JP of the year's shortfall the session covers
    interest    INTEGER NOT NULL,   -- points per targeted competency of interest
    preference  INTEGER NOT NULL,   -- points per matching type, modality or keyword
    updated_at  TIMESTAMP NOT NULL,
    CHECK (gap BETWEEN 0 AND 10 AND jp BETWEEN 0 AND 10 AND interest BETWEEN 0 AND 10 AND preference BETWEEN 0 AND 10)
);

-- +goose Down
DROP TABLE training_reco_weights;
DROP TABLE staff_training_preferences;
DROP TABLE staff_type_interests;
