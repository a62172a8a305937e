-- A sign-in code belongs to the browser that asked for it (the attempt key
-- in its sign-in cookie, stored hashed): a request from anywhere else never
-- voids it. Codes from before have none and can no longer be entered.
ALTER TABLE sign_in_codes ADD COLUMN attempt_hash TEXT;
CREATE INDEX sign_in_codes_by_attempt ON sign_in_codes (email, attempt_hash, id);

-- Browsers that signed in before (a 256-bit cookie, stored hashed): each
-- has its own daily budget of wrong codes, which strangers cannot spend.
CREATE TABLE known_devices (
    token_hash  TEXT    PRIMARY KEY,
    account_id  BIGINT  NOT NULL REFERENCES accounts (id),
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX known_devices_by_account ON known_devices (account_id);
