-- Wheel items made in the web editor: the store of record for them (the
-- files are for what admins keep in git). Each is the YAML of one item as
-- a calendar file would hold it, so that it is read by the same code as
-- the files and `arshjul export` can write it back out as a file.
CREATE TABLE web_items (
    unit_id  TEXT NOT NULL,
    id       TEXT NOT NULL,
    yaml     TEXT NOT NULL,
    created  TEXT NOT NULL,
    modified TEXT NOT NULL,
    PRIMARY KEY (unit_id, id)
);

-- Where each item and plan is defined (a file, or the web editor), for the
-- editor's list and the history; not part of the item.
ALTER TABLE items ADD COLUMN file TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN file TEXT NOT NULL DEFAULT '';
