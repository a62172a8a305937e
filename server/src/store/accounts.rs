use super::Conn;
use app::domain::{AccountId, Email, Zone};
use app::ports::Account;
use sqlx::Row;

fn account(row: sqlx::any::AnyRow) -> Result<Account, sqlx::Error> {
    let email: String = row.try_get("email")?;
    Ok(Account {
        id: row.try_get("id")?,
        email: Email::parse(&email).map_err(|_| sqlx::Error::Decode("stored e-mail does not parse".into()))?,
        display_name: row.try_get("display_name")?,
        with_passkey: false,
    })
}

pub async fn by_email(c: &mut Conn, email: &Email) -> Result<Option<Account>, sqlx::Error> {
    sqlx::query("SELECT id, email, display_name FROM accounts WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(c)
        .await?
        .map(account)
        .transpose()
}

pub async fn by_id(c: &mut Conn, id: AccountId) -> Result<Option<Account>, sqlx::Error> {
    sqlx::query("SELECT id, email, display_name FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(c)
        .await?
        .map(account)
        .transpose()
}

pub async fn create(c: &mut Conn, email: &Email, locale: &str, now: i64) -> Result<Account, sqlx::Error> {
    let id: AccountId =
        sqlx::query_scalar("INSERT INTO accounts (email, locale, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(email.as_str())
            .bind(locale)
            .bind(now)
            .fetch_one(c)
            .await?;
    Ok(Account { id, email: email.clone(), display_name: String::new(), with_passkey: false })
}

/// The time zone the person chose, if any (`None` too for a name this
/// version does not know).
pub async fn time_zone(c: &mut Conn, id: AccountId) -> Result<Option<Zone>, sqlx::Error> {
    let name: Option<String> =
        sqlx::query_scalar("SELECT time_zone FROM accounts WHERE id = $1").bind(id).fetch_one(c).await?;
    Ok(name.and_then(|n| n.parse().ok()))
}

/// Sets the person's time zone; with `only_if_unset`, only when they have
/// none yet. Answers the zone in force afterwards.
pub async fn set_time_zone(c: &mut Conn, id: AccountId, zone: Zone, only_if_unset: bool) -> Result<Zone, sqlx::Error> {
    let guard = if only_if_unset { " AND time_zone IS NULL" } else { "" };
    sqlx::query(&format!("UPDATE accounts SET time_zone = $1 WHERE id = $2{guard}"))
        .bind(zone.name())
        .bind(id)
        .execute(&mut *c)
        .await?;
    Ok(time_zone(c, id).await?.unwrap_or(zone))
}

pub async fn set_display_name(c: &mut Conn, id: AccountId, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET display_name = $1 WHERE id = $2").bind(name).bind(id).execute(c).await?;
    Ok(())
}

/// The language mail to the account is written in.
pub async fn locale(c: &mut Conn, id: AccountId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT locale FROM accounts WHERE id = $1").bind(id).fetch_one(c).await
}

pub async fn set_locale(c: &mut Conn, id: AccountId, locale: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET locale = $1 WHERE id = $2").bind(locale).bind(id).execute(c).await?;
    Ok(())
}

// Sessions: only the hash of the cookie value is stored.

/// A new session; `factor` as in `SessionRow`.
pub async fn create_session(
    c: &mut Conn,
    token_hash: &str,
    account: AccountId,
    now: i64,
    factor: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, factor) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(account)
    .bind(now)
    .bind(now)
    .bind(factor)
    .execute(c)
    .await?;
    Ok(())
}

/// A session as stored.
pub struct SessionRow {
    pub account: Account,
    pub created: i64,
    pub last_seen: i64,
    /// `store::passkeys::FACTOR_*`: by code, waiting for the passkey, or with one.
    pub factor: i64,
}

/// The session's account, when it was created and last seen, and how it
/// was signed in; one statement (every signed-in request asks).
pub async fn session(c: &mut Conn, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT a.id, a.email, a.display_name, s.created_at, s.last_seen_at, s.factor
         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(c)
    .await?
    else {
        return Ok(None);
    };
    let (created, last_seen, factor) =
        (row.try_get("created_at")?, row.try_get("last_seen_at")?, row.try_get::<i64, _>("factor")?);
    let mut account = account(row)?;
    account.with_passkey = factor == super::passkeys::FACTOR_PASSKEY;
    Ok(Some(SessionRow { account, created, last_seen, factor }))
}

pub async fn touch_session(c: &mut Conn, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn delete_session(c: &mut Conn, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(c).await?;
    Ok(())
}
