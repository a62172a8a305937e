-- What the care team writes about the worker: work-ability statements,
-- treatment plans and diagnoses (app/src/domain/statements.rs). An entry is
-- never changed or deleted: a newer one by the same author and of the same
-- kind supersedes it (derived when read), and the old stays in the history.
-- `body` is the entry's content as JSON, parsed into the domain type before
-- it is stored and when it is read.

CREATE TABLE statements (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    author_id   INTEGER NOT NULL REFERENCES participants (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('work_ability', 'treatment', 'diagnosis')),
    body        TEXT    NOT NULL,
    written_at  BIGINT  NOT NULL
);
CREATE INDEX statements_by_case ON statements (case_id, id);

-- The worker's own view of an entry, which travels with it; only added, the
-- newest counts.
CREATE TABLE own_views (
    id            INTEGER PRIMARY KEY,
    statement_id  INTEGER NOT NULL REFERENCES statements (id),
    stance        TEXT    NOT NULL CHECK (stance IN ('agree', 'partly', 'disagree')),
    words         TEXT    NOT NULL,
    written_at    BIGINT  NOT NULL
);
CREATE INDEX own_views_by_statement ON own_views (statement_id, id);

-- Advice items the worker made into adjustment drafts (once each).
CREATE TABLE advice_drafts (
    statement_id   INTEGER NOT NULL REFERENCES statements (id),
    item           INTEGER NOT NULL,
    adjustment_id  INTEGER NOT NULL REFERENCES adjustments (id),
    PRIMARY KEY (statement_id, item)
);

-- "New since your last visit": a person's newest visit of a page of a case
-- is their newest allowed row of that action in the access log.
CREATE INDEX access_log_visits ON access_log (case_id, actor_account_id, action, id);
