-- Every change, with who, when and what, before and after. Append-only:
-- the triggers refuse to change or delete a row, so that not even a bug
-- (or a hand with sqlite3) rewrites what happened without leaving a trace.
CREATE TABLE history (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    unit_id TEXT NOT NULL,   -- '' for what is no unit's (a sign-in)
    subject TEXT NOT NULL,   -- an item's, plan's or follow-up's id; '' for the unit itself
    kind    TEXT NOT NULL,   -- added, changed, removed, followup_done, token_rotated, signed_in
    who     TEXT NOT NULL,   -- a person's address, or '' for the files
    via     TEXT NOT NULL,   -- the file, "e-postlänk", "OpenID", "kommandoraden", "webben"
    before  TEXT NOT NULL,   -- JSON, or ''
    after   TEXT NOT NULL    -- JSON, or ''
);
CREATE INDEX history_unit ON history (unit_id, subject, id);
CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
