-- The line an item or plan is defined on in its file, for the editor to
-- say where to change it ("calendars/hr.yaml rad 42").
ALTER TABLE items ADD COLUMN line INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN line INTEGER NOT NULL DEFAULT 0;
