//! Passkeys: the second factor after the e-mail code. Required of every
//! role that may read more than agreed adjustments (`needs_passkey`),
//! offered to the worker and the employer. What a person sees of their own
//! passkeys and sign-ins.

use super::ids::stable_ids;
use super::{ErrorKey, PasskeyId, Role, Timestamp};
use serde::{Deserialize, Serialize};

/// How long a lost-phone recovery waits before the passkeys are removed:
/// a day for the person to see the mail and stop it if it was not them.
pub const RECOVERY_WAIT_MS: i64 = 24 * 3600 * 1000;
/// How long the browser has to answer a registration or sign-in challenge.
pub const CEREMONY_MS: i64 = 5 * 60 * 1000;
/// Longest name of a passkey ("Phone", "Work laptop").
pub const PASSKEY_NAME_MAX: usize = 60;

/// Whether a role must sign in with a passkey to open a case: every care
/// and work-focused professional reads health information; the employer
/// reads agreed adjustments only (the employer ceiling), the worker her own.
pub fn needs_passkey(role: Role) -> bool {
    role != Role::Employer
}

/// The name a person gives a passkey, trimmed; a default when empty.
pub fn passkey_name(raw: &str) -> Result<String, ErrorKey> {
    let name = raw.trim();
    if name.chars().count() > PASSKEY_NAME_MAX {
        return Err(ErrorKey::TooLong { max: PASSKEY_NAME_MAX as u32 });
    }
    Ok(if name.is_empty() { "Passkey".into() } else { name.to_string() })
}

/// One of the person's passkeys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasskeyView {
    pub id: PasskeyId,
    pub name: String,
    pub added_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

stable_ids! {
    /// A sign-in step or passkey change, as the account's own log names it.
    pub enum AccountEvent {
        /// The e-mail code was right (a passkey may still be asked).
        CodeSignIn = "code_sign_in",
        PasskeySignIn = "passkey_sign_in",
        /// A passkey answered wrongly or was not the account's.
        PasskeyRefused = "passkey_refused",
        PasskeyAdded = "passkey_added",
        PasskeyRemoved = "passkey_removed",
        RecoveryAsked = "recovery_asked",
        /// The waiting period ended: the passkeys were removed.
        RecoveryDone = "recovery_done",
        /// Signing in with a passkey stopped a recovery.
        RecoveryStopped = "recovery_stopped",
        /// A join code this person entered was wrong, spent or expired.
        JoinCodeRefused = "join_code_refused",
        /// Signed in through the identity provider (a passkey may still be asked).
        ProviderSignIn = "provider_sign_in",
        /// The first sign-in through the identity provider linked it to this account.
        ProviderLinked = "provider_linked",
        /// Another identity at the provider named this account's address.
        ProviderRefused = "provider_refused",
        /// The person removed the link to the identity provider.
        ProviderUnlinked = "provider_unlinked",
    }
}

/// One row of the account's own log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountEventView {
    pub at: Timestamp,
    pub event: AccountEvent,
    /// The passkey's name, where the event is about one.
    pub detail: String,
}

/// The "Your passkeys" page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasskeysPage {
    pub passkeys: Vec<PasskeyView>,
    /// This person must sign in with a passkey to open the cases they are in.
    pub required: bool,
    /// This session was confirmed with a passkey.
    pub signed_in_with_passkey: bool,
    /// Passkeys work at this portal's address (a name, not a bare IP).
    pub available: bool,
    /// Newest first, the last few.
    pub events: Vec<AccountEventView>,
}

/// The sign-in step after the code, for an account with passkeys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasskeyStep {
    /// When a lost-phone recovery removes the passkeys, if one is waiting.
    pub recovery_due: Option<Timestamp>,
}
