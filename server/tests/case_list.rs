//! A professional's and an employer's list of cases costs the same number
//! of SQL statements with 5 cases as with 500: one page of them is read in
//! a fixed number of statements, and every listed case is logged. The
//! statements are counted from sqlx's own per-statement events (target
//! `sqlx::query`) by a process-wide subscriber, so this file holds this one
//! test: nothing else runs queries in its process meanwhile.
mod common;

use app::domain::*;
use app::ports::prelude::*;
use app::ports::Account;
use common::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use tracing_subscriber::layer::SubscriberExt;
#[path = "../examples/seed_scale/seed.rs"]
#[allow(dead_code)]
mod scale;

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

/// Counts every statement sqlx runs, on any thread (SQLite's run on its
/// connection's own thread).
struct CountStatements;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
            if std::env::var("SHOW_STATEMENTS").is_ok() {
                struct Show;
                impl tracing::field::Visit for Show {
                    fn record_debug(&mut self, f: &tracing::field::Field, v: &dyn std::fmt::Debug) {
                        if f.name() == "summary" {
                            eprintln!("  statement: {v:?}");
                        }
                    }
                }
                event.record(&mut Show);
            }
        }
    }
}

/// Statements run by one call of `f`, and its answer.
async fn counted<T, F: std::future::Future<Output = T>>(f: F) -> (usize, T) {
    let before = STATEMENTS.load(Ordering::SeqCst);
    let out = f.await;
    (STATEMENTS.load(Ordering::SeqCst) - before, out)
}

/// The access log's rows after row `after`: (case, action).
async fn rows_after(e: &Env, after: i64) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT case_id, action FROM access_log WHERE id > $1 ORDER BY case_id")
        .bind(after)
        .fetch_all(e.s.db.pool())
        .await
        .unwrap()
}

async fn newest_row(e: &Env) -> i64 {
    sqlx::query_scalar("SELECT MAX(id) FROM access_log").fetch_one(e.s.db.pool()).await.unwrap()
}

/// One population with the heavy professional and employer in `n` cases:
/// (statements per first page for each, both accounts, the env).
async fn lists_of(n: usize) -> (Vec<usize>, Vec<Account>, Env) {
    let e = env().await;
    let options = scale::Options { workers: n, log_rows: n * 20, seed: 5, heavy: n };
    let summary = scale::seed(&e.s.db, &options, e.s.now(), &|_| {}).await.unwrap();
    let (pro, boss) = summary.heavy.unwrap();
    assert_eq!((pro.cases, boss.cases), (n, n), "the heavy two are in every case");
    let mut counts = Vec::new();
    let mut accounts = Vec::new();
    for person in [pro, boss] {
        let me = account(&e, &sign_in(&e, &person.email).await).await;
        let before = newest_row(&e).await;
        eprintln!("list of {} at {n} cases:", person.email);
        let page = e.s.invitations(&me, None).await.unwrap();
        let shown = n.min(Invitations::PER_PAGE as usize);
        assert_eq!(page.cases.len(), shown, "{n} cases: a full first page");
        assert_eq!(page.older.is_some(), n > shown);
        // Each listed case has its own row, in that case's log, naming it.
        let mut listed: Vec<(i64, String)> =
            page.cases.iter().map(|c| (c.case_id.0, "see_invitation".to_string())).collect();
        listed.sort_unstable();
        assert_eq!(rows_after(&e, before).await, listed);
        // The fewest of three views: a view that happens to open a pool
        // connection also counts that connection's set-up.
        let mut fewest = usize::MAX;
        for _ in 0..3 {
            fewest = fewest.min(counted(e.s.invitations(&me, None)).await.0);
        }
        counts.push(fewest);
        accounts.push(me);
    }
    (counts, accounts, e)
}

#[tokio::test]
async fn a_list_page_costs_the_same_statements_with_5_cases_as_with_500() {
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(CountStatements)).unwrap();
    let (few, _, _) = lists_of(5).await;
    let (many, accounts, e) = lists_of(500).await;
    assert!(few.iter().all(|n| *n > 0), "statements are counted: {few:?}");
    eprintln!("statements per list page (professional, employer): {few:?} at 5 cases, {many:?} at 500");
    assert_eq!(few, many, "statements per list page (professional, employer) at 5 and at 500 cases");

    // The pages cover every case once, newest first, and end.
    let pro = &accounts[0];
    let (mut seen, mut older, mut pages) = (Vec::new(), None, 0);
    loop {
        let p = e.s.invitations(pro, older).await.unwrap();
        pages += 1;
        seen.extend(p.cases.iter().map(|c| c.case_id.0));
        older = p.older;
        if older.is_none() {
            break;
        }
    }
    assert_eq!(pages, 20, "500 cases in pages of 25");
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(seen, sorted, "newest first, each once");
    assert_eq!(seen.len(), 500);
    // Past the oldest: an empty page, not an error.
    let past = e.s.invitations(pro, Some(CaseId(*seen.last().unwrap()))).await.unwrap();
    assert!(past.cases.is_empty() && past.older.is_none());
}
