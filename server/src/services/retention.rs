//! The portal's own housekeeping: what can no longer be used is forgotten
//! (`store::retention`), every ten minutes with the reminders, on every
//! instance (each statement is harmless twice). A sent mail's body is
//! dropped when it is sent (`store::outbox::mark_sent`).

use super::PortalService;
use crate::error::Result;
use crate::store::retention::{self, Forgotten};

pub async fn forget(s: &PortalService) -> Result<Forgotten> {
    let mut tx = s.db.begin_write().await?;
    let forgotten = retention::forget(&mut tx, s.now().0).await?;
    tx.commit().await?;
    Ok(forgotten)
}
