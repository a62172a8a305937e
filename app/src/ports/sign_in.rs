use super::{Account, NewSession};
use crate::domain::{Email, MailView};
use crate::error::AppError;
use std::net::IpAddr;

/// Sign-in by e-mail code, sessions, and the demo mailbox that shows the codes.
#[async_trait::async_trait]
pub trait SignInPort: Send + Sync + 'static {
    /// Sends a sign-in code if limits allow; the answer never tells whether
    /// the address is known.
    async fn request_code(&self, email: &Email, ip: IpAddr, lang: &str) -> Result<(), AppError>;
    async fn verify_code(&self, email: &Email, code: &str, replaces: Option<&str>) -> Result<NewSession, AppError>;
    /// The account behind a session cookie, if the session is still alive.
    async fn session(&self, token: &str) -> Result<Option<Account>, AppError>;
    async fn sign_out(&self, token: &str) -> Result<(), AppError>;
    /// Keeps what was typed into a refused form (JSON) for the next page of
    /// this browser; answers the random key its cookie holds.
    async fn keep_input(&self, session: Option<&str>, fields: &str) -> Result<String, AppError>;
    /// What was kept under `key` for this session, once.
    async fn take_input(&self, key: &str, session: Option<&str>) -> Result<Option<String>, AppError>;
    /// Outgoing mail, newest first; `NotFound` unless the server runs in demo mode.
    async fn dev_mailbox(&self) -> Result<Vec<MailView>, AppError>;
}
