-- PostgreSQL edition of migrations/sqlite/0010_directory.sql.
-- The care-team directory: whom the worker hid from whose directory, and
-- what an employer is shown of a coordinator in curative care.

CREATE TABLE directory_hidden (
    case_id    BIGINT  NOT NULL REFERENCES cases (id),
    viewer_id  BIGINT  NOT NULL REFERENCES participants (id),
    hidden_id  BIGINT  NOT NULL REFERENCES participants (id),
    PRIMARY KEY (viewer_id, hidden_id)
);
CREATE INDEX directory_hidden_by_case ON directory_hidden (case_id);
ALTER TABLE cases ADD COLUMN coordinator_contact TEXT NOT NULL DEFAULT 'nothing'
    CHECK (coordinator_contact IN ('nothing', 'email', 'phone', 'both'));
