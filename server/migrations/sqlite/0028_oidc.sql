-- Sign-in through an identity provider (services/oidc.rs, OpenID Connect).

-- A sign-in under way: the browser left for the provider and comes back
-- with `state`. Found by the state's hash, and only for the browser that
-- left (its cookie's hash); the nonce and the PKCE verifier check what
-- comes back. Single use, for a few minutes. `link_account_id`: a
-- signed-in person linking their identity there to their account.
CREATE TABLE oidc_attempts (
    state_hash       TEXT    PRIMARY KEY,
    browser_hash     TEXT    NOT NULL,
    nonce            TEXT    NOT NULL,
    pkce_verifier    TEXT    NOT NULL,
    expires_at       BIGINT  NOT NULL,
    link_account_id  INTEGER REFERENCES accounts (id)
);

-- An account's identity at a provider, linked at its first sign-in there
-- (matched by the provider's verified e-mail address) or by the signed-in
-- person; later sign-ins are matched by the subject, whatever address the
-- provider names then.
CREATE TABLE oidc_links (
    issuer      TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    linked_at   BIGINT  NOT NULL,
    PRIMARY KEY (issuer, subject),
    UNIQUE (issuer, account_id)
);
