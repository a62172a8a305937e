-- Foundation: accounts, cases, care team, sign-in, outbox, access log.
-- Portable SQL (SQLite now, PostgreSQL next): times are BIGINT Unix
-- milliseconds in UTC, calendar dates are TEXT 'YYYY-MM-DD'.
-- Forward-only: never edit this file once applied; add a new one.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL DEFAULT '',
    locale        TEXT    NOT NULL DEFAULT 'en',
    created_at    BIGINT  NOT NULL
);

CREATE TABLE cases (
    id                INTEGER PRIMARY KEY,
    worker_id         INTEGER NOT NULL UNIQUE REFERENCES accounts (id),
    sick_leave_start  TEXT    NOT NULL,
    expected_return   TEXT,
    created_at        BIGINT  NOT NULL
);

-- Participants are never deleted: removal sets removed_at, so history stays.
CREATE TABLE participants (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    role            TEXT    NOT NULL CHECK (role IN ('gp', 'psychiatrist', 'psychologist',
                        'medical_specialist', 'occupational_physician',
                        'occupational_physiotherapist', 'insurance_physician', 'employer')),
    name            TEXT    NOT NULL,
    organisation    TEXT    NOT NULL DEFAULT '',
    email           TEXT    NOT NULL,
    phone           TEXT,
    is_coordinator  INTEGER NOT NULL DEFAULT 0 CHECK (is_coordinator IN (0, 1)),
    added_at        BIGINT  NOT NULL,
    removed_at      BIGINT
);
CREATE INDEX participants_by_case ON participants (case_id);
-- At most one coordinator among the current participants of a case.
CREATE UNIQUE INDEX one_coordinator_per_case ON participants (case_id)
    WHERE is_coordinator = 1 AND removed_at IS NULL;

-- Sessions and codes are stored hashed: a copy of the database signs nobody in.
CREATE TABLE sessions (
    token_hash    TEXT    PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id),
    created_at    BIGINT  NOT NULL,
    last_seen_at  BIGINT  NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE sign_in_codes (
    id          INTEGER PRIMARY KEY,
    email       TEXT    NOT NULL,
    code_hash   TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    used_at     BIGINT
);
CREATE INDEX sign_in_codes_by_email ON sign_in_codes (email, id);

-- Fixed-window counters, shared by every server process using the database.
CREATE TABLE rate_limits (
    key           TEXT    NOT NULL,
    window_start  BIGINT  NOT NULL,
    count         INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);

-- Mail waits here until a sender claims it; claims expire so a crashed
-- sender's mail is retried, and a sent row is never sent again.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    recipient        TEXT    NOT NULL,
    locale           TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT  NOT NULL,
    claimed_until    BIGINT,
    sent_at          BIGINT,
    last_error       TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Who touched which case, when, and whether it was allowed. Append-only.
CREATE TABLE access_log (
    id                INTEGER PRIMARY KEY,
    at                BIGINT  NOT NULL,
    actor_account_id  INTEGER,
    on_behalf_of      INTEGER,
    role              TEXT    NOT NULL,
    action            TEXT    NOT NULL,
    case_id           INTEGER,
    category          TEXT,
    purpose           TEXT,
    grant_id          INTEGER,
    outcome           TEXT    NOT NULL CHECK (outcome IN ('allowed', 'denied'))
);
CREATE INDEX access_log_by_case ON access_log (case_id, id);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'access_log is append-only');
END;

CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'access_log is append-only');
END;
