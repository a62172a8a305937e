-- The time zone each person reads times in (an IANA name; NULL: not chosen
-- yet, and times follow their browser's zone or their language). A worker
-- already chose one for her case: it becomes hers.
ALTER TABLE accounts ADD COLUMN time_zone TEXT;
UPDATE accounts SET time_zone =
    (SELECT c.time_zone FROM cases c WHERE c.worker_id = accounts.id ORDER BY c.id DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM cases c WHERE c.worker_id = accounts.id);
