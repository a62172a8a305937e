//! Sign-in through an identity provider (OpenID Connect), for deployments
//! behind a national eID broker: the portal sends the browser there and
//! takes back who the person is, instead of mailing a code.

use super::ErrorKey;
use crate::error::AppError;

/// How long a person may take at the provider before coming back.
pub const PROVIDER_SIGN_IN_MS: i64 = 10 * 60 * 1000;

/// Why a sign-in through the provider did not finish, as its page
/// (`/sign-in/provider?why=…`) tells the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderRefusal {
    /// Anything that went wrong on the way (cancelled, expired, tampered
    /// with, the provider unreachable): one answer, try again.
    Failed,
    /// The provider named no e-mail address it has verified.
    NoVerifiedEmail,
    /// The account of that address is linked to another identity there.
    LinkedElsewhere,
    TooMany,
}

impl ProviderRefusal {
    /// The refusal a service error stands for.
    pub fn of(e: &AppError) -> Self {
        let key = |k| matches!(e, AppError::Invalid(fields) if fields.iter().any(|f| f.key == k));
        if key(ErrorKey::ProviderNoVerifiedEmail) {
            ProviderRefusal::NoVerifiedEmail
        } else if key(ErrorKey::ProviderLinkedElsewhere) {
            ProviderRefusal::LinkedElsewhere
        } else if matches!(e, AppError::TooManyRequests) {
            ProviderRefusal::TooMany
        } else {
            ProviderRefusal::Failed
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderRefusal::Failed => "failed",
            ProviderRefusal::NoVerifiedEmail => "no_email",
            ProviderRefusal::LinkedElsewhere => "linked_elsewhere",
            ProviderRefusal::TooMany => "too_many",
        }
    }

    /// Anything unknown reads as `Failed`.
    pub fn parse(s: &str) -> Self {
        [ProviderRefusal::NoVerifiedEmail, ProviderRefusal::LinkedElsewhere, ProviderRefusal::TooMany]
            .into_iter()
            .find(|r| r.as_str() == s)
            .unwrap_or(ProviderRefusal::Failed)
    }
}

/// The "Sign-in with …" part of a person's sign-in page: whether their
/// account is linked to an identity at the provider.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProviderLink {
    pub name: String,
    pub linked: bool,
}
