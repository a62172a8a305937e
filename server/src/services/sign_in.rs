//! Sign-in by e-mail code, sessions and rate limits.

use super::PortalService;
use crate::error::Result;
use crate::store::{accounts, case, kept, outbox, sign_in};
use app::domain::{Email, ErrorKey, MailView};
use app::error::AppError;
use app::ports::{Account, NewSession, SignInPort};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::{rngs::OsRng, Rng, TryRngCore};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

pub const CODE_TTL_MS: i64 = 10 * 60 * 1000;
pub const CODE_MAX_TRIES: i64 = 5;
use app::domain::session::SESSION_TOUCH_EVERY_MS as TOUCH_EVERY_MS;
pub use app::domain::session::{SESSION_ABSOLUTE_MS, SESSION_IDLE_MS};
/// Sign-in requests allowed per window, per address and per client address.
pub const RATE_WINDOW_MS: i64 = 15 * 60 * 1000;
pub const RATE_PER_EMAIL: i64 = 5;
pub const RATE_PER_IP: i64 = 30;

#[async_trait::async_trait]
impl SignInPort for PortalService {
    async fn request_code(&self, email: &Email, ip: IpAddr, lang: &str) -> Result<(), AppError> {
        Ok(request_code(self, email, ip, lang).await?)
    }
    async fn verify_code(&self, email: &Email, code: &str, replaces: Option<&str>) -> Result<NewSession, AppError> {
        Ok(verify_code(self, email, code, replaces).await?)
    }
    async fn session(&self, token: &str) -> Result<Option<Account>, AppError> {
        Ok(session(self, token).await?)
    }
    async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        Ok(sign_out(self, token).await?)
    }
    async fn dev_mailbox(&self) -> Result<Vec<MailView>, AppError> {
        Ok(dev_mailbox(self).await?)
    }
    async fn keep_input(&self, session: Option<&str>, fields: &str) -> Result<String, AppError> {
        Ok(keep_input(self, session, fields).await?)
    }
    async fn take_input(&self, key: &str, session: Option<&str>) -> Result<Option<String>, AppError> {
        Ok(take_input(self, key, session).await?)
    }
}

/// Typed input of a refused form lives this long.
pub const KEPT_INPUT_TTL_MS: i64 = 10 * 60 * 1000;

#[tracing::instrument(skip_all)]
async fn keep_input(s: &PortalService, session: Option<&str>, fields: &str) -> Result<String> {
    let now = s.now().0;
    let key = new_token();
    let session = session.map(|t| hash(&[t]));
    let mut tx = s.db.begin_write().await?;
    kept::put(&mut tx, &hash(&[&key]), session.as_deref(), fields, now, now + KEPT_INPUT_TTL_MS).await?;
    tx.commit().await?;
    Ok(key)
}

#[tracing::instrument(skip_all)]
async fn take_input(s: &PortalService, key: &str, session: Option<&str>) -> Result<Option<String>> {
    let session = session.map(|t| hash(&[t]));
    let mut tx = s.db.begin_write().await?;
    let fields = kept::take(&mut tx, &hash(&[key]), session.as_deref(), s.now().0).await?;
    tx.commit().await?;
    Ok(fields)
}

pub fn hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    URL_SAFE_NO_PAD.encode(h.finalize())
}

/// How a sign-in code is stored: an HMAC under the server's key (a plain
/// hash of one of a million values is reversed in milliseconds).
fn code_hash(s: &PortalService, email: &Email, code: &str) -> String {
    s.keys.short_secret(&["sign-in code", email.as_str(), code])
}

/// An address as rate-limit counters name it: keyed, so the counters do
/// not list who signed in.
fn email_key(s: &PortalService, email: &Email) -> String {
    s.keys.short_secret(&["address", email.as_str()])
}

/// 256 bits from the operating system's CSPRNG.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.try_fill_bytes(&mut bytes).expect("the OS random source failed");
    URL_SAFE_NO_PAD.encode(bytes)
}

fn new_code() -> String {
    let mut rng = OsRng.unwrap_err();
    format!("{:06}", rng.random_range(0..1_000_000u32))
}

#[tracing::instrument(skip_all)]
pub(crate) async fn request_code(s: &PortalService, email: &Email, ip: IpAddr, lang: &str) -> Result<()> {
    let now = s.now().0;
    let window = now - now.rem_euclid(RATE_WINDOW_MS);
    let mut tx = s.db.begin_write().await?;
    let per_email = sign_in::hit_rate_limit(&mut tx, &format!("code:email:{}", email_key(s, email)), window).await?;
    let per_ip = sign_in::hit_rate_limit(&mut tx, &format!("code:ip:{ip}"), window).await?;
    if per_email > RATE_PER_EMAIL || per_ip > RATE_PER_IP {
        // Count the refused hit too, so hammering does not reset anything.
        tx.commit().await?;
        return Err(AppError::TooManyRequests.into());
    }
    let code = new_code();
    sign_in::replace_code(&mut tx, email, &code_hash(s, email, &code), now, now + CODE_TTL_MS).await?;
    let (subject, body) = app::text::sign_in_mail(lang, &code);
    let mail = outbox::NewMail { recipient: email.as_str(), locale: lang, subject: &subject, body: &body };
    outbox::enqueue(&mut tx, &mail, now).await?;
    tx.commit().await?;
    s.outbox_wake.notify_one();
    Ok(())
}

#[tracing::instrument(skip_all)]
async fn verify_code(s: &PortalService, email: &Email, code: &str, replaces: Option<&str>) -> Result<NewSession> {
    let now = s.now().0;
    let wrong = || AppError::field("code", ErrorKey::CodeInvalid);
    let mut tx = s.db.begin_write().await?;
    let Some(stored) = sign_in::current_code(&mut tx, email).await? else {
        return Err(wrong().into());
    };
    if stored.expires_at <= now || stored.attempts >= CODE_MAX_TRIES {
        return Err(wrong().into());
    }
    if stored.code_hash != code_hash(s, email, code) {
        sign_in::count_attempt(&mut tx, stored.id).await?;
        tx.commit().await?;
        return Err(wrong().into());
    }
    sign_in::mark_used(&mut tx, stored.id, now).await?;
    let account = match accounts::by_email(&mut tx, email).await? {
        Some(a) => a,
        None => accounts::create(&mut tx, email, "en", now).await?,
    };
    // Rotation: whatever session the browser had before ends here.
    if let Some(old) = replaces {
        accounts::delete_session(&mut tx, &hash(&[old])).await?;
    }
    let token = new_token();
    accounts::create_session(&mut tx, &hash(&[&token]), account.id, now).await?;
    let has_case = case::of_worker(&mut tx, account.id).await?.is_some();
    tx.commit().await?;
    Ok(NewSession { token, has_case })
}

#[tracing::instrument(skip_all)]
async fn session(s: &PortalService, token: &str) -> Result<Option<Account>> {
    let now = s.now().0;
    let token_hash = hash(&[token]);
    let (account, created, last_seen) = {
        let mut c = s.db.pool().acquire().await?;
        let Some(found) = accounts::session(&mut c, &token_hash).await? else {
            return Ok(None);
        };
        found
    };
    // The rare writes take their turn like every other write (no pooled
    // connection held meanwhile).
    if now - last_seen > SESSION_IDLE_MS || now - created > SESSION_ABSOLUTE_MS {
        let mut tx = s.db.begin_write().await?;
        accounts::delete_session(&mut tx, &token_hash).await?;
        tx.commit().await?;
        return Ok(None);
    }
    // Refresh `last_seen_at` only this often: fewer writes, same idle timeout.
    if now - last_seen > TOUCH_EVERY_MS {
        let mut tx = s.db.begin_write().await?;
        accounts::touch_session(&mut tx, &token_hash, now).await?;
        tx.commit().await?;
    }
    Ok(Some(account))
}

#[tracing::instrument(skip_all)]
async fn sign_out(s: &PortalService, token: &str) -> Result<()> {
    let mut tx = s.db.begin_write().await?;
    accounts::delete_session(&mut tx, &hash(&[token])).await?;
    Ok(tx.commit().await?)
}

#[tracing::instrument(skip_all)]
async fn dev_mailbox(s: &PortalService) -> Result<Vec<MailView>> {
    if !s.demo {
        return Err(AppError::NotFound.into());
    }
    let mut c = s.db.pool().acquire().await?;
    Ok(outbox::latest(&mut c, 50).await?)
}
