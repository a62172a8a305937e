//! Sign-in through an identity provider (OpenID Connect): the
//! authorization code flow with PKCE, for deployments behind a national eID
//! broker. The `openidconnect` crate does the protocol (discovery, the
//! authorization URL, the code exchange, the ID token's signature, issuer,
//! audience, expiry and nonce); this module keeps each attempt for the
//! browser that began it and finds the account.

use super::sign_in::{client_net, hash, new_token, start_session, RATE_PER_IP, RATE_WINDOW_MS};
use super::PortalService;
use crate::error::Result;
use crate::store::{accounts, oidc, passkeys, sign_in};
use app::domain::{AccountEvent, Email, ErrorKey, PROVIDER_SIGN_IN_MS};
use app::error::AppError;
use app::ports::{NewSession, OidcPort, ProviderStart};
use openidconnect::core::{CoreClient, CoreProviderMetadata, CoreResponseType, CoreUserInfoClaims};
use openidconnect::{
    reqwest, AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndUserEmail, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, TokenResponse,
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
    discovered: tokio::sync::Mutex<Option<(Instant, Client)>>,
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
            discovered: tokio::sync::Mutex::new(None),
        })
    }

    /// The client, discovering the provider at the first sign-in (so the
    /// portal starts while the provider is away) and again after an hour.
    async fn client(&self, public_url: &str) -> Result<Client> {
        let mut discovered = self.discovered.lock().await;
        if let Some((_, client)) = discovered.as_ref().filter(|(at, _)| at.elapsed() < DISCOVERY_KEPT) {
            return Ok(client.clone());
        }
        let metadata = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http).await.map_err(|e| {
            tracing::error!(issuer = %self.issuer.as_str(), error = %e, "identity provider discovery failed");
            AppError::Unavailable
        })?;
        let redirect = RedirectUrl::new(format!("{public_url}{CALLBACK_PATH}")).map_err(|_| AppError::Unavailable)?;
        let client =
            CoreClient::from_provider_metadata(metadata, self.client_id.clone(), Some(self.client_secret.clone()))
                .set_redirect_uri(redirect);
        *discovered = Some((Instant::now(), client.clone()));
        Ok(client)
    }
}

#[async_trait::async_trait]
impl OidcPort for PortalService {
    fn identity_provider(&self) -> Option<String> {
        self.oidc.as_ref().map(|p| p.name.clone())
    }
    async fn begin_provider_sign_in(&self, ip: IpAddr) -> Result<ProviderStart, AppError> {
        Ok(begin(self, ip).await?)
    }
    async fn finish_provider_sign_in(
        &self,
        browser: &str,
        state: &str,
        code: &str,
        replaces: Option<&str>,
    ) -> Result<NewSession, AppError> {
        Ok(finish(self, browser, state, code, replaces).await?)
    }
}

#[tracing::instrument(skip_all)]
async fn begin(s: &PortalService, ip: IpAddr) -> Result<ProviderStart> {
    let provider = s.oidc.as_ref().ok_or(AppError::NotFound)?;
    let client = provider.client(&s.public_url).await?;
    let now = s.now().0;
    let mut tx = s.db.begin_write().await?;
    // Each attempt keeps a row for its minutes: per client, as many as
    // e-mail codes.
    let window = now - now.rem_euclid(RATE_WINDOW_MS);
    if sign_in::hit_rate_limit(&mut tx, &format!("oidc:ip:{}", client_net(ip)), window).await? > RATE_PER_IP {
        tx.commit().await?;
        return Err(AppError::TooManyRequests.into());
    }
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
    };
    oidc::put_attempt(&mut tx, &hash(&[state.secret()]), &attempt).await?;
    tx.commit().await?;
    Ok(ProviderStart { url: url.to_string(), browser })
}

/// One answer for everything that went wrong on the way; the log says what.
fn failed(why: &str) -> crate::error::Error {
    tracing::warn!(why, "sign-in through the identity provider refused");
    AppError::NotFound.into()
}

#[tracing::instrument(skip_all)]
async fn finish(
    s: &PortalService,
    browser: &str,
    state: &str,
    code: &str,
    replaces: Option<&str>,
) -> Result<NewSession> {
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
    let client = provider.client(&s.public_url).await?;
    let request =
        client.exchange_code(AuthorizationCode::new(code.to_string())).map_err(|_| failed("no token endpoint"))?;
    let tokens = request
        .set_pkce_verifier(PkceCodeVerifier::new(attempt.pkce_verifier))
        .request_async(&provider.http)
        .await
        .map_err(|e| failed(&format!("the code exchange failed: {e}")))?;
    let id_token = tokens.id_token().ok_or_else(|| failed("no ID token"))?;
    // Signature, issuer, audience, expiry and our nonce. (The token's times
    // are the provider's, so they are checked against this machine's clock.)
    let claims = id_token
        .claims(&client.id_token_verifier(), &Nonce::new(attempt.nonce))
        .map_err(|e| failed(&format!("the ID token was refused: {e}")))?;
    let issuer = claims.issuer().as_str().to_string();
    let subject = claims.subject().as_str().to_string();
    let verified = |email: Option<&EndUserEmail>, verified: Option<bool>| {
        email.filter(|_| verified == Some(true)).and_then(|e| Email::parse(e.as_str()).ok())
    };
    let mut verified_email = verified(claims.email(), claims.email_verified());
    // Many providers put the address in the ID token only when asked for
    // no access token; the others answer it at their userinfo endpoint,
    // for the same subject (the crate checks it).
    if verified_email.is_none() {
        if let Ok(request) = client.user_info(tokens.access_token().clone(), Some(claims.subject().clone())) {
            let info: CoreUserInfoClaims = request
                .request_async(&provider.http)
                .await
                .map_err(|e| failed(&format!("the userinfo request failed: {e}")))?;
            verified_email = verified(info.email(), info.email_verified());
        }
    }

    let mut tx = s.db.begin_write().await?;
    let account = match oidc::linked(&mut tx, &issuer, &subject).await? {
        Some(id) => accounts::by_id(&mut tx, id).await?.ok_or_else(|| failed("the linked account is gone"))?,
        // The first sign-in there: the account of the address the provider
        // verified (a new one if none), linked from now on.
        None => {
            let Some(email) = verified_email else {
                tracing::warn!("the identity provider named no verified e-mail address");
                return Err(AppError::field("provider", ErrorKey::ProviderNoVerifiedEmail).into());
            };
            let account = match accounts::by_email(&mut tx, &email).await? {
                Some(a) => a,
                None => accounts::create(&mut tx, &email, "en", now).await?,
            };
            if oidc::has_link(&mut tx, &issuer, account.id).await? {
                // Told to the account's owner: someone else's identity
                // there names their address.
                passkeys::log(&mut tx, account.id, now, AccountEvent::ProviderRefused, "").await?;
                tx.commit().await?;
                return Err(AppError::field("provider", ErrorKey::ProviderLinkedElsewhere).into());
            }
            oidc::link(&mut tx, &issuer, &subject, account.id, now).await?;
            passkeys::log(&mut tx, account.id, now, AccountEvent::ProviderLinked, "").await?;
            account
        }
    };
    let session = start_session(&mut tx, &account, replaces, now, AccountEvent::ProviderSignIn).await?;
    tx.commit().await?;
    Ok(session)
}
