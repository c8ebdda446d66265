-- When each feed variant's bytes last changed, by their ETag: HTTP
-- Last-Modified must move whenever the body does (a day moves the feeds'
-- window, a rename changes every event) and must not move across a
-- restart when it does not, or a client that sends only If-Modified-Since
-- (classic Outlook) either never sees a change or refetches for nothing.
CREATE TABLE feed_versions (
    variant TEXT PRIMARY KEY,  -- scope?canonical filter, e.g. "hr?focus=varumarke"
    etag    TEXT NOT NULL,
    changed TEXT NOT NULL      -- RFC 3339, UTC, whole seconds
);
