use crate::domain::*;
use crate::error::AppError;

/// Passkeys: adding and removing them, and the sign-in step that asks for
/// one. Each call names the session (its cookie's token): a ceremony
/// belongs to the session that started it, and a sign-in step's session
/// is not signed in yet.
#[async_trait::async_trait]
pub trait PasskeysPort: Send + Sync + 'static {
    /// The person's passkeys and their recent sign-ins.
    async fn passkeys_page(&self, session: &str) -> Result<PasskeysPage, AppError>;
    /// Starts adding a passkey: the options for the browser (WebAuthn JSON).
    async fn start_passkey(&self, session: &str) -> Result<String, AppError>;
    /// Stores the passkey the browser made (its JSON) under `name`; the
    /// session counts as signed in with it from then on.
    async fn add_passkey(&self, session: &str, name: &str, credential: &str) -> Result<(), AppError>;
    async fn remove_passkey(&self, session: &str, id: PasskeyId) -> Result<(), AppError>;
    /// The sign-in step of a session waiting for its passkey.
    async fn passkey_step(&self, waiting: &str) -> Result<PasskeyStep, AppError>;
    /// The challenge for the browser (WebAuthn JSON).
    async fn start_passkey_sign_in(&self, waiting: &str) -> Result<String, AppError>;
    /// Checks the browser's answer; the session is signed in when it holds.
    async fn finish_passkey_sign_in(&self, waiting: &str, credential: &str) -> Result<(), AppError>;
    /// A lost phone: the passkeys go after the waiting period, told by mail.
    async fn ask_passkey_recovery(&self, waiting: &str, lang: &str) -> Result<PasskeyStep, AppError>;
}
