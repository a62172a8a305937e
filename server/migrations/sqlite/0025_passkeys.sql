-- Passkeys (WebAuthn), the second factor after the e-mail code
-- (services/passkeys.rs). A person may have several; each is stored as the
-- relying-party library's record of it (its public key and signature
-- counter: nothing secret).
CREATE TABLE passkeys (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts (id),
    -- base64url, as the browser names it when signing in.
    credential_id  TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    passkey        TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    last_used_at   BIGINT
);
CREATE INDEX passkeys_by_account ON passkeys (account_id, id);

-- A session's factor: 0 signed in by code (no passkey on the account),
-- 1 waiting for the passkey (not signed in yet), 2 signed in with one.
ALTER TABLE sessions ADD COLUMN factor INTEGER NOT NULL DEFAULT 0 CHECK (factor IN (0, 1, 2));

-- A registration or sign-in under way: the challenge the browser must
-- sign, for one session, for a few minutes.
CREATE TABLE passkey_ceremonies (
    session_hash  TEXT    PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('register', 'sign_in')),
    state         TEXT    NOT NULL,
    expires_at    BIGINT  NOT NULL
);

-- A lost phone: the person's passkeys are removed when the waiting period
-- is over, unless they sign in with one before (which cancels it).
CREATE TABLE passkey_recoveries (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts (id),
    asked_at    BIGINT  NOT NULL,
    due_at      BIGINT  NOT NULL
);

-- Every sign-in step and passkey change of an account, for its owner to
-- read ("Your sign-ins"): when, what, and the passkey's name if any.
CREATE TABLE account_events (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    at          BIGINT  NOT NULL,
    event       TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX account_events_by_account ON account_events (account_id, id);
