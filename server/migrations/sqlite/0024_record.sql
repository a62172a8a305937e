-- The worker's record: the moment her case is erased, when she asked for it
-- (services/record/erasure.rs); NULL when no erasure is waiting. She can
-- cancel until then. Erasing keeps the access log and the ids it names.
ALTER TABLE cases ADD COLUMN erasure_due_at BIGINT;
CREATE INDEX cases_erasure_due ON cases (erasure_due_at) WHERE erasure_due_at IS NOT NULL;

-- The adjustment passport shared with a new manager by e-mail: the link's
-- token is stored hashed and works for that address only, until it
-- expires or the worker takes it back (services/record/passport.rs).
CREATE TABLE passport_links (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    name        TEXT    NOT NULL,
    email       TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX passport_links_by_case ON passport_links (case_id, id);
