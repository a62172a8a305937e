use super::Conn;
use app::domain::Email;

pub struct StoredCode {
    pub id: i64,
    pub code_hash: String,
    pub expires_at: i64,
    pub attempts: i64,
}

/// Stores a new code and retires every earlier unused one for the address.
pub async fn replace_code(
    c: &mut Conn,
    email: &Email,
    code_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sign_in_codes SET used_at = $1 WHERE email = $2 AND used_at IS NULL")
        .bind(now)
        .bind(email.as_str())
        .execute(&mut *c)
        .await?;
    sqlx::query("INSERT INTO sign_in_codes (email, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(email.as_str())
        .bind(code_hash)
        .bind(now)
        .bind(expires_at)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn current_code(c: &mut Conn, email: &Email) -> Result<Option<StoredCode>, sqlx::Error> {
    let row: Option<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT id, code_hash, expires_at, attempts FROM sign_in_codes
         WHERE email = $1 AND used_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(email.as_str())
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
