//! Where the CPU of a My case view goes, in process: the demo case in a new
//! SQLite database, its worker signed in, then the process's CPU time (user
//! + system, every thread: SQLite's included) per call of
//!   1. the service's read (`case_home`: the reads, the decisions, the log
//!      rows and their commit),
//!   2. the whole page through the real router (that read, then the render
//!      and the response),
//!
//! each from 16 tasks at once, as the benchmark's 16 connections would. The
//! render's share is the difference. Prints microseconds of CPU per call.
//!
//! `cargo run -p server --release --example my_case_cost -- [calls]`

mod common;

use app::ports::prelude::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use server::services::{PortalService, SystemClock};
use server::store::Db;
use std::sync::Arc;
use tower::ServiceExt;

// As the server runs (main.rs): the allocator is part of the cost.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TASKS: usize = 16;

/// The process's CPU time so far (every thread), in microseconds.
fn cpu_us() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // Fields after the command's closing parenthesis; utime and stime are
    // the 14th and 15th of the whole line, in clock ticks of 1/100 s.
    let rest = &stat[stat.rfind(')').expect("a command") + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap();
    ticks * 10_000.0
}

/// CPU microseconds per call of `one`, `calls` calls shared by TASKS tasks.
async fn per_call<F, Fut>(calls: usize, one: F) -> f64
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let before = cpu_us();
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let one = one.clone();
            tokio::spawn(async move {
                for _ in 0..calls / TASKS {
                    one().await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    (cpu_us() - before) / (calls / TASKS * TASKS) as f64
}

#[tokio::main]
async fn main() {
    let calls: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(4000);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let db = Db::open(&url, 8).await.expect("the database");
    let s = PortalService::new(db, Arc::new(SystemClock), true);
    server::seed::seed_demo(&s).await.expect("the demo case");
    let router = common::router(&s);
    let token = common::sign_in(&s, server::seed::DEMO_WORKER).await;
    let me = Arc::new(s.session(&token).await.unwrap().expect("signed in"));

    let get = |path: &'static str, token: String| {
        let router = router.clone();
        move || {
            let (router, token) = (router.clone(), token.clone());
            async move {
                let req = Request::get(path).header(header::COOKIE, format!("__Host-rtw-session={token}"));
                let res = router.oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
                assert_eq!(res.status(), StatusCode::OK, "{path}");
                res.into_body().collect().await.unwrap();
            }
        }
    };
    let page = get("/case", token.clone());
    let read = {
        let (s, me) = (s.clone(), me.clone());
        move || {
            let (s, me) = (s.clone(), me.clone());
            async move {
                s.case_home(&me).await.unwrap().expect("the demo worker's case");
            }
        }
    };
    let session = {
        let (s, token) = (s.clone(), token.clone());
        move || {
            let (s, token) = (s.clone(), token.clone());
            async move {
                s.session(&token).await.unwrap().expect("signed in");
            }
        }
    };
    // `-- N PATH`: only that page (as the worker), for a profiler.
    if let Some(path) = std::env::args().nth(2) {
        let path: &'static str = path.leak();
        println!("{path}: {:.0} µs", per_call(calls, get(path, token.clone())).await);
        return;
    }
    // Warm up: statement caches, the allocator, the page's first render.
    per_call(TASKS * 20, page.clone()).await;
    let (mut pages, mut reads, mut sessions) = (Vec::new(), Vec::new(), Vec::new());
    let (mut healthz, mut sign_in_page) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        pages.push(per_call(calls, page.clone()).await);
        reads.push(per_call(calls, read.clone()).await);
        sessions.push(per_call(calls, session.clone()).await);
        healthz.push(per_call(calls, get("/healthz", String::new())).await);
        sign_in_page.push(per_call(calls, get("/", String::new())).await);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[v.len() / 2]
    };
    let (page, read, session) = (median(&mut pages), median(&mut reads), median(&mut sessions));
    println!("My case, CPU per call ({TASKS} tasks, median of 3 rounds of {calls} calls):");
    println!("  the whole page through the router   {page:>7.0} µs");
    println!("  the service's read (case_home)      {read:>7.0} µs");
    println!("  the session's lookup                {session:>7.0} µs");
    println!("  the rest (render, response)         {:>7.0} µs", page - read - session);
    println!(
        "  for scale: /healthz {:.0} µs, the sign-in page {:.0} µs",
        median(&mut healthz),
        median(&mut sign_in_page)
    );
}
