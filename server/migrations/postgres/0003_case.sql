-- The worker's time zone: "now" and "today" of a case are read there (a
-- grant "until 31 March" holds until the end of 31 March where the worker
-- lives), and every time the worker reads is shown in it.
ALTER TABLE cases ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Helsinki';

-- One current participant per address in a case: the same person added
-- twice (a double tap) is refused with a clear answer instead of two cards.
-- Duplicates the earlier code allowed keep their oldest card; the others are
-- marked removed (kept, as removals always are) and their grants end.
UPDATE grants SET ended_at = 0, end_reason = 'revoked'
WHERE ended_at IS NULL AND participant_id IN (
    SELECT p.id FROM participants p WHERE p.removed_at IS NULL AND EXISTS (
        SELECT 1 FROM participants q
        WHERE q.case_id = p.case_id AND q.email = p.email AND q.removed_at IS NULL AND q.id < p.id));
UPDATE participants SET removed_at = added_at, is_coordinator = 0
WHERE removed_at IS NULL AND EXISTS (
    SELECT 1 FROM participants q
    WHERE q.case_id = participants.case_id AND q.email = participants.email AND q.removed_at IS NULL
      AND q.id < participants.id);
CREATE UNIQUE INDEX one_participant_per_address ON participants (case_id, email) WHERE removed_at IS NULL;
