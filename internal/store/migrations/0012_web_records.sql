-- A web entry is kept as a record of the domain's own types: the JSON of
-- a wheel item, or of a plan with its activities. Rows made before keep
-- their YAML as it was and are converted once, when the daemon first
-- loads them with the config that checks them; after that their record
-- is what is read.
ALTER TABLE web_items ADD COLUMN record TEXT NOT NULL DEFAULT '';

-- Units whose wheel the web keeps although the config still names their
-- files: imported by `arshjul import`, or started from `starts_from:`.
-- Their files are not read again.
CREATE TABLE web_units (
    unit_id TEXT PRIMARY KEY,
    since   TEXT NOT NULL,
    who     TEXT NOT NULL,
    via     TEXT NOT NULL
);

-- A web change remakes the follow-ups of what it changed alone.
CREATE INDEX followups_item ON followups (unit_id, item_id);
