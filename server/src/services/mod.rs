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
pub mod plan;
pub mod referrals;
pub mod requests;
pub mod shared;
pub mod sharing;
pub mod sign_in;
pub mod statements;
pub mod timeline;
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
    /// Refusals per account in the current window (`Refusals`).
    pub refusals: Arc<Refusals>,
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
            refusals: Arc::new(Refusals::new(REFUSALS_PER_WINDOW)),
        }
    }

    /// The service clock's moment: the only "now" of the portal.
    pub fn now(&self) -> Timestamp {
        Timestamp(self.clock.now().timestamp_millis())
    }
}

/// Refusals (`authorize` said no) an account may collect in one window
/// before it is slowed: from then on every request of that account is
/// answered 429 before any work (no write turn, no log row) until the
/// window ends. Every refusal that is processed is logged as ever; this
/// only stops one account from filling the log with them, or queueing them
/// behind real writes. Counted per server process.
pub const REFUSALS_PER_WINDOW: i64 = 20;
pub const REFUSAL_WINDOW_MS: i64 = 15 * 60 * 1000;

/// The refusals of each account in the current window, in memory.
pub struct Refusals {
    limit: i64,
    counts: std::sync::Mutex<std::collections::HashMap<app::domain::AccountId, (i64, i64)>>,
}

impl Refusals {
    pub fn new(limit: i64) -> Refusals {
        Refusals { limit, counts: Default::default() }
    }

    fn window(now: Timestamp) -> i64 {
        now.0 - now.0.rem_euclid(REFUSAL_WINDOW_MS)
    }

    /// Whether `account` used up its refusals in this window.
    pub fn slowed(&self, account: app::domain::AccountId, now: Timestamp) -> bool {
        let counts = self.counts.lock().expect("refusal counts");
        counts.get(&account).is_some_and(|&(w, n)| w == Self::window(now) && n >= self.limit)
    }

    /// Counts one refusal; the one that reaches the limit is logged (once
    /// per window), never the ones before or after.
    pub fn count(&self, account: app::domain::AccountId, now: Timestamp) {
        let window = Self::window(now);
        let mut counts = self.counts.lock().expect("refusal counts");
        if counts.len() > 10_000 {
            counts.retain(|_, (w, _)| *w == window);
        }
        let entry = counts.entry(account).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        entry.1 += 1;
        if entry.1 == self.limit {
            tracing::warn!(
                account = %account,
                refusals = self.limit,
                window_minutes = REFUSAL_WINDOW_MS / 60_000,
                "an account was refused too often: its requests are answered 429 until the window ends"
            );
        }
    }
}

/// Answers `e` after committing the transaction, so the access-log row of
/// an allowed but refused request is kept.
pub(crate) async fn refuse<T>(tx: Tx, e: app::error::AppError) -> Result<T> {
    tx.commit().await?;
    Err(e.into())
}
