-- Work-relevant notes between care professionals of a case. Never
-- changed or deleted: what was written stays as written.

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    from_id     INTEGER NOT NULL REFERENCES participants (id),
    to_id       INTEGER NOT NULL REFERENCES participants (id),
    text        TEXT    NOT NULL,
    written_at  BIGINT  NOT NULL
);
CREATE INDEX notes_by_case ON notes (case_id, id);
