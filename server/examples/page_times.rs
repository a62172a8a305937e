//! Times page loads in-process, through the real router, on a database
//! seeded by the scale seeder (`examples/seed_scale`) (`RTW_DATA_DIR` / `DATABASE_URL`): signs
//! in a worker and a professional with the e-mail code flow, then loads each
//! of their pages one after the other and prints the median and slowest
//! time per page. Every load is logged as in production, so the database
//! grows a little: use a throwaway copy.
//!
//! `cargo run -p server --release --example page_times -- <worker e-mail> <professional e-mail> [loads]`

mod common;

use app::ports::prelude::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use server::config::Config;
use server::services::{PortalService, SystemClock};
use server::store::Db;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [worker, professional, rest @ ..] = &args[..] else {
        eprintln!("usage: page_times <worker e-mail> <professional e-mail> [loads]");
        std::process::exit(2);
    };
    let loads: usize = rest.first().and_then(|n| n.parse().ok()).unwrap_or(20);
    let config = Config::from_env().expect("configuration");
    let db = Db::open(config.database_url.expose(), 8).await.expect("the database");
    let s = PortalService::new(db, Arc::new(SystemClock), false);
    let router = common::router(&s);

    let worker_token = common::sign_in(&s, worker).await;
    let me = s.session(&worker_token).await.unwrap().expect("signed in");
    let case = s.my_case(&me).await.unwrap().expect("the worker has a case");
    let pro_token = common::sign_in(&s, professional).await;
    let pro = s.session(&pro_token).await.unwrap().expect("signed in");
    let shared = s.invitations(&pro, None).await.unwrap().cases;
    let first = shared.first().map(|i| i.case_id.0).unwrap_or_default();
    let c = case.id.0;
    let p = case.participants.first().map(|p| p.id.0).unwrap_or_default();
    println!("worker {worker}: case {c}, {} in the team", case.participants.len());
    println!("professional {professional}: {} cases on the first page\n", shared.len());

    let pages: Vec<(String, &str)> = vec![
        ("/case".into(), &worker_token),
        (format!("/case/{c}/sharing"), &worker_token),
        (format!("/case/{c}/sharing/{p}"), &worker_token),
        (format!("/case/{c}/preview/{p}"), &worker_token),
        (format!("/case/{c}/work"), &worker_token),
        (format!("/case/{c}/concerns"), &worker_token),
        (format!("/case/{c}/history"), &worker_token),
        (format!("/case/{c}/activity"), &worker_token),
        (format!("/case/{c}/referrals"), &worker_token),
        (format!("/case/{c}/requests"), &worker_token),
        (format!("/case/{c}/notes"), &worker_token),
        ("/shared".into(), &pro_token),
        (format!("/shared/{first}"), &pro_token),
        ("/".into(), ""),
    ];
    println!("{:<28}{:>10}{:>10}{:>10}  ({loads} loads each, one at a time)", "page", "median", "slowest", "bytes");
    for (path, token) in &pages {
        let mut times = Vec::with_capacity(loads);
        let mut bytes = 0;
        for i in 0..loads + 2 {
            let mut req = Request::get(path.as_str());
            if !token.is_empty() {
                req = req.header(header::COOKIE, format!("__Host-rtw-session={token}"));
            }
            let started = Instant::now();
            let res = router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
            let status = res.status();
            bytes = res.into_body().collect().await.unwrap().to_bytes().len();
            if status != StatusCode::OK {
                println!("{path}: {status}");
                break;
            }
            if i >= 2 {
                times.push(started.elapsed());
            }
        }
        times.sort();
        if let (Some(median), Some(max)) = (times.get(times.len() / 2), times.last()) {
            println!("{path:<28}{:>8.1}ms{:>8.1}ms{bytes:>10}", ms(*median), ms(*max));
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
