-- Targeted consent: grants, the mental-health switch, and a hash chain over
-- the access log. Forward-only, portable SQL (see 0001).

-- One consent: worker x named participant x category x purpose x period.
-- Never deleted: revoking or replacing sets ended_at and why. A grant whose
-- last day has passed ends by itself (it is simply no longer in force).
CREATE TABLE grants (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    participant_id  INTEGER NOT NULL REFERENCES participants (id),
    category        TEXT    NOT NULL CHECK (category IN ('absence', 'work_ability', 'adjustments',
                        'treatment', 'diagnosis', 'stigma', 'notes')),
    purpose         TEXT    NOT NULL CHECK (purpose IN ('rtw_planning', 'referral',
                        'work_capacity_assessment', 'care_coordination')),
    valid_from      TEXT    NOT NULL,
    valid_until     TEXT,
    granted_at      BIGINT  NOT NULL,
    granted_by      INTEGER NOT NULL REFERENCES accounts (id),
    ended_at        BIGINT,
    ended_by        INTEGER REFERENCES accounts (id),
    end_reason      TEXT    CHECK (end_reason IN ('revoked', 'replaced'))
);
CREATE INDEX grants_by_case ON grants (case_id, participant_id);
-- At most one open grant per participant, category and purpose: two devices
-- granting the same thing at once cannot both succeed.
CREATE UNIQUE INDEX one_open_grant ON grants (participant_id, category, purpose)
    WHERE ended_at IS NULL;

-- The mental-health switch, and who stays allowed to see sensitive categories.
ALTER TABLE cases ADD COLUMN mh_protection INTEGER NOT NULL DEFAULT 0 CHECK (mh_protection IN (0, 1));
CREATE TABLE protected_viewers (
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    participant_id  INTEGER NOT NULL REFERENCES participants (id),
    PRIMARY KEY (case_id, participant_id)
);

-- Access log: which participant acted, and a hash chain. Each row's hash
-- covers its content and the previous row's hash, so changing or removing
-- a row is detected by `rtw-portal verify`. Rows written before this
-- migration carry no hash and are reported as such.
ALTER TABLE access_log ADD COLUMN participant_id INTEGER;
ALTER TABLE access_log ADD COLUMN prev_hash TEXT;
ALTER TABLE access_log ADD COLUMN hash TEXT;
-- A fork in the chain (two rows naming the same predecessor) is refused.
CREATE UNIQUE INDEX access_log_chain ON access_log (prev_hash);
