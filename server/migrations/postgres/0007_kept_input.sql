-- PostgreSQL edition of migrations/sqlite/0007_kept_input.sql.
-- What was typed into a refused form, kept on the server for the page that
-- shows the form again (a long concern would not fit a cookie, and health
-- text never goes into one). The browser holds only a random key, stored
-- here hashed; rows are read once and expire after minutes.
CREATE TABLE kept_input (
    key_hash        TEXT    PRIMARY KEY,
    -- The session that typed it; NULL for a signed-out form.
    session_hash    TEXT,
    fields          TEXT    NOT NULL,
    expires_at      BIGINT  NOT NULL
);
CREATE INDEX kept_input_expiry ON kept_input (expires_at);
