//! Sign-in through an identity provider (OpenID Connect): the
//! authorization code flow with PKCE, for deployments behind a national eID
//! broker. The `openidconnect` crate does the protocol (discovery, the
//! authorization URL, the code exchange, the ID token's signature, issuer,
//! audience, expiry and nonce); this module keeps each attempt for the
//! browser that began it and finds the account.

use super::sign_in::{client_net, hash, new_token, start_session, RATE_PER_IP, RATE_WINDOW_MS};
use super::PortalService;
use crate::error::Result;
use crate::store::{accounts, oidc, outbox, passkeys, sign_in, Tx};
use app::domain::{AccountEvent, AccountId, Email, ErrorKey, ProviderLink, PROVIDER_SIGN_IN_MS};
use app::error::AppError;
use app::ports::{Account, OidcPort, ProviderFinish, ProviderStart};
use openidconnect::core::{CoreClient, CoreProviderMetadata, CoreResponseType, CoreUserInfoClaims};
use openidconnect::{
    reqwest, AccessToken, AuthenticationFlow, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, EndUserEmail, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, SubjectIdentifier, TokenResponse,
};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// The client once the provider is discovered (its endpoints and keys).
type Client =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// The provider's endpoints and signing keys are fetched again this often
/// (keys rotate).
const DISCOVERY_KEPT: Duration = Duration::from_secs(3600);

/// Where the provider sends the browser back, under the public URL.
pub const CALLBACK_PATH: &str = "/api/sign-in/oidc/callback";

/// After a failed discovery, sign-ins are refused at once for this long
/// (rather than each waiting on the provider in turn).
const DISCOVERY_RETRY: Duration = Duration::from_secs(30);

/// The deployment's identity provider (`RTW_OIDC_*`).
pub struct Provider {
    /// What the sign-in page calls it ("Sign in with …").
    pub name: String,
    issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: ClientSecret,
    /// No redirects followed (the crate's advice: a redirect could carry
    /// the client secret elsewhere), and a bounded wait.
    http: reqwest::Client,
    discovered: tokio::sync::Mutex<Discovered>,
}

#[derive(Default)]
struct Discovered {
    client: Option<(Instant, Client)>,
    failed_at: Option<Instant>,
}

impl Provider {
    pub fn new(name: &str, issuer: &str, client_id: &str, client_secret: &str) -> std::result::Result<Self, String> {
        let issuer = IssuerUrl::new(issuer.to_string()).map_err(|e| format!("the issuer is not a URL: {e}"))?;
        let http = reqwest::ClientBuilder::new()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
        Ok(Provider {
            name: name.to_string(),
            issuer,
            client_id: ClientId::new(client_id.to_string()),
            client_secret: ClientSecret::new(client_secret.to_string()),
            http,
            discovered: Default::default(),
        })
    }

    /// The client: the provider is discovered at the first sign-in (so the
    /// portal starts while it is away), again after an hour, and at once
    /// when `fresh` (a token signed with a key not seen yet). While the
    /// provider cannot be reached, the client known before stays in use.
    async fn client(&self, public_url: &str, fresh: bool) -> Result<Client> {
        let mut d = self.discovered.lock().await;
        let known = d.client.clone();
        if let Some((at, client)) = &known {
            if !fresh && at.elapsed() < DISCOVERY_KEPT {
                return Ok(client.clone());
            }
        }
        if d.failed_at.is_some_and(|at| at.elapsed() < DISCOVERY_RETRY) {
            return known.map(|(_, c)| c).ok_or_else(|| AppError::Unavailable.into());
        }
        match CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http).await {
            Ok(metadata) => {
                let redirect =
                    RedirectUrl::new(format!("{public_url}{CALLBACK_PATH}")).map_err(|_| AppError::Unavailable)?;
                let secret = Some(self.client_secret.clone());
                let client = CoreClient::from_provider_metadata(metadata, self.client_id.clone(), secret)
                    .set_redirect_uri(redirect);
                *d = Discovered { client: Some((Instant::now(), client.clone())), failed_at: None };
                Ok(client)
            }
            Err(e) => {
                tracing::error!(issuer = %self.issuer.as_str(), error = %e, "identity provider discovery failed");
                d.failed_at = Some(Instant::now());
                known.map(|(_, c)| c).ok_or_else(|| AppError::Unavailable.into())
            }
        }
    }
}

#[async_trait::async_trait]
impl OidcPort for PortalService {
    fn identity_provider(&self) -> Option<String> {
        self.oidc.as_ref().map(|p| p.name.clone())
    }
    async fn begin_provider_sign_in(&self, ip: IpAddr, linking: Option<&Account>) -> Result<ProviderStart, AppError> {
        Ok(begin(self, ip, linking).await?)
    }
    async fn finish_provider_sign_in(
        &self,
        browser: &str,
        state: &str,
        code: &str,
        replaces: Option<&str>,
    ) -> Result<ProviderFinish, AppError> {
        Ok(finish(self, browser, state, code, replaces).await?)
    }
    async fn provider_link(&self, actor: &Account) -> Result<Option<ProviderLink>, AppError> {
        Ok(link_of(self, actor).await?)
    }
    async fn unlink_provider(&self, actor: &Account) -> Result<(), AppError> {
        Ok(unlink(self, actor).await?)
    }
}

#[tracing::instrument(skip_all)]
async fn begin(s: &PortalService, ip: IpAddr, linking: Option<&Account>) -> Result<ProviderStart> {
    let provider = s.oidc.as_ref().ok_or(AppError::NotFound)?;
    let now = s.now().0;
    // Each attempt keeps a row for its minutes: per client, as many as
    // e-mail codes (counted before the provider is asked anything).
    let window = now - now.rem_euclid(RATE_WINDOW_MS);
    let mut tx = s.db.begin_write().await?;
    let hits = sign_in::hit_rate_limit(&mut tx, &format!("oidc:ip:{}", client_net(ip)), window).await?;
    tx.commit().await?;
    if hits > RATE_PER_IP {
        return Err(AppError::TooManyRequests.into());
    }
    let client = provider.client(&s.public_url, false).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();
    let browser = new_token();
    let attempt = oidc::Attempt {
        browser_hash: hash(&[&browser]),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
        expires_at: now + PROVIDER_SIGN_IN_MS,
        link_account: linking.map(|a| a.id),
    };
    let mut tx = s.db.begin_write().await?;
    oidc::put_attempt(&mut tx, &hash(&[state.secret()]), &attempt).await?;
    tx.commit().await?;
    Ok(ProviderStart { url: url.to_string(), browser })
}

/// One answer for everything that went wrong on the way; the log says what.
fn failed(why: &str) -> crate::error::Error {
    tracing::warn!(why, "sign-in through the identity provider refused");
    AppError::NotFound.into()
}

/// Who the provider says the person is.
struct Identity {
    issuer: String,
    subject: String,
    /// The address it says it verified (in the ID token), if any.
    verified_email: Option<Email>,
    access_token: AccessToken,
}

fn verified(email: Option<&EndUserEmail>, verified: Option<bool>) -> Option<Email> {
    email.filter(|_| verified == Some(true)).and_then(|e| Email::parse(e.as_str()).ok())
}

/// The code exchanged (with the attempt's PKCE verifier) and the ID token
/// checked: signature, issuer, audience, expiry and the attempt's nonce.
async fn identity(provider: &Provider, public_url: &str, attempt: &oidc::Attempt, code: &str) -> Result<Identity> {
    let client = provider.client(public_url, false).await?;
    let request =
        client.exchange_code(AuthorizationCode::new(code.to_string())).map_err(|_| failed("no token endpoint"))?;
    let tokens = request
        .set_pkce_verifier(PkceCodeVerifier::new(attempt.pkce_verifier.clone()))
        .request_async(&provider.http)
        .await
        .map_err(|e| failed(&format!("the code exchange failed: {e}")))?;
    let id_token = tokens.id_token().ok_or_else(|| failed("no ID token"))?;
    let nonce = Nonce::new(attempt.nonce.clone());
    // (The token's times are the provider's, so they are checked against
    // this machine's clock.) A key not seen yet: the provider's keys are
    // fetched again, once.
    let first = id_token.claims(&client.id_token_verifier(), &nonce).cloned();
    let claims = match first {
        Err(ClaimsVerificationError::SignatureVerification(_)) => {
            let client = provider.client(public_url, true).await?;
            let verifier = client.id_token_verifier();
            id_token.claims(&verifier, &nonce).cloned()
        }
        other => other,
    }
    .map_err(|e| failed(&format!("the ID token was refused: {e}")))?;
    Ok(Identity {
        issuer: claims.issuer().as_str().to_string(),
        subject: claims.subject().as_str().to_string(),
        verified_email: verified(claims.email(), claims.email_verified()),
        access_token: tokens.access_token().clone(),
    })
}

/// The address at the provider's userinfo endpoint, for the same subject
/// (the crate checks it): many providers put it in the ID token only when
/// no access token is asked for.
async fn userinfo_email(provider: &Provider, public_url: &str, who: &Identity) -> Result<Option<Email>> {
    let client = provider.client(public_url, false).await?;
    let Ok(request) = client.user_info(who.access_token.clone(), Some(SubjectIdentifier::new(who.subject.clone())))
    else {
        return Ok(None);
    };
    let info: CoreUserInfoClaims = request
        .request_async(&provider.http)
        .await
        .map_err(|e| failed(&format!("the userinfo request failed: {e}")))?;
    Ok(verified(info.email(), info.email_verified()))
}

#[tracing::instrument(skip_all)]
async fn finish(
    s: &PortalService,
    browser: &str,
    state: &str,
    code: &str,
    replaces: Option<&str>,
) -> Result<ProviderFinish> {
    let provider = s.oidc.as_ref().ok_or(AppError::NotFound)?;
    let now = s.now().0;
    // Spent before anything else: a code comes back once.
    let mut tx = s.db.begin_write().await?;
    let attempt = oidc::take_attempt(&mut tx, &hash(&[state]), &hash(&[browser])).await?;
    tx.commit().await?;
    let Some(attempt) = attempt else { return Err(failed("no attempt of this state in this browser")) };
    if attempt.expires_at <= now {
        return Err(failed("the attempt expired"));
    }
    let who = identity(provider, &s.public_url, &attempt, code).await?;
    if let Some(account) = attempt.link_account {
        return link(s, &who, account, replaces).await;
    }
    let linked = {
        let mut c = s.db.pool().acquire().await?;
        oidc::linked(&mut c, &who.issuer, &who.subject).await?
    };
    let email = match (linked, &who.verified_email) {
        (None, None) => userinfo_email(provider, &s.public_url, &who).await?,
        _ => who.verified_email.clone(),
    };

    let mut tx = s.db.begin_write().await?;
    let account = match oidc::linked(&mut tx, &who.issuer, &who.subject).await? {
        Some(id) => accounts::by_id(&mut tx, id).await?.ok_or_else(|| failed("the linked account is gone"))?,
        // The first sign-in there: the account of the address the provider
        // verified (a new one if none), linked from now on.
        None => {
            let Some(email) = email else {
                tracing::warn!("the identity provider named no verified e-mail address");
                return Err(AppError::field("provider", ErrorKey::ProviderNoVerifiedEmail).into());
            };
            let account = match accounts::by_email(&mut tx, &email).await? {
                Some(a) => a,
                None => accounts::create(&mut tx, &email, "en", now).await?,
            };
            if oidc::has_link(&mut tx, &who.issuer, account.id).await? {
                // Told to the account's owner: someone else's identity
                // there names their address.
                passkeys::log(&mut tx, account.id, now, AccountEvent::ProviderRefused, "").await?;
                tx.commit().await?;
                return Err(AppError::field("provider", ErrorKey::ProviderLinkedElsewhere).into());
            }
            linked_now(s, &mut tx, &who, &account, &provider.name).await?;
            account
        }
    };
    let session = start_session(&mut tx, &account, replaces, now, AccountEvent::ProviderSignIn).await?;
    tx.commit().await?;
    s.outbox_wake.notify_one();
    Ok(ProviderFinish::SignedIn(session))
}

/// Links the identity, logged in the account's own log and told by mail to
/// its address (the owner learns of a link they did not make).
async fn linked_now(s: &PortalService, tx: &mut Tx, who: &Identity, account: &Account, name: &str) -> Result<()> {
    let now = s.now().0;
    oidc::link(tx, &who.issuer, &who.subject, account.id, now).await?;
    passkeys::log(tx, account.id, now, AccountEvent::ProviderLinked, "").await?;
    let lang = accounts::locale(tx, account.id).await?;
    let (subject, body) = app::text::provider_linked_mail(&lang, name);
    let mail = outbox::NewMail {
        recipient: account.email.as_str(),
        locale: &lang,
        subject: &subject,
        body: &body,
        urgent: true,
    };
    outbox::enqueue(tx, &mail, now).await?;
    Ok(())
}

/// A signed-in person links their identity at the provider to their own
/// account ("linked once"): for providers that name no verified address,
/// or an address other than the account's. The browser that comes back
/// must still be signed in as the person who asked; the session goes on.
async fn link(s: &PortalService, who: &Identity, account: AccountId, session: Option<&str>) -> Result<ProviderFinish> {
    let provider = s.oidc.as_ref().ok_or(AppError::NotFound)?;
    let me = match session {
        Some(token) => super::sign_in::session(s, token).await?,
        None => None,
    };
    let Some(me) = me.filter(|me| me.id == account) else {
        return Err(failed("the browser is no longer signed in as the person who asked to link"));
    };
    let mut tx = s.db.begin_write().await?;
    match oidc::linked(&mut tx, &who.issuer, &who.subject).await? {
        Some(id) if id == me.id => {}
        Some(_) => return Err(AppError::field("provider", ErrorKey::ProviderLinkedElsewhere).into()),
        None => {
            // A link made before is replaced by this one.
            oidc::unlink(&mut tx, &who.issuer, me.id).await?;
            linked_now(s, &mut tx, who, &me, &provider.name).await?;
        }
    }
    tx.commit().await?;
    s.outbox_wake.notify_one();
    Ok(ProviderFinish::Linked)
}

async fn link_of(s: &PortalService, actor: &Account) -> Result<Option<ProviderLink>> {
    let Some(provider) = s.oidc.as_ref() else { return Ok(None) };
    let mut c = s.db.pool().acquire().await?;
    let linked = oidc::has_link(&mut c, provider.issuer.as_str(), actor.id).await?;
    Ok(Some(ProviderLink { name: provider.name.clone(), linked }))
}

#[tracing::instrument(skip_all)]
async fn unlink(s: &PortalService, actor: &Account) -> Result<()> {
    let provider = s.oidc.as_ref().ok_or(AppError::NotFound)?;
    let now = s.now().0;
    let mut tx = s.db.begin_write().await?;
    if oidc::unlink(&mut tx, provider.issuer.as_str(), actor.id).await? > 0 {
        passkeys::log(&mut tx, actor.id, now, AccountEvent::ProviderUnlinked, "").await?;
    }
    tx.commit().await?;
    Ok(())
}
