-- Units as last synced from the config.
CREATE TABLE units (
    id     TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    public INTEGER NOT NULL,
    color  TEXT NOT NULL
) STRICT;

-- Items (wheel items, plan activities, imported events) with the change
-- tracking that feeds publish as SEQUENCE and LAST-MODIFIED.
CREATE TABLE items (
    unit_id  TEXT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    id       TEXT NOT NULL,
    data     TEXT NOT NULL,          -- JSON of wheel.Item
    hash     TEXT NOT NULL,          -- sha256 of data: a change raises sequence
    sequence INTEGER NOT NULL DEFAULT 0,
    created  TEXT NOT NULL,          -- RFC 3339 UTC
    modified TEXT NOT NULL,
    PRIMARY KEY (unit_id, id)
) STRICT;

CREATE TABLE plans (
    unit_id  TEXT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    id       TEXT NOT NULL,
    data     TEXT NOT NULL,          -- JSON of wheel.Plan
    hash     TEXT NOT NULL,
    sequence INTEGER NOT NULL DEFAULT 0,
    created  TEXT NOT NULL,
    modified TEXT NOT NULL,
    PRIMARY KEY (unit_id, id)
) STRICT;

-- Occurrences, materialised at sync so that reminders can find what falls
-- due by index instead of expanding every rule on every run.
CREATE TABLE occurrences (
    id       TEXT PRIMARY KEY,       -- UNIT/ITEM/YYYY-MM-DD
    unit_id  TEXT NOT NULL,
    item_id  TEXT NOT NULL,
    title    TEXT NOT NULL,
    start_at TEXT NOT NULL,          -- RFC 3339 UTC
    end_at   TEXT NOT NULL,
    all_day  INTEGER NOT NULL,
    day      TEXT NOT NULL,          -- first local day, YYYY-MM-DD
    last_day TEXT NOT NULL,
    FOREIGN KEY (unit_id, item_id) REFERENCES items(unit_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX occurrences_start ON occurrences(start_at);
CREATE INDEX occurrences_item ON occurrences(unit_id, item_id);

-- Follow-ups keep their state (done, note) across syncs; one whose item or
-- occurrence disappears becomes inactive rather than deleted, so that the
-- programme's evaluation keeps what was recorded.
CREATE TABLE followups (
    id            TEXT PRIMARY KEY,
    unit_id       TEXT NOT NULL,
    item_id       TEXT NOT NULL,
    occurrence_id TEXT,
    title         TEXT NOT NULL,
    due           TEXT NOT NULL,     -- YYYY-MM-DD
    owner         TEXT NOT NULL,
    how           TEXT NOT NULL,
    public        INTEGER NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    done_at       TEXT,              -- RFC 3339 UTC
    done_note     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX followups_open ON followups(active, done_at, due);

-- Feed tokens: scope is 'unit:ID' or 'admin'. A rotated token is deleted,
-- so that its URL answers 404 at once.
CREATE TABLE tokens (
    scope   TEXT PRIMARY KEY,
    token   TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
) STRICT;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
