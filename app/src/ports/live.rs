use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// Live updates: who may be told that a case changed (the worker, or a
/// participant of the case); the server's event stream asks this first.
#[async_trait::async_trait]
pub trait LivePort: Send + Sync + 'static {
    async fn follow(&self, actor: &Account, case: CaseId) -> Result<(), AppError>;
}
