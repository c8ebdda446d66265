-- The web editor makes communication plans too: a web entry is an item or
-- a plan (with its activities in its YAML).
ALTER TABLE web_items ADD COLUMN plan INTEGER NOT NULL DEFAULT 0;
