-- Individual development plans (rencana pengembangan individu): one plan per
-- person per year, goals tied to competency gaps, and actions per goal. See
-- docs/development-plans.md. {{PK}} is replaced per dialect (db/migrate.go).

-- +goose Up
CREATE TABLE development_plans (
    id             {{PK}},
    library_id     BIGINT NOT NULL REFERENCES libraries (id),
    staff_id       BIGINT NOT NULL,
    year           INTEGER NOT NULL,
    status         TEXT NOT NULL,           -- draft, submitted, signed_off
    signed_off_by  BIGINT REFERENCES users (id),
    signed_off_at  TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    UNIQUE (library_id, staff_id, year),
    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id)
);

-- competency_id is NULL for a goal not tied to a competency.
CREATE TABLE plan_goals (
    id             {{PK}},
    library_id     BIGINT NOT NULL,
    plan_id        BIGINT NOT NULL,
    competency_id  BIGINT,
    target_level   INTEGER NOT NULL DEFAULT 0,
    description    TEXT NOT NULL,
    due_date       TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD or ''
    status         TEXT NOT NULL,              -- planned, in_progress, done, dropped
    UNIQUE (library_id, id),
    FOREIGN KEY (library_id, plan_id) REFERENCES development_plans (library_id, id),
    FOREIGN KEY (library_id, competency_id) REFERENCES competencies (library_id, id)
);
CREATE INDEX plan_goals_plan ON plan_goals (library_id, plan_id);

CREATE TABLE plan_actions (
    id           {{PK}},
    library_id   BIGINT NOT NULL,
    goal_id      BIGINT NOT NULL,
    kind         TEXT NOT NULL,              -- training, mentoring, self_study, magang
    description  TEXT NOT NULL,
    due_date     TEXT NOT NULL DEFAULT '',
    done         BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (library_id, id),
    FOREIGN KEY (library_id, goal_id) REFERENCES plan_goals (library_id, id)
);
CREATE INDEX plan_actions_goal ON plan_actions (library_id, goal_id);

-- +goose Down
DROP TABLE plan_actions;
DROP TABLE plan_goals;
DROP TABLE development_plans;
