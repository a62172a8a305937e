//! Sign-in by e-mail code, sessions and rate limits.

use super::PortalService;
use crate::error::Result;
use crate::store::{accounts, case, kept, outbox, passkeys, sign_in, Tx};
use app::domain::{AccountEvent, Email, ErrorKey, MailView, Zone};
use app::error::AppError;
use app::ports::{Account, NewSession, SignInBrowser, SignInPort};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::{rngs::OsRng, Rng, TryRngCore};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

pub const CODE_TTL_MS: i64 = 10 * 60 * 1000;
pub const CODE_MAX_TRIES: i64 = 5;
use app::domain::session::SESSION_TOUCH_EVERY_MS as TOUCH_EVERY_MS;
pub use app::domain::session::{SESSION_ABSOLUTE_MS, SESSION_IDLE_MS};
/// Code requests allowed per window: per address from browsers it never
/// signed in on, per known device, and per client (an IPv4 address or an
/// IPv6 /64). Wrong codes per client use the same window and number.
pub const RATE_WINDOW_MS: i64 = 15 * 60 * 1000;
pub const RATE_PER_EMAIL: i64 = 5;
pub const RATE_PER_DEVICE: i64 = 5;
pub const RATE_PER_IP: i64 = 30;
/// The day's budget of wrong codes for one address, across all its codes,
/// from browsers it never signed in on (UTC days). Once spent, no code is
/// compared at all until the next day, so guesses at one address are at
/// most this many a day: `GUESSES_IN_31_DAYS` below.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;
pub const WRONG_CODES_PER_DAY: i64 = 3;
/// A browser that signed in as the address before has a budget of its own.
pub const WRONG_CODES_PER_DEVICE_DAY: i64 = 10;
/// How long a browser stays known after its last sign-in.
pub const DEVICE_TTL_MS: i64 = 365 * DAY_MS;
/// Possible codes: six digits.
pub const CODE_SPACE: i64 = 1_000_000;
/// The most codes anyone without a known device of the address can have
/// compared in any 31 days: 32 UTC days touch such a span.
pub const GUESSES_IN_31_DAYS: i64 = 32 * WRONG_CODES_PER_DAY;

/// The odds of guessing a targeted address's code within a month: at most
/// one in this many (each comparison matches with probability one in a
/// million whatever the attacker does; known devices' budgets need their
/// 256-bit token).
pub const fn one_in_per_month() -> i64 {
    CODE_SPACE / GUESSES_IN_31_DAYS
}

#[async_trait::async_trait]
impl SignInPort for PortalService {
    async fn request_code(
        &self,
        email: &Email,
        ip: IpAddr,
        lang: &str,
        browser: SignInBrowser<'_>,
    ) -> Result<String, AppError> {
        Ok(request_code(self, email, ip, lang, browser).await?)
    }
    async fn verify_code(
        &self,
        email: &Email,
        code: &str,
        ip: IpAddr,
        browser: SignInBrowser<'_>,
        replaces: Option<&str>,
    ) -> Result<NewSession, AppError> {
        Ok(verify_code(self, email, code, ip, browser, replaces).await?)
    }
    async fn session(&self, token: &str) -> Result<Option<Account>, AppError> {
        Ok(session(self, token).await?)
    }
    async fn set_time_zone(&self, actor: &Account, zone: Zone, only_if_unset: bool) -> Result<Zone, AppError> {
        Ok(set_time_zone(self, actor, zone, only_if_unset).await?)
    }
    async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        Ok(sign_out(self, token).await?)
    }
    async fn dev_mailbox(&self) -> Result<Vec<MailView>, AppError> {
        Ok(dev_mailbox(self).await?)
    }
    async fn keep_input(&self, session: Option<&str>, ip: IpAddr, fields: &str) -> Result<Option<String>, AppError> {
        Ok(keep_input(self, session, ip, fields).await?)
    }
    async fn take_input(&self, key: &str, session: Option<&str>) -> Result<Option<String>, AppError> {
        Ok(take_input(self, key, session).await?)
    }
}

/// Typed input of a refused form lives this long.
pub const KEPT_INPUT_TTL_MS: i64 = 10 * 60 * 1000;

/// Keeps a refused form's fields: always for someone signed in; for
/// anyone else only within the per-client sign-in limit (a stranger's
/// refused forms cannot fill the table). `None` when not kept.
#[tracing::instrument(skip_all)]
async fn keep_input(s: &PortalService, token: Option<&str>, ip: IpAddr, fields: &str) -> Result<Option<String>> {
    let now = s.now().0;
    let signed_in = match token {
        Some(t) => session(s, t).await?.is_some(),
        None => false,
    };
    let key = new_token();
    let mut tx = s.db.begin_write().await?;
    if !signed_in {
        let window = now - now.rem_euclid(RATE_WINDOW_MS);
        let hits = sign_in::hit_rate_limit(&mut tx, &format!("keep:ip:{}", client_net(ip)), window).await?;
        if hits > RATE_PER_IP {
            tx.commit().await?;
            return Ok(None);
        }
    }
    let session = token.filter(|_| signed_in).map(|t| hash(&[t]));
    kept::put(&mut tx, &hash(&[&key]), session.as_deref(), fields, now, now + KEPT_INPUT_TTL_MS).await?;
    tx.commit().await?;
    Ok(Some(key))
}

/// The client a per-client limit counts: an IPv4 address, or an IPv6
/// address's /64 (one household or host is given a whole /64, and any
/// address in it is theirs to use).
pub fn client_net(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
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

/// Whether the browser's device token names a browser that signed in as
/// `email` before: the key of its own budgets when it does.
async fn device_key(tx: &mut Tx, email: &Email, device: Option<&str>, now: i64) -> Result<Option<String>> {
    let Some(device) = device.filter(|d| !d.is_empty() && d.len() <= 64) else { return Ok(None) };
    let device_hash = hash(&[device]);
    Ok(sign_in::known_device(tx, &device_hash, email, now).await?.then_some(device_hash))
}

#[tracing::instrument(skip_all)]
pub(crate) async fn request_code(
    s: &PortalService,
    email: &Email,
    ip: IpAddr,
    lang: &str,
    browser: SignInBrowser<'_>,
) -> Result<String> {
    let now = s.now().0;
    let window = now - now.rem_euclid(RATE_WINDOW_MS);
    let mut tx = s.db.begin_write().await?;
    // A known device's requests are its own: strangers asking for the
    // address cannot use up what the person's phone may ask.
    let (per_sender, limit) = match device_key(&mut tx, email, browser.device, now).await? {
        Some(device) => (format!("code:device:{device}"), RATE_PER_DEVICE),
        None => (format!("code:email:{}", email_key(s, email)), RATE_PER_EMAIL),
    };
    let per_sender = sign_in::hit_rate_limit(&mut tx, &per_sender, window).await?;
    let per_ip = sign_in::hit_rate_limit(&mut tx, &format!("code:ip:{}", client_net(ip)), window).await?;
    if per_sender > limit || per_ip > RATE_PER_IP {
        // Count the refused hit too, so hammering does not reset anything.
        tx.commit().await?;
        return Err(AppError::TooManyRequests.into());
    }
    let attempt =
        browser.attempt.filter(|a| a.len() >= 43 && a.len() <= 64).map(str::to_string).unwrap_or_else(new_token);
    let code = new_code();
    sign_in::replace_code(&mut tx, email, &hash(&[&attempt]), &code_hash(s, email, &code), now, now + CODE_TTL_MS)
        .await?;
    let (subject, body) = app::text::sign_in_mail(lang, &code);
    let mail =
        outbox::NewMail { recipient: email.as_str(), locale: lang, subject: &subject, body: &body, urgent: true };
    outbox::enqueue(&mut tx, &mail, now).await?;
    tx.commit().await?;
    s.outbox_wake.notify_one();
    Ok(attempt)
}

#[tracing::instrument(skip_all)]
async fn verify_code(
    s: &PortalService,
    email: &Email,
    code: &str,
    ip: IpAddr,
    browser: SignInBrowser<'_>,
    replaces: Option<&str>,
) -> Result<NewSession> {
    let now = s.now().0;
    let wrong = || AppError::field("code", ErrorKey::CodeInvalid);
    let Some(attempt) = browser.attempt else { return Err(wrong().into()) };
    let mut tx = s.db.begin_write().await?;
    let known = device_key(&mut tx, email, browser.device, now).await?;
    // Budgets are checked before any code is compared: once spent, the
    // right code is refused too, so a guess tells nothing.
    let day = now - now.rem_euclid(DAY_MS);
    let (budget_key, budget) = match &known {
        Some(device) => (format!("guess:device:{device}"), WRONG_CODES_PER_DEVICE_DAY),
        None => (format!("guess:email:{}", email_key(s, email)), WRONG_CODES_PER_DAY),
    };
    let window = now - now.rem_euclid(RATE_WINDOW_MS);
    let ip_key = format!("guess:ip:{}", client_net(ip));
    if sign_in::rate_count(&mut tx, &budget_key, day).await? >= budget
        || sign_in::rate_count(&mut tx, &ip_key, window).await? >= RATE_PER_IP
    {
        return Err(AppError::TooManyRequests.into());
    }
    let Some(stored) = sign_in::current_code(&mut tx, email, &hash(&[attempt])).await? else {
        return Err(wrong().into());
    };
    if stored.expires_at <= now || stored.attempts >= CODE_MAX_TRIES {
        return Err(wrong().into());
    }
    if stored.code_hash != code_hash(s, email, code) {
        sign_in::count_attempt(&mut tx, stored.id).await?;
        sign_in::hit_rate_limit(&mut tx, &budget_key, day).await?;
        sign_in::hit_rate_limit(&mut tx, &ip_key, window).await?;
        tx.commit().await?;
        return Err(wrong().into());
    }
    sign_in::mark_used(&mut tx, stored.id, now).await?;
    let account = match accounts::by_email(&mut tx, email).await? {
        Some(a) => a,
        None => accounts::create(&mut tx, email, "en", now).await?,
    };
    let mut session = start_session(&mut tx, &account, replaces, now, AccountEvent::CodeSignIn).await?;
    // The browser is known from now on (its token renewed for a year).
    session.device = match (known, browser.device) {
        (Some(_), Some(d)) => d.to_string(),
        _ => new_token(),
    };
    sign_in::remember_device(&mut tx, &hash(&[&session.device]), account.id, now, now + DEVICE_TTL_MS).await?;
    tx.commit().await?;
    Ok(session)
}

/// A session for `account` once its first factor answered (an e-mail code,
/// or the identity provider: `event` says which); no known-device token
/// yet (`device` is empty).
pub(crate) async fn start_session(
    tx: &mut Tx,
    account: &Account,
    replaces: Option<&str>,
    now: i64,
    event: AccountEvent,
) -> Result<NewSession> {
    // Rotation: whatever session the browser had before ends here.
    if let Some(old) = replaces {
        accounts::delete_session(tx, &hash(&[old])).await?;
    }
    // An account with passkeys is signed in only once one answers
    // (`services::passkeys`); a recovery that is due removes them first.
    recover_if_due(tx, account, now).await?;
    let needs_passkey = passkeys::count(tx, account.id).await? > 0;
    let factor = if needs_passkey { passkeys::FACTOR_WAITING } else { passkeys::FACTOR_CODE };
    passkeys::log(tx, account.id, now, event, "").await?;
    let token = new_token();
    accounts::create_session(tx, &hash(&[&token]), account.id, now, factor).await?;
    let has_case = case::of_worker(tx, account.id).await?.is_some();
    let time_zone = accounts::time_zone(tx, account.id).await?;
    Ok(NewSession { token, has_case, device: String::new(), needs_passkey, time_zone })
}

/// The person's own setting: no case involved, so no access-log row.
#[tracing::instrument(skip_all)]
async fn set_time_zone(s: &PortalService, actor: &Account, zone: Zone, only_if_unset: bool) -> Result<Zone> {
    let mut tx = s.db.begin_write().await?;
    let zone = accounts::set_time_zone(&mut tx, actor.id, zone, only_if_unset).await?;
    tx.commit().await?;
    Ok(zone)
}

/// The account of a signed-in session (one waiting for its passkey is
/// not signed in yet).
#[tracing::instrument(skip_all)]
pub(crate) async fn session(s: &PortalService, token: &str) -> Result<Option<Account>> {
    alive(s, token, false).await
}

/// The account of a session waiting for its passkey (the sign-in step's
/// pages and calls), kept alive like any other.
pub(crate) async fn waiting_session(s: &PortalService, token: &str) -> Result<Option<Account>> {
    alive(s, token, true).await
}

async fn alive(s: &PortalService, token: &str, waiting: bool) -> Result<Option<Account>> {
    let now = s.now().0;
    let token_hash = hash(&[token]);
    let (account, created, last_seen) = {
        let mut c = s.db.pool().acquire().await?;
        let Some(found) = accounts::session(&mut c, &token_hash).await? else {
            return Ok(None);
        };
        if (found.factor == passkeys::FACTOR_WAITING) != waiting {
            return Ok(None);
        }
        (found.account, found.created, found.last_seen)
    };
    // An account refused too often is slowed before any work (`Refusals`).
    if s.refusals.slowed(account.id, s.now()) {
        return Err(AppError::TooManyRequests.into());
    }
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

/// The session's account if it is alive now, without keeping it alive
/// (an open page's event stream is no activity) and without writing.
pub(crate) async fn session_peek(s: &PortalService, token: &str) -> Result<Option<Account>> {
    let now = s.now().0;
    let mut c = s.db.pool().acquire().await?;
    let Some(found) = accounts::session(&mut c, &hash(&[token])).await? else {
        return Ok(None);
    };
    let alive = now - found.last_seen <= SESSION_IDLE_MS
        && now - found.created <= SESSION_ABSOLUTE_MS
        && found.factor != passkeys::FACTOR_WAITING;
    Ok(Some(found.account).filter(|a| alive && !s.refusals.slowed(a.id, s.now())))
}

#[tracing::instrument(skip_all)]
async fn sign_out(s: &PortalService, token: &str) -> Result<()> {
    let mut tx = s.db.begin_write().await?;
    accounts::delete_session(&mut tx, &hash(&[token])).await?;
    // Open pages' event streams check their sessions (this one ended).
    super::events::commit_announcing_sessions(s, tx).await
}

#[tracing::instrument(skip_all)]
async fn dev_mailbox(s: &PortalService) -> Result<Vec<MailView>> {
    if !s.demo {
        return Err(AppError::NotFound.into());
    }
    let mut c = s.db.pool().acquire().await?;
    Ok(outbox::latest(&mut c, 50).await?)
}

/// At a code sign-in: a recovery whose waiting period is over removes the
/// account's passkeys, so this sign-in needs none.
async fn recover_if_due(tx: &mut Tx, account: &Account, now: i64) -> Result<()> {
    if passkeys::recovery_due(tx, account.id).await?.is_some_and(|due| due <= now) {
        let removed = passkeys::remove_all(tx, account.id).await?;
        passkeys::end_recovery(tx, account.id).await?;
        passkeys::log(tx, account.id, now, AccountEvent::RecoveryDone, &removed.to_string()).await?;
    }
    Ok(())
}
