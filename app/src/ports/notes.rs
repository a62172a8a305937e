use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// Work-relevant notes between care professionals; the worker reads all.
#[async_trait::async_trait]
pub trait NotesPort: Send + Sync + 'static {
    /// Every note of the case, for the worker.
    async fn notes(&self, actor: &Account, case: CaseId) -> Result<Vec<Note>, AppError>;
    async fn write_note(&self, actor: &Account, case: CaseId, note: NoteText) -> Result<NoteId, AppError>;
}
