//! Sign-in through an identity provider (`services::oidc`), against a real
//! OpenID Connect provider: npm `oidc-provider` (`end2end/oidc-provider.mjs`),
//! started by each test on a free port. The tests play the browser: they
//! follow the provider's redirects, sign in on its page, and bring the
//! callback's `state` and `code` back to the portal, as given or tampered
//! with. Every refusal is checked to change nothing.

mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::prelude::*;
use app::ports::{NewSession, ProviderFinish, ProviderStart};
use common::*;
use openidconnect::reqwest;
use openidconnect::url::Url;
use serde_json::json;
use server::services::oidc::{Provider, CALLBACK_PATH};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

const SECRET: &str = "a-test-secret-of-the-portal-000000";
const PUBLIC_URL: &str = "http://localhost:3000";

/// The provider, stopped when the test ends.
struct TestProvider {
    child: Child,
    issuer: String,
}

impl TestProvider {
    /// A provider whose authorization codes live `code_ttl` seconds. Its
    /// people: Anna (verified address), Bert (address not verified), and
    /// "anna-twin", a second identity naming Anna's address.
    fn start(code_ttl: u32) -> TestProvider {
        Self::start_with(code_ttl, false)
    }

    /// `in_id_token`: the address in the ID token too, not only at userinfo.
    fn start_with(code_ttl: u32, in_id_token: bool) -> TestProvider {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/oidc-provider.mjs");
        let accounts = json!({
            "anna": { "email": "anna@example.org", "email_verified": true },
            "bert": { "email": "bert@example.org", "email_verified": false },
            "anna-twin": { "email": "anna@example.org", "email_verified": true },
        });
        let mut child = Command::new("node")
            .arg(script)
            .env("OIDC_REDIRECT_URIS", format!("{PUBLIC_URL}{CALLBACK_PATH}"))
            .env("OIDC_CLIENT_SECRET", SECRET)
            .env("OIDC_ACCOUNTS", accounts.to_string())
            .env("OIDC_CODE_TTL", code_ttl.to_string())
            .env("OIDC_CLAIMS_IN_ID_TOKEN", if in_id_token { "1" } else { "0" })
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs end2end/oidc-provider.mjs (scripts/setup.sh installs its packages)");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let issuer =
            lines.find_map(|l| l.strip_prefix("issuer ").map(str::to_string)).expect("the provider prints its issuer");
        // Read what else it prints (a closed pipe would stop it).
        std::thread::spawn(move || lines.for_each(drop));
        TestProvider { child, issuer }
    }
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn env_with_provider(p: &TestProvider) -> Env {
    let mut e = env().await;
    e.s.public_url = PUBLIC_URL.into();
    e.s.oidc = Some(Arc::new(Provider::new("Test eID", &p.issuer, "rtw-portal", SECRET).unwrap()));
    e
}

/// A browser at the provider: its cookies, no redirects followed.
struct Browser {
    http: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

impl Browser {
    fn new() -> Browser {
        let http = reqwest::ClientBuilder::new().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { http, cookies: BTreeMap::new() }
    }

    /// Sends the request with the cookies so far; answers the `Location`.
    async fn go(&mut self, request: reqwest::RequestBuilder) -> String {
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let res = request.header("cookie", cookie).send().await.unwrap();
        for c in res.headers().get_all("set-cookie") {
            let pair = c.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.insert(k.to_string(), v.to_string());
        }
        let status = res.status();
        assert!(status.is_redirection(), "the provider answered {status}: {}", res.text().await.unwrap_or_default());
        res.headers()["location"].to_str().unwrap().to_string()
    }

    /// Follows the portal's authorization URL, signs in as `subject` on the
    /// provider's page, and answers where the provider sends the browser
    /// back (the portal's callback, with `state` and `code`).
    async fn sign_in_at_provider(&mut self, p: &TestProvider, authorize: &str, subject: &str) -> Url {
        let interaction = self.go(self.http.get(authorize)).await;
        let login = format!("{}{interaction}/login", p.issuer);
        let resume = self.go(self.http.post(login).form(&[("login", subject)])).await;
        let back = self.go(self.http.get(resume)).await;
        assert!(back.starts_with(&format!("{PUBLIC_URL}{CALLBACK_PATH}?")), "{back}");
        Url::parse(&back).unwrap()
    }
}

fn param(url: &Url, name: &str) -> String {
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap_or_default()
}

/// What a sign-in changes: accounts, sessions, links, the accounts' logs.
async fn fingerprint(e: &Env) -> Vec<i64> {
    let mut counts = Vec::new();
    for t in ["accounts", "sessions", "oidc_links", "account_events"] {
        counts.push(sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {t}")).fetch_one(e.s.db.pool()).await.unwrap());
    }
    counts
}

async fn begin(e: &Env) -> ProviderStart {
    e.s.begin_provider_sign_in("127.0.0.1".parse().unwrap(), None).await.unwrap()
}

/// Brings the callback back to the portal, signed out: a session, or why not.
async fn finish(e: &Env, browser: &str, back: &Url) -> Result<NewSession, AppError> {
    finish_in(e, browser, back, None).await.map(|f| match f {
        ProviderFinish::SignedIn(session) => session,
        ProviderFinish::Linked => panic!("a sign-in, not a link"),
    })
}

/// The same from a browser holding the session `session`.
async fn finish_in(e: &Env, browser: &str, back: &Url, session: Option<&str>) -> Result<ProviderFinish, AppError> {
    e.s.finish_provider_sign_in(browser, &param(back, "state"), &param(back, "code"), session).await
}

async fn links(e: &Env) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM oidc_links").fetch_one(e.s.db.pool()).await.unwrap()
}

/// The subjects of mail queued to `to`.
async fn mail_to(e: &Env, to: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT subject FROM outbox WHERE recipient = $1 ORDER BY id")
        .bind(to)
        .fetch_all(e.s.db.pool())
        .await
        .unwrap()
}

/// The first sign-in finds the account by the provider's verified address
/// and links the identity; the next finds it by the link.
#[tokio::test]
async fn signs_in_to_the_account_of_the_verified_address_and_links_it() {
    let p = TestProvider::start(60);
    let e = env_with_provider(&p).await;
    let anna = account(&e, &sign_in(&e, "anna@example.org").await).await;

    let start = begin(&e).await;
    let url = Url::parse(&start.url).unwrap();
    assert!(start.url.starts_with(&p.issuer), "{}", start.url);
    assert_eq!(param(&url, "code_challenge_method"), "S256", "PKCE");
    assert!(!param(&url, "nonce").is_empty() && !param(&url, "state").is_empty());
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "anna").await;
    let session = finish(&e, &start.browser, &back).await.unwrap();
    assert!(!session.needs_passkey);
    assert_eq!(account(&e, &session.token).await.id, anna.id, "the account of the verified address");
    let events: Vec<String> = sqlx::query_scalar("SELECT event FROM account_events WHERE account_id = $1 ORDER BY id")
        .bind(anna.id)
        .fetch_all(e.s.db.pool())
        .await
        .unwrap();
    assert_eq!(events, ["code_sign_in", "provider_linked", "provider_sign_in"]);
    // The link is told to the address's owner.
    let told = mail_to(&e, "anna@example.org").await;
    assert!(told.last().is_some_and(|s| s.contains("Test eID")), "{told:?}");

    // Again: the link, not the address, finds her (still one link).
    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "anna").await;
    let again = finish(&e, &start.browser, &back).await.unwrap();
    assert_eq!(account(&e, &again.token).await.id, anna.id);
    assert_eq!(links(&e).await, 1);
    assert_eq!(mail_to(&e, "anna@example.org").await.len(), told.len(), "told once");
}

/// A provider that puts the address in the ID token itself (no userinfo
/// request needed); the browser's earlier session ends (rotation); an
/// account with a passkey is still asked for it.
#[tokio::test]
async fn the_address_in_the_id_token_the_old_session_ends_and_a_passkey_is_still_asked() {
    let p = TestProvider::start_with(60, true);
    let e = env_with_provider(&p).await;
    let old = sign_in(&e, "anna@example.org").await;
    let anna = account(&e, &old).await;
    sqlx::query(
        "INSERT INTO passkeys (account_id, credential_id, name, passkey, created_at) VALUES ($1, 'k1', 'Phone', '{}', 0)",
    )
    .bind(anna.id)
    .execute(e.s.db.pool())
    .await
    .unwrap();
    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "anna").await;
    let Ok(ProviderFinish::SignedIn(session)) = finish_in(&e, &start.browser, &back, Some(&old)).await else {
        panic!("signed in")
    };
    assert!(session.needs_passkey, "the passkey is still the second factor");
    assert!(e.s.session(&session.token).await.unwrap().is_none(), "not signed in before the passkey answers");
    assert!(e.s.session(&old).await.unwrap().is_none(), "the browser's earlier session ended");
}

/// A `state` that is not the attempt's, or an attempt brought back by
/// another browser, is refused and changes nothing: the real attempt still
/// finishes afterwards.
#[tokio::test]
async fn a_wrong_state_or_another_browser_is_refused_and_changes_nothing() {
    let p = TestProvider::start(60);
    let e = env_with_provider(&p).await;
    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "anna").await;
    let before = fingerprint(&e).await;

    let code = param(&back, "code");
    let other = begin(&e).await;
    for (browser, state) in [
        (start.browser.as_str(), "not-the-state".to_string()),
        (start.browser.as_str(), param(&Url::parse(&other.url).unwrap(), "state")),
        (other.browser.as_str(), param(&back, "state")),
        ("", param(&back, "state")),
    ] {
        let refused = e.s.finish_provider_sign_in(browser, &state, &code, None).await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
        assert_eq!(fingerprint(&e).await, before, "a refusal changes nothing");
    }
    // The attempt was left alone: its own browser finishes it.
    let session = finish(&e, &start.browser, &back).await.unwrap();
    assert!(e.s.session(&session.token).await.unwrap().is_some());
}

/// An ID token whose nonce is not the attempt's (an authorization response
/// made for another request) is refused and changes nothing.
#[tokio::test]
async fn a_wrong_nonce_is_refused_and_changes_nothing() {
    let p = TestProvider::start(60);
    let e = env_with_provider(&p).await;
    let start = begin(&e).await;
    let mut url = Url::parse(&start.url).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "nonce" { "a-nonce-of-someone-else".into() } else { v.into_owned() };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    let back = Browser::new().sign_in_at_provider(&p, url.as_str(), "anna").await;
    let before = fingerprint(&e).await;
    let refused = finish(&e, &start.browser, &back).await;
    assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
    assert_eq!(fingerprint(&e).await, before);
}

/// A callback brought back twice (a replayed code) is refused the second
/// time, and changes nothing.
#[tokio::test]
async fn a_replayed_code_is_refused_and_changes_nothing() {
    let p = TestProvider::start(60);
    let e = env_with_provider(&p).await;
    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "anna").await;
    finish(&e, &start.browser, &back).await.unwrap();
    let before = fingerprint(&e).await;
    let refused = finish(&e, &start.browser, &back).await;
    assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
    assert_eq!(fingerprint(&e).await, before);
}

/// A code the provider let expire is refused at the exchange; an attempt
/// past its minutes at the portal is refused before it.
#[tokio::test]
async fn an_expired_code_or_attempt_is_refused_and_changes_nothing() {
    let p = TestProvider::start(1);
    let e = env_with_provider(&p).await;
    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "anna").await;
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let before = fingerprint(&e).await;
    let refused = finish(&e, &start.browser, &back).await;
    assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
    assert_eq!(fingerprint(&e).await, before);

    let p = TestProvider::start(60);
    let e = env_with_provider(&p).await;
    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "anna").await;
    e.clock.advance(chrono::Duration::milliseconds(PROVIDER_SIGN_IN_MS));
    let before = fingerprint(&e).await;
    let refused = finish(&e, &start.browser, &back).await;
    assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
    assert_eq!(fingerprint(&e).await, before);
}

/// No verified address, no account: the provider's unverified address is
/// not taken at its word.
#[tokio::test]
async fn an_unverified_address_is_refused_and_changes_nothing() {
    let p = TestProvider::start(60);
    let e = env_with_provider(&p).await;
    sign_in(&e, "bert@example.org").await;
    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "bert").await;
    let before = fingerprint(&e).await;
    let refused = finish(&e, &start.browser, &back).await;
    assert_eq!(refused.unwrap_err(), AppError::field("provider", ErrorKey::ProviderNoVerifiedEmail));
    assert_eq!(fingerprint(&e).await, before);
}

/// An account is linked once: a second identity naming the same address
/// is refused (the owner's log says so), and the first still signs in.
#[tokio::test]
async fn a_second_identity_with_the_same_address_is_refused() {
    let p = TestProvider::start(60);
    let e = env_with_provider(&p).await;
    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "anna").await;
    let anna = account(&e, &finish(&e, &start.browser, &back).await.unwrap().token).await;

    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "anna-twin").await;
    let sessions = fingerprint(&e).await[1];
    let refused = finish(&e, &start.browser, &back).await;
    assert_eq!(refused.unwrap_err(), AppError::field("provider", ErrorKey::ProviderLinkedElsewhere));
    assert_eq!(fingerprint(&e).await[1], sessions, "no session");
    assert_eq!(links(&e).await, 1, "no second link");
    let last: String =
        sqlx::query_scalar("SELECT event FROM account_events WHERE account_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(anna.id)
            .fetch_one(e.s.db.pool())
            .await
            .unwrap();
    assert_eq!(last, "provider_refused");
}

/// "Linked once": a provider naming no verified address finds the account
/// only after its signed-in owner linked it; the browser that comes back
/// must still be signed in as them; removing the link ends it.
#[tokio::test]
async fn a_signed_in_person_links_their_identity_once_and_can_remove_it() {
    let p = TestProvider::start(60);
    let e = env_with_provider(&p).await;
    let token = sign_in(&e, "bert@example.org").await;
    let bert = account(&e, &token).await;
    let ip = "127.0.0.1".parse().unwrap();
    assert_eq!(e.s.provider_link(&bert).await.unwrap(), Some(ProviderLink { name: "Test eID".into(), linked: false }));

    // Back in a browser no longer signed in as Bert: refused, nothing linked.
    let start = e.s.begin_provider_sign_in(ip, Some(&bert)).await.unwrap();
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "bert").await;
    let before = fingerprint(&e).await;
    let refused = finish_in(&e, &start.browser, &back, None).await;
    assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
    assert_eq!(fingerprint(&e).await, before);

    // From his own session: linked, told by mail, and his session goes on.
    let start = e.s.begin_provider_sign_in(ip, Some(&bert)).await.unwrap();
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "bert").await;
    assert!(matches!(finish_in(&e, &start.browser, &back, Some(&token)).await, Ok(ProviderFinish::Linked)));
    assert!(e.s.provider_link(&bert).await.unwrap().unwrap().linked);
    assert_eq!(mail_to(&e, "bert@example.org").await.len(), 2, "the code, then the link");
    assert!(e.s.session(&token).await.unwrap().is_some());

    // Now the provider signs him in, by the link.
    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "bert").await;
    let session = finish(&e, &start.browser, &back).await.unwrap();
    assert_eq!(account(&e, &session.token).await.id, bert.id);

    // Removed: refused again (no verified address), logged.
    e.s.unlink_provider(&bert).await.unwrap();
    let start = begin(&e).await;
    let back = Browser::new().sign_in_at_provider(&p, &start.url, "bert").await;
    let refused = finish(&e, &start.browser, &back).await;
    assert_eq!(refused.unwrap_err(), AppError::field("provider", ErrorKey::ProviderNoVerifiedEmail));
    let last: String =
        sqlx::query_scalar("SELECT event FROM account_events WHERE account_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(bert.id)
            .fetch_one(e.s.db.pool())
            .await
            .unwrap();
    assert_eq!(last, "provider_unlinked");
}

/// Without a provider configured there is nothing to begin.
#[tokio::test]
async fn without_a_provider_there_is_no_provider_sign_in() {
    let e = env().await;
    assert_eq!(e.s.identity_provider(), None);
    let refused = e.s.begin_provider_sign_in("127.0.0.1".parse().unwrap(), None).await;
    assert!(matches!(refused, Err(AppError::NotFound)));
}
