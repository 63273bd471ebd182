-- The foundation: libraries and their service points, staff, accounts with
-- roles held per library, sessions, rate limits and the audit log.
-- Written once for both engines; {{PK}} is replaced per dialect (db/migrate.go).
-- Times are stored in UTC.

-- +goose Up
CREATE TABLE libraries (
    id          {{PK}},
    name        TEXT NOT NULL,
    city        TEXT NOT NULL,          -- kota/kabupaten
    province    TEXT NOT NULL,
    time_zone   TEXT NOT NULL,          -- Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)
    population  BIGINT NOT NULL DEFAULT 0,
    address     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX libraries_name ON libraries (name);

-- unit layanan
CREATE TABLE service_points (
    id          {{PK}},
    library_id  BIGINT NOT NULL REFERENCES libraries (id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,          -- sirkulasi, referensi, anak, keliling, digital, …
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    UNIQUE (library_id, name)
);

-- pegawai
CREATE TABLE staff (
    id                 {{PK}},
    library_id         BIGINT NOT NULL REFERENCES libraries (id),
    nip                TEXT,            -- 18 digits for ASN, NULL otherwise
    name               TEXT NOT NULL,
    employment_status  TEXT NOT NULL,   -- pns, pppk, non_asn
    position           TEXT NOT NULL DEFAULT '',  -- jabatan, e.g. Pustakawan
    level              TEXT NOT NULL DEFAULT '',  -- jenjang, e.g. Ahli Pertama
    grade              TEXT NOT NULL DEFAULT '',  -- golongan/ruang, e.g. III/a
    education          TEXT NOT NULL DEFAULT '',
    service_point_id   BIGINT,
    email              TEXT NOT NULL DEFAULT '',
    active             BOOLEAN NOT NULL DEFAULT TRUE,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (library_id, id),
    -- a posting is always a service point of the same library
    FOREIGN KEY (library_id, service_point_id) REFERENCES service_points (library_id, id)
);
CREATE UNIQUE INDEX staff_library_nip ON staff (library_id, nip) WHERE nip IS NOT NULL;
CREATE INDEX staff_library_name ON staff (library_id, name, id);
CREATE INDEX staff_service_point ON staff (library_id, service_point_id);

-- Accounts are people who sign in; a person may hold roles in several
-- libraries, so the account itself is global and the roles carry library_id.
CREATE TABLE users (
    id             {{PK}},
    email          TEXT NOT NULL,       -- stored lower-case
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,       -- argon2id, PHC string
    superadmin     BOOLEAN NOT NULL DEFAULT FALSE,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TIMESTAMP,
    last_login_at  TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE memberships (
    library_id  BIGINT NOT NULL REFERENCES libraries (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    role        TEXT NOT NULL,          -- admin, coordinator, staff
    staff_id    BIGINT,                 -- the person's staff record in this library, if any
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (library_id, user_id),
    FOREIGN KEY (library_id, staff_id) REFERENCES staff (library_id, id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- Web sessions and API tokens; only a hash of the secret is stored.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    kind          TEXT NOT NULL,        -- web, api
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Fixed-window counters for rate limits, shared by all app instances.
CREATE TABLE rate_limits (
    key           TEXT PRIMARY KEY,
    window_start  TIMESTAMP NOT NULL,
    hits          INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id           {{PK}},
    library_id   BIGINT REFERENCES libraries (id),  -- NULL for deployment-wide events
    user_id      BIGINT REFERENCES users (id),
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,         -- e.g. staff.create, user.role
    entity       TEXT NOT NULL,         -- e.g. staff
    entity_id    BIGINT,
    summary      TEXT NOT NULL,         -- what a reader sees, e.g. the staff member's name
    changes      TEXT NOT NULL DEFAULT '',  -- JSON {"field": ["old", "new"]}
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_library ON audit_log (library_id, id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE rate_limits;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE staff;
DROP TABLE service_points;
DROP TABLE libraries;
