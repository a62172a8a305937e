use super::Account;
use crate::domain::*;
use crate::error::AppError;

/// What an open event stream learns when it asks again (after a change of
/// its case, a session ending somewhere, or a while).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watch {
    /// The session ended or expired, or its holder may no longer follow the
    /// case (removed from the team, or every grant ended): the stream ends.
    Closed,
    /// Still following. `None`: every change of the case is theirs (the
    /// worker). `Some(d)`: a digest of what the holder's page may show now
    /// (it never leaves the server); the stream says "changed" only when it
    /// differs from the one before.
    Open(Option<String>),
}

/// Live updates: who may be told that a case changed (the worker, or a
/// participant of the case who sees something); the server's event stream
/// asks this first, and again whenever something may have changed.
#[async_trait::async_trait]
pub trait LivePort: Send + Sync + 'static {
    async fn follow(&self, actor: &Account, case: CaseId) -> Result<(), AppError>;
    /// Asks again for the stream of `session` on `case`. With `view` false
    /// only the session is checked (a session ended somewhere: cheap), and
    /// an open stream's answer is `Open(None)`.
    async fn watch(&self, session: &str, case: CaseId, view: bool) -> Result<Watch, AppError>;
}
