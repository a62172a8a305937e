use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// What the care team writes about the worker: work-ability statements,
/// treatment plans, diagnoses. Professionals read them on their case page
/// (`SharedPort`), in the sections the worker granted.
#[async_trait::async_trait]
pub trait StatementsPort: Send + Sync + 'static {
    /// Everything written about the worker, for the worker.
    async fn statements(&self, actor: &Account, case: CaseId) -> Result<StatementsPage, AppError>;
    /// A professional's form for a kind their role writes, with their current entry.
    async fn statement_form(
        &self,
        actor: &Account,
        case: CaseId,
        kind: StatementKind,
    ) -> Result<StatementForm, AppError>;
    /// A new entry; it supersedes the author's previous one of its kind.
    async fn write_statement(
        &self,
        actor: &Account,
        case: CaseId,
        body: StatementBody,
    ) -> Result<StatementId, AppError>;
    /// The worker's own view of an entry (the newest counts).
    async fn add_own_view(
        &self,
        actor: &Account,
        case: CaseId,
        id: StatementId,
        view: OwnViewText,
    ) -> Result<(), AppError>;
    /// Advice item `item` of entry `id` as an adjustment draft of the worker's.
    async fn adopt_advice(
        &self,
        actor: &Account,
        case: CaseId,
        id: StatementId,
        item: usize,
    ) -> Result<AdjustmentId, AppError>;
}
