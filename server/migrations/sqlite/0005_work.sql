-- Work: workplace-adjustment needs the worker writes, whom each was sent
-- to, and every step with who, when and why. Forward-only, portable SQL.

CREATE TABLE adjustments (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('phased_return', 'altered_hours', 'amended_duties',
                        'workplace_adaptations', 'remote_work', 'flexible_breaks', 'quiet_workspace',
                        'supervisor_checkins', 'written_instructions', 'other')),
    help            TEXT    NOT NULL DEFAULT '',
    benefit         TEXT    NOT NULL DEFAULT '',
    wanted_from     TEXT,
    wanted_until    TEXT,
    status          TEXT    NOT NULL CHECK (status IN ('draft', 'proposed', 'agreed', 'in_place', 'ended',
                        'declined')),
    start_date      TEXT,
    review_date     TEXT,
    -- An agreement the occupational physician recorded, until the worker confirms it.
    pending_start   TEXT,
    pending_review  TEXT,
    reason          TEXT,
    -- When the review reminder went to the outbox (once per review date).
    reminded_for    TEXT,
    written_at      BIGINT  NOT NULL,
    changed_at      BIGINT  NOT NULL
);
CREATE INDEX adjustments_by_case ON adjustments (case_id, id);
-- Reviews due: agreed or in place, by review date.
CREATE INDEX adjustments_by_review ON adjustments (review_date) WHERE status IN ('agreed', 'in_place');

-- Whom a proposal was sent to. A participant sees an adjustment only while
-- it was sent to them and their adjustments grant is in force.
CREATE TABLE adjustment_recipients (
    adjustment_id   INTEGER NOT NULL REFERENCES adjustments (id),
    participant_id  INTEGER NOT NULL REFERENCES participants (id),
    sent_at         BIGINT  NOT NULL,
    PRIMARY KEY (adjustment_id, participant_id)
);
CREATE INDEX adjustment_recipients_by_participant ON adjustment_recipients (participant_id);

-- The history of each adjustment: never changed, never deleted.
CREATE TABLE adjustment_steps (
    id              INTEGER PRIMARY KEY,
    adjustment_id   INTEGER NOT NULL REFERENCES adjustments (id),
    step            TEXT    NOT NULL CHECK (step IN ('written', 'sent', 'agreed', 'declined', 'recorded',
                        'confirmed', 'in_place', 'ended')),
    at              BIGINT  NOT NULL,
    -- NULL: the worker; otherwise the participant who took the step.
    participant_id  INTEGER REFERENCES participants (id),
    reason          TEXT
);
CREATE INDEX adjustment_steps_by_adjustment ON adjustment_steps (adjustment_id, id);
