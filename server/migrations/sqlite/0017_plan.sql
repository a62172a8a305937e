-- The plan of action (app/src/domain/plan.rs): versions, who agreed to
-- each, and progress evaluations. Only added: a change is a new version,
-- and the old ones stay as they were agreed.

CREATE TABLE plan_versions (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    goal             TEXT    NOT NULL,
    steps            TEXT    NOT NULL,
    case_manager     TEXT    NOT NULL,
    next_evaluation  TEXT,
    -- Linked adjustments, their ids comma-separated (not copied: the plan
    -- shows each as it is now).
    adjustments      TEXT    NOT NULL,
    -- The participant who wrote it; NULL: the worker.
    author_id        INTEGER REFERENCES participants (id),
    written_at       BIGINT  NOT NULL
);
CREATE INDEX plan_versions_by_case ON plan_versions (case_id, id);

CREATE TABLE plan_agreements (
    version_id  INTEGER NOT NULL REFERENCES plan_versions (id),
    party       TEXT    NOT NULL CHECK (party IN ('worker', 'employer')),
    agreed_at   BIGINT  NOT NULL,
    PRIMARY KEY (version_id, party)
);

CREATE TABLE plan_evaluations (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    text             TEXT    NOT NULL,
    next_evaluation  TEXT,
    -- The participant who wrote it; NULL: the worker.
    author_id        INTEGER REFERENCES participants (id),
    written_at       BIGINT  NOT NULL
);
CREATE INDEX plan_evaluations_by_case ON plan_evaluations (case_id, id);
