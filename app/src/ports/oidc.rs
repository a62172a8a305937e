use super::{Account, NewSession};
use crate::domain::ProviderLink;
use crate::error::AppError;
use std::net::IpAddr;

/// Where a sign-in through the identity provider begins: the provider's
/// page to send the browser to, and the token its cookie keeps, so only
/// this browser can finish it.
#[derive(Debug, Clone)]
pub struct ProviderStart {
    pub url: String,
    pub browser: String,
}

/// What came of the browser's return from the provider.
#[derive(Debug, Clone)]
pub enum ProviderFinish {
    /// Signed in, as after an e-mail code (a passkey may still be asked).
    SignedIn(NewSession),
    /// The signed-in person's identity there is linked to their account.
    Linked,
}

/// Sign-in through an identity provider (OpenID Connect, the
/// authorization code flow with PKCE), when the deployment has one.
#[async_trait::async_trait]
pub trait OidcPort: Send + Sync + 'static {
    /// The provider's name for the sign-in page; `None` when none is configured.
    fn identity_provider(&self) -> Option<String>;
    /// A new sign-in (or, with `linking`, a signed-in person linking their
    /// identity there): its state, nonce and PKCE verifier are kept for the
    /// browser's return.
    async fn begin_provider_sign_in(&self, ip: IpAddr, linking: Option<&Account>) -> Result<ProviderStart, AppError>;
    /// The browser came back with `state` and `code`: the code is exchanged,
    /// the ID token checked, the account found (by its link, or once by the
    /// provider's verified e-mail address) and a session started, as an
    /// e-mail code would; or the identity linked to the signed-in person
    /// who asked (`replaces`, the browser's session, must still be theirs).
    /// Anything wrong changes nothing but the attempt, which is spent.
    async fn finish_provider_sign_in(
        &self,
        browser: &str,
        state: &str,
        code: &str,
        replaces: Option<&str>,
    ) -> Result<ProviderFinish, AppError>;
    /// Whether the person's account is linked at the provider; `None`
    /// without a provider.
    async fn provider_link(&self, actor: &Account) -> Result<Option<ProviderLink>, AppError>;
    /// Removes the person's link (they sign in through the provider again
    /// only by their verified address, or after linking anew).
    async fn unlink_provider(&self, actor: &Account) -> Result<(), AppError>;
}
