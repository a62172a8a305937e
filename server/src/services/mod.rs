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
pub mod grants;
pub mod joining;
pub mod live;
pub mod news;
pub mod notes;
pub mod oidc;
pub mod passkeys;
pub mod plan;
pub mod record;
pub mod referrals;
pub mod requests;
pub mod retention;
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

/// Days between asking for erasure and the erasure, unless configured.
pub const ERASURE_GRACE_DAYS: u32 = 30;

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
    /// Days between a worker asking for erasure and the erasure
    /// (`RTW_ERASURE_GRACE_DAYS`).
    pub erasure_grace_days: u32,
    /// Professionals who read health information must sign in with a
    /// passkey to open a case (`RTW_REQUIRE_PASSKEYS`; `passkeys.rs`).
    pub passkeys_required: bool,
    /// The identity provider people may sign in through (`RTW_OIDC_*`).
    pub oidc: Option<Arc<oidc::Provider>>,
}

impl PortalService {
    pub fn new(db: Db, clock: Arc<dyn Clock>, demo: bool) -> Self {
        PortalService {
            db,
            clock,
            default_zone: Zone::HELSINKI,
            demo,
            outbox_wake: Arc::new(Notify::new()),
            public_url: "http://localhost:3000".into(),
            events: events::hub(),
            keys: Arc::new(crate::secrets::Keys::ephemeral()),
            refusals: Arc::new(Refusals::new(REFUSALS_PER_WINDOW)),
            erasure_grace_days: ERASURE_GRACE_DAYS,
            passkeys_required: false,
            oidc: None,
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    /// The service modules each module refers to (`super::x`,
    /// `crate::services::x`, `use super::{x, y}`), read from the source.
    fn references() -> BTreeMap<String, BTreeSet<String>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/services");
        let modules: BTreeSet<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".rs").map(str::to_string))
            .filter(|m| m != "mod")
            .collect();
        let mut graph = BTreeMap::new();
        for m in &modules {
            let text = std::fs::read_to_string(format!("{dir}/{m}.rs")).unwrap();
            // Only the code, not the tests at the end of a file.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let mut uses = BTreeSet::new();
            for prefix in ["super::", "crate::services::"] {
                for (i, _) in code.match_indices(prefix) {
                    let rest = &code[i + prefix.len()..];
                    let names: Vec<&str> = match rest.strip_prefix('{') {
                        Some(group) => group.split('}').next().unwrap_or_default().split(',').collect(),
                        None => vec![rest],
                    };
                    for name in names {
                        let name: String =
                            name.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                        if modules.contains(&name) && name != *m {
                            uses.insert(name);
                        }
                    }
                }
            }
            graph.insert(m.clone(), uses);
        }
        graph
    }

    /// The services form a tree (a graph without cycles): what several
    /// areas share (authorization, granting, the shared view, mail, events)
    /// lives below them, and no module imports one that imports it back,
    /// directly or around a longer loop.
    #[test]
    fn the_services_import_each_other_without_a_loop() {
        let graph = references();
        assert!(graph.len() > 10, "the service modules were read: {graph:?}");
        assert!(graph["referrals"].contains("authz"), "references are found: {graph:?}");
        fn visit(
            m: &str,
            graph: &BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) -> Option<Vec<String>> {
            if let Some(at) = path.iter().position(|p| p == m) {
                let mut cycle = path[at..].to_vec();
                cycle.push(m.to_string());
                return Some(cycle);
            }
            if done.contains(m) {
                return None;
            }
            path.push(m.to_string());
            for next in &graph[m] {
                if let Some(cycle) = visit(next, graph, path, done) {
                    return Some(cycle);
                }
            }
            path.pop();
            done.insert(m.to_string());
            None
        }
        let mut done = BTreeSet::new();
        for m in graph.keys() {
            if let Some(cycle) = visit(m, &graph, &mut Vec::new(), &mut done) {
                panic!("the services import each other in a loop: {}", cycle.join(" → "));
            }
        }
    }
}
