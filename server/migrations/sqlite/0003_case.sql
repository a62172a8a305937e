-- The worker's time zone: "now" and "today" of a case are read there (a
-- grant "until 31 March" holds until the end of 31 March where the worker
-- lives), and every time the worker reads is shown in it.
ALTER TABLE cases ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Helsinki';

-- One current participant per address in a case: the same person added
-- twice (a double tap) is refused with a clear answer instead of two cards.
CREATE UNIQUE INDEX one_participant_per_address ON participants (case_id, email) WHERE removed_at IS NULL;
