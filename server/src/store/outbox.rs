use super::Conn;
use app::domain::MailView;

pub struct NewMail<'a> {
    pub recipient: &'a str,
    pub locale: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// Sent before every message that is not (a sign-in code, which someone
    /// waits for at the screen).
    pub urgent: bool,
}

pub struct Claimed {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

pub async fn enqueue(c: &mut Conn, m: &NewMail<'_>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (recipient, locale, subject, body, created_at, next_attempt_at, urgent)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(m.recipient)
    .bind(m.locale)
    .bind(m.subject)
    .bind(m.body)
    .bind(now)
    .bind(now)
    .bind(i64::from(m.urgent))
    .fetch_one(c)
    .await
}

/// Claims the oldest due urgent message, else the oldest due one, for
/// `lease_ms`: one statement, so two senders never claim the same row.
pub async fn claim_next(c: &mut Conn, now: i64, lease_ms: i64) -> Result<Option<Claimed>, sqlx::Error> {
    // PostgreSQL: SKIP LOCKED lets concurrent senders (one per server
    // instance) pass over a row another is claiming instead of waiting for
    // it and claiming it again. SQLite has one writer at a time anyway.
    let lock = if super::is_postgres(c) { "FOR UPDATE SKIP LOCKED" } else { "" };
    let sql = format!(
        "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1
         WHERE id = (SELECT id FROM outbox
                     WHERE status = 'pending' AND next_attempt_at <= $2
                       AND (claimed_until IS NULL OR claimed_until < $3)
                     ORDER BY urgent DESC, id LIMIT 1 {lock})
         RETURNING id, recipient, subject, body, attempts"
    );
    let row: Option<(i64, String, String, String, i64)> =
        sqlx::query_as(&sql).bind(now + lease_ms).bind(now).bind(now).fetch_optional(c).await?;
    Ok(row.map(|(id, recipient, subject, body, attempts)| Claimed { id, recipient, subject, body, attempts }))
}

/// What a sent message's body becomes: the code or link it carried is of
/// no use to anyone any more, and the table should not keep it.
pub const SENT_BODY: &str = "";

/// Marks a message sent. Its body (a sign-in code, a referral link) is
/// dropped, unless `keep_body` (demo mode, whose mailbox page shows it).
pub async fn mark_sent(c: &mut Conn, id: i64, now: i64, keep_body: bool) -> Result<(), sqlx::Error> {
    let sql = if keep_body {
        "UPDATE outbox SET status = 'sent', sent_at = $1, claimed_until = NULL WHERE id = $2"
    } else {
        "UPDATE outbox SET status = 'sent', sent_at = $1, claimed_until = NULL, body = $3 WHERE id = $2"
    };
    let mut q = sqlx::query(sql).bind(now).bind(id);
    if !keep_body {
        q = q.bind(SENT_BODY);
    }
    q.execute(c).await?;
    Ok(())
}

/// Drops the body of every message already sent (a database a demo ran
/// on, now served for real): returns how many were dropped.
pub async fn drop_sent_bodies(c: &mut Conn) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE outbox SET body = $1 WHERE status = 'sent' AND body <> $1")
        .bind(SENT_BODY)
        .execute(c)
        .await?;
    Ok(done.rows_affected())
}

/// Schedules a retry, or gives up after `give_up` is true.
pub async fn mark_failed(c: &mut Conn, id: i64, error: &str, retry_at: i64, give_up: bool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET status = $1, last_error = $2, next_attempt_at = $3, claimed_until = NULL WHERE id = $4",
    )
    .bind(if give_up { "failed" } else { "pending" })
    .bind(error)
    .bind(retry_at)
    .bind(id)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn latest(c: &mut Conn, limit: i64) -> Result<Vec<MailView>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64, String)> =
        sqlx::query_as("SELECT id, recipient, subject, body, created_at, status FROM outbox ORDER BY id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(c)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, to, subject, body, created_at, status)| MailView {
            id,
            to,
            subject,
            body,
            created_at: chrono::DateTime::from_timestamp_millis(created_at)
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default(),
            status,
        })
        .collect())
}

/// A message the sender gave up on, for the operator.
pub struct Failed {
    pub id: i64,
    pub recipient: String,
    pub created_at: i64,
    pub attempts: i64,
    pub last_error: Option<String>,
}

pub async fn failed(c: &mut Conn) -> Result<Vec<Failed>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, recipient, created_at, attempts, last_error FROM outbox WHERE status = 'failed' ORDER BY id",
    )
    .fetch_all(c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, recipient, created_at, attempts, last_error)| Failed {
            id,
            recipient,
            created_at,
            attempts,
            last_error,
        })
        .collect())
}

/// Puts a failed message back in the queue, due now, with a fresh count of
/// attempts. False when no failed message has that id.
pub async fn retry_failed(c: &mut Conn, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, claimed_until = NULL
         WHERE id = $2 AND status = 'failed'",
    )
    .bind(now)
    .bind(id)
    .execute(c)
    .await?;
    Ok(done.rows_affected() == 1)
}
