use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// The road back: the legal calendar of the worker's country, milestones
/// marked done. A participant's part of it comes with their case page
/// (`SharedPort`).
#[async_trait::async_trait]
pub trait TimelinePort: Send + Sync + 'static {
    /// The whole road, for the worker.
    async fn road(&self, actor: &Account, case: CaseId) -> Result<RoadPage, AppError>;
    /// Marks a milestone the actor is responsible for done, on a day.
    async fn mark_milestone(&self, actor: &Account, case: CaseId, m: MarkRequest) -> Result<(), AppError>;
}
