-- "Who looked at my information" shows other people's accesses by default:
-- rows whose actor is not the worker they are for. This index holds just
-- those, newest last, so the first page is as fast with 5,000 of the
-- worker's own rows as with 50.
CREATE INDEX access_log_others ON access_log (case_id, id) WHERE actor_account_id IS DISTINCT FROM on_behalf_of;
-- The filter by person.
CREATE INDEX access_log_by_participant ON access_log (case_id, participant_id, id);
