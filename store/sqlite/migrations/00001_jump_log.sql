-- The jump log, SQLite form. Keep it in step with store/postgres/migrations:
-- the same tables, columns and constraints, in each database's types.
-- Times are UTC text in the fixed-width form 2006-01-02T15:04:05.000000Z.

-- +goose Up
CREATE TABLE missions (
    id      INTEGER PRIMARY KEY,
    name    TEXT    NOT NULL CHECK (name <> ''),
    version INTEGER NOT NULL CHECK (version >= 1),
    yaml    TEXT    NOT NULL,
    sha256  TEXT    NOT NULL,
    created TEXT    NOT NULL,
    UNIQUE (name, version),
    UNIQUE (name, sha256)
);

CREATE TABLE jumpers (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE CHECK (name <> ''),
    notes   TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);

CREATE TABLE attempts (
    id         INTEGER PRIMARY KEY,
    uid        TEXT    NOT NULL UNIQUE,
    mission_id INTEGER NOT NULL REFERENCES missions (id),
    date       TEXT    NOT NULL,
    aircraft   TEXT    NOT NULL DEFAULT '',
    conditions TEXT    NOT NULL DEFAULT '',
    outcome    TEXT    NOT NULL CHECK (outcome IN ('success', 'aborted', 'off-target', 'malfunction', 'incident', 'other')),
    notes      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX attempts_mission ON attempts (mission_id);
CREATE INDEX attempts_date ON attempts (date);

CREATE TABLE attempt_jumpers (
    attempt_id             INTEGER NOT NULL REFERENCES attempts (id),
    position               INTEGER NOT NULL CHECK (position >= 0),
    jumper_id              INTEGER NOT NULL REFERENCES jumpers (id),
    role                   TEXT    NOT NULL DEFAULT '',
    track_sha256           TEXT,
    exit_alt_msl_m         REAL,
    planned_exit_alt_msl_m REAL,
    open_alt_agl_m         REAL,
    planned_open_alt_agl_m REAL,
    freefall_s             REAL,
    planned_freefall_s     REAL,
    landing_error_m        REAL,
    max_vertical_speed_mps REAL,
    fitted_cda_m2          REAL,
    debrief_json           BLOB,
    PRIMARY KEY (attempt_id, position),
    UNIQUE (attempt_id, jumper_id)
);
CREATE INDEX attempt_jumpers_jumper ON attempt_jumpers (jumper_id);

CREATE TABLE tracks (
    attempt_id INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    format     TEXT    NOT NULL DEFAULT '',
    size       INTEGER NOT NULL,
    sha256     TEXT    NOT NULL,
    bytes      BLOB    NOT NULL,
    PRIMARY KEY (attempt_id, position),
    FOREIGN KEY (attempt_id, position) REFERENCES attempt_jumpers (attempt_id, position)
);

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    uid        TEXT    NOT NULL UNIQUE,
    attempt_id INTEGER REFERENCES attempts (id),
    jumper     TEXT    NOT NULL DEFAULT '',
    created    TEXT    NOT NULL,
    text       TEXT    NOT NULL
);
CREATE INDEX notes_attempt ON notes (attempt_id);

-- +goose Down
DROP TABLE notes;
DROP TABLE tracks;
DROP TABLE attempt_jumpers;
DROP TABLE attempts;
DROP TABLE jumpers;
DROP TABLE missions;
