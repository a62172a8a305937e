//! Times the first page of "Who looked at my information" on a case with a
//! short log and on one with a long log (the worker's own visits and other
//! people's), to show that a page costs the same however long the log is.
//! Run by `scripts/bench.sh`; prints medians.

use app::domain::*;
use app::ports::prelude::*;
use server::services::{PortalService, SystemClock};
use server::store::Db;
use std::sync::Arc;
use std::time::Instant;

async fn signed_in(s: &PortalService, email: &str) -> app::ports::Account {
    let e = Email::parse(email).unwrap();
    let ip = "127.0.0.1".parse().unwrap();
    let attempt = s.request_code(&e, ip, "en", Default::default()).await.unwrap();
    let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1")
        .bind(email)
        .fetch_one(s.db.pool())
        .await
        .unwrap();
    let code = body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).unwrap().to_string();
    let browser = app::ports::SignInBrowser { attempt: Some(&attempt), device: None };
    let token = s.verify_code(&e, &code, ip, browser, None).await.unwrap().token;
    s.session(&token).await.unwrap().unwrap()
}

/// A case whose log has about `rows` rows: the worker's own visits and, one
/// in ten, a physician's view with the categories it saw.
async fn case_with_log(s: &PortalService, n: usize, rows: usize) -> (app::ports::Account, CaseId) {
    let worker = signed_in(s, &format!("w{n}@example.com")).await;
    let now = Now { at: s.now(), zone: Zone::HELSINKI };
    let dates = CaseDates { sick_leave_start: now.today(), expected_return: None };
    let new = NewCase { dates, zone: Zone::HELSINKI, country: Country::Finland };
    let case = s.start_case(&worker, "Bench Worker", new).await.unwrap();
    let doctor_email = format!("d{n}@example.com");
    let p = NewParticipant::parse("occupational_physician", "Dr D", "", &doctor_email, "").unwrap();
    let pid = s.add_participant(&worker, case, p).await.unwrap();
    s.grant(&worker, case, pid, None).await.unwrap();
    let doctor = signed_in(s, &doctor_email).await;
    let mut written = 0;
    while written < rows {
        if written % 10 == 0 {
            s.shared_case(&doctor, case).await.unwrap();
            written += 4;
        } else {
            s.my_case(&worker).await.unwrap();
            written += 1;
        }
    }
    (worker, case)
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args().nth(1).and_then(|v| v.parse().ok()).unwrap_or(300);
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("BENCH_AUTHZ_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let db = Db::open(&url, 4).await.unwrap();
    let s = PortalService::new(db, Arc::new(SystemClock), false);
    // Both cases first, then measured in turns, so the database's size and
    // the machine's load are the same for both.
    let short = case_with_log(&s, 50, 50).await;
    let long = case_with_log(&s, 5_000, 5_000).await;
    for (what, include_own) in [("others (default)", false), ("with own visits", true)] {
        let mut times = [Vec::with_capacity(n), Vec::with_capacity(n)];
        for _ in 0..n {
            for (i, (worker, case)) in [&short, &long].into_iter().enumerate() {
                let filter = LogFilter { include_own, ..LogFilter::default() };
                let t = Instant::now();
                let a = s.access_log(worker, *case, filter).await.unwrap();
                times[i].push(t.elapsed().as_secs_f64() * 1e6);
                assert!(!a.lines.is_empty());
            }
        }
        for (rows, mut t) in [50, 5_000].into_iter().zip(times) {
            t.sort_by(|a, b| a.partial_cmp(b).unwrap());
            println!(
                "activity first page, {rows:>5} log rows, {what:<16} median {:>5.0} µs (p90 {:.0} µs, n={n})",
                t[n / 2],
                t[n * 9 / 10]
            );
        }
    }
}
