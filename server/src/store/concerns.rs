//! Concerns, the clinicians each is shared with, and the disclosure plan.

use super::{parsed, Conn};
use app::domain::*;
use sqlx::Row;

fn concern(r: &sqlx::any::AnyRow) -> Result<Concern, sqlx::Error> {
    let weight: i64 = r.try_get("weight")?;
    Ok(Concern {
        id: r.try_get("id")?,
        text: ConcernText {
            kind: parsed(r.try_get("kind")?, "concern kind")?,
            what: r.try_get("what")?,
            weight: u8::try_from(weight).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            helps: r.try_get("helps")?,
        },
        written_at: r.try_get("written_at")?,
        shared_with: Vec::new(),
    })
}

/// Every concern of `case`, newest first, with whom each is shared.
pub async fn of_case(c: &mut Conn, case: CaseId) -> Result<Vec<Concern>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, what, weight, helps, written_at FROM concerns WHERE case_id = $1 ORDER BY id DESC",
    )
    .bind(case)
    .fetch_all(&mut *c)
    .await?;
    let mut all = rows.iter().map(concern).collect::<Result<Vec<_>, _>>()?;
    let shares: Vec<(ConcernId, ParticipantId)> = sqlx::query_as(
        "SELECT s.concern_id, s.participant_id FROM concern_shares s JOIN concerns c ON c.id = s.concern_id
         WHERE c.case_id = $1 ORDER BY s.participant_id",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    for x in &mut all {
        x.shared_with = shares.iter().filter(|(id, _)| *id == x.id).map(|(_, p)| *p).collect();
    }
    Ok(all)
}

/// Concerns of `case` shared with `p` by name, newest first.
pub async fn shared_with(c: &mut Conn, case: CaseId, p: ParticipantId) -> Result<Vec<Concern>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.kind, c.what, c.weight, c.helps, c.written_at FROM concerns c
         JOIN concern_shares s ON s.concern_id = c.id
         WHERE c.case_id = $1 AND s.participant_id = $2 ORDER BY c.id DESC",
    )
    .bind(case)
    .bind(p)
    .fetch_all(c)
    .await?;
    rows.iter().map(concern).collect()
}

pub async fn exists(c: &mut Conn, case: CaseId, id: ConcernId) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM concerns WHERE id = $1 AND case_id = $2")
        .bind(id)
        .bind(case)
        .fetch_one(c)
        .await?;
    Ok(n == 1)
}

pub async fn insert(c: &mut Conn, case: CaseId, t: &ConcernText, at: Timestamp) -> Result<ConcernId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO concerns (case_id, kind, what, weight, helps, written_at, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(case)
    .bind(t.kind.id())
    .bind(&t.what)
    .bind(i64::from(t.weight))
    .bind(&t.helps)
    .bind(at)
    .bind(at)
    .fetch_one(c)
    .await
}

pub async fn rewrite(c: &mut Conn, id: ConcernId, t: &ConcernText, at: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE concerns SET kind = $1, what = $2, weight = $3, helps = $4, changed_at = $5 WHERE id = $6")
        .bind(t.kind.id())
        .bind(&t.what)
        .bind(i64::from(t.weight))
        .bind(&t.helps)
        .bind(at)
        .bind(id)
        .execute(c)
        .await?;
    Ok(())
}

/// Replaces whom one concern is shared with by name.
pub async fn set_shares(c: &mut Conn, id: ConcernId, with: &[ParticipantId], at: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM concern_shares WHERE concern_id = $1").bind(id).execute(&mut *c).await?;
    for p in with {
        sqlx::query("INSERT INTO concern_shares (concern_id, participant_id, shared_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(p)
            .bind(at)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

/// Stops every concern shared by name with `p` (they left the team, or the
/// worker stopped all sharing with them).
/// Deletes a concern of `case` and its shares; answers whether it was there.
pub async fn delete(c: &mut Conn, case: CaseId, id: ConcernId) -> Result<bool, sqlx::Error> {
    if !exists(c, case, id).await? {
        return Ok(false);
    }
    sqlx::query("DELETE FROM concern_shares WHERE concern_id = $1").bind(id).execute(&mut *c).await?;
    let n = sqlx::query("DELETE FROM concerns WHERE id = $1 AND case_id = $2")
        .bind(id)
        .bind(case)
        .execute(c)
        .await?
        .rows_affected();
    Ok(n == 1)
}

pub async fn unshare_all(c: &mut Conn, p: ParticipantId) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM concern_shares WHERE participant_id = $1").bind(p).execute(c).await?.rows_affected())
}

/// How many concerns are shared by name with each participant of `case`.
pub async fn shared_counts(c: &mut Conn, case: CaseId) -> Result<Vec<(ParticipantId, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.participant_id, COUNT(*) FROM concern_shares s JOIN concerns c ON c.id = s.concern_id
         WHERE c.case_id = $1 GROUP BY s.participant_id ORDER BY s.participant_id",
    )
    .bind(case)
    .fetch_all(c)
    .await
}

pub async fn plan(c: &mut Conn, case: CaseId) -> Result<DisclosurePlan, sqlx::Error> {
    let rows: Vec<(ParticipantId, String)> = sqlx::query_as(
        "SELECT participant_id, comfort FROM disclosure_comfort WHERE case_id = $1 ORDER BY participant_id",
    )
    .bind(case)
    .fetch_all(&mut *c)
    .await?;
    let comfort = rows.into_iter().map(|(p, c)| Ok((p, parsed(&c, "comfort")?))).collect::<Result<_, sqlx::Error>>()?;
    let colleague_words: String =
        sqlx::query_scalar("SELECT colleague_words FROM cases WHERE id = $1").bind(case).fetch_one(c).await?;
    Ok(DisclosurePlan { comfort, colleague_words })
}

pub async fn set_plan(c: &mut Conn, case: CaseId, plan: &DisclosurePlan) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM disclosure_comfort WHERE case_id = $1").bind(case).execute(&mut *c).await?;
    for (p, comfort) in &plan.comfort {
        sqlx::query("INSERT INTO disclosure_comfort (case_id, participant_id, comfort) VALUES ($1, $2, $3)")
            .bind(case)
            .bind(p)
            .bind(comfort.id())
            .execute(&mut *c)
            .await?;
    }
    sqlx::query("UPDATE cases SET colleague_words = $1 WHERE id = $2")
        .bind(&plan.colleague_words)
        .bind(case)
        .execute(c)
        .await?;
    Ok(())
}
