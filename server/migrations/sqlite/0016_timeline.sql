-- The road back (app/src/domain/timeline.rs): whose law sets a case's
-- calendar, milestones marked done, and the reminders sent. Due dates are
-- never stored: they follow from the sick-leave start and the country, so
-- changing either recomputes every one.

ALTER TABLE cases ADD COLUMN country TEXT NOT NULL DEFAULT 'fi' CHECK (country IN ('nl', 'fi'));

-- A milestone marked done, on the day it was done. Only added: the newest
-- mark of a milestone counts, and the history of marks stays.
CREATE TABLE milestone_marks (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    milestone       TEXT    NOT NULL,
    done_on         TEXT    NOT NULL,
    -- The participant who marked it; NULL: the worker.
    participant_id  INTEGER REFERENCES participants (id),
    marked_at       BIGINT  NOT NULL
);
CREATE INDEX milestone_marks_by_case ON milestone_marks (case_id, id);

-- A reminder goes out once per milestone, step and due date, whichever
-- server instance inserts the row first.
CREATE TABLE milestone_reminders (
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    milestone  TEXT    NOT NULL,
    step       TEXT    NOT NULL CHECK (step IN ('soon', 'overdue')),
    due        TEXT    NOT NULL,
    sent_at    BIGINT  NOT NULL,
    PRIMARY KEY (case_id, milestone, step, due)
);
