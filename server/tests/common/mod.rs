//! Test helpers: a service over a fresh SQLite file, a movable clock, and
//! shortcuts for signing people in.
#![allow(dead_code)]

use app::domain::*;
use app::ports::{prelude::*, Account, NewSession, SignInBrowser};
use chrono::{TimeZone, Utc};
use server::services::{PortalService, TestClock};
use server::store::{Db, PoolSettings};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

pub struct Env {
    pub s: PortalService,
    pub clock: Arc<TestClock>,
    _dir: Option<tempfile::TempDir>,
}

/// A service over a fresh, empty database: a SQLite file in a temporary
/// directory, or, when `RTW_TEST_POSTGRES` names a PostgreSQL server (the
/// test command starts one), a new database on it.
pub async fn env() -> Env {
    let (url, dir) = fresh_database().await;
    let mut e = env_at(&url).await;
    e._dir = dir;
    e
}

/// The URL of a new empty database, and the directory to keep for SQLite.
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("RTW_TEST_POSTGRES") {
        Ok(admin) => (new_postgres_database(&admin).await, None),
        Err(_) => {
            let dir = tempfile::tempdir().unwrap();
            (format!("sqlite://{}", dir.path().join("test.db").display()), Some(dir))
        }
    }
}

/// Creates a database with a unique name on the server behind `admin_url`
/// (which ends in `/postgres` or another existing database).
pub async fn new_postgres_database(admin_url: &str) -> String {
    use sqlx::Connection;
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let name = format!("t_{}_{}_{}", std::process::id(), n, nanos);
    let mut admin = sqlx::postgres::PgConnection::connect(admin_url).await.unwrap();
    sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    let base = admin_url.rsplit_once('/').unwrap().0;
    format!("{base}/{name}")
}

/// Whether the tests run against PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("RTW_TEST_POSTGRES").is_ok()
}

/// Drops an access-log trigger, as someone with the database file (or a
/// superuser) could.
pub async fn drop_trigger(e: &Env, name: &str) {
    let sql = if on_postgres() { format!("DROP TRIGGER {name} ON access_log") } else { format!("DROP TRIGGER {name}") };
    sqlx::query(&sql).execute(e.s.db.pool()).await.unwrap();
}

/// A service over the database at `url`, which the caller keeps.
pub async fn env_at(url: &str) -> Env {
    env_with(url, PoolSettings { max_connections: 4, ..PoolSettings::default() }).await
}

pub async fn env_with(url: &str, settings: PoolSettings) -> Env {
    let db = Db::open_with(url, settings).await.unwrap();
    let clock = Arc::new(TestClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()));
    let s = PortalService::new(db, clock.clone(), true);
    Env { s, clock, _dir: None }
}

pub const IP: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));

pub fn email(s: &str) -> Email {
    Email::parse(s).unwrap()
}

/// The code in the newest mail to `to`, read from the outbox.
pub async fn last_code(e: &Env, to: &str) -> String {
    let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1")
        .bind(to)
        .fetch_one(e.s.db.pool())
        .await
        .unwrap();
    body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).unwrap().to_string()
}

/// Asks for a sign-in code for `addr` and returns the code that was mailed.
pub async fn send_code(e: &Env, addr: &str) -> String {
    ask(e, addr).await.1
}

/// A browser asks for a sign-in code for `addr`: its attempt key (what its
/// sign-in cookie holds) and the code that was mailed.
pub async fn ask(e: &Env, addr: &str) -> (String, String) {
    let attempt = e.s.request_code(&email(addr), IP, "en", SignInBrowser::default()).await.unwrap();
    (attempt, last_code(e, addr).await)
}

/// That browser enters `code`.
pub async fn enter(e: &Env, addr: &str, attempt: &str, code: &str) -> Result<NewSession, app::error::AppError> {
    let browser = SignInBrowser { attempt: Some(attempt), device: None };
    e.s.verify_code(&email(addr), code, IP, browser, None).await
}

/// A well-formed code that is not `code`.
pub fn other_code(code: &str) -> &'static str {
    if code == "000000" {
        "000001"
    } else {
        "000000"
    }
}

/// Signs `addr` in through the real code flow; returns the session token.
pub async fn sign_in(e: &Env, addr: &str) -> String {
    let (attempt, code) = ask(e, addr).await;
    enter(e, addr, &attempt, &code).await.unwrap().token
}

pub async fn account(e: &Env, token: &str) -> Account {
    e.s.session(token).await.unwrap().expect("session is alive")
}

/// A signed-in worker with a started case and one participant.
pub async fn worker_with_case(e: &Env, addr: &str) -> (Account, CaseId, ParticipantId) {
    let token = sign_in(e, addr).await;
    let me = account(e, &token).await;
    let dates = CaseDates::parse("2026-10-01", "2027-01-15").unwrap();
    let case =
        e.s.start_case(&me, "Sanna Virtanen", NewCase { dates, zone: Zone::HELSINKI, country: Country::Finland })
            .await
            .unwrap();
    let p = NewParticipant::parse("gp", "Dr Korhonen", "Kallio", "gp@example.com", "").unwrap();
    let pid = e.s.add_participant(&me, case, p).await.unwrap();
    (me, case, pid)
}

impl Env {
    pub fn clock_today(&self) -> chrono::NaiveDate {
        use server::services::Clock;
        self.clock.now().date_naive()
    }

    pub async fn log_rows(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM access_log").fetch_one(self.s.db.pool()).await.unwrap()
    }

    /// (action, outcome) of the newest access-log row.
    pub async fn last_log(&self) -> (String, String, Option<i64>) {
        sqlx::query_as("SELECT action, outcome, case_id FROM access_log ORDER BY id DESC LIMIT 1")
            .fetch_one(self.s.db.pool())
            .await
            .unwrap()
    }
}

/// The whole HTTP router over `e`'s service, as the server builds it, with
/// no trusted proxies.
pub fn router(e: &Env) -> axum::Router {
    router_with(e, Vec::new())
}

pub fn router_with(e: &Env, trusted_proxies: Vec<IpAddr>) -> axum::Router {
    let options = leptos::prelude::LeptosOptions::builder().output_name("rtw-portal").site_root("target/site").build();
    let portal: app::ports::SharedPortal = Arc::new(e.s.clone());
    server::build_router(server::AppState {
        leptos_options: options,
        portal,
        trusted_proxies: Arc::new(trusted_proxies),
        events: e.s.events.clone(),
        public_url: "http://127.0.0.1:3000".into(),
        timeouts: Default::default(),
    })
}

/// What a test's tracing subscriber wrote, kept in memory for the test to
/// read (`tracing_subscriber::fmt().with_writer(move || log.clone())`).
#[derive(Clone, Default)]
pub struct CapturedLog(Arc<std::sync::Mutex<Vec<u8>>>);

impl CapturedLog {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl std::io::Write for CapturedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
