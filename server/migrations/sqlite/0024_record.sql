-- The worker's record: the moment her case is erased, when she asked for it
-- (services/record/erasure.rs); NULL when no erasure is waiting. She can
-- cancel until then. Erasing keeps the access log and the ids it names.
ALTER TABLE cases ADD COLUMN erasure_due_at BIGINT;
CREATE INDEX cases_erasure_due ON cases (erasure_due_at) WHERE erasure_due_at IS NOT NULL;
