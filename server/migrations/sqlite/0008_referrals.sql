-- Referrals: a professional (or the worker) proposes that another
-- professional takes the worker on. Nothing is shared or sent before the
-- worker approves; the link's token is stored only as its hash.

CREATE TABLE referrals (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases (id),
    -- NULL: the worker referred themselves.
    from_participant   INTEGER REFERENCES participants (id),
    -- Set when the worker approves (or at once for someone already in the team).
    to_participant     INTEGER REFERENCES participants (id),
    to_role            TEXT    NOT NULL CHECK (to_role <> 'employer'),
    to_name            TEXT    NOT NULL,
    to_organisation    TEXT    NOT NULL DEFAULT '',
    to_email           TEXT    NOT NULL,
    purpose            TEXT    NOT NULL CHECK (purpose IN ('referral', 'rtw_planning')),
    reason             TEXT    NOT NULL,
    -- Category ids, comma-separated.
    proposed           TEXT    NOT NULL,
    proposed_until     TEXT    NOT NULL,
    approved           TEXT    NOT NULL DEFAULT '',
    approved_until     TEXT,
    status             TEXT    NOT NULL CHECK (status IN ('awaiting_worker', 'sent', 'opened', 'accepted',
                           'declined', 'expired')),
    token_hash         TEXT    UNIQUE,
    link_expires_at    BIGINT,
    first_appointment  TEXT,
    decline_reason     TEXT,
    created_at         BIGINT  NOT NULL
);
CREATE INDEX referrals_by_case ON referrals (case_id, id);

-- The timeline: one row per change, never updated.
CREATE TABLE referral_events (
    id           INTEGER PRIMARY KEY,
    referral_id  INTEGER NOT NULL REFERENCES referrals (id),
    status       TEXT    NOT NULL,
    moved_by     TEXT    NOT NULL,
    at           BIGINT  NOT NULL
);
CREATE INDEX referral_events_by_referral ON referral_events (referral_id, id);

-- The grants the worker's approval created: the link lives while one of them does.
CREATE TABLE referral_grants (
    referral_id  INTEGER NOT NULL REFERENCES referrals (id),
    grant_id     INTEGER NOT NULL REFERENCES grants (id),
    PRIMARY KEY (referral_id, grant_id)
);
