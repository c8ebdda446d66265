-- Sign-in by e-mail link, and the sessions it opens. Only a SHA-256 of
-- each link and session token is kept: a copy of the database does not
-- sign anyone in.
CREATE TABLE login_links (
    hash    TEXT PRIMARY KEY,
    email   TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL,
    used    TEXT             -- when it was used; a link signs in once
);
CREATE INDEX login_links_email ON login_links (email, created);

CREATE TABLE sessions (
    hash      TEXT PRIMARY KEY,
    email     TEXT NOT NULL,
    created   TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    ended     TEXT             -- signed out
);
