-- Indexes found missing by scripts/plans.sh (every page query's plan on a
-- database seeded with 10,000 workers and 1,000,000 access-log rows).
-- Forward-only, the same on SQLite and PostgreSQL.

-- A professional's list of cases (/shared) finds the cases where their
-- address is a current participant: without this, every participant row of
-- every case was read (SQLite: a full scan of one_participant_per_address,
-- whose first column is the case).
CREATE INDEX participants_by_email ON participants (email, case_id) WHERE removed_at IS NULL;

-- The review reminder job reads the agreed adjustments whose reminder has
-- not gone out: only those are in this index, so it stays as small as the
-- reviews still to come. It replaces adjustments_by_review, which held every
-- review ever agreed (and which SQLite passed over for a full scan, to read
-- rows in id order).
CREATE INDEX adjustments_review_due ON adjustments (review_date)
    WHERE status IN ('agreed', 'in_place') AND (reminded_for IS NULL OR reminded_for <> review_date);
DROP INDEX adjustments_by_review;
