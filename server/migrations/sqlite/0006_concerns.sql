-- Concerns: stigma concerns, private to the worker unless shared with named
-- clinicians (or everyone holding a stigma grant), and the disclosure plan.

CREATE TABLE concerns (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('self_stigma', 'supervisor_attitude', 'coworker_reactions',
                        'disclosure', 'career_consequences', 'other')),
    what            TEXT    NOT NULL,
    weight          INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 5),
    helps           TEXT    NOT NULL DEFAULT '',
    written_at      BIGINT  NOT NULL,
    changed_at      BIGINT  NOT NULL
);
CREATE INDEX concerns_by_case ON concerns (case_id, id);

-- One concern shared with one clinician by name. The service never writes
-- an employer here; reading filters by role again.
CREATE TABLE concern_shares (
    concern_id      INTEGER NOT NULL REFERENCES concerns (id),
    participant_id  INTEGER NOT NULL REFERENCES participants (id),
    shared_at       BIGINT  NOT NULL,
    PRIMARY KEY (concern_id, participant_id)
);
CREATE INDEX concern_shares_by_participant ON concern_shares (participant_id);

-- The disclosure plan: per person, what the worker is comfortable with them
-- knowing; and (on the case) the words they would like colleagues to hear.
CREATE TABLE disclosure_comfort (
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    participant_id  INTEGER NOT NULL REFERENCES participants (id),
    comfort         TEXT    NOT NULL CHECK (comfort IN ('nothing', 'sick_leave', 'work_affected', 'diagnosis')),
    PRIMARY KEY (case_id, participant_id)
);
ALTER TABLE cases ADD COLUMN colleague_words TEXT NOT NULL DEFAULT '';
