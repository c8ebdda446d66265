-- A follow-up marked "ej aktuell" is closed like a done one (done_at, its
-- reason in done_note), so that nothing reminds of it, but counted apart.
ALTER TABLE followups ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
