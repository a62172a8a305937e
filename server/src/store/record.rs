//! What the record download reads beyond the other areas' own reads: the
//! whole care team, the people removed from it included.

use super::{parsed, Conn};
use app::domain::*;
use sqlx::Row;

/// Everyone who is or was in the care team, in the order they were added.
pub async fn team(c: &mut Conn, case: CaseId) -> Result<Vec<RecordMember>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, role, name, organisation, email, phone, is_coordinator, mental_health_care, added_at, removed_at
         FROM participants WHERE case_id = $1 ORDER BY id",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RecordMember {
                id: r.try_get("id")?,
                role: parsed(r.try_get("role")?, "role")?,
                name: r.try_get("name")?,
                organisation: r.try_get("organisation")?,
                email: r.try_get("email")?,
                phone: r.try_get("phone")?,
                coordinator: r.try_get::<i64, _>("is_coordinator")? == 1,
                mental_health_care: r.try_get::<i64, _>("mental_health_care")? == 1,
                added_at: r.try_get("added_at")?,
                removed_at: r.try_get("removed_at")?,
            })
        })
        .collect()
}

/// Sets (or clears) the moment the case is erased.
pub async fn set_erasure_due(c: &mut Conn, case: CaseId, due: Option<Timestamp>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET erasure_due_at = $1 WHERE id = $2").bind(due).bind(case).execute(c).await?;
    Ok(())
}

/// Cases whose erasure is due at `now`.
pub async fn erasures_due(c: &mut Conn, now: Timestamp) -> Result<Vec<CaseId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM cases WHERE erasure_due_at IS NOT NULL AND erasure_due_at <= $1 ORDER BY id")
        .bind(now)
        .fetch_all(c)
        .await
}

/// Claims the erasure of `case` for this transaction: false when it is not
/// due (kept, or erased by another instance, whose claim this one waited
/// for on the row's lock).
pub async fn claim_erasure(c: &mut Conn, case: CaseId, now: Timestamp) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE cases SET erasure_due_at = NULL WHERE id = $1 AND erasure_due_at IS NOT NULL AND erasure_due_at <= $2",
    )
    .bind(case)
    .bind(now)
    .execute(c)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What erasing removes, child tables first: every row of the case's
/// content. (`tests/erasure.rs` holds this list to the tables the
/// migrations create: a new table must be placed here or among the kept.)
const ERASED: &[&str] = &[
    "DELETE FROM advice_drafts WHERE statement_id IN (SELECT id FROM statements WHERE case_id = $1)",
    "DELETE FROM own_views WHERE statement_id IN (SELECT id FROM statements WHERE case_id = $1)",
    "DELETE FROM statements WHERE case_id = $1",
    "DELETE FROM adjustment_recipients WHERE adjustment_id IN (SELECT id FROM adjustments WHERE case_id = $1)",
    "DELETE FROM adjustment_reviews WHERE adjustment_id IN (SELECT id FROM adjustments WHERE case_id = $1)",
    "DELETE FROM adjustment_steps WHERE adjustment_id IN (SELECT id FROM adjustments WHERE case_id = $1)",
    "DELETE FROM adjustments WHERE case_id = $1",
    "DELETE FROM concern_shares WHERE concern_id IN (SELECT id FROM concerns WHERE case_id = $1)",
    "DELETE FROM concerns WHERE case_id = $1",
    "DELETE FROM disclosure_comfort WHERE case_id = $1",
    "DELETE FROM referral_events WHERE referral_id IN (SELECT id FROM referrals WHERE case_id = $1)",
    "DELETE FROM referral_grants WHERE referral_id IN (SELECT id FROM referrals WHERE case_id = $1)",
    "DELETE FROM referrals WHERE case_id = $1",
    "DELETE FROM info_requests WHERE case_id = $1",
    "DELETE FROM notes WHERE case_id = $1",
    "DELETE FROM directory_hidden WHERE case_id = $1",
    "DELETE FROM protected_viewers WHERE case_id = $1",
    "DELETE FROM milestone_marks WHERE case_id = $1",
    "DELETE FROM milestone_reminders WHERE case_id = $1",
    "DELETE FROM plan_agreements WHERE version_id IN (SELECT id FROM plan_versions WHERE case_id = $1)",
    "DELETE FROM plan_versions WHERE case_id = $1",
    "DELETE FROM plan_evaluations WHERE case_id = $1",
    "DELETE FROM passport_links WHERE case_id = $1",
    "DELETE FROM join_codes WHERE case_id = $1",
];

/// Erases `case` at `now`. The access log keeps its rows, and so the ids
/// they name keep their rows too, emptied: the case, its participants and
/// its grants stay as tombstones holding no content (a freed id could be
/// taken by a new case, whose worker would then read the old case's log).
/// The case moves to an account of its own that nobody can sign in to, so
/// the worker can start a new case; her own account goes with her sessions,
/// devices, codes and mail, unless she is in another case's team.
pub async fn erase(c: &mut Conn, case: CaseId, now: Timestamp) -> Result<(), sqlx::Error> {
    let (worker, email): (AccountId, String) =
        sqlx::query_as("SELECT a.id, a.email FROM cases c JOIN accounts a ON a.id = c.worker_id WHERE c.id = $1")
            .bind(case)
            .fetch_one(&mut *c)
            .await?;
    for sql in ERASED {
        sqlx::query(sql).bind(case).execute(&mut *c).await?;
    }
    let tomb: AccountId = sqlx::query_scalar(
        "INSERT INTO accounts (email, display_name, locale, created_at) VALUES ($1, '', 'en', $2) RETURNING id",
    )
    .bind(format!("erased-case-{case}@erased.invalid"))
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    sqlx::query(
        "UPDATE grants SET valid_from = '1970-01-01', valid_until = NULL, granted_at = 0, granted_by = $2,
             ended_at = COALESCE(ended_at, $3), ended_by = NULL, end_reason = COALESCE(end_reason, 'revoked')
         WHERE case_id = $1",
    )
    .bind(case)
    .bind(tomb)
    .bind(now)
    .execute(&mut *c)
    .await?;
    sqlx::query(
        "UPDATE participants SET name = '', organisation = '', email = '', phone = NULL, is_coordinator = 0,
             mental_health_care = 0, added_at = 0, removed_at = COALESCE(removed_at, $2)
         WHERE case_id = $1",
    )
    .bind(case)
    .bind(now)
    .execute(&mut *c)
    .await?;
    sqlx::query(
        "UPDATE cases SET worker_id = $2, sick_leave_start = '1970-01-01', expected_return = NULL, created_at = 0,
             mh_protection = 0, colleague_words = '', coordinator_contact = 'nothing', closed_on = '1970-01-01',
             erasure_due_at = NULL
         WHERE id = $1",
    )
    .bind(case)
    .bind(tomb)
    .execute(&mut *c)
    .await?;
    let teams: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM participants WHERE email = $1 AND removed_at IS NULL")
        .bind(&email)
        .fetch_one(&mut *c)
        .await?;
    if teams == 0 {
        for sql in [
            "DELETE FROM sessions WHERE account_id = $1",
            "DELETE FROM known_devices WHERE account_id = $1",
            "DELETE FROM passkeys WHERE account_id = $1",
            "DELETE FROM passkey_recoveries WHERE account_id = $1",
            "DELETE FROM oidc_links WHERE account_id = $1",
            "DELETE FROM oidc_attempts WHERE link_account_id = $1",
            "DELETE FROM account_events WHERE account_id = $1",
            "DELETE FROM join_codes WHERE entered_by = $1",
            "DELETE FROM accounts WHERE id = $1",
        ] {
            sqlx::query(sql).bind(worker).execute(&mut *c).await?;
        }
        for sql in ["DELETE FROM sign_in_codes WHERE email = $1", "DELETE FROM outbox WHERE recipient = $1"] {
            sqlx::query(sql).bind(&email).execute(&mut *c).await?;
        }
    }
    Ok(())
}

/// A passport link as the store holds it.
pub struct StoredPassportLink {
    pub id: PassportLinkId,
    pub case: CaseId,
    pub email: String,
    pub expires_at: Timestamp,
    pub revoked: bool,
}

impl StoredPassportLink {
    pub fn usable(&self, now: Timestamp) -> bool {
        !self.revoked && self.expires_at > now
    }
}

pub struct NewPassportLink<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub token_hash: &'a str,
    pub at: Timestamp,
    pub expires_at: Timestamp,
}

pub async fn add_passport_link(
    c: &mut Conn,
    case: CaseId,
    l: &NewPassportLink<'_>,
) -> Result<PassportLinkId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO passport_links (case_id, name, email, token_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(case)
    .bind(l.name)
    .bind(l.email)
    .bind(l.token_hash)
    .bind(l.at)
    .bind(l.expires_at)
    .fetch_one(c)
    .await
}

/// The case's passport links, newest first.
pub async fn passport_links(c: &mut Conn, case: CaseId) -> Result<Vec<PassportLink>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name, email, created_at, expires_at, revoked_at FROM passport_links
         WHERE case_id = $1 ORDER BY id DESC",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PassportLink {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                sent_at: r.try_get("created_at")?,
                expires_at: r.try_get("expires_at")?,
                revoked: r.try_get::<Option<Timestamp>, _>("revoked_at")?.is_some(),
            })
        })
        .collect()
}

/// Takes a link of `case` back; false when it is not the case's.
pub async fn revoke_passport_link(
    c: &mut Conn,
    case: CaseId,
    id: PassportLinkId,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE passport_links SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND case_id = $2")
            .bind(id)
            .bind(case)
            .bind(now)
            .execute(c)
            .await?;
    Ok(done.rows_affected() == 1)
}

const LINK: &str = "SELECT id, case_id, email, expires_at, revoked_at FROM passport_links";

fn stored_link(r: &sqlx::any::AnyRow) -> Result<StoredPassportLink, sqlx::Error> {
    Ok(StoredPassportLink {
        id: r.try_get("id")?,
        case: r.try_get("case_id")?,
        email: r.try_get("email")?,
        expires_at: r.try_get("expires_at")?,
        revoked: r.try_get::<Option<Timestamp>, _>("revoked_at")?.is_some(),
    })
}

pub async fn passport_link_by_token(c: &mut Conn, token_hash: &str) -> Result<Option<StoredPassportLink>, sqlx::Error> {
    let r = sqlx::query(&format!("{LINK} WHERE token_hash = $1")).bind(token_hash).fetch_optional(c).await?;
    r.as_ref().map(stored_link).transpose()
}

pub async fn passport_link(c: &mut Conn, id: PassportLinkId) -> Result<Option<StoredPassportLink>, sqlx::Error> {
    let r = sqlx::query(&format!("{LINK} WHERE id = $1")).bind(id).fetch_optional(c).await?;
    r.as_ref().map(stored_link).transpose()
}
