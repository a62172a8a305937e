-- The care-team directory: whom the worker hid from whose directory, and
-- what an employer is shown of a coordinator in curative care.

CREATE TABLE directory_hidden (
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    viewer_id  INTEGER NOT NULL REFERENCES participants (id),
    hidden_id  INTEGER NOT NULL REFERENCES participants (id),
    PRIMARY KEY (viewer_id, hidden_id)
);
CREATE INDEX directory_hidden_by_case ON directory_hidden (case_id);
ALTER TABLE cases ADD COLUMN coordinator_contact TEXT NOT NULL DEFAULT 'nothing'
    CHECK (coordinator_contact IN ('nothing', 'email', 'phone', 'both'));
