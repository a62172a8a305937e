//! Typed values of refused forms, read once (see migration 0007).

use super::Conn;

pub async fn put(
    c: &mut Conn,
    key_hash: &str,
    session_hash: Option<&str>,
    fields: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM kept_input WHERE expires_at <= $1").bind(now).execute(&mut *c).await?;
    sqlx::query("INSERT INTO kept_input (key_hash, session_hash, fields, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(key_hash)
        .bind(session_hash)
        .bind(fields)
        .bind(expires_at)
        .execute(c)
        .await?;
    Ok(())
}

/// The fields kept under `key_hash` for this session (or for nobody signed
/// in), removing them: they are shown once.
pub async fn take(
    c: &mut Conn,
    key_hash: &str,
    session_hash: Option<&str>,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("DELETE FROM kept_input WHERE expires_at <= $1").bind(now).execute(&mut *c).await?;
    let row: Option<(Option<String>, String, i64)> =
        sqlx::query_as("DELETE FROM kept_input WHERE key_hash = $1 RETURNING session_hash, fields, expires_at")
            .bind(key_hash)
            .fetch_optional(c)
            .await?;
    Ok(row.and_then(|(owner, fields, expires)| (expires > now && owner.as_deref() == session_hash).then_some(fields)))
}
