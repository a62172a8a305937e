-- Every query the pages run (and the few the server runs by itself), as the
-- code sends it, for `scripts/plans.sh`, which shows each one's plan on a
-- database seeded at scale and fails when one scans a large table.
--
-- Keeping it current: when a query in server/src/store/*.rs or
-- server/src/services/*.rs is added or changed, copy its SQL here unchanged
-- (same $n placeholders), one entry per variant the code can build, with:
--   -- name:  area.function[.variant]
--   -- where: the pages (or job) that run it, and the source
--   -- binds: one value name per placeholder, in order (see
--              server/examples/plans.rs `values` for the names: case, worker,
--              participant, now, today, max, ...)
--   -- scan-ok: why a scan is bounded (only for a scan that stops early)
--   -- only:  sqlite or postgres, when the code sends each its own form
-- then the statement, ending with a line that ends in ';'. INSERTs are left
-- out (they use no index to find rows), except an upsert.
-- `grep -n "sqlx::query" server/src -r` lists the queries to compare with.

-- ============ Every signed-in page: the session ============

-- name: accounts.session
-- where: every signed-in page and form post | store/accounts.rs session
-- binds: token_hash
SELECT a.id, a.email, a.display_name, s.created_at, s.last_seen_at
         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1;

-- name: accounts.touch_session
-- where: a signed-in page every few minutes | store/accounts.rs touch_session
-- binds: now, token_hash
UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2;

-- name: case.of_worker
-- where: My case (store/looked.rs case_of_worker), sign-in, starting a case | store/case.rs of_worker
-- binds: worker
SELECT c.id, c.worker_id, c.time_zone, c.sick_leave_start, c.expected_return, c.country,
     c.coordinator_contact, c.mh_protection, c.closed_on,
     (SELECT string_agg(CAST(v.participant_id AS TEXT), ',' ORDER BY v.participant_id)
      FROM protected_viewers v WHERE v.case_id = c.id) AS protected_named,
     a.display_name FROM cases c JOIN accounts a ON a.id = c.worker_id WHERE c.worker_id = $1;

-- ============ Sign-in ============

-- name: sign_in.hit_rate_limit
-- where: sign-in (request a code), referral links | store/sign_in.rs hit_rate_limit
-- binds: rate_key, window
INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
         RETURNING count;

-- name: sign_in.replace_code
-- where: sign-in (request a code) | store/sign_in.rs replace_code
-- binds: now, worker_email
UPDATE sign_in_codes SET used_at = $1 WHERE email = $2 AND used_at IS NULL;

-- name: sign_in.current_code
-- where: sign-in (enter the code) | store/sign_in.rs current_code
-- binds: worker_email
SELECT id, code_hash, expires_at, attempts FROM sign_in_codes
         WHERE email = $1 AND used_at IS NULL ORDER BY id DESC LIMIT 1;

-- name: sign_in.count_attempt
-- where: sign-in (a wrong code) | store/sign_in.rs count_attempt
-- binds: code_id
UPDATE sign_in_codes SET attempts = attempts + 1 WHERE id = $1;

-- name: sign_in.mark_used
-- where: sign-in (the right code) | store/sign_in.rs mark_used
-- binds: now, code_id
UPDATE sign_in_codes SET used_at = $1 WHERE id = $2;

-- name: accounts.by_email
-- where: sign-in (the right code) | store/accounts.rs by_email
-- binds: worker_email
SELECT id, email, display_name FROM accounts WHERE email = $1;

-- name: accounts.delete_session
-- where: sign-out, sign-in (rotation), an expired session | store/accounts.rs delete_session
-- binds: token_hash
DELETE FROM sessions WHERE token_hash = $1;

-- ============ authorize(): every read and write of a case ============

-- name: case.row
-- where: every case page (authorize; in a read also its dates, country, switch, coordinator contact and the worker's name) | store/case.rs row
-- binds: case
SELECT c.id, c.worker_id, c.time_zone, c.sick_leave_start, c.expected_return, c.country,
     c.coordinator_contact, c.mh_protection, c.closed_on,
     (SELECT string_agg(CAST(v.participant_id AS TEXT), ',' ORDER BY v.participant_id)
      FROM protected_viewers v WHERE v.case_id = c.id) AS protected_named,
     a.display_name FROM cases c JOIN accounts a ON a.id = c.worker_id WHERE c.id = $1;

-- name: case.participant_by_email
-- where: every write by a participant (authorize; a read finds them in the team) | store/case.rs participant_by_email
-- binds: case, pro_email
SELECT id, role FROM participants WHERE case_id = $1 AND email = $2 AND removed_at IS NULL ORDER BY id LIMIT 1;

-- name: case.participant
-- where: preview, sharing of one person, directory, referrals (authorize target) | store/case.rs participant
-- binds: participant, case
SELECT role, removed_at FROM participants WHERE id = $1 AND case_id = $2;

-- name: access_log.head
-- where: every logged request (append) | store/access_log.rs append
-- binds:
-- scan-ok: access_log in id order from the newest row, LIMIT 1: reads the newest chained row only
SELECT id, hash, chain_position FROM access_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1;

-- name: sharing.open
-- where: My case, sharing, work, concerns, preview, a participant's pages (authorize: seen_by) | store/sharing.rs open
-- binds: case
SELECT id, participant_id, category, purpose, valid_from, valid_until FROM grants
         WHERE case_id = $1 AND ended_at IS NULL ORDER BY id;

-- name: sharing.marked
-- where: a participant's case page, preview, directory settings, referrals, notes (authz.rs involvement) | store/sharing.rs marked
-- binds: case
SELECT id FROM participants WHERE case_id = $1 AND mental_health_care = 1 AND removed_at IS NULL ORDER BY id;

-- ============ My case ============

-- name: case.participants
-- where: My case, work, concerns, directory, a participant's case page | store/case.rs participants
-- binds: case
SELECT id, role, name, organisation, email, phone, is_coordinator, mental_health_care FROM participants
         WHERE case_id = $1 AND removed_at IS NULL ORDER BY id;

-- name: concerns.shared_counts
-- where: My case, revoking | store/concerns.rs shared_counts
-- binds: case
SELECT s.participant_id, COUNT(*) FROM concern_shares s JOIN concerns c ON c.id = s.concern_id
         WHERE c.case_id = $1 GROUP BY s.participant_id ORDER BY s.participant_id;

-- name: referrals.of_case
-- where: My case, referrals (worker and professional) | store/referrals.rs of_case
-- binds: case
SELECT r.id, r.from_participant, f.name AS from_name, f.role AS from_role,
       f.organisation AS from_org, r.to_participant, r.to_role, r.to_name, r.to_organisation, r.to_email,
       r.purpose, r.reason, r.proposed, r.proposed_until, r.approved, r.approved_until, r.status,
       r.link_expires_at, r.first_appointment, r.decline_reason
     FROM referrals r LEFT JOIN participants f ON f.id = r.from_participant WHERE r.case_id = $1 ORDER BY r.id DESC;

-- name: referrals.timelines
-- where: My case, referrals | store/referrals.rs with_timelines
-- binds: case
SELECT e.referral_id, e.status, e.moved_by, e.at FROM referral_events e
         JOIN referrals r ON r.id = e.referral_id WHERE r.case_id = $1 ORDER BY e.id;

-- name: requests.of_case
-- where: My case, requests (worker) | store/requests.rs of_case
-- binds: case
SELECT q.id, q.from_participant, p.name, p.role, q.categories, q.purpose, q.why, q.until,
       q.status, q.approved, q.approved_until, q.asked_at, q.answered_at, q.expires_at
     FROM info_requests q JOIN participants p ON p.id = q.from_participant WHERE q.case_id = $1 ORDER BY q.id DESC;

-- name: requests.of_case.from
-- where: requests (a professional's own) | store/requests.rs of_case
-- binds: case, participant
SELECT q.id, q.from_participant, p.name, p.role, q.categories, q.purpose, q.why, q.until,
       q.status, q.approved, q.approved_until, q.asked_at, q.answered_at, q.expires_at
     FROM info_requests q JOIN participants p ON p.id = q.from_participant WHERE q.case_id = $1 AND q.from_participant = $2 ORDER BY q.id DESC;

-- name: requests.one
-- where: answering a request | store/requests.rs one
-- binds: case, request
SELECT q.id, q.from_participant, p.name, p.role, q.categories, q.purpose, q.why, q.until,
       q.status, q.approved, q.approved_until, q.asked_at, q.answered_at, q.expires_at
     FROM info_requests q JOIN participants p ON p.id = q.from_participant WHERE q.case_id = $1 AND q.id = $2;

-- name: requests.answer
-- where: answering a request | store/requests.rs answer
-- binds: text_status, text_empty, null_text, now, request
UPDATE info_requests SET status = $1, approved = $2, approved_until = $3, answered_at = $4
         WHERE id = $5 AND status = 'pending' AND expires_at > $4;

-- ============ Sharing, history, preview ============

-- name: sharing.history
-- where: history (and the sharing page's latest changes) | store/sharing.rs history
-- binds: case, max, history_limit
SELECT g.id, g.participant_id, g.category, g.purpose, g.valid_from, g.valid_until, g.granted_at,
                g.ended_at, g.end_reason, p.name, p.role
         FROM grants g JOIN participants p ON p.id = g.participant_id
         WHERE g.case_id = $1 AND g.id < $2 ORDER BY g.id DESC LIMIT $3;

-- name: sharing.end
-- where: revoking, replacing a grant, removing a participant | store/sharing.rs end
-- binds: now, worker, text_revoked, grant
UPDATE grants SET ended_at = $1, ended_by = $2, end_reason = $3 WHERE id = $4 AND ended_at IS NULL;

-- name: sharing.set_protection.clear
-- where: the mental-health switch | store/sharing.rs set_protection
-- binds: case
DELETE FROM protected_viewers WHERE case_id = $1;

-- name: sharing.set_marked
-- where: marking a participant as mental-health care | store/sharing.rs set_marked
-- binds: one, participant, case
UPDATE participants SET mental_health_care = $1 WHERE id = $2 AND case_id = $3;

-- name: case.names
-- where: activity, preview and a participant's case page, concerns seen by a clinician | store/case.rs names
-- binds: case
SELECT id, name, role FROM participants WHERE case_id = $1 ORDER BY id;

-- name: directory.hidden
-- where: directory, preview, a participant's case page | store/directory.rs hidden
-- binds: case
SELECT viewer_id, hidden_id FROM directory_hidden WHERE case_id = $1 ORDER BY 1, 2;

-- name: directory.set_hidden.clear
-- where: directory settings | store/directory.rs set_hidden
-- binds: participant
DELETE FROM directory_hidden WHERE viewer_id = $1;

-- ============ Work ============

-- name: work.of_case
-- where: work, preview, a participant's case page (adjustments) | store/work.rs of_case
-- binds: case
SELECT id, kind, help, benefit, wanted_from, wanted_until, status, start_date, review_date,
     pending_start, pending_review, reason,
     (SELECT string_agg(CAST(r.participant_id AS TEXT), ',' ORDER BY r.participant_id)
      FROM adjustment_recipients r WHERE r.adjustment_id = adjustments.id) AS sent_to FROM adjustments WHERE case_id = $1 ORDER BY id;

-- name: work.one
-- where: one adjustment's page, every step | store/work.rs one
-- binds: adjustment, case
SELECT id, kind, help, benefit, wanted_from, wanted_until, status, start_date, review_date,
     pending_start, pending_review, reason,
     (SELECT string_agg(CAST(r.participant_id AS TEXT), ',' ORDER BY r.participant_id)
      FROM adjustment_recipients r WHERE r.adjustment_id = adjustments.id) AS sent_to FROM adjustments WHERE id = $1 AND case_id = $2;

-- name: work.history
-- where: one adjustment's page | store/work.rs history
-- binds: adjustment
SELECT s.step, s.at, s.reason, p.name, p.role FROM adjustment_steps s
         LEFT JOIN participants p ON p.id = s.participant_id
         WHERE s.adjustment_id = $1 ORDER BY s.id;

-- name: work.rewrite
-- where: editing a draft | store/work.rs rewrite
-- binds: text_kind, text_empty, text_empty, null_text, null_text, now, adjustment
UPDATE adjustments SET kind = $1, help = $2, benefit = $3, wanted_from = $4, wanted_until = $5, changed_at = $6
         WHERE id = $7 AND status = 'draft';

-- name: work.reviews_due
-- where: the review reminder job (every ten minutes) | store/work.rs reviews_due
-- binds: today
SELECT id, case_id, review_date FROM adjustments
         WHERE status IN ('agreed', 'in_place') AND review_date <= $1
           AND (reminded_for IS NULL OR reminded_for <> review_date)
         ORDER BY review_date, id;

-- ============ Concerns ============

-- name: concerns.of_case
-- where: concerns, a clinician's case page (stigma) | store/concerns.rs of_case
-- binds: case
SELECT id, kind, what, weight, helps, written_at FROM concerns WHERE case_id = $1 ORDER BY id DESC;

-- name: concerns.of_case.shares
-- where: as concerns.of_case | store/concerns.rs of_case
-- binds: case
SELECT s.concern_id, s.participant_id FROM concern_shares s JOIN concerns c ON c.id = s.concern_id
         WHERE c.case_id = $1 ORDER BY s.participant_id;

-- name: concerns.shared_with
-- where: a clinician's case page (concerns shared by name) | store/concerns.rs shared_with
-- binds: case, participant
SELECT c.id, c.kind, c.what, c.weight, c.helps, c.written_at FROM concerns c
         JOIN concern_shares s ON s.concern_id = c.id
         WHERE c.case_id = $1 AND s.participant_id = $2 ORDER BY c.id DESC;

-- name: concerns.exists
-- where: editing or sharing a concern | store/concerns.rs exists
-- binds: concern, case
SELECT COUNT(*) FROM concerns WHERE id = $1 AND case_id = $2;

-- name: concerns.unshare_all
-- where: revoking everything from someone, removing a participant | store/concerns.rs unshare_all
-- binds: participant
DELETE FROM concern_shares WHERE participant_id = $1;

-- name: concerns.set_shares.clear
-- where: sharing a concern | store/concerns.rs set_shares
-- binds: concern
DELETE FROM concern_shares WHERE concern_id = $1;

-- name: concerns.plan
-- where: concerns, a clinician's case page | store/concerns.rs plan
-- binds: case
SELECT participant_id, comfort FROM disclosure_comfort WHERE case_id = $1 ORDER BY participant_id;

-- name: concerns.plan.words
-- where: concerns, a clinician's case page | store/concerns.rs plan
-- binds: case
SELECT colleague_words FROM cases WHERE id = $1;

-- ============ Activity ============

-- name: access_log.for_case.others
-- where: activity (the default: other people's accesses) | store/access_log.rs for_case
-- binds: case, max, min, max, log_limit
SELECT id, at, actor_account_id, on_behalf_of, role, action, case_id, participant_id, category, purpose, grant_id, outcome FROM access_log WHERE case_id = $1 AND id < $2 AND at >= $3 AND at < $4 AND actor_account_id IS DISTINCT FROM on_behalf_of ORDER BY id DESC LIMIT $5;

-- name: access_log.for_case.all
-- where: activity (with the worker's own rows) | store/access_log.rs for_case
-- binds: case, max, min, max, log_limit
SELECT id, at, actor_account_id, on_behalf_of, role, action, case_id, participant_id, category, purpose, grant_id, outcome FROM access_log WHERE case_id = $1 AND id < $2 AND at >= $3 AND at < $4 ORDER BY id DESC LIMIT $5;

-- name: access_log.for_case.others.dates.older
-- where: activity (a date range, the next page) | store/access_log.rs for_case
-- binds: case, log_before, month_ago, now, log_limit
SELECT id, at, actor_account_id, on_behalf_of, role, action, case_id, participant_id, category, purpose, grant_id, outcome FROM access_log WHERE case_id = $1 AND id < $2 AND at >= $3 AND at < $4 AND actor_account_id IS DISTINCT FROM on_behalf_of ORDER BY id DESC LIMIT $5;

-- name: access_log.for_case.person
-- where: activity (filtered by person) | store/access_log.rs for_case
-- binds: case, max, min, max, participant, log_limit
SELECT id, at, actor_account_id, on_behalf_of, role, action, case_id, participant_id, category, purpose, grant_id, outcome FROM access_log WHERE case_id = $1 AND id < $2 AND at >= $3 AND at < $4 AND actor_account_id IS DISTINCT FROM on_behalf_of AND participant_id = $5 ORDER BY id DESC LIMIT $6;

-- name: access_log.for_case.person.all
-- where: activity (filtered by person, with the worker's own rows) | store/access_log.rs for_case
-- binds: case, max, min, max, participant, log_limit
SELECT id, at, actor_account_id, on_behalf_of, role, action, case_id, participant_id, category, purpose, grant_id, outcome FROM access_log WHERE case_id = $1 AND id < $2 AND at >= $3 AND at < $4 AND participant_id = $5 ORDER BY id DESC LIMIT $6;

-- name: access_log.page
-- where: `rtw-portal verify` (not a page) | store/access_log.rs page
-- binds: log_before, thousand
SELECT id, CAST(at AS TEXT) AS at, CAST(actor_account_id AS TEXT) AS actor, CAST(on_behalf_of AS TEXT) AS behalf,
                role, action, CAST(case_id AS TEXT) AS case_id, CAST(participant_id AS TEXT) AS participant,
                category, purpose, CAST(grant_id AS TEXT) AS grant_id, outcome, prev_hash, hash
         FROM access_log WHERE id > $1 ORDER BY id LIMIT $2;

-- ============ Referrals and requests ============

-- name: referrals.one
-- where: answering or taking a referral | store/referrals.rs one
-- binds: case, referral
SELECT r.id, r.from_participant, f.name AS from_name, f.role AS from_role,
       f.organisation AS from_org, r.to_participant, r.to_role, r.to_name, r.to_organisation, r.to_email,
       r.purpose, r.reason, r.proposed, r.proposed_until, r.approved, r.approved_until, r.status,
       r.link_expires_at, r.first_appointment, r.decline_reason
     FROM referrals r LEFT JOIN participants f ON f.id = r.from_participant WHERE r.case_id = $1 AND r.id = $2;

-- name: referrals.open_to
-- where: proposing a referral | store/referrals.rs open_to
-- binds: case, pro_email, now
SELECT COUNT(*) FROM referrals WHERE case_id = $1 AND to_email = $2
           AND (status = 'awaiting_worker' OR (status IN ('sent', 'opened') AND link_expires_at > $3));

-- name: referrals.sent_to
-- where: a participant's case page (marks a referral opened) | store/referrals.rs sent_to
-- binds: case, participant, now
SELECT id FROM referrals WHERE case_id = $1 AND to_participant = $2 AND status = 'sent'
           AND link_expires_at > $3;

-- name: referrals.by_token
-- where: a referral link (GET and POST) | store/referrals.rs by_token
-- binds: token_hash, today
SELECT r.id, r.case_id, r.to_participant, r.to_email, r.status, r.link_expires_at,
                CAST(CASE WHEN p.removed_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS removed,
                (SELECT COUNT(*) FROM referral_grants rg JOIN grants g ON g.id = rg.grant_id
                  WHERE rg.referral_id = r.id AND g.ended_at IS NULL
                    AND (g.valid_until IS NULL OR g.valid_until >= $2)) AS alive
         FROM referrals r JOIN participants p ON p.id = r.to_participant
         WHERE r.token_hash = $1;

-- name: referrals.approve
-- where: the worker approves a referral | store/referrals.rs approve
-- binds: participant, text_cats, today, token_hash, now, referral
UPDATE referrals SET status = 'sent', to_participant = $1, approved = $2, approved_until = $3,
             token_hash = $4, link_expires_at = $5
         WHERE id = $6 AND status = 'awaiting_worker';

-- name: referrals.move_status
-- where: a referral opened, taken, declined | store/referrals.rs move_status
-- binds: text_status, null_text, null_text, referral
UPDATE referrals SET status = $1, first_appointment = COALESCE($2, first_appointment),
             decline_reason = COALESCE($3, decline_reason)
         WHERE id = $4 AND status IN ('sent', 'opened');

-- ============ A professional: /shared and /shared/{case} ============

-- name: invitations.page
-- where: a professional's list of cases (/shared, a page), and My case without a case of one's own | store/invitations.rs page
-- binds: pro_email, pro_account, max, fifty
SELECT c.id, c.worker_id, c.time_zone, c.sick_leave_start, c.expected_return,
     c.country, c.coordinator_contact, c.mh_protection, c.closed_on,
     (SELECT string_agg(CAST(v.participant_id AS TEXT), ',' ORDER BY v.participant_id)
      FROM protected_viewers v WHERE v.case_id = c.id) AS protected_named,
     a.display_name, p.id AS participant_id, p.role AS participant_role
         FROM cases c JOIN accounts a ON a.id = c.worker_id
         JOIN participants p ON p.case_id = c.id AND p.email = $1 AND p.removed_at IS NULL
         WHERE c.worker_id <> $2 AND p.case_id < $3 ORDER BY p.case_id DESC LIMIT $4;

-- name: invitations.open_grants
-- where: a professional's list of cases (/shared), the page's participants (one here) | store/invitations.rs open_grants
-- binds: participant
SELECT id, participant_id, category, purpose, valid_from, valid_until FROM grants
         WHERE participant_id IN ($1) AND ended_at IS NULL ORDER BY id;

-- name: invitations.changes
-- where: a professional's list of cases (/shared), what is new in the page's cases (one participant here) | store/invitations.rs changes
-- binds: now, pro_account, participant
WITH me AS (
           SELECT p.id AS pid, p.case_id AS cid, COALESCE(
             (SELECT l.at FROM access_log l WHERE l.case_id = p.case_id AND l.actor_account_id = $2
                AND l.action = 'view_case' AND l.outcome = 'allowed' AND l.at < $1 ORDER BY l.id DESC LIMIT 1),
             0) AS since
           FROM participants p WHERE p.id IN ($3))
         SELECT 'statement' AS what, me.cid AS case_id, s.kind AS detail, NULL AS other, NULL AS other_role
           FROM me JOIN statements s ON s.case_id = me.cid AND s.written_at > me.since AND s.author_id <> me.pid
         UNION ALL
         SELECT 'note', me.cid, NULL, n.from_id, f.role
           FROM me JOIN notes n ON n.case_id = me.cid AND n.to_id = me.pid AND n.written_at > me.since
           JOIN participants f ON f.id = n.from_id
         UNION ALL
         SELECT CASE WHEN a.status = 'proposed' THEN 'proposal' ELSE 'review' END, me.cid, a.review_date, NULL, NULL
           FROM me JOIN adjustment_recipients r ON r.participant_id = me.pid
           JOIN adjustments a ON a.id = r.adjustment_id
           WHERE a.status = 'proposed' OR a.status IN ('agreed', 'in_place') AND a.review_date IS NOT NULL
         UNION ALL
         SELECT 'answered', me.cid, NULL, NULL, NULL
           FROM me JOIN info_requests i ON i.case_id = me.cid AND i.from_participant = me.pid
           WHERE i.status IN ('approved', 'declined') AND i.answered_at > me.since
         UNION ALL
         SELECT 'open', me.cid, NULL, NULL, NULL
           FROM me JOIN referrals f ON f.case_id = me.cid
           WHERE f.from_participant = me.pid AND f.status = 'awaiting_worker'
              OR (f.from_participant = me.pid OR f.to_participant = me.pid)
                 AND f.status IN ('sent', 'opened') AND f.link_expires_at > $1
         UNION ALL
         SELECT 'open', me.cid, NULL, NULL, NULL
           FROM me JOIN info_requests i ON i.case_id = me.cid AND i.from_participant = me.pid
           WHERE i.status = 'pending' AND i.expires_at > $1
         UNION ALL
         SELECT 'marked', me.cid, NULL, m.id, NULL
           FROM me JOIN participants m ON m.case_id = me.cid AND m.mental_health_care = 1 AND m.removed_at IS NULL;

-- name: notes.of_case.participant
-- where: a clinician's case page (notes) | store/notes.rs of_case
-- binds: case, participant
SELECT n.id, n.from_id, f.name AS from_name, f.role AS from_role, n.to_id, t.name AS to_name,
                t.role AS to_role, n.text, n.written_at
         FROM notes n JOIN participants f ON f.id = n.from_id JOIN participants t ON t.id = n.to_id
         WHERE n.case_id = $1 AND ($2 IS NULL OR n.from_id = $2 OR n.to_id = $2)
         ORDER BY n.id DESC;

-- name: notes.of_case.all
-- where: notes (the worker reads every note) | store/notes.rs of_case
-- binds: case, null_int
SELECT n.id, n.from_id, f.name AS from_name, f.role AS from_role, n.to_id, t.name AS to_name,
                t.role AS to_role, n.text, n.written_at
         FROM notes n JOIN participants f ON f.id = n.from_id JOIN participants t ON t.id = n.to_id
         WHERE n.case_id = $1 AND ($2 IS NULL OR n.from_id = $2 OR n.to_id = $2)
         ORDER BY n.id DESC;

-- ============ Team changes ============

-- name: case.current_with_email
-- where: adding a participant, changing a contact, referring | store/case.rs current_with_email
-- binds: case, pro_email
SELECT id FROM participants WHERE case_id = $1 AND email = $2 AND removed_at IS NULL;

-- name: case.set_coordinator.clear
-- where: choosing the coordinator | store/case.rs set_coordinator
-- binds: case
UPDATE participants SET is_coordinator = 0 WHERE case_id = $1 AND is_coordinator = 1;

-- name: case.worker_email
-- where: telling the worker (referral, request, note) | store/case.rs worker_email
-- binds: case
SELECT a.email FROM cases c JOIN accounts a ON a.id = c.worker_id WHERE c.id = $1;

-- name: case.email_of
-- where: telling a participant | store/case.rs email_of
-- binds: participant
SELECT email FROM participants WHERE id = $1;

-- name: news.locale
-- where: every neutral e-mail | services/news.rs tell
-- binds: pro_email
SELECT locale FROM accounts WHERE email = $1;

-- ============ Forms, mail and jobs ============

-- name: kept.expire
-- where: every refused form, and the form shown again | store/kept.rs put, take
-- binds: now
DELETE FROM kept_input WHERE expires_at <= $1;

-- name: kept.take
-- where: the form shown again after a refusal | store/kept.rs take
-- binds: token_hash
DELETE FROM kept_input WHERE key_hash = $1 RETURNING session_hash, fields, expires_at;

-- name: outbox.claim_next
-- where: the mail sender (after every queued message) | store/outbox.rs claim_next
-- only: sqlite
-- binds: now, now, now
UPDATE outbox SET claimed_until = $1, attempts = attempts + 1
         WHERE id = (SELECT id FROM outbox
                     WHERE status = 'pending' AND next_attempt_at <= $2
                       AND (claimed_until IS NULL OR claimed_until < $3)
                     ORDER BY urgent DESC, id LIMIT 1 )
         RETURNING id, recipient, subject, body, attempts;

-- name: outbox.claim_next
-- where: the mail sender (after every queued message) | store/outbox.rs claim_next
-- only: postgres
-- binds: now, now, now
UPDATE outbox SET claimed_until = $1, attempts = attempts + 1
         WHERE id = (SELECT id FROM outbox
                     WHERE status = 'pending' AND next_attempt_at <= $2
                       AND (claimed_until IS NULL OR claimed_until < $3)
                     ORDER BY urgent DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id, recipient, subject, body, attempts;

-- name: outbox.latest
-- where: the development mailbox (demo only) | store/outbox.rs latest
-- binds: fifty
-- scan-ok: outbox in id order from the newest row, LIMIT 50
SELECT id, recipient, subject, body, created_at, status FROM outbox ORDER BY id DESC LIMIT $1;

-- name: outbox.failed
-- where: `rtw-portal outbox` (not a page) | store/outbox.rs failed
-- binds:
SELECT id, recipient, created_at, attempts, last_error FROM outbox WHERE status = 'failed' ORDER BY id;
