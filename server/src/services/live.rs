//! Following a case's changes: the worker, or a participant of the case,
//! through the table and the log like any other access.

use super::authz::authorize;
use super::PortalService;
use crate::error::Result;
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, LivePort};

#[async_trait::async_trait]
impl LivePort for PortalService {
    async fn follow(&self, actor: &Account, c: CaseId) -> Result<(), AppError> {
        Ok(follow(self, actor, c).await?)
    }
}

async fn follow(s: &PortalService, actor: &Account, case: CaseId) -> Result<()> {
    let tx = s.db.begin_read().await?;
    let (tx, _) = authorize(s, tx, actor, case, Operation::FollowCase, None).await?;
    tx.commit().await?;
    Ok(())
}
