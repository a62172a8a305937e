use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// What a participant sees: the cases they are invited to, and per case only
/// what the worker granted them.
#[async_trait::async_trait]
pub trait SharedPort: Send + Sync + 'static {
    /// A page of the cases the actor is invited to: the newest, or those
    /// older than `older`.
    async fn invitations(&self, actor: &Account, older: Option<CaseId>) -> Result<Invitations, AppError>;
    async fn shared_case(&self, actor: &Account, case: CaseId) -> Result<SharedView, AppError>;
    /// The participant's case page: the view and their own lists, in one read.
    async fn shared_page(&self, actor: &Account, case: CaseId) -> Result<SharedPage, AppError>;
}
