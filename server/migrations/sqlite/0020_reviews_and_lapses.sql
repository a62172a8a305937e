-- Reviews of agreed adjustments (kept or changed, and the next review
-- date), and when the worker and the asker were told that an information
-- request lapsed unanswered. Forward-only, portable SQL.

-- Only added: each review is a line of the adjustment's history. The
-- adjustment's own review_date moves to the next date in the same write.
CREATE TABLE adjustment_reviews (
    id              INTEGER PRIMARY KEY,
    adjustment_id   INTEGER NOT NULL REFERENCES adjustments (id),
    at              BIGINT  NOT NULL,
    -- NULL: the worker; otherwise the participant (the employer).
    participant_id  INTEGER REFERENCES participants (id),
    outcome         TEXT    NOT NULL CHECK (outcome IN ('kept', 'changed')),
    next_review     TEXT    NOT NULL,
    note            TEXT
);
CREATE INDEX adjustment_reviews_by_adjustment ON adjustment_reviews (adjustment_id, id);

-- Set once the portal told both sides that the request lapsed.
ALTER TABLE info_requests ADD COLUMN lapse_told_at BIGINT;
