use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// The worker's case: dates and the care team.
#[async_trait::async_trait]
pub trait CasePort: Send + Sync + 'static {
    async fn my_case(&self, actor: &Account) -> Result<Option<CaseOverview>, AppError>;
    /// My case: the overview and what waits for the worker, in one read.
    async fn case_home(&self, actor: &Account) -> Result<Option<CaseHome>, AppError>;
    async fn start_case(&self, actor: &Account, name: &str, start: NewCase) -> Result<CaseId, AppError>;
    /// New dates, and (`Some`) a new time zone or country for the case. A
    /// new start recomputes every due date of the road back.
    async fn change_dates(
        &self,
        actor: &Account,
        case: CaseId,
        dates: CaseDates,
        zone: Option<Zone>,
        country: Option<Country>,
    ) -> Result<(), AppError>;
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
    /// Back at work since `day`: every grant ends, reminders stop, the team
    /// sees "closed" only.
    async fn close_case(&self, actor: &Account, case: CaseId, day: chrono::NaiveDate) -> Result<(), AppError>;
    /// Open again after a relapse, with nothing shared.
    async fn reopen_case(&self, actor: &Account, case: CaseId) -> Result<(), AppError>;
}
