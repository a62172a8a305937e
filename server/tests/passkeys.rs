//! Passkeys as the second factor (`services::passkeys`), with an
//! authenticator of the tests' own: a P-256 key that answers WebAuthn
//! challenges as a phone does (attestation "none", user verified), so the
//! relying party's real checks run on real signatures.

mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::prelude::*;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use common::*;
use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const ORIGIN: &str = "http://localhost:3000";

/// A passkey on a device: its key, its credential id and its counter.
struct Authenticator {
    key: SigningKey,
    id: Vec<u8>,
    counter: u32,
}

impl Authenticator {
    fn new(seed: u8) -> Self {
        Authenticator { key: SigningKey::from_slice(&[seed; 32]).unwrap(), id: vec![seed; 16], counter: 0 }
    }

    fn client_data(kind: &str, options: &Value) -> Vec<u8> {
        let challenge = options["publicKey"]["challenge"].as_str().unwrap();
        json!({ "type": kind, "challenge": challenge, "origin": ORIGIN, "crossOrigin": false }).to_string().into_bytes()
    }

    /// Authenticator data: the relying party's hash, flags (user present
    /// and verified, plus `extra`), the counter.
    fn auth_data(&self, rp_id: &str, extra: u8) -> Vec<u8> {
        let mut d = Sha256::digest(rp_id.as_bytes()).to_vec();
        d.push(0x01 | 0x04 | extra);
        d.extend(self.counter.to_be_bytes());
        d
    }

    /// `navigator.credentials.create` with the server's options.
    fn create(&self, options: &str) -> String {
        let o: Value = serde_json::from_str(options).unwrap();
        let rp_id = o["publicKey"]["rp"]["id"].as_str().unwrap();
        let point = self.key.verifying_key().to_sec1_point(false);
        let (x, y) = point.as_bytes()[1..].split_at(32);
        // COSE key {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}.
        let mut cose = vec![0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20];
        cose.extend(x);
        cose.extend([0x22, 0x58, 0x20]);
        cose.extend(y);
        let mut auth = self.auth_data(rp_id, 0x40);
        auth.extend([0u8; 16]);
        auth.extend((self.id.len() as u16).to_be_bytes());
        auth.extend(&self.id);
        auth.extend(cose);
        // {"fmt": "none", "attStmt": {}, "authData": bytes}
        let mut att = vec![0xa3, 0x63];
        att.extend(b"fmt");
        att.extend([0x64]);
        att.extend(b"none");
        att.extend([0x67]);
        att.extend(b"attStmt");
        att.extend([0xa0, 0x68]);
        att.extend(b"authData");
        att.extend([0x59]);
        att.extend((auth.len() as u16).to_be_bytes());
        att.extend(auth);
        json!({
            "id": B64.encode(&self.id),
            "rawId": B64.encode(&self.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": B64.encode(Self::client_data("webauthn.create", &o)),
                "attestationObject": B64.encode(att),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        })
        .to_string()
    }

    /// `navigator.credentials.get` with the server's options.
    fn get(&mut self, options: &str) -> String {
        let o: Value = serde_json::from_str(options).unwrap();
        let rp_id = o["publicKey"]["rpId"].as_str().unwrap();
        self.counter += 1;
        let auth = self.auth_data(rp_id, 0);
        let client = Self::client_data("webauthn.get", &o);
        let mut signed = auth.clone();
        signed.extend(Sha256::digest(&client));
        let signature: Signature = self.key.sign(&signed);
        json!({
            "id": B64.encode(&self.id),
            "rawId": B64.encode(&self.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": B64.encode(client),
                "authenticatorData": B64.encode(auth),
                "signature": B64.encode(signature.to_der().as_bytes()),
            },
            "clientExtensionResults": {},
        })
        .to_string()
    }
}

async fn env_requiring_passkeys() -> Env {
    let mut e = env().await;
    e.s.passkeys_required = true;
    e.s.public_url = ORIGIN.into();
    e
}

async fn events(e: &Env, session: &str) -> Vec<AccountEvent> {
    e.s.passkeys_page(session).await.unwrap().events.into_iter().map(|v| v.event).collect()
}

async fn add(e: &Env, session: &str, key: &Authenticator, name: &str) -> Result<(), AppError> {
    let options = e.s.start_passkey(session).await?;
    e.s.add_passkey(session, name, &key.create(&options)).await
}

/// The waiting session answers with `key`.
async fn answer(e: &Env, waiting: &str, key: &mut Authenticator) -> Result<(), AppError> {
    let options = e.s.start_passkey_sign_in(waiting).await?;
    e.s.finish_passkey_sign_in(waiting, &key.get(&options)).await
}

fn failed() -> AppError {
    AppError::field("passkey", ErrorKey::PasskeyFailed)
}

#[tokio::test]
async fn a_professional_opens_cases_only_with_a_passkey_asked_at_every_later_sign_in() {
    let e = env_requiring_passkeys().await;
    let (worker, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let first = sign_in(&e, "gp@example.com").await;
    let gp = account(&e, &first).await;

    // By code alone: told to add a passkey, for the case and for the list.
    assert_eq!(e.s.shared_case(&gp, case).await.err(), Some(AppError::PasskeyRequired));
    assert_eq!(e.s.invitations(&gp, None).await.err(), Some(AppError::PasskeyRequired));
    let page = e.s.passkeys_page(&first).await.unwrap();
    assert!(page.required && page.available && page.passkeys.is_empty());
    // The worker needs none.
    assert!(e.s.my_case(&worker).await.unwrap().is_some());

    // Added: this session has its second factor.
    let mut phone = Authenticator::new(7);
    add(&e, &first, &phone, " Phone ").await.unwrap();
    let gp = account(&e, &first).await;
    assert!(gp.with_passkey);
    assert!(e.s.shared_case(&gp, case).await.is_ok());
    let page = e.s.passkeys_page(&first).await.unwrap();
    assert_eq!(page.passkeys.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Phone"]);

    // The next sign-in stops after the code: not signed in yet.
    let (attempt, code) = ask(&e, "gp@example.com").await;
    let waiting = enter(&e, "gp@example.com", &attempt, &code).await.unwrap();
    assert!(waiting.needs_passkey);
    let waiting = waiting.token;
    assert_eq!(e.s.session(&waiting).await.unwrap(), None, "signed in without the passkey");
    assert_eq!(e.s.passkeys_page(&waiting).await.err(), Some(AppError::SignInRequired));

    // Another device's key, a reply to an old challenge, a ceremony of
    // another session, an expired one: each refused, nothing changed.
    let mut stranger = Authenticator::new(9);
    assert_eq!(answer(&e, &waiting, &mut stranger).await, Err(failed()));
    let options = e.s.start_passkey_sign_in(&waiting).await.unwrap();
    let reply = phone.get(&options);
    e.s.finish_passkey_sign_in(&waiting, &reply).await.unwrap();
    assert!(account(&e, &waiting).await.with_passkey);
    let (attempt, code) = ask(&e, "gp@example.com").await;
    let again = enter(&e, "gp@example.com", &attempt, &code).await.unwrap().token;
    e.s.start_passkey_sign_in(&again).await.unwrap();
    assert_eq!(e.s.finish_passkey_sign_in(&again, &reply).await, Err(failed()), "a replayed answer");
    let other = {
        let (attempt, code) = ask(&e, "gp@example.com").await;
        enter(&e, "gp@example.com", &attempt, &code).await.unwrap().token
    };
    let options = e.s.start_passkey_sign_in(&other).await.unwrap();
    e.s.start_passkey_sign_in(&again).await.unwrap();
    assert_eq!(e.s.finish_passkey_sign_in(&again, &phone.get(&options)).await, Err(failed()), "another session's");
    let options = e.s.start_passkey_sign_in(&again).await.unwrap();
    e.clock.advance(chrono::Duration::milliseconds(CEREMONY_MS + 1000));
    assert_eq!(e.s.finish_passkey_sign_in(&again, &phone.get(&options)).await, Err(failed()), "an expired one");
    assert_eq!(e.s.session(&again).await.unwrap(), None);
    assert_eq!(e.s.finish_passkey_sign_in(&again, "{not json").await, Err(failed()));

    // The right one signs in; the log says every step.
    answer(&e, &again, &mut phone).await.unwrap();
    let log = events(&e, &again).await;
    for step in [
        AccountEvent::CodeSignIn,
        AccountEvent::PasskeyAdded,
        AccountEvent::PasskeyRefused,
        AccountEvent::PasskeySignIn,
    ] {
        assert!(log.contains(&step), "{step:?} is not in {log:?}");
    }
    let used = e.s.passkeys_page(&again).await.unwrap().passkeys[0].last_used_at;
    assert!(used.is_some());
}

#[tokio::test]
async fn passkeys_change_only_in_a_session_signed_in_with_one() {
    let e = env_requiring_passkeys().await;
    let code_only = sign_in(&e, "gp@example.com").await;
    let first = sign_in(&e, "gp@example.com").await;
    let mut phone = Authenticator::new(3);
    add(&e, &first, &phone, "Phone").await.unwrap();
    // The other session, signed in by code before the passkey existed, may
    // not add one of its own nor remove the first.
    let laptop = Authenticator::new(4);
    assert_eq!(add(&e, &code_only, &laptop, "Laptop").await, Err(AppError::field("passkey", ErrorKey::PasskeyFirst)));
    let id = e.s.passkeys_page(&first).await.unwrap().passkeys[0].id;
    assert_eq!(e.s.remove_passkey(&code_only, id).await, Err(AppError::field("passkey", ErrorKey::PasskeyFirst)));
    // The passkey's session adds a second and removes the first; a name too long is refused.
    assert!(matches!(add(&e, &first, &laptop, &"x".repeat(PASSKEY_NAME_MAX + 1)).await, Err(AppError::Invalid(_))));
    add(&e, &first, &laptop, "Laptop").await.unwrap();
    assert_eq!(add(&e, &first, &laptop, "Again").await, Err(failed()), "the same credential twice");
    e.s.remove_passkey(&first, id).await.unwrap();
    assert_eq!(e.s.remove_passkey(&first, id).await, Err(AppError::NotFound));
    let left: Vec<String> = e.s.passkeys_page(&first).await.unwrap().passkeys.into_iter().map(|p| p.name).collect();
    assert_eq!(left, ["Laptop"]);
    // The removed one no longer signs in.
    let waiting = sign_in(&e, "gp@example.com").await;
    assert_eq!(answer(&e, &waiting, &mut phone).await, Err(failed()));
    // Nobody else's passkey can be removed.
    let other = sign_in(&e, "tuuli@example.com").await;
    let laptop_id = e.s.passkeys_page(&first).await.unwrap().passkeys[0].id;
    assert_eq!(e.s.remove_passkey(&other, laptop_id).await, Err(AppError::NotFound));
}

#[tokio::test]
async fn a_lost_passkey_goes_after_a_day_told_by_mail_unless_a_passkey_stops_it() {
    let e = env_requiring_passkeys().await;
    let first = sign_in(&e, "gp@example.com").await;
    let mut phone = Authenticator::new(5);
    add(&e, &first, &phone, "Phone").await.unwrap();

    let waiting = sign_in(&e, "gp@example.com").await;
    let step = e.s.ask_passkey_recovery(&waiting, "en").await.unwrap();
    let due = step.recovery_due.unwrap();
    assert_eq!(due.0, e.s.now().0 + RECOVERY_WAIT_MS);
    let mail: String =
        sqlx::query_scalar("SELECT subject FROM outbox WHERE recipient = 'gp@example.com' ORDER BY id DESC LIMIT 1")
            .fetch_one(e.s.db.pool())
            .await
            .unwrap();
    assert!(mail.contains("passkeys"), "{mail}");
    // Asking again keeps the date and sends no second mail.
    e.clock.advance(chrono::Duration::hours(1));
    let waiting = sign_in(&e, "gp@example.com").await;
    assert_eq!(e.s.ask_passkey_recovery(&waiting, "en").await.unwrap().recovery_due, Some(due));
    let mails: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE recipient = 'gp@example.com' AND subject LIKE '%passkeys%'",
    )
    .fetch_one(e.s.db.pool())
    .await
    .unwrap();
    assert_eq!(mails, 1);
    // Before the day: the code alone still does not sign in.
    e.clock.advance(chrono::Duration::hours(22));
    assert!(sign_in_needs_passkey(&e).await);
    // The owner signs in with the passkey: the recovery stops.
    let waiting = sign_in(&e, "gp@example.com").await;
    answer(&e, &waiting, &mut phone).await.unwrap();
    assert!(events(&e, &waiting).await.contains(&AccountEvent::RecoveryStopped));
    e.clock.advance(chrono::Duration::days(2));
    assert!(sign_in_needs_passkey(&e).await, "a stopped recovery removed the passkeys");

    // Asked again and left to run: after the day the code alone signs in.
    let waiting = sign_in(&e, "gp@example.com").await;
    e.s.ask_passkey_recovery(&waiting, "en").await.unwrap();
    e.clock.advance(chrono::Duration::milliseconds(RECOVERY_WAIT_MS + 1));
    assert!(!sign_in_needs_passkey(&e).await);
    let now = sign_in(&e, "gp@example.com").await;
    let page = e.s.passkeys_page(&now).await.unwrap();
    assert!(page.passkeys.is_empty());
    assert!(page.events.iter().any(|v| v.event == AccountEvent::RecoveryDone));
    // A session left waiting when they went has nothing to answer with.
    let waiting = sign_in(&e, "gp@example.com").await;
    assert_eq!(e.s.session(&waiting).await.unwrap().map(|a| a.with_passkey), Some(false));
}

async fn sign_in_needs_passkey(e: &Env) -> bool {
    let (attempt, code) = ask(e, "gp@example.com").await;
    enter(e, "gp@example.com", &attempt, &code).await.unwrap().needs_passkey
}

#[tokio::test]
async fn passkeys_need_the_portal_at_a_name() {
    let mut e = env_requiring_passkeys().await;
    e.s.public_url = "http://127.0.0.1:3000".into();
    let session = sign_in(&e, "gp@example.com").await;
    assert!(!e.s.passkeys_page(&session).await.unwrap().available);
    assert_eq!(e.s.start_passkey(&session).await, Err(AppError::field("passkey", ErrorKey::PasskeysUnavailable)));
}
