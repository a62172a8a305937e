//! A professional's (or an employer's) list of cases, one page at a time,
//! in a fixed number of statements however many cases the person is in:
//! the page's case rows, the grants of the person in those cases, and one
//! statement of what changed in them since the person last opened each.

use super::{case, date, parsed, Conn};
use app::domain::*;
use sqlx::Row;

/// One case of the page: its row, and who the person is in it.
pub struct Listed {
    pub row: case::CaseRow,
    pub participant: ParticipantId,
    pub role: Role,
}

/// A page of the cases, other than their own, in which `email` is a current
/// participant: newest case first, `size` of them older than case `older`
/// (all when `None`), and whether more follow.
pub async fn page(
    c: &mut Conn,
    email: &Email,
    account: AccountId,
    older: Option<CaseId>,
    size: u32,
) -> Result<(Vec<Listed>, bool), sqlx::Error> {
    // One more than the page tells whether another page follows. In the
    // order of the index on (email, case_id), read backwards, so a page
    // stops after its rows however many cases the person is in.
    let rows = sqlx::query(&format!(
        "{}, p.id AS participant_id, p.role AS participant_role {}
         JOIN participants p ON p.case_id = c.id AND p.email = $1 AND p.removed_at IS NULL
         WHERE c.worker_id <> $2 AND p.case_id < $3 ORDER BY p.case_id DESC LIMIT $4",
        case::COLUMNS,
        case::FROM
    ))
    .bind(email.as_str())
    .bind(account)
    .bind(older.map_or(i64::MAX, |o| o.0))
    .bind(i64::from(size) + 1)
    .fetch_all(&mut *c)
    .await?;
    let more = rows.len() > size as usize;
    let listed = rows
        .iter()
        .take(size as usize)
        .map(|r| {
            Ok(Listed {
                row: case::case_row(r)?,
                participant: r.try_get("participant_id")?,
                role: parsed(r.try_get("participant_role")?, "role")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((listed, more))
}

/// `$first, $first+1, …` for `n` bound values.
fn numbered(first: usize, n: usize) -> String {
    (first..first + n).map(|k| format!("${k}")).collect::<Vec<_>>().join(", ")
}

/// The open grants (not revoked or replaced) of these participants.
pub async fn open_grants(c: &mut Conn, participants: &[ParticipantId]) -> Result<Vec<Grant>, sqlx::Error> {
    if participants.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, participant_id, category, purpose, valid_from, valid_until FROM grants
         WHERE participant_id IN ({}) AND ended_at IS NULL ORDER BY id",
        numbered(1, participants.len())
    );
    let mut q = sqlx::query(&sql);
    for p in participants {
        q = q.bind(*p);
    }
    q.fetch_all(c).await?.iter().map(super::sharing::open_grant).collect()
}

/// Something in a listed case that may be news to the person in it; the
/// service keeps only what they may see (`services::shared`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An entry of `kind` written by someone else since their last visit.
    Statement { kind: StatementKind },
    /// A note to them since their last visit, from someone with `role`.
    Note { from: ParticipantId, from_role: Role },
    /// An adjustment sent to them, waiting for an answer.
    Proposal,
    /// An agreed or in-place adjustment sent to them, its review on `due`.
    Review { due: chrono::NaiveDate },
    /// Their information request answered since their last visit.
    Answered,
    /// A referral from or to them, or a request of theirs, still waiting.
    Open,
    /// A participant the worker marked as mental-health care (the switch's
    /// rule needs them to decide which notes the person may learn of).
    Marked { participant: ParticipantId },
}

/// What may be news in each case: one statement for the page, whatever
/// its number of cases. Each case's "last visit" is `account`'s newest
/// allowed opening of the case before `now`, found by the index of visits
/// (case, actor, action): a professional's own rows in a case grow with
/// every listing, and walking back through them cost 5 ms a page at 500
/// cases.
pub async fn changes(
    c: &mut Conn,
    account: AccountId,
    participants: &[ParticipantId],
    now: Timestamp,
) -> Result<Vec<(CaseId, Change)>, sqlx::Error> {
    if participants.is_empty() {
        return Ok(Vec::new());
    }
    let ids = numbered(3, participants.len());
    let sql = format!(
        "WITH me AS (
           SELECT p.id AS pid, p.case_id AS cid, COALESCE(
             (SELECT l.at FROM access_log l WHERE l.case_id = p.case_id AND l.actor_account_id = $2
                AND l.action = 'view_case' AND l.outcome = 'allowed' AND l.at < $1 ORDER BY l.id DESC LIMIT 1),
             0) AS since
           FROM participants p WHERE p.id IN ({ids}))
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
           FROM me JOIN participants m ON m.case_id = me.cid AND m.mental_health_care = 1 AND m.removed_at IS NULL"
    );
    let mut q = sqlx::query(&sql).bind(now).bind(account);
    for p in participants {
        q = q.bind(*p);
    }
    let rows = q.fetch_all(c).await?;
    rows.iter()
        .map(|r| {
            let what: String = r.try_get("what")?;
            let detail: Option<String> = r.try_get("detail")?;
            let detail = || detail.clone().ok_or(sqlx::Error::RowNotFound);
            let change = match what.as_str() {
                "statement" => Change::Statement { kind: parsed(&detail()?, "statement kind")? },
                "note" => {
                    Change::Note { from: r.try_get("other")?, from_role: parsed(r.try_get("other_role")?, "role")? }
                }
                "proposal" => Change::Proposal,
                "review" => Change::Review { due: date(&detail()?)? },
                "answered" => Change::Answered,
                "open" => Change::Open,
                _ => Change::Marked { participant: r.try_get("other")? },
            };
            Ok((r.try_get("case_id")?, change))
        })
        .collect()
}
