-- The hash of what a subscriber sees of an item or plan (its canonical
-- form, store/canonical.go): SEQUENCE moves when it changes, not when a
-- field nobody sees does. '' until the first sync with this version
-- fills it in, without moving anything.
ALTER TABLE items ADD COLUMN content TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN content TEXT NOT NULL DEFAULT '';
