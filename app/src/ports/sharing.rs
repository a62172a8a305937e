use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// Targeted consent: grants, the mental-health switch, the preview, history.
#[async_trait::async_trait]
pub trait SharingPort: Send + Sync + 'static {
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
    /// Marks participant `p` as mental-health care (`on`), or not: a GP or
    /// medical specialist who treats the worker's mental health.
    async fn mark_mental_health(
        &self,
        actor: &Account,
        case: CaseId,
        p: ParticipantId,
        on: bool,
    ) -> Result<(), AppError>;
    /// Exactly what participant `p` would get now.
    async fn preview(&self, actor: &Account, case: CaseId, p: ParticipantId) -> Result<SharedView, AppError>;
    /// A page of the grant history, newest first; `older` continues a previous page.
    async fn history(&self, actor: &Account, case: CaseId, older: Option<GrantId>) -> Result<SharingHistory, AppError>;
}
