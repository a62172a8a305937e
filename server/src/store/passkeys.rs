//! Passkeys, the ceremonies under way, lost-phone recoveries and the
//! account's own log of sign-in steps (migration 0025).

use super::Conn;
use app::domain::{AccountEvent, AccountEventView, AccountId, PasskeyId, PasskeyView};
use sqlx::Row;

/// A stored passkey: the relying-party library's record of it, as JSON.
pub struct Stored {
    pub id: PasskeyId,
    pub name: String,
    pub passkey: String,
}

pub async fn of_account(c: &mut Conn, account: AccountId) -> Result<Vec<Stored>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name, passkey FROM passkeys WHERE account_id = $1 ORDER BY id")
        .bind(account)
        .fetch_all(c)
        .await?;
    rows.iter()
        .map(|r| Ok(Stored { id: r.try_get("id")?, name: r.try_get("name")?, passkey: r.try_get("passkey")? }))
        .collect()
}

pub async fn count(c: &mut Conn, account: AccountId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM passkeys WHERE account_id = $1").bind(account).fetch_one(c).await
}

pub async fn views(c: &mut Conn, account: AccountId) -> Result<Vec<PasskeyView>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name, created_at, last_used_at FROM passkeys WHERE account_id = $1 ORDER BY id")
        .bind(account)
        .fetch_all(c)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PasskeyView {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                added_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
            })
        })
        .collect()
}

/// Adds a passkey; `false` when its credential is already stored (the
/// browser registered the same one twice).
pub async fn add(
    c: &mut Conn,
    account: AccountId,
    credential_id: &str,
    name: &str,
    passkey: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO passkeys (account_id, credential_id, name, passkey, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (credential_id) DO NOTHING",
    )
    .bind(account)
    .bind(credential_id)
    .bind(name)
    .bind(passkey)
    .bind(now)
    .execute(c)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// After a sign-in with it: its new counter, and when.
pub async fn used(c: &mut Conn, id: PasskeyId, passkey: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE passkeys SET passkey = $1, last_used_at = $2 WHERE id = $3")
        .bind(passkey)
        .bind(now)
        .bind(id)
        .execute(c)
        .await?;
    Ok(())
}

/// Removes one of the account's passkeys: its name, `None` when the account
/// has no such passkey.
pub async fn remove(c: &mut Conn, account: AccountId, id: PasskeyId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("DELETE FROM passkeys WHERE id = $1 AND account_id = $2 RETURNING name")
        .bind(id)
        .bind(account)
        .fetch_optional(c)
        .await
}

pub async fn remove_all(c: &mut Conn, account: AccountId) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM passkeys WHERE account_id = $1").bind(account).execute(c).await?.rows_affected())
}

// Ceremonies: one per session, replaced by the next.

pub async fn put_ceremony(
    c: &mut Conn,
    session_hash: &str,
    kind: &str,
    state: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO passkey_ceremonies (session_hash, kind, state, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (session_hash) DO UPDATE SET kind = $2, state = $3, expires_at = $4",
    )
    .bind(session_hash)
    .bind(kind)
    .bind(state)
    .bind(expires_at)
    .execute(c)
    .await?;
    Ok(())
}

/// Takes the session's ceremony of `kind`, once: the state, if it has not
/// expired.
pub async fn take_ceremony(
    c: &mut Conn,
    session_hash: &str,
    kind: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let found: Option<(String, i64)> = sqlx::query_as(
        "DELETE FROM passkey_ceremonies WHERE session_hash = $1 AND kind = $2 RETURNING state, expires_at",
    )
    .bind(session_hash)
    .bind(kind)
    .fetch_optional(c)
    .await?;
    Ok(found.filter(|(_, expires)| *expires > now).map(|(state, _)| state))
}

// Recoveries.

pub async fn recovery_due(c: &mut Conn, account: AccountId) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT due_at FROM passkey_recoveries WHERE account_id = $1")
        .bind(account)
        .fetch_optional(c)
        .await
}

/// Asks for a recovery; an earlier one keeps its date (asking again does
/// not make the wait longer, nor shorter). Answers when it is due, and
/// whether this call asked first.
pub async fn ask_recovery(c: &mut Conn, account: AccountId, now: i64, due_at: i64) -> Result<(i64, bool), sqlx::Error> {
    let asked = sqlx::query(
        "INSERT INTO passkey_recoveries (account_id, asked_at, due_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO NOTHING",
    )
    .bind(account)
    .bind(now)
    .bind(due_at)
    .execute(&mut *c)
    .await?;
    let first = asked.rows_affected() == 1;
    Ok((recovery_due(c, account).await?.unwrap_or(due_at), first))
}

pub async fn end_recovery(c: &mut Conn, account: AccountId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM passkey_recoveries WHERE account_id = $1").bind(account).execute(c).await?;
    Ok(done.rows_affected() == 1)
}

// The account's own log.

pub async fn log(
    c: &mut Conn,
    account: AccountId,
    at: i64,
    event: AccountEvent,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO account_events (account_id, at, event, detail) VALUES ($1, $2, $3, $4)")
        .bind(account)
        .bind(at)
        .bind(event.id())
        .bind(detail)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn events(c: &mut Conn, account: AccountId, limit: i64) -> Result<Vec<AccountEventView>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT at, event, detail FROM account_events WHERE account_id = $1 ORDER BY id DESC LIMIT $2")
            .bind(account)
            .bind(limit)
            .fetch_all(c)
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        // An event of a newer version is left out, not an error.
        if let Ok(event) = r.try_get::<&str, _>("event")?.parse::<AccountEvent>() {
            out.push(AccountEventView { at: r.try_get("at")?, event, detail: r.try_get("detail")? });
        }
    }
    Ok(out)
}

// Sessions' factor (`sessions.factor`).

pub const FACTOR_CODE: i64 = 0;
pub const FACTOR_WAITING: i64 = 1;
pub const FACTOR_PASSKEY: i64 = 2;

pub async fn set_factor(c: &mut Conn, session_hash: &str, factor: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET factor = $1 WHERE token_hash = $2")
        .bind(factor)
        .bind(session_hash)
        .execute(c)
        .await?;
    Ok(())
}

/// The roles the person holds in the teams they are now in (by address).
pub async fn roles_of(c: &mut Conn, email: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT role FROM participants WHERE email = $1 AND removed_at IS NULL")
        .bind(email)
        .fetch_all(c)
        .await
}
