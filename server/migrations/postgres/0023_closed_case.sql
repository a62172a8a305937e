-- Back at work: the worker closes the case on a day (every grant ends
-- then, reminders stop, the team sees "closed"); NULL while it is open.
-- Reopening sets it back to NULL.
ALTER TABLE cases ADD COLUMN closed_on TEXT;
