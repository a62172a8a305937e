//! Sign-ins through an identity provider under way, and the identities
//! linked to accounts (migration 0028).

use super::Conn;
use app::domain::AccountId;
use sqlx::Row;

/// What a sign-in under way keeps until the browser comes back.
pub struct Attempt {
    pub browser_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub expires_at: i64,
    /// A signed-in person linking their identity to this account.
    pub link_account: Option<AccountId>,
}

pub async fn put_attempt(c: &mut Conn, state_hash: &str, attempt: &Attempt) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oidc_attempts (state_hash, browser_hash, nonce, pkce_verifier, expires_at, link_account_id)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(state_hash)
    .bind(&attempt.browser_hash)
    .bind(&attempt.nonce)
    .bind(&attempt.pkce_verifier)
    .bind(attempt.expires_at)
    .bind(attempt.link_account)
    .execute(c)
    .await?;
    Ok(())
}

/// The attempt of this state if `browser_hash` started it; it is removed
/// (single use). Another browser's attempt is left alone.
pub async fn take_attempt(c: &mut Conn, state_hash: &str, browser_hash: &str) -> Result<Option<Attempt>, sqlx::Error> {
    let row = sqlx::query(
        "DELETE FROM oidc_attempts WHERE state_hash = $1 AND browser_hash = $2
         RETURNING browser_hash, nonce, pkce_verifier, expires_at, link_account_id",
    )
    .bind(state_hash)
    .bind(browser_hash)
    .fetch_optional(c)
    .await?;
    row.map(|r| {
        Ok(Attempt {
            browser_hash: r.try_get("browser_hash")?,
            nonce: r.try_get("nonce")?,
            pkce_verifier: r.try_get("pkce_verifier")?,
            expires_at: r.try_get("expires_at")?,
            link_account: r.try_get("link_account_id")?,
        })
    })
    .transpose()
}

/// The account linked to this identity, if any.
pub async fn linked(c: &mut Conn, issuer: &str, subject: &str) -> Result<Option<AccountId>, sqlx::Error> {
    sqlx::query_scalar("SELECT account_id FROM oidc_links WHERE issuer = $1 AND subject = $2")
        .bind(issuer)
        .bind(subject)
        .fetch_optional(c)
        .await
}

/// Whether the account is linked to some identity at this issuer.
pub async fn has_link(c: &mut Conn, issuer: &str, account: AccountId) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM oidc_links WHERE issuer = $1 AND account_id = $2")
        .bind(issuer)
        .bind(account)
        .fetch_one(c)
        .await?;
    Ok(n > 0)
}

pub async fn link(c: &mut Conn, issuer: &str, subject: &str, account: AccountId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO oidc_links (issuer, subject, account_id, linked_at) VALUES ($1, $2, $3, $4)")
        .bind(issuer)
        .bind(subject)
        .bind(account)
        .bind(now)
        .execute(c)
        .await?;
    Ok(())
}

/// Removes the account's link at this issuer; answers how many went (0 or 1).
pub async fn unlink(c: &mut Conn, issuer: &str, account: AccountId) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM oidc_links WHERE issuer = $1 AND account_id = $2")
        .bind(issuer)
        .bind(account)
        .execute(c)
        .await?;
    Ok(done.rows_affected())
}
