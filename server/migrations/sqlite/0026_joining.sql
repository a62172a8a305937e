-- Join codes (services/joining.rs): a worker shows one at an appointment
-- for one role; a professional enters it with their name; the worker
-- confirms the person before they join. The code itself is never stored:
-- it is derived from `seed` under the server's key (so the worker's page
-- can show it again), and found by its HMAC, `code_hash`.
CREATE TABLE join_codes (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    role            TEXT    NOT NULL,
    seed            TEXT    NOT NULL,
    code_hash       TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    -- Until when it may be entered.
    expires_at      BIGINT  NOT NULL,
    -- Who entered it, and how the worker will know them.
    entered_by      INTEGER REFERENCES accounts (id),
    entered_at      BIGINT,
    name            TEXT,
    organisation    TEXT,
    email           TEXT,
    phone           TEXT,
    -- What became of it: the worker let them in or not, or a newer code
    -- replaced it before anyone entered it.
    outcome         TEXT    CHECK (outcome IN ('joined', 'declined', 'replaced')),
    answered_at     BIGINT,
    participant_id  INTEGER REFERENCES participants (id)
);
CREATE INDEX join_codes_by_hash ON join_codes (code_hash);
CREATE INDEX join_codes_by_case ON join_codes (case_id, id);
