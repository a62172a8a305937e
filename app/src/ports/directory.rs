use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// The care-team directory: whom each participant's directory lists (the
/// rule in `domain::directory`, less whom the worker hid from them).
#[async_trait::async_trait]
pub trait DirectoryPort: Send + Sync + 'static {
    async fn directory_settings(
        &self,
        actor: &Account,
        case: CaseId,
        viewer: ParticipantId,
    ) -> Result<DirectorySettings, AppError>;
    /// `shown`: the candidates `viewer` keeps seeing; every other candidate
    /// is hidden from them. `contact`: what an employer is shown of a
    /// curative-care coordinator (kept when `None`).
    async fn set_directory(
        &self,
        actor: &Account,
        case: CaseId,
        viewer: ParticipantId,
        shown: Vec<ParticipantId>,
        contact: Option<CoordinatorContact>,
    ) -> Result<(), AppError>;
}
