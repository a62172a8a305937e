//! What the portal forgets by itself: rows that can no longer be used by
//! anyone. Each statement is a plain DELETE (or a token cleared) of rows
//! past a time, so two instances running it at once do the same harmless
//! thing twice. The content of cases is not touched here.

use super::Conn;
use app::domain::session::{SESSION_ABSOLUTE_MS, SESSION_IDLE_MS};

/// The longest rate-limit window (`services::sign_in`: a quarter hour, or a
/// UTC day for wrong codes): a window that started longer ago is over.
const LONGEST_WINDOW_MS: i64 = 24 * 3600 * 1000;

/// How long a person's own log of sign-ins and passkey changes is kept: a
/// year, as a known device is remembered.
pub const ACCOUNT_EVENTS_KEPT_MS: i64 = 365 * 24 * 3600 * 1000;

/// How long a join code's row stays after it could last be entered: a day
/// for the professional's "were you let in" page; who joined stays in the
/// team and the access log.
pub const JOIN_CODES_KEPT_MS: i64 = 24 * 3600 * 1000;

/// How many rows of each kind were forgotten, by table.
pub type Forgotten = Vec<(&'static str, u64)>;

/// Deletes what has run out by `now` (Unix milliseconds): sign-in codes
/// past their ten minutes (used or not), sessions idle or too old to be
/// resumed, rate-limit windows that ended, devices past their year, typed
/// input kept for a refused form that nobody came back for, passkey
/// challenges and identity-provider sign-ins past their minutes, a person's sign-in log past its year, join
/// codes a day after their minutes, and the hashes
/// of referral links that can no longer be followed (answered, or past
/// their last day: `services::referrals::usable` refuses them already).
pub async fn forget(c: &mut Conn, now: i64) -> Result<Forgotten, sqlx::Error> {
    let steps: [(&'static str, &str, i64); 10] = [
        ("sign_in_codes", "DELETE FROM sign_in_codes WHERE expires_at <= $1", now),
        ("sessions", "DELETE FROM sessions WHERE last_seen_at < $1", now - SESSION_IDLE_MS),
        ("sessions", "DELETE FROM sessions WHERE created_at < $1", now - SESSION_ABSOLUTE_MS),
        ("rate_limits", "DELETE FROM rate_limits WHERE window_start < $1", now - LONGEST_WINDOW_MS),
        ("known_devices", "DELETE FROM known_devices WHERE expires_at <= $1", now),
        ("kept_input", "DELETE FROM kept_input WHERE expires_at <= $1", now),
        ("passkey_ceremonies", "DELETE FROM passkey_ceremonies WHERE expires_at <= $1", now),
        ("oidc_attempts", "DELETE FROM oidc_attempts WHERE expires_at <= $1", now),
        ("account_events", "DELETE FROM account_events WHERE at < $1", now - ACCOUNT_EVENTS_KEPT_MS),
        ("join_codes", "DELETE FROM join_codes WHERE expires_at < $1", now - JOIN_CODES_KEPT_MS),
    ];
    let mut forgotten: Forgotten = Vec::new();
    for (table, sql, before) in steps {
        let n = sqlx::query(sql).bind(before).execute(&mut *c).await?.rows_affected();
        match forgotten.iter_mut().find(|(t, _)| *t == table) {
            Some((_, total)) => *total += n,
            None => forgotten.push((table, n)),
        }
    }
    let links = sqlx::query(
        "UPDATE referrals SET token_hash = NULL
         WHERE token_hash IS NOT NULL AND (status NOT IN ('sent', 'opened') OR link_expires_at <= $1)",
    )
    .bind(now)
    .execute(&mut *c)
    .await?;
    forgotten.push(("referrals.token_hash", links.rows_affected()));
    Ok(forgotten)
}
