//! Use cases over the store, one file per area, each implementing that
//! area's port (`app::ports`) for `PortalService`. Every read or write of
//! case data passes `authz::authorize`.

pub mod activity;
pub mod authz;
pub mod case;
pub mod clock;
pub mod concerns;
pub mod directory;
pub mod events;
pub mod live;
pub mod news;
pub mod notes;
pub mod referrals;
pub mod requests;
pub mod shared;
pub mod sharing;
pub mod sign_in;
pub mod work;

use crate::error::Result;
use crate::store::{Db, Tx};
use app::domain::{Timestamp, Zone};
pub use clock::{Clock, SystemClock, TestClock};
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct PortalService {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// The zone of a case whose worker has not said otherwise.
    pub default_zone: Zone,
    /// Demo mode: the development mailbox is readable.
    pub demo: bool,
    /// Wakes the outbox sender when mail is queued.
    pub outbox_wake: Arc<Notify>,
    /// Where people reach the portal, for links in e-mails (no trailing slash).
    pub public_url: String,
    /// Tells open pages which case changed (`events`).
    pub events: events::Hub,
    /// The keys of short secrets and of the log's chain (`secrets.rs`):
    /// the configured ones in the server, one per process in tests.
    pub keys: Arc<crate::secrets::Keys>,
}

impl PortalService {
    pub fn new(db: Db, clock: Arc<dyn Clock>, demo: bool) -> Self {
        PortalService {
            db,
            clock,
            default_zone: Zone::HELSINKI,
            demo,
            outbox_wake: Arc::new(Notify::new()),
            public_url: "http://127.0.0.1:3000".into(),
            events: events::hub(),
            keys: Arc::new(crate::secrets::Keys::ephemeral()),
        }
    }

    /// The service clock's moment: the only "now" of the portal.
    pub fn now(&self) -> Timestamp {
        Timestamp(self.clock.now().timestamp_millis())
    }
}

/// Answers `e` after committing the transaction, so the access-log row of
/// an allowed but refused request is kept.
pub(crate) async fn refuse<T>(tx: Tx, e: app::error::AppError) -> Result<T> {
    tx.commit().await?;
    Err(e.into())
}
