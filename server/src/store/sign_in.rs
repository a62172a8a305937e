use super::Conn;
use app::domain::Email;

pub struct StoredCode {
    pub id: i64,
    pub code_hash: String,
    pub expires_at: i64,
    pub attempts: i64,
}

/// Stores a new code for the browser attempt `attempt_hash`, retiring that
/// attempt's earlier unused code for the address (the browser asked for a
/// new one). Codes of other attempts stay as they are.
pub async fn replace_code(
    c: &mut Conn,
    email: &Email,
    attempt_hash: &str,
    code_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sign_in_codes SET used_at = $1 WHERE email = $2 AND attempt_hash = $3 AND used_at IS NULL")
        .bind(now)
        .bind(email.as_str())
        .bind(attempt_hash)
        .execute(&mut *c)
        .await?;
    sqlx::query(
        "INSERT INTO sign_in_codes (email, attempt_hash, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(email.as_str())
    .bind(attempt_hash)
    .bind(code_hash)
    .bind(now)
    .bind(expires_at)
    .execute(c)
    .await?;
    Ok(())
}

/// The newest unused code of this browser attempt for the address.
pub async fn current_code(c: &mut Conn, email: &Email, attempt_hash: &str) -> Result<Option<StoredCode>, sqlx::Error> {
    let row: Option<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT id, code_hash, expires_at, attempts FROM sign_in_codes
         WHERE email = $1 AND attempt_hash = $2 AND used_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(email.as_str())
    .bind(attempt_hash)
    .fetch_optional(c)
    .await?;
    Ok(row.map(|(id, code_hash, expires_at, attempts)| StoredCode { id, code_hash, expires_at, attempts }))
}

pub async fn count_attempt(c: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sign_in_codes SET attempts = attempts + 1 WHERE id = $1").bind(id).execute(c).await?;
    Ok(())
}

pub async fn mark_used(c: &mut Conn, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sign_in_codes SET used_at = $1 WHERE id = $2").bind(now).bind(id).execute(c).await?;
    Ok(())
}

/// Counts one hit in the fixed window starting at `window_start`; returns the count so far.
pub async fn hit_rate_limit(c: &mut Conn, key: &str, window_start: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
         RETURNING count",
    )
    .bind(key)
    .bind(window_start)
    .fetch_one(c)
    .await
}

/// The count so far in the window starting at `window_start` (no hit).
pub async fn rate_count(c: &mut Conn, key: &str, window_start: i64) -> Result<i64, sqlx::Error> {
    let n: Option<i64> = sqlx::query_scalar("SELECT count FROM rate_limits WHERE key = $1 AND window_start = $2")
        .bind(key)
        .bind(window_start)
        .fetch_optional(c)
        .await?;
    Ok(n.unwrap_or(0))
}

/// Whether `token_hash` names a device that signed in as `email` before
/// and has not expired.
pub async fn known_device(c: &mut Conn, token_hash: &str, email: &Email, now: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT d.account_id FROM known_devices d JOIN accounts a ON a.id = d.account_id
         WHERE d.token_hash = $1 AND a.email = $2 AND d.expires_at > $3",
    )
    .bind(token_hash)
    .bind(email.as_str())
    .bind(now)
    .fetch_optional(c)
    .await?;
    Ok(found.is_some())
}

/// Remembers (or renews) a device that signed in as `account`.
pub async fn remember_device(
    c: &mut Conn,
    token_hash: &str,
    account: app::domain::AccountId,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO known_devices (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (token_hash) DO UPDATE SET account_id = $2, expires_at = $4",
    )
    .bind(token_hash)
    .bind(account)
    .bind(now)
    .bind(expires_at)
    .execute(c)
    .await?;
    Ok(())
}
