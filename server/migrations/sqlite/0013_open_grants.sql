-- The grants in force of a case (My case, every authorization): only open
-- grants are in this index, so reading them stays as fast however many
-- replaced and revoked grants the case's history holds. With only
-- grants_by_case, each one-tap grant left its predecessors to be read past
-- by every later view (the benchmark's grants at half rate slowed as the
-- history grew: docs/PERFORMANCE.md).
CREATE INDEX open_grants_by_case ON grants (case_id) WHERE ended_at IS NULL;
