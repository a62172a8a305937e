//! Passkeys (WebAuthn) as the second factor after the e-mail code, with the
//! relying party of `webauthn-rs`: adding and removing them, the sign-in
//! step that asks for one, and recovery when a phone is lost (the passkeys
//! go after `RECOVERY_WAIT_MS`, told by mail; a sign-in with one stops it).
//! Whether a role must have one is `domain::needs_passkey`; `authorize`
//! refuses such a professional's case pages without one.

use super::sign_in::{hash, session as signed_in, waiting_session};
use super::PortalService;
use crate::error::Result;
use crate::store::{outbox, passkeys, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, PasskeysPort};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use sha2::{Digest, Sha256};
use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential, Url, Uuid,
    Webauthn, WebauthnBuilder,
};

/// Rows of the account's own log on its page.
const EVENTS_SHOWN: i64 = 20;

#[async_trait::async_trait]
impl PasskeysPort for PortalService {
    async fn passkeys_page(&self, session: &str) -> Result<PasskeysPage, AppError> {
        Ok(page(self, session).await?)
    }
    async fn start_passkey(&self, session: &str) -> Result<String, AppError> {
        Ok(start_adding(self, session).await?)
    }
    async fn add_passkey(&self, session: &str, name: &str, credential: &str) -> Result<(), AppError> {
        Ok(add(self, session, name, credential).await?)
    }
    async fn remove_passkey(&self, session: &str, id: PasskeyId) -> Result<(), AppError> {
        Ok(remove(self, session, id).await?)
    }
    async fn passkey_step(&self, waiting: &str) -> Result<PasskeyStep, AppError> {
        Ok(step(self, waiting).await?)
    }
    async fn start_passkey_sign_in(&self, waiting: &str) -> Result<String, AppError> {
        Ok(start_sign_in(self, waiting).await?)
    }
    async fn finish_passkey_sign_in(&self, waiting: &str, credential: &str) -> Result<(), AppError> {
        Ok(finish_sign_in(self, waiting, credential).await?)
    }
    async fn ask_passkey_recovery(&self, waiting: &str, lang: &str) -> Result<PasskeyStep, AppError> {
        Ok(ask_recovery(self, waiting, lang).await?)
    }
}

/// The relying party at the portal's public address; `None` where passkeys
/// cannot work: a bare IP address is no relying-party id (WebAuthn asks
/// for a domain name; `localhost` is one).
pub fn relying_party(public_url: &str) -> Option<Webauthn> {
    let origin = Url::parse(public_url).ok()?;
    let host = origin.host_str()?.to_string();
    if host.starts_with('[') || host.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    WebauthnBuilder::new(&host, &origin).ok()?.rp_name("rtw-portal").build().ok()
}

fn rp(s: &PortalService) -> Result<Webauthn> {
    relying_party(&s.public_url).ok_or_else(|| AppError::field("passkey", ErrorKey::PasskeysUnavailable).into())
}

/// The account's id as the authenticator stores it: derived under the
/// server's key, so it names nobody outside the portal.
fn user_handle(s: &PortalService, account: &Account) -> Uuid {
    let secret = s.keys.short_secret(&["passkey user", &account.id.to_string()]);
    let digest = Sha256::digest(secret.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::from_bytes(bytes)
}

/// Whether the person must sign in with a passkey: a role in some team
/// they are now in reads more than adjustments.
async fn required(s: &PortalService, tx: &mut Tx, account: &Account) -> Result<bool> {
    let roles = passkeys::roles_of(tx, account.email.as_str()).await?;
    Ok(s.passkeys_required && roles.iter().filter_map(|r| r.parse::<Role>().ok()).any(needs_passkey))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| {
        tracing::error!(error = %e, "a passkey value did not serialize");
        AppError::Unavailable.into()
    })
}

/// What the browser sent, or a refusal that changes nothing.
fn parsed<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|_| AppError::field("passkey", ErrorKey::PasskeyFailed).into())
}

/// The account's passkeys as stored and as the relying party reads them
/// (one that no longer reads is left out, not an error).
async fn mine(tx: &mut Tx, account: &Account) -> Result<Vec<(passkeys::Stored, Passkey)>> {
    let stored = passkeys::of_account(tx, account.id).await?;
    Ok(stored.into_iter().filter_map(|k| serde_json::from_str(&k.passkey).ok().map(|p| (k, p))).collect())
}

/// A signed-in session that may change the account's passkeys: once the
/// account has one, only a session signed in with one may.
async fn owner(s: &PortalService, tx: &mut Tx, session: &str) -> Result<Account> {
    let account = signed_in(s, session).await?.ok_or(AppError::SignInRequired)?;
    if !account.with_passkey && passkeys::count(tx, account.id).await? > 0 {
        return Err(AppError::field("passkey", ErrorKey::PasskeyFirst).into());
    }
    Ok(account)
}

#[tracing::instrument(skip_all)]
async fn page(s: &PortalService, session: &str) -> Result<PasskeysPage> {
    let account = signed_in(s, session).await?.ok_or(AppError::SignInRequired)?;
    let mut tx = s.db.begin_read().await?;
    let page = PasskeysPage {
        passkeys: passkeys::views(&mut tx, account.id).await?,
        required: required(s, &mut tx, &account).await?,
        signed_in_with_passkey: account.with_passkey,
        available: relying_party(&s.public_url).is_some(),
        events: passkeys::events(&mut tx, account.id, EVENTS_SHOWN).await?,
    };
    tx.commit().await?;
    Ok(page)
}

#[tracing::instrument(skip_all)]
async fn start_adding(s: &PortalService, session: &str) -> Result<String> {
    let rp = rp(s)?;
    let now = s.now().0;
    let mut tx = s.db.begin_write().await?;
    let account = owner(s, &mut tx, session).await?;
    let exclude = Some(mine(&mut tx, &account).await?.iter().map(|(_, p)| p.cred_id().clone()).collect());
    let name = if account.display_name.is_empty() { account.email.as_str() } else { &account.display_name };
    let (options, state) = rp
        .start_passkey_registration(user_handle(s, &account), account.email.as_str(), name, exclude)
        .map_err(|e| {
            tracing::warn!(error = %e, "a passkey registration did not start");
            AppError::Unavailable
        })?;
    passkeys::put_ceremony(&mut tx, &hash(&[session]), "register", &json(&state)?, now + CEREMONY_MS).await?;
    tx.commit().await?;
    json(&options)
}

#[tracing::instrument(skip_all)]
async fn add(s: &PortalService, session: &str, name: &str, credential: &str) -> Result<()> {
    let rp = rp(s)?;
    let name = passkey_name(name).map_err(|k| AppError::field("name", k))?;
    let now = s.now().0;
    let mut tx = s.db.begin_write().await?;
    let account = owner(s, &mut tx, session).await?;
    let failed = || AppError::field("passkey", ErrorKey::PasskeyFailed);
    let Some(state) = passkeys::take_ceremony(&mut tx, &hash(&[session]), "register", now).await? else {
        tx.commit().await?;
        return Err(failed().into());
    };
    let state: PasskeyRegistration = parsed(&state)?;
    let answer: RegisterPublicKeyCredential = parsed(credential)?;
    let passkey = match rp.finish_passkey_registration(&answer, &state) {
        Ok(p) => p,
        Err(e) => {
            tracing::info!(error = %e, "a passkey was not added");
            tx.commit().await?;
            return Err(failed().into());
        }
    };
    let id = credential_id(passkey.cred_id());
    if !passkeys::add(&mut tx, account.id, &id, &name, &json(&passkey)?, now).await? {
        tx.commit().await?;
        return Err(AppError::Conflict.into());
    }
    passkeys::log(&mut tx, account.id, now, AccountEvent::PasskeyAdded, &name).await?;
    // Made just now on this device: the session has its second factor.
    passkeys::set_factor(&mut tx, &hash(&[session]), passkeys::FACTOR_PASSKEY).await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all)]
async fn remove(s: &PortalService, session: &str, id: PasskeyId) -> Result<()> {
    let now = s.now().0;
    let mut tx = s.db.begin_write().await?;
    let account = owner(s, &mut tx, session).await?;
    let Some(name) = passkeys::remove(&mut tx, account.id, id).await? else {
        return Err(AppError::NotFound.into());
    };
    passkeys::log(&mut tx, account.id, now, AccountEvent::PasskeyRemoved, &name).await?;
    tx.commit().await?;
    Ok(())
}

async fn waiting(s: &PortalService, token: &str) -> Result<Account> {
    Ok(waiting_session(s, token).await?.ok_or(AppError::SignInRequired)?)
}

#[tracing::instrument(skip_all)]
async fn step(s: &PortalService, token: &str) -> Result<PasskeyStep> {
    let account = waiting(s, token).await?;
    let mut c = s.db.pool().acquire().await?;
    Ok(PasskeyStep { recovery_due: passkeys::recovery_due(&mut c, account.id).await?.map(Timestamp) })
}

#[tracing::instrument(skip_all)]
async fn start_sign_in(s: &PortalService, token: &str) -> Result<String> {
    let rp = rp(s)?;
    let account = waiting(s, token).await?;
    let now = s.now().0;
    let mut tx = s.db.begin_write().await?;
    let mine: Vec<Passkey> = mine(&mut tx, &account).await?.into_iter().map(|(_, p)| p).collect();
    if mine.is_empty() {
        return Err(AppError::field("passkey", ErrorKey::PasskeyFailed).into());
    }
    let (options, state) = rp.start_passkey_authentication(&mine).map_err(|e| {
        tracing::warn!(error = %e, "a passkey sign-in did not start");
        AppError::Unavailable
    })?;
    passkeys::put_ceremony(&mut tx, &hash(&[token]), "sign_in", &json(&state)?, now + CEREMONY_MS).await?;
    tx.commit().await?;
    json(&options)
}

#[tracing::instrument(skip_all)]
async fn finish_sign_in(s: &PortalService, token: &str, credential: &str) -> Result<()> {
    let rp = rp(s)?;
    let account = waiting(s, token).await?;
    let now = s.now().0;
    let failed = || AppError::field("passkey", ErrorKey::PasskeyFailed);
    let mut tx = s.db.begin_write().await?;
    let Some(state) = passkeys::take_ceremony(&mut tx, &hash(&[token]), "sign_in", now).await? else {
        tx.commit().await?;
        return Err(failed().into());
    };
    let state: PasskeyAuthentication = parsed(&state)?;
    let verified =
        parsed::<PublicKeyCredential>(credential).ok().map(|answer| rp.finish_passkey_authentication(&answer, &state));
    let result = match verified {
        Some(Ok(r)) => r,
        other => {
            if let Some(Err(e)) = other {
                tracing::info!(error = %e, "a passkey was refused");
            }
            passkeys::log(&mut tx, account.id, now, AccountEvent::PasskeyRefused, "").await?;
            tx.commit().await?;
            return Err(failed().into());
        }
    };
    // The counter and last use of the passkey that answered.
    let mut name = String::new();
    for (stored, mut p) in mine(&mut tx, &account).await? {
        if p.cred_id() == result.cred_id() {
            p.update_credential(&result);
            passkeys::used(&mut tx, stored.id, &json(&p)?, now).await?;
            name = stored.name;
        }
    }
    if passkeys::end_recovery(&mut tx, account.id).await? {
        passkeys::log(&mut tx, account.id, now, AccountEvent::RecoveryStopped, &name).await?;
    }
    passkeys::log(&mut tx, account.id, now, AccountEvent::PasskeySignIn, &name).await?;
    passkeys::set_factor(&mut tx, &hash(&[token]), passkeys::FACTOR_PASSKEY).await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all)]
async fn ask_recovery(s: &PortalService, token: &str, lang: &str) -> Result<PasskeyStep> {
    let account = waiting(s, token).await?;
    let now = s.now().0;
    let mut tx = s.db.begin_write().await?;
    let (due, first) = passkeys::ask_recovery(&mut tx, account.id, now, now + RECOVERY_WAIT_MS).await?;
    // Told once, by mail to the account's address: if it was not them, a
    // sign-in with their passkey stops it.
    if first {
        passkeys::log(&mut tx, account.id, now, AccountEvent::RecoveryAsked, "").await?;
        let when = s.default_zone.local(Timestamp(due)).map(|t| t.format("%Y-%m-%d %H:%M").to_string());
        let (subject, body) =
            app::text::passkey_recovery_mail(lang, when.as_deref().unwrap_or(""), s.default_zone.name());
        let mail = outbox::NewMail {
            recipient: account.email.as_str(),
            locale: lang,
            subject: &subject,
            body: &body,
            urgent: true,
        };
        outbox::enqueue(&mut tx, &mail, now).await?;
    }
    tx.commit().await?;
    if first {
        s.outbox_wake.notify_one();
    }
    Ok(PasskeyStep { recovery_due: Some(Timestamp(due)) })
}

/// A credential's id as stored (base64url, as browsers write it).
fn credential_id(id: &webauthn_rs::prelude::CredentialID) -> String {
    let bytes: &[u8] = id.as_ref();
    URL_SAFE_NO_PAD.encode(bytes)
}
