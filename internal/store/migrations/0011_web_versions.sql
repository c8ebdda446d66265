-- Each web entry's version, raised by every save: a form carries the
-- version it was made from, and a save based on another is refused rather
-- than overwriting what someone else saved meanwhile.
ALTER TABLE web_items ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
