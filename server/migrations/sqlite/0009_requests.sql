-- Information requests: a care professional asks the worker for
-- categories, for a purpose, saying why. Approval makes ordinary grants.

CREATE TABLE info_requests (
    id                INTEGER PRIMARY KEY,
    case_id           INTEGER NOT NULL REFERENCES cases (id),
    from_participant  INTEGER NOT NULL REFERENCES participants (id),
    -- Category ids, comma-separated.
    categories        TEXT    NOT NULL,
    purpose           TEXT    NOT NULL,
    why               TEXT    NOT NULL,
    until             TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
    approved          TEXT    NOT NULL DEFAULT '',
    approved_until    TEXT,
    asked_at          BIGINT  NOT NULL,
    answered_at       BIGINT,
    expires_at        BIGINT  NOT NULL
);
CREATE INDEX info_requests_by_case ON info_requests (case_id, id);
