//! Times the authorization check on its own: a participant viewing a case
//! with grants, decided and logged (with its hash chain row) in one
//! transaction. Run by `scripts/bench.sh`; prints the median.

use app::domain::*;
use app::ports::prelude::*;
use server::services::authz::authorize;
use server::services::{PortalService, SystemClock};
use server::store::{accounts, case, Db};
use std::sync::Arc;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let n: usize = std::env::args().nth(1).and_then(|v| v.parse().ok()).unwrap_or(2000);
    // An empty database: BENCH_AUTHZ_URL (PostgreSQL), or a new SQLite file.
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("BENCH_AUTHZ_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let db = Db::open(&url, 4).await.unwrap();
    let s = PortalService::new(db, Arc::new(SystemClock), false);
    let now = Now { at: s.now(), zone: Zone::HELSINKI };
    let mut tx = s.db.begin_write().await.unwrap();
    let worker = accounts::create(&mut tx, &Email::parse("w@example.com").unwrap(), "en", now.at.0).await.unwrap();
    let doctor = accounts::create(&mut tx, &Email::parse("d@example.com").unwrap(), "en", now.at.0).await.unwrap();
    let dates = CaseDates { sick_leave_start: now.today(), expected_return: None };
    let case = case::create(&mut tx, worker.id, &dates, now.zone, now.at).await.unwrap();
    tx.commit().await.unwrap();
    let p = NewParticipant::parse("occupational_physician", "Dr D", "", "d@example.com", "").unwrap();
    let pid = s.add_participant(&worker, case, p).await.unwrap();
    s.grant(&worker, case, pid, None).await.unwrap();

    let mut decide = Vec::with_capacity(n);
    let mut with_commit = Vec::with_capacity(n);
    for i in 0..n {
        let tx = s.db.begin_write().await.unwrap();
        let t = Instant::now();
        let (tx, ok) = authorize(&s, tx, &doctor, case, Operation::ViewShared, None).await.unwrap();
        decide.push(t.elapsed().as_secs_f64() * 1e6);
        assert_eq!(ok.visible.len(), 3);
        if i % 2 == 0 {
            tx.rollback().await.unwrap();
        } else {
            tx.commit().await.unwrap();
            with_commit.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        (v[v.len() / 2], v[v.len() * 9 / 10])
    };
    let (m, p90) = median(&mut decide);
    println!("authorize (decide + 4 log rows, no commit)  median {m:.0} µs (p90 {p90:.0} µs, n={n})");
    let (m, p90) = median(&mut with_commit);
    println!("authorize + commit (durable)                median {m:.0} µs (p90 {p90:.0} µs, n={})", n / 2);
}
