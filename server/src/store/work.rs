//! Adjustments, whom they were sent to, and their steps. Steps are only
//! ever added, so an adjustment's history is complete.

use super::{date, id_list, parsed, Conn};
use app::domain::*;
use chrono::NaiveDate;
use sqlx::Row;

fn opt_date(r: &sqlx::any::AnyRow, col: &str) -> Result<Option<NaiveDate>, sqlx::Error> {
    r.try_get::<Option<String>, _>(col)?.as_deref().map(date).transpose()
}

fn agreement(start: Option<NaiveDate>, review: Option<NaiveDate>) -> Option<Agreement> {
    Some(Agreement { start: start?, review: review? })
}

// Its recipients ride along as one text of ids ("3,5"): one statement
// for the adjustments of a page, not one more for whom they went to.
const COLUMNS: &str = "id, kind, help, benefit, wanted_from, wanted_until, status, start_date, review_date,
     pending_start, pending_review, reason,
     (SELECT string_agg(CAST(r.participant_id AS TEXT), ',' ORDER BY r.participant_id)
      FROM adjustment_recipients r WHERE r.adjustment_id = adjustments.id) AS sent_to";

fn adjustment(r: &sqlx::any::AnyRow) -> Result<Adjustment, sqlx::Error> {
    Ok(Adjustment {
        id: r.try_get("id")?,
        text: AdjustmentText {
            kind: parsed(r.try_get("kind")?, "adjustment kind")?,
            help: r.try_get("help")?,
            benefit: r.try_get("benefit")?,
            from: opt_date(r, "wanted_from")?,
            until: opt_date(r, "wanted_until")?,
        },
        status: parsed(r.try_get("status")?, "adjustment status")?,
        agreement: agreement(opt_date(r, "start_date")?, opt_date(r, "review_date")?),
        pending: agreement(opt_date(r, "pending_start")?, opt_date(r, "pending_review")?),
        reason: r.try_get("reason")?,
        sent_to: id_list(r, "sent_to", "recipient")?,
        history: Vec::new(),
    })
}

/// Every adjustment of `case`, oldest first, with recipients (no history).
pub async fn of_case(c: &mut Conn, case: CaseId) -> Result<Vec<Adjustment>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM adjustments WHERE case_id = $1 ORDER BY id"))
        .bind(case)
        .fetch_all(&mut *c)
        .await?;
    rows.iter().map(adjustment).collect()
}

/// Every adjustment of `case`, oldest first, each with its history (the
/// record download: one read of the steps per adjustment).
pub async fn of_case_with_history(c: &mut Conn, case: CaseId) -> Result<Vec<Adjustment>, sqlx::Error> {
    let mut all = of_case(c, case).await?;
    for a in &mut all {
        a.history = history(c, a.id).await?;
    }
    Ok(all)
}

/// One adjustment of `case` with recipients and history; `None` if it
/// belongs to another case or does not exist.
pub async fn one(c: &mut Conn, case: CaseId, id: AdjustmentId) -> Result<Option<Adjustment>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM adjustments WHERE id = $1 AND case_id = $2"))
        .bind(id)
        .bind(case)
        .fetch_optional(&mut *c)
        .await?;
    let Some(mut a) = row.as_ref().map(adjustment).transpose()? else { return Ok(None) };
    a.history = history(c, id).await?;
    Ok(Some(a))
}

async fn history(c: &mut Conn, id: AdjustmentId) -> Result<Vec<StepLine>, sqlx::Error> {
    fn by(r: &sqlx::any::AnyRow) -> Result<StepBy, sqlx::Error> {
        Ok(match (r.try_get::<Option<String>, _>("name")?, r.try_get::<Option<String>, _>("role")?) {
            (Some(name), Some(role)) => StepBy::Participant { name, role: parsed(&role, "role")? },
            _ => StepBy::Worker,
        })
    }
    let rows = sqlx::query(
        "SELECT s.step, s.at, s.reason, p.name, p.role FROM adjustment_steps s
         LEFT JOIN participants p ON p.id = s.participant_id
         WHERE s.adjustment_id = $1 ORDER BY s.id",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    let mut lines = rows
        .iter()
        .map(|r| {
            Ok(StepLine {
                step: parsed(r.try_get("step")?, "adjustment step")?,
                at: r.try_get("at")?,
                by: by(r)?,
                reason: r.try_get("reason")?,
                review: None,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let reviews = sqlx::query(
        "SELECT v.at, v.outcome, v.next_review, v.note, p.name, p.role FROM adjustment_reviews v
         LEFT JOIN participants p ON p.id = v.participant_id
         WHERE v.adjustment_id = $1 ORDER BY v.id",
    )
    .bind(id)
    .fetch_all(c)
    .await?;
    for r in &reviews {
        lines.push(StepLine {
            step: AdjustmentStep::Reviewed,
            at: r.try_get("at")?,
            by: by(r)?,
            reason: r.try_get("note")?,
            review: Some((
                parsed(r.try_get("outcome")?, "review outcome")?,
                date(&r.try_get::<String, _>("next_review")?)?,
            )),
        });
    }
    // Steps and reviews in the order they happened (a stable sort keeps
    // each table's own order within one moment).
    lines.sort_by_key(|l| l.at);
    Ok(lines)
}

/// A review as it is recorded.
pub struct Review<'a> {
    /// `None`: the worker.
    pub by: Option<ParticipantId>,
    pub outcome: ReviewOutcome,
    pub next: NaiveDate,
    pub note: Option<&'a str>,
    pub at: Timestamp,
}

/// A review recorded, if the adjustment is still as it was read (`from`:
/// its status and review date): moves its review date to the next one and
/// adds the review to its history. Answers whether it applied.
pub async fn review(
    c: &mut Conn,
    id: AdjustmentId,
    from: (AdjustmentStatus, NaiveDate),
    v: &Review<'_>,
) -> Result<bool, sqlx::Error> {
    let (by, outcome, next, note, at) = (v.by, v.outcome, v.next, v.note, v.at);
    let n = sqlx::query(
        "UPDATE adjustments SET review_date = $1, changed_at = $2 WHERE id = $3 AND status = $4 AND review_date = $5",
    )
    .bind(next.to_string())
    .bind(at)
    .bind(id)
    .bind(from.0.id())
    .bind(from.1.to_string())
    .execute(&mut *c)
    .await?
    .rows_affected();
    if n != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO adjustment_reviews (adjustment_id, at, participant_id, outcome, next_review, note)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(at)
    .bind(by)
    .bind(outcome.id())
    .bind(next.to_string())
    .bind(note)
    .execute(c)
    .await?;
    Ok(true)
}

/// Deletes a draft with its history (only the worker ever saw it) and the
/// mark of any advice it was made from, so that advice can become a draft
/// again. Answers whether it was still a draft.
pub async fn delete_draft(c: &mut Conn, case: CaseId, id: AdjustmentId) -> Result<bool, sqlx::Error> {
    let draft: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM adjustments WHERE id = $1 AND case_id = $2 AND status = 'draft'")
            .bind(id)
            .bind(case)
            .fetch_optional(&mut *c)
            .await?;
    if draft.is_none() {
        return Ok(false);
    }
    for sql in [
        "DELETE FROM advice_drafts WHERE adjustment_id = $1",
        "DELETE FROM adjustment_recipients WHERE adjustment_id = $1",
        "DELETE FROM adjustment_steps WHERE adjustment_id = $1",
        "DELETE FROM adjustments WHERE id = $1 AND status = 'draft'",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *c).await?;
    }
    Ok(true)
}

pub async fn insert(
    c: &mut Conn,
    case: CaseId,
    t: &AdjustmentText,
    at: Timestamp,
) -> Result<AdjustmentId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO adjustments (case_id, kind, help, benefit, wanted_from, wanted_until, status, written_at, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8) RETURNING id",
    )
    .bind(case)
    .bind(t.kind.id())
    .bind(&t.help)
    .bind(&t.benefit)
    .bind(t.from.map(|d| d.to_string()))
    .bind(t.until.map(|d| d.to_string()))
    .bind(at)
    .bind(at)
    .fetch_one(c)
    .await
}

/// Rewrites a draft's text; answers whether it was still a draft.
pub async fn rewrite(c: &mut Conn, id: AdjustmentId, t: &AdjustmentText, at: Timestamp) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE adjustments SET kind = $1, help = $2, benefit = $3, wanted_from = $4, wanted_until = $5, changed_at = $6
         WHERE id = $7 AND status = 'draft'",
    )
    .bind(t.kind.id())
    .bind(&t.help)
    .bind(&t.benefit)
    .bind(t.from.map(|d| d.to_string()))
    .bind(t.until.map(|d| d.to_string()))
    .bind(at)
    .bind(id)
    .execute(c)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// What a step changes besides the status.
pub struct Change<'a> {
    pub status: AdjustmentStatus,
    /// Replaces the agreed dates when set.
    pub agreement: Option<Agreement>,
    /// `Some(None)` clears a recorded agreement; `Some(Some(_))` records one.
    pub pending: Option<Option<Agreement>>,
    pub reason: Option<&'a str>,
}

/// Applies a step if the adjustment is still as it was read (`from`: its
/// status and any recorded agreement, so a worker confirming never confirms
/// dates changed a moment earlier); answers whether it applied.
pub async fn apply(
    c: &mut Conn,
    id: AdjustmentId,
    from: (AdjustmentStatus, Option<Agreement>),
    ch: &Change<'_>,
    at: Timestamp,
) -> Result<bool, sqlx::Error> {
    let (from, was_pending) = from;
    let d = |a: Option<Agreement>, f: fn(Agreement) -> NaiveDate| a.map(|a| f(a).to_string());
    let keep_pending = ch.pending.is_none();
    let pending = ch.pending.flatten();
    let n = sqlx::query(
        "UPDATE adjustments SET status = $1,
             start_date = COALESCE($2, start_date), review_date = COALESCE($3, review_date),
             pending_start = CASE WHEN $4 = 1 THEN pending_start ELSE $5 END,
             pending_review = CASE WHEN $4 = 1 THEN pending_review ELSE $6 END,
             reason = COALESCE($7, reason), changed_at = $8
         WHERE id = $9 AND status = $10
           AND COALESCE(pending_start, '') = $11 AND COALESCE(pending_review, '') = $12",
    )
    .bind(ch.status.id())
    .bind(d(ch.agreement, |a| a.start))
    .bind(d(ch.agreement, |a| a.review))
    .bind(i64::from(keep_pending))
    .bind(d(pending, |a| a.start))
    .bind(d(pending, |a| a.review))
    .bind(ch.reason)
    .bind(at)
    .bind(id)
    .bind(from.id())
    .bind(was_pending.map(|a| a.start.to_string()).unwrap_or_default())
    .bind(was_pending.map(|a| a.review.to_string()).unwrap_or_default())
    .execute(c)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub async fn add_step(
    c: &mut Conn,
    id: AdjustmentId,
    step: AdjustmentStep,
    by: Option<ParticipantId>,
    reason: Option<&str>,
    at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO adjustment_steps (adjustment_id, step, at, participant_id, reason) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(step.id())
    .bind(at)
    .bind(by)
    .bind(reason)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn add_recipient(c: &mut Conn, id: AdjustmentId, p: ParticipantId, at: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO adjustment_recipients (adjustment_id, participant_id, sent_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(p)
        .bind(at)
        .execute(c)
        .await?;
    Ok(())
}

/// An agreed adjustment whose review date has come and whose reminder has
/// not gone out yet.
pub struct DueReview {
    pub id: AdjustmentId,
    pub case_id: CaseId,
    pub review: NaiveDate,
}

/// Reviews due on or before `day` (in some case's zone, so the caller
/// checks each against its case's own today), not yet reminded, oldest
/// review first: the order of `adjustments_review_due`, whose terms are
/// repeated here word for word so both databases use it (ordered by id,
/// SQLite read the whole table in id order instead; scripts/plans.sh).
pub async fn reviews_due(c: &mut Conn, day: NaiveDate) -> Result<Vec<DueReview>, sqlx::Error> {
    let rows: Vec<(AdjustmentId, CaseId, String)> = sqlx::query_as(
        "SELECT id, case_id, review_date FROM adjustments
         WHERE status IN ('agreed', 'in_place') AND review_date <= $1
           AND (reminded_for IS NULL OR reminded_for <> review_date)
         ORDER BY review_date, id",
    )
    .bind(day.to_string())
    .fetch_all(c)
    .await?;
    rows.into_iter().map(|(id, case_id, r)| Ok(DueReview { id, case_id, review: date(&r)? })).collect()
}

/// Marks a review reminded; answers whether this call did it (so two
/// instances never send it twice).
pub async fn mark_reminded(c: &mut Conn, id: AdjustmentId, review: NaiveDate) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE adjustments SET reminded_for = $1 WHERE id = $2 AND (reminded_for IS NULL OR reminded_for <> $3)",
    )
    .bind(review.to_string())
    .bind(id)
    .bind(review.to_string())
    .execute(c)
    .await?
    .rows_affected();
    Ok(n == 1)
}
