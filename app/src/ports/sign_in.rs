use super::{Account, NewSession};
use crate::domain::{Email, MailView, Zone};
use crate::error::AppError;
use std::net::IpAddr;

/// What a browser brings to sign-in: the attempt its sign-in cookie names
/// (a code belongs to the browser that asked for it, so nobody else's
/// request voids it), and the device token an earlier sign-in there left
/// (such a browser has its own budget of wrong codes, which strangers
/// cannot spend).
#[derive(Debug, Clone, Copy, Default)]
pub struct SignInBrowser<'a> {
    pub attempt: Option<&'a str>,
    pub device: Option<&'a str>,
}

/// Sign-in by e-mail code, sessions, and the demo mailbox that shows the codes.
#[async_trait::async_trait]
pub trait SignInPort: Send + Sync + 'static {
    /// Sends a sign-in code if limits allow; the answer never tells whether
    /// the address is known. Answers the attempt key for the browser's
    /// sign-in cookie: the one it brought (its earlier code for this
    /// address is then replaced: it asked for a new one), or a new one.
    async fn request_code(
        &self,
        email: &Email,
        ip: IpAddr,
        lang: &str,
        browser: SignInBrowser<'_>,
    ) -> Result<String, AppError>;
    /// Checks the code this browser asked for; a fresh session (and the
    /// browser's device token) when it matches.
    async fn verify_code(
        &self,
        email: &Email,
        code: &str,
        ip: IpAddr,
        browser: SignInBrowser<'_>,
        replaces: Option<&str>,
    ) -> Result<NewSession, AppError>;
    /// The account behind a session cookie, if the session is still alive.
    async fn session(&self, token: &str) -> Result<Option<Account>, AppError>;
    async fn sign_out(&self, token: &str) -> Result<(), AppError>;
    /// The person's time zone: `zone` as they chose it, or (`only_if_unset`,
    /// as their browser reports it) only when they have none yet. Answers
    /// the zone in force.
    async fn set_time_zone(&self, actor: &Account, zone: Zone, only_if_unset: bool) -> Result<Zone, AppError>;
    /// Keeps what was typed into a refused form (JSON) for the next page of
    /// this browser; answers the random key its cookie holds.
    async fn keep_input(&self, session: Option<&str>, ip: IpAddr, fields: &str) -> Result<Option<String>, AppError>;
    /// What was kept under `key` for this session, once.
    async fn take_input(&self, key: &str, session: Option<&str>) -> Result<Option<String>, AppError>;
    /// Outgoing mail, newest first; `NotFound` unless the server runs in demo mode.
    async fn dev_mailbox(&self) -> Result<Vec<MailView>, AppError>;
}
