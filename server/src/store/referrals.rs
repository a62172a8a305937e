//! Referrals, their timelines, and the grants an approval created. Rows
//! are never deleted; a status changes only from the state the service
//! read (each update names it), so two answers never both win.

use super::{category_ids, category_list, date, parsed, Conn};
use app::domain::*;
use chrono::NaiveDate;
use sqlx::Row;

fn opt_date(r: &sqlx::any::AnyRow, col: &str) -> Result<Option<NaiveDate>, sqlx::Error> {
    r.try_get::<Option<String>, _>(col)?.as_deref().map(date).transpose()
}

const SELECT: &str = "SELECT r.id, r.from_participant, f.name AS from_name, f.role AS from_role,
       f.organisation AS from_org, r.to_participant, r.to_role, r.to_name, r.to_organisation, r.to_email,
       r.purpose, r.reason, r.proposed, r.proposed_until, r.approved, r.approved_until, r.status,
       r.link_expires_at, r.first_appointment, r.decline_reason
     FROM referrals r LEFT JOIN participants f ON f.id = r.from_participant";

fn referral(r: &sqlx::any::AnyRow) -> Result<Referral, sqlx::Error> {
    let from_role: Option<String> = r.try_get("from_role")?;
    Ok(Referral {
        id: r.try_get("id")?,
        from: ReferralParty {
            participant: r.try_get("from_participant")?,
            name: r.try_get::<Option<String>, _>("from_name")?.unwrap_or_default(),
            role: from_role.as_deref().map(|s| parsed(s, "role")).transpose()?,
            organisation: r.try_get::<Option<String>, _>("from_org")?.unwrap_or_default(),
            withheld: false,
        },
        to: ReferralParty {
            participant: r.try_get("to_participant")?,
            name: r.try_get("to_name")?,
            role: Some(parsed(r.try_get("to_role")?, "role")?),
            organisation: r.try_get("to_organisation")?,
            withheld: false,
        },
        to_email: r.try_get("to_email")?,
        purpose: parsed(r.try_get("purpose")?, "purpose")?,
        reason: r.try_get("reason")?,
        proposed: category_list(r.try_get("proposed")?)?,
        proposed_until: date(r.try_get("proposed_until")?)?,
        approved: category_list(r.try_get("approved")?)?,
        approved_until: opt_date(r, "approved_until")?,
        status: parsed(r.try_get("status")?, "referral status")?,
        first_appointment: opt_date(r, "first_appointment")?,
        decline_reason: r.try_get("decline_reason")?,
        link_expires: r.try_get("link_expires_at")?,
        timeline: Vec::new(),
    })
}

/// Fills in the timelines of `list` (referrals of `case`) with one query.
async fn with_timelines(c: &mut Conn, case: CaseId, mut list: Vec<Referral>) -> Result<Vec<Referral>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.referral_id, e.status, e.moved_by, e.at FROM referral_events e
         JOIN referrals r ON r.id = e.referral_id WHERE r.case_id = $1 ORDER BY e.id",
    )
    .bind(case)
    .fetch_all(&mut *c)
    .await?;
    for e in &rows {
        let id: ReferralId = e.try_get("referral_id")?;
        if let Some(r) = list.iter_mut().find(|r| r.id == id) {
            r.timeline.push(ReferralEvent {
                status: parsed(e.try_get("status")?, "referral status")?,
                by: parsed(e.try_get("moved_by")?, "referral mover")?,
                at: e.try_get("at")?,
            });
        }
    }
    Ok(list)
}

/// Every referral of `case`, newest first, with timelines.
pub async fn of_case(c: &mut Conn, case: CaseId) -> Result<Vec<Referral>, sqlx::Error> {
    let rows =
        sqlx::query(&format!("{SELECT} WHERE r.case_id = $1 ORDER BY r.id DESC")).bind(case).fetch_all(&mut *c).await?;
    let list = rows.iter().map(referral).collect::<Result<Vec<_>, _>>()?;
    with_timelines(c, case, list).await
}

pub async fn one(c: &mut Conn, case: CaseId, id: ReferralId) -> Result<Option<Referral>, sqlx::Error> {
    let row = sqlx::query(&format!("{SELECT} WHERE r.case_id = $1 AND r.id = $2"))
        .bind(case)
        .bind(id)
        .fetch_optional(&mut *c)
        .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(with_timelines(c, case, vec![referral(&row)?]).await?.pop())
}

/// Whether `email` already has a referral in `case` that waits on someone.
pub async fn open_to(c: &mut Conn, case: CaseId, email: &Email, now: Timestamp) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM referrals WHERE case_id = $1 AND to_email = $2
           AND (status = 'awaiting_worker' OR (status IN ('sent', 'opened') AND link_expires_at > $3))",
    )
    .bind(case)
    .bind(email.as_str())
    .bind(now)
    .fetch_one(c)
    .await?;
    Ok(n > 0)
}

pub struct NewReferral<'a> {
    pub case: CaseId,
    pub from: Option<ParticipantId>,
    pub to: Option<ParticipantId>,
    pub proposal: &'a ReferralProposal,
    /// The proposal's last day, counted from the day it was made.
    pub until: NaiveDate,
    pub at: Timestamp,
}

pub async fn insert(c: &mut Conn, r: &NewReferral<'_>) -> Result<ReferralId, sqlx::Error> {
    let p = r.proposal;
    sqlx::query_scalar(
        "INSERT INTO referrals (case_id, from_participant, to_participant, to_role, to_name, to_organisation,
             to_email, purpose, reason, proposed, proposed_until, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'awaiting_worker', $12) RETURNING id",
    )
    .bind(r.case)
    .bind(r.from)
    .bind(r.to)
    .bind(p.role.id())
    .bind(&p.contact.name)
    .bind(&p.contact.organisation)
    .bind(p.contact.email.as_str())
    .bind(p.share.purpose.id())
    .bind(&p.reason)
    .bind(category_ids(&p.share.categories))
    .bind(r.until.to_string())
    .bind(r.at)
    .fetch_one(c)
    .await
}

pub async fn add_event(
    c: &mut Conn,
    id: ReferralId,
    status: ReferralStatus,
    by: ReferralMover,
    at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO referral_events (referral_id, status, moved_by, at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(status.id())
        .bind(by.id())
        .bind(at)
        .execute(c)
        .await?;
    Ok(())
}

/// The worker's approval: who receives it, what is shared, and the link.
pub struct Approval<'a> {
    pub to: ParticipantId,
    pub categories: &'a [Category],
    pub until: NaiveDate,
    pub token_hash: &'a str,
    pub link_expires: Timestamp,
}

/// Applies only while the referral still awaits the worker.
pub async fn approve(c: &mut Conn, id: ReferralId, a: &Approval<'_>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE referrals SET status = 'sent', to_participant = $1, approved = $2, approved_until = $3,
             token_hash = $4, link_expires_at = $5
         WHERE id = $6 AND status = 'awaiting_worker'",
    )
    .bind(a.to)
    .bind(category_ids(a.categories))
    .bind(a.until.to_string())
    .bind(a.token_hash)
    .bind(a.link_expires)
    .bind(id)
    .execute(c)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves `id` from `from` to `to`; false when it was not in `from` (any
/// more). The answer's date or reason goes with it.
pub async fn move_status(
    c: &mut Conn,
    id: ReferralId,
    from: &[ReferralStatus],
    to: ReferralStatus,
    first_appointment: Option<NaiveDate>,
    reason: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let from: Vec<String> = from.iter().map(|s| format!("'{}'", s.id())).collect();
    let sql = format!(
        "UPDATE referrals SET status = $1, first_appointment = COALESCE($2, first_appointment),
             decline_reason = COALESCE($3, decline_reason)
         WHERE id = $4 AND status IN ({})",
        from.join(", ")
    );
    let done = sqlx::query(&sql)
        .bind(to.id())
        .bind(first_appointment.map(|d| d.to_string()))
        .bind(reason)
        .bind(id)
        .execute(c)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The grants the approval of referral `id` gave that have not ended.
pub async fn open_grants(c: &mut Conn, id: ReferralId) -> Result<Vec<GrantId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT g.id FROM referral_grants rg JOIN grants g ON g.id = rg.grant_id
         WHERE rg.referral_id = $1 AND g.ended_at IS NULL ORDER BY g.id",
    )
    .bind(id)
    .fetch_all(c)
    .await
}

pub async fn add_grant(c: &mut Conn, id: ReferralId, grant: GrantId) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO referral_grants (referral_id, grant_id) VALUES ($1, $2)")
        .bind(id)
        .bind(grant)
        .execute(c)
        .await?;
    Ok(())
}

/// A referral link as redemption needs it.
pub struct Link {
    pub id: ReferralId,
    pub case: CaseId,
    pub to: ParticipantId,
    pub to_email: String,
    pub status: ReferralStatus,
    pub expires: Timestamp,
    /// A grant behind the link is neither revoked nor past its last day.
    pub grant_alive: bool,
    pub recipient_removed: bool,
}

pub async fn by_token(c: &mut Conn, token_hash: &str, today: NaiveDate) -> Result<Option<Link>, sqlx::Error> {
    link_where(c, "r.token_hash = $1", token_hash.to_string(), today).await
}

/// The link of referral `id` as it stands (whatever its token).
pub async fn link_of(c: &mut Conn, id: ReferralId, today: NaiveDate) -> Result<Option<Link>, sqlx::Error> {
    link_where(c, "r.id = CAST($1 AS BIGINT)", id.0.to_string(), today).await
}

async fn link_where(c: &mut Conn, which: &str, key: String, today: NaiveDate) -> Result<Option<Link>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT r.id, r.case_id, r.to_participant, r.to_email, r.status, r.link_expires_at,
                CAST(CASE WHEN p.removed_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS removed,
                (SELECT COUNT(*) FROM referral_grants rg JOIN grants g ON g.id = rg.grant_id
                  WHERE rg.referral_id = r.id AND g.ended_at IS NULL
                    AND (g.valid_until IS NULL OR g.valid_until >= $2)) AS alive
         FROM referrals r JOIN participants p ON p.id = r.to_participant
         WHERE {which}"
    ))
    .bind(key)
    .bind(today.to_string())
    .fetch_optional(c)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Link {
        id: r.try_get("id")?,
        case: r.try_get("case_id")?,
        to: r.try_get("to_participant")?,
        to_email: r.try_get("to_email")?,
        status: parsed(r.try_get("status")?, "referral status")?,
        expires: r.try_get("link_expires_at")?,
        grant_alive: r.try_get::<i64, _>("alive")? > 0,
        recipient_removed: r.try_get::<i64, _>("removed")? == 1,
    }))
}

/// A new link for a referral whose link ran out before its recipient
/// answered: a new token and expiry, sent again. Answers whether it was
/// still so (not renewed or answered a moment earlier).
pub async fn renew(
    c: &mut Conn,
    id: ReferralId,
    token_hash: &str,
    expires: Timestamp,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE referrals SET status = 'sent', token_hash = $1, link_expires_at = $2
         WHERE id = $3 AND status IN ('sent', 'opened') AND link_expires_at <= $4",
    )
    .bind(token_hash)
    .bind(expires)
    .bind(id)
    .bind(now)
    .execute(c)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Referrals to `p` still marked sent (the recipient now opened the case).
pub async fn sent_to(
    c: &mut Conn,
    case: CaseId,
    p: ParticipantId,
    now: Timestamp,
) -> Result<Vec<ReferralId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM referrals WHERE case_id = $1 AND to_participant = $2 AND status = 'sent'
           AND link_expires_at > $3",
    )
    .bind(case)
    .bind(p)
    .bind(now)
    .fetch_all(c)
    .await
}
