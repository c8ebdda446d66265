-- Reminder e-mail: an outbox of composed messages, a ledger of what has
-- been decided to send (written in the same transaction as the message it
-- went into, so that a crash can neither lose nor repeat a reminder), and
-- the scheduled runs that have been made.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,  -- stable: a resend after a crash keeps it
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       BLOB NOT NULL,         -- the whole RFC 5322 message
    state      TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    TEXT NOT NULL,         -- RFC 3339 UTC: not to be tried before
    last_error TEXT NOT NULL DEFAULT '',
    queued_at  TEXT NOT NULL,
    sent_at    TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox(state, next_at);

-- One row per reminder decided: (kind, what, slot, recipient). kind is
-- upcoming, overdue, escalation, end_notice or alert; subject the
-- occurrence, follow-up or 'programme'; slot the lead time (14d) or the
-- overdue run's date.
CREATE TABLE ledger (
    kind       TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    slot       TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    outbox_id  INTEGER NOT NULL REFERENCES outbox(id),
    PRIMARY KEY (kind, subject_id, slot, recipient)
) STRICT, WITHOUT ROWID;

-- Scheduled runs made, by schedule name and the instant they were due.
CREATE TABLE runs (
    schedule TEXT NOT NULL,
    due_at   TEXT NOT NULL,           -- RFC 3339 UTC
    ran_at   TEXT NOT NULL,
    queued   INTEGER NOT NULL,
    PRIMARY KEY (schedule, due_at)
) STRICT;
