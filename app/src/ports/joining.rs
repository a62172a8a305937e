use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// Joining a case by a code shown at the appointment.
#[async_trait::async_trait]
pub trait JoiningPort: Send + Sync + 'static {
    /// The worker's page: the code of the moment and where it stands.
    async fn join_page(&self, actor: &Account, case: CaseId) -> Result<JoinPage, AppError>;
    /// A new code for `role`; any earlier one not answered yet ends.
    async fn show_join_code(&self, actor: &Account, case: CaseId, role: Role) -> Result<JoinId, AppError>;
    /// The worker's answer about who entered the code: `yes` adds them to
    /// the team (with nothing shared), otherwise the code is spent.
    async fn answer_join(&self, actor: &Account, case: CaseId, join: JoinId, yes: bool) -> Result<(), AppError>;
    /// A professional enters a code with how the worker will know them
    /// (the contact's e-mail is always the account's, whatever it says). A
    /// code that is wrong, spent or expired gets one and the same answer.
    async fn enter_join_code(
        &self,
        actor: &Account,
        ip: std::net::IpAddr,
        code: &str,
        contact: Contact,
    ) -> Result<JoinId, AppError>;
    /// What the professional who entered a code sees of it.
    async fn joiner_page(&self, actor: &Account, join: JoinId) -> Result<JoinerPage, AppError>;
}
