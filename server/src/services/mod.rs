//! Use cases over the store. `PortalService` implements the `Portal` port
//! the pages call; every case read or write passes `authz::authorize`.

pub mod auth;
pub mod authz;
pub mod case;
pub mod clock;
pub mod consent;

use crate::store::Db;
use app::domain::*;
use app::error::AppError;
use app::ports::Account;
pub use clock::{Clock, SystemClock, TestClock};
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct PortalService {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Demo mode: the development mailbox is readable.
    pub demo: bool,
    /// Wakes the outbox sender when mail is queued.
    pub outbox_wake: Arc<Notify>,
}

impl PortalService {
    pub fn new(db: Db, clock: Arc<dyn Clock>, demo: bool) -> Self {
        PortalService { db, clock, demo, outbox_wake: Arc::new(Notify::new()) }
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }

    /// Today's date in UTC, the day grants start on.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.now().date_naive()
    }
}

/// Logs a store failure with its detail and answers the generic error.
pub fn internal(e: sqlx::Error) -> AppError {
    tracing::error!(error = %e, "database error");
    AppError::Unavailable
}

#[async_trait::async_trait]
impl app::ports::Portal for PortalService {
    async fn request_code(&self, email: &app::domain::Email, ip: std::net::IpAddr, lang: &str) -> Result<(), AppError> {
        auth::request_code(self, email, ip, lang).await
    }
    async fn verify_code(
        &self,
        email: &app::domain::Email,
        code: &str,
        replaces: Option<&str>,
    ) -> Result<app::ports::NewSession, AppError> {
        auth::verify_code(self, email, code, replaces).await
    }
    async fn session(&self, token: &str) -> Result<Option<app::ports::Account>, AppError> {
        auth::session(self, token).await
    }
    async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        auth::sign_out(self, token).await
    }
    async fn my_case(&self, actor: &app::ports::Account) -> Result<Option<app::domain::CaseOverview>, AppError> {
        case::my_case(self, actor).await
    }
    async fn start_case(
        &self,
        actor: &app::ports::Account,
        name: &str,
        dates: app::domain::CaseDates,
    ) -> Result<i64, AppError> {
        case::start_case(self, actor, name, dates).await
    }
    async fn change_dates(
        &self,
        actor: &app::ports::Account,
        c: i64,
        dates: app::domain::CaseDates,
    ) -> Result<(), AppError> {
        case::change_dates(self, actor, c, dates).await
    }
    async fn add_participant(
        &self,
        actor: &app::ports::Account,
        c: i64,
        p: app::domain::NewParticipant,
    ) -> Result<i64, AppError> {
        case::add_participant(self, actor, c, p).await
    }
    async fn change_contact(
        &self,
        actor: &app::ports::Account,
        c: i64,
        p: i64,
        contact: app::domain::Contact,
    ) -> Result<(), AppError> {
        case::change_contact(self, actor, c, p, contact).await
    }
    async fn remove_participant(&self, actor: &app::ports::Account, c: i64, p: i64) -> Result<(), AppError> {
        case::remove_participant(self, actor, c, p).await
    }
    async fn set_coordinator(&self, actor: &app::ports::Account, c: i64, p: Option<i64>) -> Result<(), AppError> {
        case::set_coordinator(self, actor, c, p).await
    }
    async fn grant(
        &self,
        actor: &Account,
        c: CaseId,
        p: ParticipantId,
        req: Option<GrantRequest>,
    ) -> Result<(), AppError> {
        consent::grant(self, actor, c, p, req).await
    }
    async fn revoke(
        &self,
        actor: &Account,
        c: CaseId,
        p: ParticipantId,
        what: Option<(Category, Purpose)>,
    ) -> Result<(), AppError> {
        consent::revoke(self, actor, c, p, what).await
    }
    async fn set_protection(&self, actor: &Account, c: CaseId, p: Protection) -> Result<(), AppError> {
        consent::set_protection(self, actor, c, p).await
    }
    async fn preview(&self, actor: &Account, c: CaseId, p: ParticipantId) -> Result<SharedView, AppError> {
        consent::preview(self, actor, c, p).await
    }
    async fn shared_case(&self, actor: &Account, c: CaseId) -> Result<SharedView, AppError> {
        consent::shared_case(self, actor, c).await
    }
    async fn invitations(&self, actor: &Account) -> Result<Vec<Invitation>, AppError> {
        consent::invitations(self, actor).await
    }
    async fn history(&self, actor: &Account, c: CaseId) -> Result<Vec<GrantHistory>, AppError> {
        consent::history(self, actor, c).await
    }
    async fn access_log(&self, actor: &Account, c: CaseId, filter: LogFilter) -> Result<Activity, AppError> {
        consent::access_log(self, actor, c, filter).await
    }
    async fn dev_mailbox(&self) -> Result<Vec<app::domain::MailView>, AppError> {
        if !self.demo {
            return Err(AppError::NotFound);
        }
        let mut c = self.db.pool().acquire().await.map_err(internal)?;
        crate::store::outbox::latest(&mut c, 50).await.map_err(internal)
    }
}
