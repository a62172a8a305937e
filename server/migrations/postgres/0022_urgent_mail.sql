-- A sign-in code is awaited by someone at the screen: it is sent before any
-- queued neutral news. A reminder run over thousands of cases queues as
-- many messages, and a code behind them waited for all of them (the
-- benchmark's sign-in on 10,000 workers timed out so).
ALTER TABLE outbox ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_next ON outbox (status, urgent, id);
