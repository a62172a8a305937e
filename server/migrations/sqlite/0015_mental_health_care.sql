-- The worker marks a participant whose care is mental-health care although
-- their role does not say so (a GP treating depression, say). Psychiatrists
-- and psychologists are mental-health care by their role alone. With the
-- mental-health switch on, only the people it names (and mental-health
-- professionals) learn that such a participant is involved.
ALTER TABLE participants ADD COLUMN mental_health_care INTEGER NOT NULL DEFAULT 0
    CHECK (mental_health_care IN (0, 1));
