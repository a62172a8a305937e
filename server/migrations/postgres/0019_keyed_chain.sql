-- The access log's chain is keyed from here on: each new row's hash is an
-- HMAC-SHA256 under a key outside the database, and the row names that key
-- (8 hex digits of a keyed hash, nothing about the key), so `verify` can
-- check rows chained before a key rotation. Earlier rows have no key and
-- keep their plain SHA-256.
ALTER TABLE access_log ADD COLUMN key_id TEXT;
