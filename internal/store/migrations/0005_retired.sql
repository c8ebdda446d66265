-- The last SEQUENCE of each item or plan that left the files: one that
-- comes back under the same id (and so the same UID) continues above it,
-- since a client keeps the higher SEQUENCE and would ignore a lower one.
CREATE TABLE retired (
    tbl      TEXT NOT NULL,  -- items or plans
    unit_id  TEXT NOT NULL,
    id       TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    PRIMARY KEY (tbl, unit_id, id)
);
