//! What the pages need from the server, as a trait: the `server` crate
//! implements it over the database and provides it as Leptos context, so
//! server functions stay one line and never name a database type.

use crate::domain::*;
use crate::error::AppError;
use std::net::IpAddr;
use std::sync::Arc;

/// A signed-in person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub email: Email,
    pub display_name: String,
}

/// The client's address as the server resolved it (behind trusted proxies,
/// from `X-Forwarded-For`); set on each request by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// A fresh session: the cookie value is shown once and stored only hashed.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub has_case: bool,
}

#[async_trait::async_trait]
pub trait Portal: Send + Sync + 'static {
    /// Sends a sign-in code if limits allow; the answer never tells whether
    /// the address is known.
    async fn request_code(&self, email: &Email, ip: IpAddr, lang: &str) -> Result<(), AppError>;
    async fn verify_code(&self, email: &Email, code: &str, replaces: Option<&str>) -> Result<NewSession, AppError>;
    /// The account behind a session cookie, if the session is still alive.
    async fn session(&self, token: &str) -> Result<Option<Account>, AppError>;
    async fn sign_out(&self, token: &str) -> Result<(), AppError>;

    async fn my_case(&self, actor: &Account) -> Result<Option<CaseOverview>, AppError>;
    async fn start_case(&self, actor: &Account, name: &str, dates: CaseDates) -> Result<CaseId, AppError>;
    async fn change_dates(&self, actor: &Account, case: CaseId, dates: CaseDates) -> Result<(), AppError>;
    async fn add_participant(
        &self,
        actor: &Account,
        case: CaseId,
        p: NewParticipant,
    ) -> Result<ParticipantId, AppError>;
    async fn change_contact(&self, actor: &Account, case: CaseId, p: ParticipantId, c: Contact)
        -> Result<(), AppError>;
    async fn remove_participant(&self, actor: &Account, case: CaseId, p: ParticipantId) -> Result<(), AppError>;
    async fn set_coordinator(&self, actor: &Account, case: CaseId, p: Option<ParticipantId>) -> Result<(), AppError>;

    /// Grants `req`, or (`None`) the one-tap preset of the participant's role.
    async fn grant(
        &self,
        actor: &Account,
        case: CaseId,
        p: ParticipantId,
        req: Option<GrantRequest>,
    ) -> Result<(), AppError>;
    /// Revokes one category for one purpose, or (`None`) everything in force.
    async fn revoke(
        &self,
        actor: &Account,
        case: CaseId,
        p: ParticipantId,
        what: Option<(Category, Purpose)>,
    ) -> Result<(), AppError>;
    async fn set_protection(&self, actor: &Account, case: CaseId, p: Protection) -> Result<(), AppError>;
    /// Exactly what participant `p` would get now.
    async fn preview(&self, actor: &Account, case: CaseId, p: ParticipantId) -> Result<SharedView, AppError>;
    /// A participant's own view of a case they are invited to.
    async fn shared_case(&self, actor: &Account, case: CaseId) -> Result<SharedView, AppError>;
    async fn invitations(&self, actor: &Account) -> Result<Vec<Invitation>, AppError>;
    async fn history(&self, actor: &Account, case: CaseId) -> Result<Vec<GrantHistory>, AppError>;
    async fn access_log(&self, actor: &Account, case: CaseId, filter: LogFilter) -> Result<Activity, AppError>;

    /// Outgoing mail, newest first; `NotFound` unless the server runs in demo mode.
    async fn dev_mailbox(&self) -> Result<Vec<MailView>, AppError>;
}

pub type SharedPortal = Arc<dyn Portal>;
