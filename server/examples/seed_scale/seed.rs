//! The scale seeder (`main.rs`): fills a database that holds no case yet with a
//! population at a realistic scale, for benchmarks and query plans
//! (`scripts/plans.sh`). Not for real data: it refuses a database with cases.
//!
//! What it writes, from a seed (the same seed at the same moment writes the
//! same population):
//! - N workers, each with an account and a case: sick leave started over the
//!   last two years, expected returns (some open-ended), time zones and
//!   languages of the places the portal serves;
//! - a pool of professionals (one per five workers), each with an account,
//!   shared across cases as in life; each case's current team has 3 to 6 of
//!   them: a GP, psychiatrist or psychologist, an occupational physician, often
//!   an employer, sometimes an insurance physician, an occupational
//!   physiotherapist or a second clinician, and one coordinator; a few cases
//!   also have someone who left the team;
//! - grants following each role's preset (`Role::preset`), plus a few extra
//!   categories, renewed every six months while the case is active (the
//!   older ones `replaced`), some revoked, some until revoked; the
//!   mental-health switch on in some cases;
//! - adjustments in every state with their recipients and steps, concerns
//!   (some shared by name), disclosure plans, referrals with timelines,
//!   information requests, notes and hidden directory entries;
//! - M access-log rows spread over the cases' active months (each case's
//!   worker and team reading what they read), hash-chained exactly as
//!   `access_log::append` chains them (`Entry::hash`), so `rtw-portal verify`
//!   passes;
//! - what sign-ins leave behind (one per 20 log rows): used codes, rate-limit
//!   windows, sessions never signed out, and the outbox's sent mail. Their
//!   codes and tokens are hashes of nothing anyone holds.
//!
//! Rows go in with multi-row INSERTs and explicit ids inside few large
//! transactions, through the same sqlx `Any` pool as the portal (SQLite and
//! PostgreSQL alike); on PostgreSQL the identity sequences are moved past
//! the ids used and the tables analyzed. Run it while no server writes to
//! the database.

use app::domain::*;
use chrono::{DateTime, Months, NaiveDate};
use server::store::{self, access_log, Conn, Db};
use std::time::{Duration, Instant};

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;
/// Bound values per INSERT statement: under SQLite's limit (32,766) and
/// PostgreSQL's (65,535).
const BINDS_PER_STATEMENT: usize = 30_000;
/// Access-log rows per transaction.
const LOG_ROWS_PER_TX: usize = 100_000;
/// Workers generated (and held in memory) at a time before their rows go in.
const WORKERS_PER_BLOCK: usize = 500;

/// What to seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub workers: usize,
    pub log_rows: usize,
    /// With the same `now`, the same seed gives the same population.
    pub seed: u64,
    /// One occupational physician and one employer are in this many cases
    /// (spread over all of them), as in a large service (the lists' benchmark).
    pub heavy: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { workers: 10_000, log_rows: 1_000_000, seed: 1, heavy: 500 }
    }
}

pub const USAGE: &str = "usage: seed_scale [--workers N] [--log-rows M] [--seed S] [--heavy H]";

impl Options {
    /// `[--workers N] [--log-rows M] [--seed S] [--heavy H]` (also `--workers=N`).
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options::default();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (arg.as_str(), None),
            };
            let value = match inline.or_else(|| it.next().cloned()) {
                Some(v) => v.replace('_', ""),
                None => return Err(format!("{name} needs a number; {USAGE}")),
            };
            let number = |max: u64| -> Result<u64, String> {
                value
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n <= max)
                    .ok_or_else(|| format!("{name} {value:?} is not a whole number from 0 to {max}; {USAGE}"))
            };
            match name {
                "--workers" => o.workers = number(1_000_000)? as usize,
                "--log-rows" => o.log_rows = number(100_000_000)? as usize,
                "--seed" => o.seed = number(u64::MAX)?,
                "--heavy" => o.heavy = number(1_000_000)? as usize,
                _ => return Err(format!("unknown option {name:?}; {USAGE}")),
            }
        }
        if o.workers == 0 {
            return Err(format!("--workers must be at least 1; {USAGE}"));
        }
        // Fewer workers than asked for: the heavy two are in every case.
        o.heavy = o.heavy.min(o.workers);
        Ok(o)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(
        "the database already holds {0} case(s): seed-scale fills only a database without cases, \
         so seeded and real data never mix (use a fresh RTW_DATA_DIR or DATABASE_URL)"
    )]
    NotEmpty(i64),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// What was seeded, and whom to sign in as.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Rows per table afterwards, as counted in the database.
    pub counts: Vec<(&'static str, i64)>,
    /// A worker of an ongoing case with a median number of log rows.
    pub worker: Person,
    /// An occupational physician in a median number of cases.
    pub professional: Person,
    /// An employer (HR) in a median number of cases.
    pub employer: Person,
    /// The professional in the most cases (the heaviest "My cases" list).
    pub busiest: Person,
    /// The occupational physician and the employer in `Options::heavy` cases.
    pub heavy: Option<(Person, Person)>,
    pub elapsed: Duration,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub email: String,
    /// The worker's case, or a professional's number of cases.
    pub case: Option<CaseId>,
    pub cases: usize,
    /// The worker's access-log rows.
    pub log_rows: usize,
    pub role: Option<Role>,
}

impl Summary {
    pub fn report(&self) -> String {
        let mut s = String::new();
        for (table, n) in &self.counts {
            s.push_str(&format!("  {table:<24}{n:>12}\n"));
        }
        s.push_str(&format!("seeded in {:.1} s\n", self.elapsed.as_secs_f64()));
        s.push_str(&format!(
            "busiest professional: {} ({} in {} cases)\n",
            self.busiest.email,
            self.busiest.role.map(|r| r.id()).unwrap_or_default(),
            self.busiest.cases
        ));
        if let Some((pro, boss)) = &self.heavy {
            s.push_str(&format!("heavy professional: {} (occupational physician in {} cases)\n", pro.email, pro.cases));
            s.push_str(&format!("heavy employer: {} (employer in {} cases)\n", boss.email, boss.cases));
        }
        // The last three lines, one person each, address first (scripts/bench.sh reads them).
        s.push_str("sign in with the e-mail code flow (codes go to the outbox) as:\n");
        s.push_str(&format!(
            "worker: {} (case {}, {} access-log rows; an ongoing case with the median number of rows)\n",
            self.worker.email,
            self.worker.case.map(|c| c.0).unwrap_or_default(),
            self.worker.log_rows
        ));
        s.push_str(&format!(
            "professional: {} (occupational physician in {} cases, the median)\n",
            self.professional.email, self.professional.cases
        ));
        s.push_str(&format!(
            "employer: {} (employer in {} cases, the median)",
            self.employer.email, self.employer.cases
        ));
        s
    }
}

/// The tables seeded, parents first, with the columns written.
const TABLES: &[(&str, &[&str])] = &[
    ("accounts", &["id", "email", "display_name", "locale", "created_at"]),
    (
        "cases",
        &[
            "id",
            "worker_id",
            "sick_leave_start",
            "expected_return",
            "created_at",
            "mh_protection",
            "time_zone",
            "colleague_words",
            "coordinator_contact",
        ],
    ),
    (
        "participants",
        &[
            "id",
            "case_id",
            "role",
            "name",
            "organisation",
            "email",
            "phone",
            "is_coordinator",
            "added_at",
            "removed_at",
        ],
    ),
    (
        "grants",
        &[
            "id",
            "case_id",
            "participant_id",
            "category",
            "purpose",
            "valid_from",
            "valid_until",
            "granted_at",
            "granted_by",
            "ended_at",
            "ended_by",
            "end_reason",
        ],
    ),
    ("protected_viewers", &["case_id", "participant_id"]),
    (
        "adjustments",
        &[
            "id",
            "case_id",
            "kind",
            "help",
            "benefit",
            "wanted_from",
            "wanted_until",
            "status",
            "start_date",
            "review_date",
            "pending_start",
            "pending_review",
            "reason",
            "reminded_for",
            "written_at",
            "changed_at",
        ],
    ),
    ("adjustment_recipients", &["adjustment_id", "participant_id", "sent_at"]),
    ("adjustment_steps", &["id", "adjustment_id", "step", "at", "participant_id", "reason"]),
    ("concerns", &["id", "case_id", "kind", "what", "weight", "helps", "written_at", "changed_at"]),
    ("concern_shares", &["concern_id", "participant_id", "shared_at"]),
    ("disclosure_comfort", &["case_id", "participant_id", "comfort"]),
    (
        "referrals",
        &[
            "id",
            "case_id",
            "from_participant",
            "to_participant",
            "to_role",
            "to_name",
            "to_organisation",
            "to_email",
            "purpose",
            "reason",
            "proposed",
            "proposed_until",
            "approved",
            "approved_until",
            "status",
            "link_expires_at",
            "first_appointment",
            "decline_reason",
            "created_at",
        ],
    ),
    ("referral_events", &["id", "referral_id", "status", "moved_by", "at"]),
    (
        "info_requests",
        &[
            "id",
            "case_id",
            "from_participant",
            "categories",
            "purpose",
            "why",
            "until",
            "status",
            "approved",
            "approved_until",
            "asked_at",
            "answered_at",
            "expires_at",
        ],
    ),
    ("notes", &["id", "case_id", "from_id", "to_id", "text", "written_at"]),
    ("directory_hidden", &["case_id", "viewer_id", "hidden_id"]),
];

const LOG_COLUMNS: &[&str] = &[
    "id",
    "at",
    "actor_account_id",
    "on_behalf_of",
    "role",
    "action",
    "case_id",
    "participant_id",
    "category",
    "purpose",
    "grant_id",
    "outcome",
    "prev_hash",
    "hash",
    "key_id",
    "chain_position",
];

/// Tables with an `id` column whose identity sequence follows the ids used.
const ID_TABLES: &[&str] = &[
    "accounts",
    "cases",
    "participants",
    "grants",
    "adjustments",
    "adjustment_steps",
    "concerns",
    "referrals",
    "referral_events",
    "info_requests",
    "notes",
    "sign_in_codes",
    "outbox",
    "access_log",
];

/// Seeds `db` (which must hold no case) as of `now`; `progress` hears a line
/// now and then.
pub async fn seed(db: &Db, o: &Options, now: Timestamp, progress: &dyn Fn(&str)) -> Result<Summary, SeedError> {
    let started = Instant::now();
    let mut s = Seeder::new(o, now.0);

    // Everything but the log in one transaction: all of it or nothing.
    let mut tx = db.begin_write().await?;
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases").fetch_one(&mut *tx).await?;
    if cases > 0 {
        return Err(SeedError::NotEmpty(cases));
    }
    s.ids = Ids::read(&mut tx).await?;
    s.professionals();
    s.tables[0].flush(&mut tx).await?;
    for block in (0..o.workers).collect::<Vec<_>>().chunks(WORKERS_PER_BLOCK) {
        for &i in block {
            s.case(i);
        }
        for t in &mut s.tables {
            t.flush(&mut tx).await?;
        }
        progress(&format!(
            "{:>7} of {} workers, {} participants, {} grants ({:.1} s)",
            block[block.len() - 1] + 1,
            o.workers,
            s.tables[2].written,
            s.tables[3].written,
            started.elapsed().as_secs_f64()
        ));
    }
    progress("committing the cases");
    tx.commit().await?;

    // The access log, in order of time, a transaction at a time.
    let events = s.log_events();
    let mut rows_of_case = vec![0usize; s.cases.len()];
    for e in &events {
        rows_of_case[e.case as usize] += e.rows as usize;
    }
    let mut log = Table::new("access_log", LOG_COLUMNS);
    let mut next = 0;
    let mut written = 0;
    while next < events.len() {
        let mut tx = db.begin_write().await?;
        if !store::is_postgres(&tx) {
            // This process's connection only: the log's five indexes grow
            // together, and SQLite's default 2 MB cache would reread their
            // pages from the file at every batch.
            sqlx::query("PRAGMA cache_size = -262144").execute(&mut *tx).await?;
        }
        // As the appender does: ordered against every other appender, after
        // the newest chained row.
        store::serialize(&mut tx, store::locks::ACCESS_LOG).await?;
        let head: Option<String> =
            sqlx::query_scalar("SELECT hash FROM access_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
        let mut prev = head.unwrap_or_else(|| access_log::GENESIS.to_string());
        let mut id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM access_log").fetch_one(&mut *tx).await?;
        let mut in_tx = 0;
        while next < events.len() && in_tx < LOG_ROWS_PER_TX {
            for entry in s.entries(&events[next]) {
                id += 1;
                let hash = entry.hash(&prev, access_log::chain_key());
                log.row([
                    int(id),
                    int(entry.at.0),
                    opt_int(entry.actor.map(|a| a.0)),
                    opt_int(entry.on_behalf_of.map(|a| a.0)),
                    text(&entry.role),
                    text(entry.action.id()),
                    opt_int(entry.case_id.map(|c| c.0)),
                    opt_int(entry.participant_id.map(|p| p.0)),
                    opt_text(entry.category.map(|c| c.id())),
                    opt_text(entry.purpose.map(|p| p.id())),
                    opt_int(entry.grant_id.map(|g| g.0)),
                    text(entry.outcome()),
                    text(&prev),
                    text(&hash),
                    text(access_log::chain_key().id()),
                    // Positions never pass ids (each row takes one of both).
                    int(id),
                ]);
                prev = hash;
                in_tx += 1;
            }
            next += 1;
        }
        log.flush(&mut tx).await?;
        tx.commit().await?;
        written += in_tx;
        progress(&format!("{written:>9} of {} access-log rows ({:.1} s)", o.log_rows, started.elapsed().as_secs_f64()));
    }

    // What the sign-ins behind those rows left in the sign-in tables.
    let mut tx = db.begin_write().await?;
    let first_code = next_id(&mut tx, "sign_in_codes").await?;
    let first_mail = next_id(&mut tx, "outbox").await?;
    let mut tables = s.sign_ins(&events, first_code, first_mail);
    for t in &mut tables {
        t.flush(&mut tx).await?;
    }
    tx.commit().await?;
    progress(&format!(
        "{} sign-ins: codes, rate limits, sessions and mail ({:.1} s)",
        tables[0].written,
        started.elapsed().as_secs_f64()
    ));

    let mut c = db.pool().acquire().await?;
    if store::is_postgres(&c) {
        for t in ID_TABLES {
            // The next id the portal takes comes after the ones used here.
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), COALESCE((SELECT MAX(id) FROM {t}), 0) + 1, false)"
            ))
            .execute(&mut *c)
            .await?;
        }
        progress("analyzing (as autovacuum soon would)");
        sqlx::query("ANALYZE").execute(&mut *c).await?;
    }
    let mut counts = Vec::new();
    for name in
        TABLES.iter().map(|(t, _)| *t).chain(["access_log", "sign_in_codes", "rate_limits", "sessions", "outbox"])
    {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {name}")).fetch_one(&mut *c).await?;
        counts.push((name, n));
    }
    Ok(Summary { counts, ..s.summary(&rows_of_case, started.elapsed()) })
}

/// The first free id of each table, read before seeding (accounts and log
/// rows may exist without any case).
#[derive(Default)]
struct Ids {
    account: i64,
    case: i64,
    participant: i64,
    grant: i64,
    adjustment: i64,
    step: i64,
    concern: i64,
    referral: i64,
    referral_event: i64,
    request: i64,
    note: i64,
}

impl Ids {
    async fn read(c: &mut Conn) -> Result<Ids, sqlx::Error> {
        let mut next = Vec::new();
        for t in &ID_TABLES[..11] {
            next.push(next_id(c, t).await?);
        }
        Ok(Ids {
            account: next[0],
            case: next[1],
            participant: next[2],
            grant: next[3],
            adjustment: next[4],
            step: next[5],
            concern: next[6],
            referral: next[7],
            referral_event: next[8],
            request: next[9],
            note: next[10],
        })
    }
}

async fn next_id(c: &mut Conn, table: &str) -> Result<i64, sqlx::Error> {
    let max: i64 = sqlx::query_scalar(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}")).fetch_one(c).await?;
    Ok(max + 1)
}

fn take(id: &mut i64) -> i64 {
    *id += 1;
    *id - 1
}

/// A value to bind: SQLite and PostgreSQL read these alike.
enum V {
    Int(Option<i64>),
    Text(Option<String>),
}

fn int(v: i64) -> V {
    V::Int(Some(v))
}
fn opt_int(v: Option<i64>) -> V {
    V::Int(v)
}
fn text(v: &str) -> V {
    V::Text(Some(v.to_string()))
}
fn opt_text<S: Into<String>>(v: Option<S>) -> V {
    V::Text(v.map(Into::into))
}

/// Rows waiting to go into one table.
struct Table {
    name: &'static str,
    columns: &'static [&'static str],
    values: Vec<V>,
    written: u64,
}

impl Table {
    fn new(name: &'static str, columns: &'static [&'static str]) -> Table {
        Table { name, columns, values: Vec::new(), written: 0 }
    }

    fn row<const N: usize>(&mut self, row: [V; N]) {
        assert_eq!(N, self.columns.len(), "a row of {} has {} columns", self.name, self.columns.len());
        self.values.extend(row);
    }

    /// Inserts what waits, as few statements as the bind limit allows.
    async fn flush(&mut self, c: &mut Conn) -> Result<(), sqlx::Error> {
        let width = self.columns.len();
        let rows = self.values.len() / width;
        let per_statement = BINDS_PER_STATEMENT / width;
        let mut values = std::mem::take(&mut self.values).into_iter();
        let mut left = rows;
        while left > 0 {
            let n = left.min(per_statement);
            let sql = insert_sql(self.name, self.columns, n, store::is_postgres(c));
            let mut q = sqlx::query(&sql);
            for v in values.by_ref().take(n * width) {
                q = match v {
                    V::Int(v) => q.bind(v),
                    V::Text(v) => q.bind(v),
                };
            }
            q.execute(&mut *c).await?;
            left -= n;
        }
        self.written += rows as u64;
        Ok(())
    }
}

/// A multi-row INSERT. PostgreSQL numbers its placeholders (`$1`); SQLite
/// gets anonymous ones (`?`): it looks a numbered one up by walking a list of
/// all of them, once per bound value (`sqlite3_bind_parameter_name`, which
/// sqlx calls for each), so 28,000 of them took seconds per statement.
fn insert_sql(table: &str, columns: &[&str], rows: usize, numbered: bool) -> String {
    let width = columns.len();
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            if numbered {
                sql.push_str(&format!("${}", r * width + c + 1));
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// The seeder's dice: `rand`'s seedable generator (its version pinned by
/// Cargo.lock), so a seed always gives the same population.
struct Rng(rand::rngs::StdRng);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(rand::SeedableRng::seed_from_u64(seed))
    }

    /// 0 ≤ n < `below` (0 when `below` is 0).
    fn below(&mut self, below: usize) -> usize {
        if below == 0 {
            0
        } else {
            rand::Rng::random_range(&mut self.0, 0..below)
        }
    }

    /// lo ≤ n < hi (lo when the range is empty).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            rand::Rng::random_range(&mut self.0, lo..hi)
        }
    }

    fn unit(&mut self) -> f64 {
        rand::Rng::random(&mut self.0)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|(_, w)| w).sum();
        let mut n = self.below(total as usize) as u32;
        for (x, w) in xs {
            if n < *w {
                return *x;
            }
            n -= w;
        }
        xs[xs.len() - 1].0
    }
}

struct Pro {
    account: i64,
    locale: &'static str,
    role: Role,
    name: String,
    organisation: String,
    email: String,
    phone: Option<String>,
    cases: usize,
}

struct GrantRec {
    id: i64,
    category: Category,
    purpose: Purpose,
    granted: i64,
    ended: Option<i64>,
    /// The end of its last day (ms), `i64::MAX` until revoked.
    until: i64,
}

struct Member {
    id: i64,
    role: Role,
    pro: usize,
    added: i64,
    removed: Option<i64>,
    grants: Vec<GrantRec>,
}

impl Member {
    fn current_at(&self, t: i64) -> bool {
        self.added <= t && self.removed.is_none_or(|r| r > t)
    }
}

struct CaseRec {
    id: i64,
    worker: i64,
    email: String,
    locale: &'static str,
    created: i64,
    /// After this the case is quiet (the worker is back at work).
    active_until: i64,
    ongoing: bool,
    members: Vec<Member>,
}

/// One logged request: a page load or an action, one or more rows.
#[derive(Clone, Copy)]
struct Event {
    at: i64,
    case: u32,
    kind: Kind,
    /// The member acting or targeted (index in the case's members).
    member: u8,
    rows: u8,
}

#[derive(Clone, Copy)]
enum Kind {
    /// My case: the case, its referrals and its requests.
    MyCase,
    /// The worker, on their case.
    Worker(Operation),
    /// The worker, about one member (preview, grant, directory…).
    WorkerAbout(Operation),
    /// A member, on the case.
    Member(Operation),
    /// A member opens the case: one row, then one per category seen.
    MemberView,
    /// Someone outside the case tries it.
    Outsider,
}

struct Seeder {
    rng: Rng,
    now: i64,
    workers: usize,
    log_rows: usize,
    ids: Ids,
    pros: Vec<Pro>,
    by_role: Vec<(Role, Vec<usize>)>,
    cases: Vec<CaseRec>,
    /// Case creation moments, oldest first (so case ids follow time).
    created: Vec<i64>,
    tables: Vec<Table>,
    heavy: usize,
}

const FIRST: &[&str] = &[
    "Sanna", "Mikko", "Aino", "Juha", "Laura", "Pekka", "Emma", "Jan", "Sophie", "Daan", "Anna", "Lars", "Ingrid",
    "Tom", "Sarah", "James", "Eva", "Noah", "Lotte", "Oskari", "Maria", "Johan", "Elin", "Ahmed", "Fatima", "Liam",
    "Niamh", "Joao", "Ines", "Kaisa",
];
const LAST: &[&str] = &[
    "Virtanen",
    "Korhonen",
    "Nieminen",
    "Mäkinen",
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Andersson",
    "Nilsen",
    "Hansen",
    "Smith",
    "Brown",
    "Murphy",
    "Silva",
    "Santos",
    "Müller",
    "Schmidt",
    "Dubois",
    "Peeters",
    "Lind",
    "Berg",
    "Tamm",
    "Kask",
    "O'Brien",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Meijer",
    "Janssens",
];
const HELP: &[&str] = &[
    "Start later in the morning for the first weeks.",
    "Work from home two days a week.",
    "A desk away from the open-plan area.",
    "Short breaks when I need them, without asking.",
    "Instructions in writing, not only in meetings.",
    "A short check-in with my supervisor every Monday.",
    "Fewer customer calls for a month.",
    "Half days in the first two weeks, then build up.",
];
const BENEFIT: &[&str] = &[
    "I sleep badly and mornings are hardest.",
    "I can concentrate for longer.",
    "It helps me keep track of what was agreed.",
    "",
];
const WORRY: &[&str] = &[
    "I worry my team thinks I am not pulling my weight.",
    "I feel ashamed of being on sick leave.",
    "I do not know what my supervisor has been told.",
    "I fear this will count against me at my next review.",
];
const NOTE: &[&str] = &[
    "Sleep is improving; a gradual start seems realistic.",
    "Discussed a phased return; please share your view on the timing.",
    "Treatment continues every two weeks until the spring.",
    "Desk work up to four hours a day looks manageable now.",
];

impl Seeder {
    fn new(o: &Options, now: i64) -> Seeder {
        let mut rng = Rng::new(o.seed);
        // Cases started over the last two years, oldest first.
        let mut created: Vec<i64> = (0..o.workers).map(|_| rng.range(now - 730 * DAY, now - HOUR)).collect();
        created.sort_unstable();
        let tables = TABLES.iter().map(|(name, cols)| Table::new(name, cols)).collect();
        Seeder {
            rng,
            now,
            workers: o.workers,
            log_rows: o.log_rows,
            ids: Ids::default(),
            pros: Vec::new(),
            by_role: Vec::new(),
            cases: Vec::with_capacity(o.workers),
            created,
            tables,
            heavy: o.heavy,
        }
    }

    fn table(&mut self, name: &str) -> &mut Table {
        self.tables.iter_mut().find(|t| t.name == name).expect("a seeded table")
    }

    fn name(&mut self) -> String {
        format!("{} {}", self.rng.pick(FIRST), self.rng.pick(LAST))
    }

    /// The pool: one professional per five workers, by role.
    fn professionals(&mut self) {
        let pool = (self.workers / 5).max(16);
        let shares = [
            (Role::Gp, 28),
            (Role::Psychiatrist, 7),
            (Role::Psychologist, 10),
            (Role::MedicalSpecialist, 3),
            (Role::OccupationalPhysician, 15),
            (Role::OccupationalPhysiotherapist, 7),
            (Role::InsurancePhysician, 7),
            (Role::Employer, 23),
        ];
        let start = self.now - 800 * DAY;
        for (role, share) in shares {
            let n = (pool * share / 100).max(1);
            let mut ids = Vec::with_capacity(n);
            for k in 1..=n {
                let account = take(&mut self.ids.account);
                let name = match role {
                    Role::Employer => self.name(),
                    _ => format!("Dr {}", self.name()),
                };
                let organisation = match role {
                    Role::Gp | Role::MedicalSpecialist => format!("Health Centre {}", 1 + k / 12),
                    Role::Psychiatrist | Role::Psychologist => format!("Mind Clinic {}", 1 + k / 8),
                    Role::OccupationalPhysician | Role::OccupationalPhysiotherapist => {
                        format!("WorkHealth {}", 1 + k / 10)
                    }
                    Role::InsurancePhysician => "Social Insurance Institution".to_string(),
                    Role::Employer => format!("Company {k} Ltd, HR"),
                };
                let email = format!("{}{k:04}@{}.scale.example", role.id().replace('_', "-"), domain(role));
                let phone = self.rng.chance(0.4).then(|| format!("+358 40 {:03} {:04}", k % 1000, account % 10_000));
                let locale = self.rng.weighted(&[("en", 6), ("fi", 2), ("nl", 2)]);
                let created = self.rng.range(start, start + 60 * DAY);
                self.table("accounts").row([int(account), text(&email), text(&name), text(locale), int(created)]);
                ids.push(self.pros.len());
                self.pros.push(Pro { account, locale, role, name, organisation, email, phone, cases: 0 });
            }
            self.by_role.push((role, ids));
        }
    }

    /// The pool's first occupational physician and first employer are the
    /// heavy two: in case `i` when it is one of `heavy` spread evenly over
    /// all (`i * heavy mod workers` is below `heavy` exactly `heavy` times).
    fn heavy_in(&self, i: usize, role: Role) -> Option<usize> {
        if (i * self.heavy) % self.workers >= self.heavy
            || !matches!(role, Role::OccupationalPhysician | Role::Employer)
        {
            return None;
        }
        self.by_role.iter().find(|(r, _)| *r == role).map(|(_, ids)| ids[0])
    }

    fn pro_of(&mut self, role: Role) -> usize {
        let i = self.by_role.iter().position(|(r, _)| *r == role).expect("every role has a pool");
        let n = self.by_role[i].1.len();
        // The heavy two are in their `heavy` cases only.
        let first =
            usize::from(self.heavy > 0 && n > 1 && matches!(role, Role::OccupationalPhysician | Role::Employer));
        self.by_role[i].1[first + self.rng.below(n - first)]
    }

    /// Worker `i`: account, case, team, grants and what they wrote.
    fn case(&mut self, i: usize) {
        let now = self.now;
        let created = self.created[i];
        let worker = take(&mut self.ids.account);
        let case_id = take(&mut self.ids.case);
        let email = format!("worker{:05}@workers.scale.example", i + 1);
        let name = self.name();
        let zone = self.rng.weighted(&[
            (Zone::HELSINKI, 30),
            (Zone::AMSTERDAM, 20),
            (Zone::LONDON, 10),
            (Zone::CHOICES[1], 5),
            (Zone::CHOICES[2], 7),
            (Zone::CHOICES[3], 5),
            (Zone::CHOICES[4], 5),
            (Zone::CHOICES[5], 6),
            (Zone::CHOICES[7], 4),
            (Zone::CHOICES[8], 4),
            (Zone::CHOICES[10], 2),
            (Zone::CHOICES[11], 2),
        ]);
        let locale = if zone == Zone::HELSINKI {
            "fi"
        } else if zone == Zone::AMSTERDAM || zone == Zone::CHOICES[7] {
            "nl"
        } else {
            "en"
        };
        let start = day_of(created) - chrono::Duration::days(self.rng.range(0, 21));
        let expected = self.rng.chance(0.8).then(|| start + chrono::Duration::days(self.rng.range(14, 270)));
        let active_until = match expected {
            Some(r) => (ms_of(r) + self.rng.range(14, 90) * DAY).clamp(created + HOUR, now),
            None => now,
        };
        let ongoing = expected.is_none_or(|r| ms_of(r) >= now - DAY);
        let protection = self.rng.chance(0.1);
        let contact = self.rng.weighted(&[
            (CoordinatorContact::Nothing, 60),
            (CoordinatorContact::Email, 25),
            (CoordinatorContact::Phone, 5),
            (CoordinatorContact::Both, 10),
        ]);
        self.table("accounts").row([int(worker), text(&email), text(&name), text(locale), int(created)]);
        let words = if self.rng.chance(0.2) {
            format!("{} has been unwell and is coming back step by step.", name.split(' ').next().unwrap_or(""))
        } else {
            String::new()
        };
        self.table("cases").row([
            int(case_id),
            int(worker),
            text(&start.to_string()),
            opt_text(expected.map(|d| d.to_string())),
            int(created),
            int(i64::from(protection)),
            text(zone.name()),
            text(&words),
            text(contact.id()),
        ]);

        // The team: 3 to 6 current members.
        let curative = self.rng.weighted(&[(Role::Gp, 70), (Role::Psychiatrist, 15), (Role::Psychologist, 15)]);
        let mut roles = vec![curative, Role::OccupationalPhysician];
        for (role, p) in
            [(Role::Employer, 0.75), (Role::InsurancePhysician, 0.3), (Role::OccupationalPhysiotherapist, 0.2)]
        {
            if self.rng.chance(p) {
                roles.push(role);
            }
        }
        if curative != Role::Psychologist && self.rng.chance(0.15) {
            roles.push(Role::Psychologist);
        } else if self.rng.chance(0.05) {
            roles.push(Role::MedicalSpecialist);
        }
        if self.heavy_in(i, Role::Employer).is_some() && !roles.contains(&Role::Employer) {
            roles.insert(2, Role::Employer);
        }
        for fill in [Role::Employer, Role::Psychologist, Role::MedicalSpecialist] {
            if roles.len() < 3 && !roles.contains(&fill) {
                roles.push(fill);
            }
        }
        let coordinator = if curative == Role::Gp && self.rng.chance(0.6) { 0 } else { 1 };
        let span = (active_until - created).max(HOUR);
        let mut members = Vec::new();
        for (k, &role) in roles.iter().enumerate() {
            let added = if k < 2 {
                created + self.rng.range(0, (3 * DAY).min(span))
            } else {
                created + self.rng.range(0, (60 * DAY).min(span))
            };
            let pro = match self.heavy_in(i, role) {
                Some(pro) => pro,
                None => self.pro_of(role),
            };
            self.pros[pro].cases += 1;
            members.push(self.member(case_id, worker, role, pro, added, None, k == coordinator, active_until));
        }
        // Someone who left the team, now and then.
        if self.rng.chance(0.08) {
            let role = [Role::OccupationalPhysiotherapist, Role::Psychologist, Role::MedicalSpecialist]
                .into_iter()
                .find(|r| !roles.contains(r))
                .unwrap_or(Role::MedicalSpecialist);
            let added = created + self.rng.range(0, (10 * DAY).min(span));
            let removed = (added + self.rng.range(7 * DAY, 60 * DAY)).min(now - HOUR).max(added);
            let pro = self.pro_of(role);
            members.push(self.member(case_id, worker, role, pro, added, Some(removed), false, active_until));
        }
        if protection {
            self.table("protected_viewers").row([int(case_id), int(members[0].id)]);
        }
        let employer = members.iter().find(|m| m.role == Role::Employer && m.removed.is_none()).map(|m| m.id);
        let insurer = members.iter().find(|m| m.role == Role::InsurancePhysician).map(|m| (m.id, m.added));
        let physio = members.iter().find(|m| m.role == Role::OccupationalPhysiotherapist && m.removed.is_none());
        let physio = physio.map(|m| (m.id, m.pro, m.added));
        let (clinician, op) = (members[0].id, members[1].id);
        let window = (created, active_until);
        self.adjustments(case_id, employer, window);
        self.concerns(case_id, clinician, window);
        if self.rng.chance(0.2) {
            if let Some(boss) = employer {
                self.table("disclosure_comfort").row([int(case_id), int(boss), text(Comfort::SickLeave.id())]);
            }
            self.table("disclosure_comfort").row([int(case_id), int(op), text(Comfort::WorkAffected.id())]);
        }
        if self.rng.chance(0.12) {
            // To a psychologist, or a psychiatrist when a psychologist treats already.
            let other = if curative == Role::Psychologist { Role::Psychiatrist } else { Role::Psychologist };
            self.referral(case_id, clinician, physio, other, window);
        }
        if let Some((ip, added)) = insurer {
            if self.rng.chance(0.6) {
                self.request(case_id, ip, (added, active_until));
            }
        }
        if self.rng.chance(0.2) {
            for _ in 0..self.rng.range(1, 4) {
                let (from, to) = if self.rng.chance(0.5) { (op, clinician) } else { (clinician, op) };
                let id = take(&mut self.ids.note);
                let at = self.rng.range(created, active_until);
                let body = self.rng.pick(NOTE);
                self.table("notes").row([int(id), int(case_id), int(from), int(to), text(body), int(at)]);
            }
        }
        if let (Some(boss), true) = (employer, self.rng.chance(0.03)) {
            self.table("directory_hidden").row([int(case_id), int(boss), int(clinician)]);
        }
        self.cases.push(CaseRec { id: case_id, worker, email, locale, created, active_until, ongoing, members });
    }

    /// A member and their grants: the role's preset (and now and then a
    /// category more), six months at a time, renewed shortly before the end
    /// while the case is active; the older grants end `replaced`.
    #[allow(clippy::too_many_arguments)]
    fn member(
        &mut self,
        case_id: i64,
        worker: i64,
        role: Role,
        pro: usize,
        added: i64,
        removed: Option<i64>,
        coordinator: bool,
        active_until: i64,
    ) -> Member {
        let id = take(&mut self.ids.participant);
        let p = &self.pros[pro];
        let (name, organisation, email, phone) =
            (p.name.clone(), p.organisation.clone(), p.email.clone(), p.phone.clone());
        self.table("participants").row([
            int(id),
            int(case_id),
            text(role.id()),
            text(&name),
            text(&organisation),
            text(&email),
            opt_text(phone),
            int(i64::from(coordinator)),
            int(added),
            opt_int(removed),
        ]);
        let (preset, purpose) = role.preset();
        let mut categories = preset.to_vec();
        let extra: &[(Category, f64)] = match role {
            Role::Gp | Role::Psychiatrist => &[(Category::Diagnosis, 0.2), (Category::Notes, 0.3)],
            Role::Psychologist => &[(Category::Stigma, 0.2), (Category::Notes, 0.3)],
            Role::OccupationalPhysician => &[(Category::Notes, 0.3), (Category::Stigma, 0.1)],
            _ => &[],
        };
        for &(c, p) in extra {
            if self.rng.chance(p) {
                categories.push(c);
            }
        }
        let end = removed.unwrap_or(active_until).min(self.now);
        let until_revoked = self.rng.chance(0.1);
        let mut grants = Vec::new();
        let mut from = added;
        loop {
            let first = day_of(from);
            let last = (!until_revoked).then(|| first.checked_add_months(Months::new(6)).unwrap_or(first));
            let until = last.map_or(i64::MAX, |d| ms_of(d) + DAY - 1);
            let renewed = last.map(|_| until - self.rng.range(0, 14) * DAY).filter(|r| *r < end && *r > from);
            let (ended, reason) = match (renewed, removed) {
                (Some(r), _) => (Some(r), Some(EndReason::Replaced)),
                (None, Some(r)) => (Some(r), Some(EndReason::Revoked)),
                (None, None) => (None, None),
            };
            for &category in &categories {
                let g = GrantRec { id: take(&mut self.ids.grant), category, purpose, granted: from, ended, until };
                self.grant_row(case_id, id, worker, &g, first, last, reason);
                grants.push(g);
            }
            match renewed {
                Some(r) => from = r,
                None => break,
            }
        }
        // Now and then the worker revoked one category of the current grants.
        if removed.is_none() && self.rng.chance(0.08) {
            let open: Vec<usize> = (0..grants.len()).filter(|&k| grants[k].ended.is_none()).collect();
            if !open.is_empty() {
                let k = self.rng.pick(&open);
                let at = self.rng.range(grants[k].granted, self.now.max(grants[k].granted + 1));
                grants[k].ended = Some(at);
                // Rewrite the row just queued: the last rows of the table are this member's.
                self.revoke_queued(grants[k].id, at, worker);
            }
        }
        Member { id, role, pro, added, removed, grants }
    }

    #[allow(clippy::too_many_arguments)]
    fn grant_row(
        &mut self,
        case_id: i64,
        participant: i64,
        worker: i64,
        g: &GrantRec,
        from: NaiveDate,
        until: Option<NaiveDate>,
        reason: Option<EndReason>,
    ) {
        let row = [
            int(g.id),
            int(case_id),
            int(participant),
            text(g.category.id()),
            text(g.purpose.id()),
            text(&from.to_string()),
            opt_text(until.map(|d| d.to_string())),
            int(g.granted),
            int(worker),
            opt_int(g.ended),
            opt_int(g.ended.map(|_| worker)),
            opt_text(reason.map(|r| r.id())),
        ];
        self.table("grants").row(row);
    }

    /// Marks a queued grant row revoked (it has not been inserted yet).
    fn revoke_queued(&mut self, grant: i64, at: i64, worker: i64) {
        let t = self.table("grants");
        let width = t.columns.len();
        let rows = t.values.len() / width;
        for r in (0..rows).rev() {
            if matches!(t.values[r * width], V::Int(Some(id)) if id == grant) {
                t.values[r * width + 9] = int(at);
                t.values[r * width + 10] = int(worker);
                t.values[r * width + 11] = text(EndReason::Revoked.id());
                return;
            }
        }
    }

    /// 0 to 3 adjustment needs; with an employer in the team most are sent
    /// and move on through their steps, as far as time has come.
    fn adjustments(&mut self, case_id: i64, employer: Option<i64>, (from, until): (i64, i64)) {
        let n = self.rng.weighted(&[(0, 30), (1, 35), (2, 20), (3, 15)]);
        for _ in 0..n {
            let id = take(&mut self.ids.adjustment);
            let kind = self.rng.pick(AdjustmentKind::ALL);
            let help = self.rng.pick(HELP);
            let benefit = self.rng.pick(BENEFIT);
            let written = self.rng.range(from, until);
            let goal = match employer {
                None => AdjustmentStatus::Draft,
                Some(_) => self.rng.weighted(&[
                    (AdjustmentStatus::Draft, 20),
                    (AdjustmentStatus::Proposed, 20),
                    (AdjustmentStatus::Agreed, 15),
                    (AdjustmentStatus::InPlace, 30),
                    (AdjustmentStatus::Ended, 10),
                    (AdjustmentStatus::Declined, 5),
                ]),
            };
            // The steps towards `goal`, each at its moment, none in the future.
            let now = self.now;
            let mut steps = vec![(AdjustmentStep::Written, written, None, None)];
            let mut status = AdjustmentStatus::Draft;
            let mut dates = None;
            let mut reason = None;
            let mut t = written;
            let sent = t + self.rng.range(0, 5 * DAY + 1);
            if let (Some(boss), true) = (employer, goal != AdjustmentStatus::Draft && sent <= now) {
                t = sent;
                steps.push((AdjustmentStep::Sent, t, None, None));
                status = AdjustmentStatus::Proposed;
                self.table("adjustment_recipients").row([int(id), int(boss), int(t)]);
                let answered = t + self.rng.range(DAY, 10 * DAY + 1);
                let agreeing =
                    matches!(goal, AdjustmentStatus::Agreed | AdjustmentStatus::InPlace | AdjustmentStatus::Ended);
                if goal == AdjustmentStatus::Declined && answered <= now {
                    t = answered;
                    reason = Some("Not possible in this team at the moment.");
                    steps.push((AdjustmentStep::Declined, t, Some(boss), reason));
                    status = AdjustmentStatus::Declined;
                } else if agreeing && answered <= now {
                    t = answered;
                    let start = day_of(t) + chrono::Duration::days(self.rng.range(0, 15));
                    let review = start + chrono::Duration::days(self.rng.range(28, 91));
                    dates = Some((start, review));
                    steps.push((AdjustmentStep::Agreed, t, Some(boss), None));
                    status = AdjustmentStatus::Agreed;
                    let in_place = t.max(ms_of(start) + 9 * HOUR);
                    if goal != AdjustmentStatus::Agreed && in_place <= now {
                        t = in_place;
                        steps.push((AdjustmentStep::InPlace, t, Some(boss), None));
                        status = AdjustmentStatus::InPlace;
                        let end = (ms_of(review) + self.rng.range(0, 30) * DAY + 10 * HOUR).max(t);
                        if goal == AdjustmentStatus::Ended && end <= now {
                            t = end;
                            steps.push((AdjustmentStep::Ended, t, Some(boss), None));
                            status = AdjustmentStatus::Ended;
                        }
                    }
                }
            }
            // A review whose day has come was reminded of already: a server
            // started on this database does not send thousands at once.
            let reminded = dates.filter(|(_, r)| ms_of(*r) <= self.now).map(|(_, r)| r.to_string());
            self.table("adjustments").row([
                int(id),
                int(case_id),
                text(kind.id()),
                text(help),
                text(benefit),
                V::Text(None),
                V::Text(None),
                text(status.id()),
                opt_text(dates.map(|(s, _)| s.to_string())),
                opt_text(dates.map(|(_, r)| r.to_string())),
                V::Text(None),
                V::Text(None),
                opt_text(reason),
                opt_text(reminded),
                int(written),
                int(t),
            ]);
            for (step, at, by, why) in steps {
                let sid = take(&mut self.ids.step);
                self.table("adjustment_steps").row([
                    int(sid),
                    int(id),
                    text(step.id()),
                    int(at),
                    opt_int(by),
                    opt_text(why),
                ]);
            }
        }
    }

    /// 0 to 2 concerns, now and then shared by name with the clinician.
    fn concerns(&mut self, case_id: i64, clinician: i64, (from, until): (i64, i64)) {
        let n = self.rng.weighted(&[(0, 45), (1, 35), (2, 20)]);
        for _ in 0..n {
            let id = take(&mut self.ids.concern);
            let kind = self.rng.pick(ConcernKind::ALL);
            let what = self.rng.pick(WORRY);
            let weight = self.rng.range(1, 6);
            let at = self.rng.range(from, until);
            let helps = if self.rng.chance(0.5) { "Knowing who has been told what." } else { "" };
            self.table("concerns").row([
                int(id),
                int(case_id),
                text(kind.id()),
                text(what),
                int(weight),
                text(helps),
                int(at),
                int(at),
            ]);
            if self.rng.chance(0.3) {
                let shared = (at + DAY).min(self.now);
                self.table("concern_shares").row([int(id), int(clinician), int(shared)]);
            }
        }
    }

    /// The clinician refers the worker: to the team's physiotherapist (on
    /// to accepted, as far as time has come), or to a clinician of role
    /// `other` outside the team (waiting for the worker, or declined).
    fn referral(
        &mut self,
        case_id: i64,
        from: i64,
        physio: Option<(i64, usize, i64)>,
        other: Role,
        (start, until): (i64, i64),
    ) {
        let id = take(&mut self.ids.referral);
        let (to, pro, created) = match physio {
            Some((p, pro, added)) => (Some(p), pro, (added - self.rng.range(DAY, 5 * DAY)).max(start)),
            None => (None, self.pro_of(other), self.rng.range(start, until)),
        };
        let p = &self.pros[pro];
        let (role, name, org, email) = (p.role, p.name.clone(), p.organisation.clone(), p.email.clone());
        let proposed = match role {
            Role::OccupationalPhysiotherapist => "absence,work_ability,treatment",
            _ => "absence,treatment",
        };
        let purpose = if to.is_some() { Purpose::RtwPlanning } else { Purpose::Referral };
        let proposed_until = (day_of(created) + chrono::Duration::days(120)).to_string();
        let mut events = vec![(ReferralStatus::AwaitingWorker, ReferralMover::Referrer, created)];
        let mut t = created;
        let mut status = ReferralStatus::AwaitingWorker;
        let mut link = None;
        let mut first = None;
        if to.is_some() {
            for (next, by) in [
                (ReferralStatus::Sent, ReferralMover::Worker),
                (ReferralStatus::Opened, ReferralMover::Recipient),
                (ReferralStatus::Accepted, ReferralMover::Recipient),
            ] {
                let at = t + self.rng.range(HOUR, 3 * DAY);
                if at > self.now {
                    break;
                }
                if next == ReferralStatus::Sent {
                    link = Some(at + app::domain::LINK_VALID_MS);
                }
                if next == ReferralStatus::Accepted {
                    first = Some((day_of(at) + chrono::Duration::days(self.rng.range(2, 15))).to_string());
                }
                t = at;
                status = next;
                events.push((next, by, at));
            }
        } else if self.rng.chance(0.4) && created + 2 * DAY < self.now {
            t = created + self.rng.range(HOUR, 2 * DAY);
            status = ReferralStatus::Declined;
            events.push((status, ReferralMover::Worker, t));
        }
        let approved = matches!(status, ReferralStatus::Sent | ReferralStatus::Opened | ReferralStatus::Accepted);
        self.table("referrals").row([
            int(id),
            int(case_id),
            int(from),
            opt_int(to),
            text(role.id()),
            text(&name),
            text(&org),
            text(&email),
            text(purpose.id()),
            text("Ready to plan a gradual return; longer desk days are still hard."),
            text(proposed),
            text(&proposed_until),
            text(if approved { "work_ability" } else { "" }),
            opt_text(approved.then(|| proposed_until.clone())),
            text(status.id()),
            opt_int(link),
            opt_text(first),
            V::Text(None),
            int(created),
        ]);
        for (status, by, at) in events {
            let eid = take(&mut self.ids.referral_event);
            self.table("referral_events").row([int(eid), int(id), text(status.id()), text(by.id()), int(at)]);
        }
    }

    /// The insurance physician asks for what a work-capacity assessment needs.
    fn request(&mut self, case_id: i64, from: i64, (start, until): (i64, i64)) {
        let id = take(&mut self.ids.request);
        let asked = self.rng.range(start, until.max(start + 1));
        let cats = "absence,work_ability";
        let last_day = (day_of(asked) + chrono::Duration::days(60)).to_string();
        let answered = asked + self.rng.range(HOUR, 5 * DAY);
        let status = if answered > self.now || (self.now - asked < 14 * DAY && self.rng.chance(0.5)) {
            RequestStatus::Pending
        } else if self.rng.chance(0.7) {
            RequestStatus::Approved
        } else {
            RequestStatus::Declined
        };
        let approved = status == RequestStatus::Approved;
        self.table("info_requests").row([
            int(id),
            int(case_id),
            int(from),
            text(cats),
            text(Purpose::WorkCapacityAssessment.id()),
            text("For the decision on sickness allowance after 60 days."),
            text(&last_day),
            text(status.id()),
            text(if approved { cats } else { "" }),
            opt_text(approved.then(|| last_day.clone())),
            int(asked),
            opt_int((status != RequestStatus::Pending).then_some(answered)),
            int(asked + app::domain::REQUEST_OPEN_MS),
        ]);
    }

    /// The logged requests, oldest first, exactly `log_rows` rows: each case
    /// gets a share by how long it has been active and how busy its people
    /// are, spread over its active months.
    fn log_events(&mut self) -> Vec<Event> {
        let target = self.log_rows;
        let weights: Vec<f64> = (0..self.cases.len())
            .map(|k| {
                let c = &self.cases[k];
                let days = (c.active_until - c.created) as f64 / DAY as f64;
                days.max(0.1) * (0.3 + 2.7 * self.rng.unit())
            })
            .collect();
        let total: f64 = weights.iter().sum();
        let mut events = Vec::with_capacity(target / 2 + 16);
        let mut rows = 0usize;
        for (k, w) in weights.iter().enumerate() {
            let share = (target as f64 * w / total).round() as usize;
            let mut mine = 0;
            while mine < share {
                let e = self.event(k);
                mine += e.rows as usize;
                events.push(e);
            }
            rows += mine;
        }
        // Exactly the rows asked for: drop a few, then fill with one-row reads.
        while rows > target && !events.is_empty() {
            let e = events.swap_remove(self.rng.below(events.len()));
            rows -= e.rows as usize;
        }
        while rows < target {
            let k = self.rng.below(self.cases.len());
            let c = &self.cases[k];
            let at = self.rng.range(c.created, c.active_until + 1);
            events.push(Event { at, case: k as u32, kind: Kind::Worker(Operation::ReadWork), member: 0, rows: 1 });
            rows += 1;
        }
        events.sort_by_key(|e| (e.at, e.case));
        events
    }

    /// One logged request of case `k` at a moment of its active months.
    fn event(&mut self, k: usize) -> Event {
        let c = &self.cases[k];
        let at = self.rng.range(c.created, c.active_until + 1);
        let roll = self.rng.below(100);
        let current: Vec<usize> = (0..c.members.len()).filter(|&m| c.members[m].current_at(at)).collect();
        let event = |kind, member: usize, rows: usize| Event {
            at,
            case: k as u32,
            kind,
            member: member as u8,
            rows: rows as u8,
        };
        if roll < 2 {
            return event(Kind::Outsider, 0, 1);
        }
        if roll < 50 || current.is_empty() {
            let kind = self.rng.weighted(&[
                (Kind::MyCase, 40),
                (Kind::Worker(Operation::ReadWork), 10),
                (Kind::Worker(Operation::ReadConcerns), 6),
                (Kind::Worker(Operation::ReadAccessLog), 8),
                (Kind::Worker(Operation::ReadHistory), 3),
                (Kind::Worker(Operation::ReadNotes), 2),
                (Kind::Worker(Operation::FollowCase), 6),
                (Kind::WorkerAbout(Operation::Preview), 4),
                (Kind::WorkerAbout(Operation::Grant), 2),
                (Kind::WorkerAbout(Operation::ReadDirectory), 1),
            ]);
            return match kind {
                Kind::MyCase => event(kind, 0, 3),
                Kind::WorkerAbout(_) if !current.is_empty() => event(kind, self.rng.pick(&current), 1),
                Kind::WorkerAbout(_) => event(Kind::Worker(Operation::ReadWork), 0, 1),
                _ => event(kind, 0, 1),
            };
        }
        let m = self.rng.pick(&current);
        let care = c.members[m].role.world() != World::Workplace;
        let kind = self.rng.weighted(&[
            (Kind::Member(Operation::SeeInvitation), 35),
            (Kind::MemberView, 40),
            (Kind::Member(Operation::FollowCase), 10),
            (Kind::Member(Operation::SeeReferrals), if care { 8 } else { 0 }),
            (Kind::Member(Operation::SeeRequests), if care { 7 } else { 0 }),
        ]);
        let rows = match kind {
            Kind::MemberView => 1 + seen(&c.members[m], at).count().min(200),
            _ => 1,
        };
        event(kind, m, rows)
    }

    /// The rows one event logs, as `authorize` writes them.
    fn entries(&self, e: &Event) -> Vec<access_log::Entry> {
        let c = &self.cases[e.case as usize];
        let at = Timestamp(e.at);
        let base = |actor: i64, behalf: Option<i64>, role: &str, action, participant: Option<i64>, allowed| {
            access_log::Entry {
                at,
                actor: Some(AccountId(actor)),
                on_behalf_of: behalf.map(AccountId),
                role: role.to_string(),
                action,
                case_id: Some(CaseId(c.id)),
                participant_id: participant.map(ParticipantId),
                category: None,
                purpose: None,
                grant_id: None,
                allowed,
            }
        };
        let worker = |action, participant| base(c.worker, Some(c.worker), "worker", action, participant, true);
        let member = &c.members[e.member as usize];
        let pro = self.pros[member.pro].account;
        match e.kind {
            Kind::MyCase => [Operation::ReadCase, Operation::ReadReferrals, Operation::ReadRequests]
                .into_iter()
                .map(|op| worker(op, None))
                .collect(),
            Kind::Worker(op) => vec![worker(op, None)],
            Kind::WorkerAbout(op) => vec![worker(op, Some(member.id))],
            Kind::Member(op) => vec![base(pro, Some(c.worker), member.role.id(), op, Some(member.id), true)],
            Kind::MemberView => {
                let view = base(pro, Some(c.worker), member.role.id(), Operation::ViewShared, Some(member.id), true);
                let mut rows = vec![view.clone()];
                for g in seen(member, e.at).take(e.rows as usize - 1) {
                    rows.push(access_log::Entry {
                        action: Operation::ViewCategory,
                        category: Some(g.category),
                        purpose: Some(g.purpose),
                        grant_id: Some(GrantId(g.id)),
                        ..view.clone()
                    });
                }
                rows
            }
            Kind::Outsider => {
                // A professional of another case, signed in, trying this one.
                let other = self.pros[(e.case as usize * 7 + 3) % self.pros.len()].account;
                vec![base(other, None, Actor::Outsider.id(), Operation::ViewShared, None, false)]
            }
        }
    }

    /// One sign-in per 20 log rows, by whoever acted in evenly spaced
    /// events: the used code, the rate-limit windows it counted in (none in
    /// the current window, so nobody seeded is refused a code now), a
    /// session (seven in ten never signed out, as sessions are only removed
    /// when presented again), and the mail that carried the code, sent.
    fn sign_ins(&mut self, events: &[Event], mut code_id: i64, mut mail_id: i64) -> Vec<Table> {
        const CODES: &[&str] = &["id", "email", "code_hash", "created_at", "expires_at", "attempts", "used_at"];
        const LIMITS: &[&str] = &["key", "window_start", "count"];
        const SESSIONS: &[&str] = &["token_hash", "account_id", "created_at", "last_seen_at"];
        const MAIL: &[&str] = &[
            "id",
            "recipient",
            "locale",
            "subject",
            "body",
            "created_at",
            "status",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "last_error",
        ];
        use server::services::sign_in::{hash, CODE_TTL_MS, RATE_WINDOW_MS};
        let mut codes = Table::new("sign_in_codes", CODES);
        let mut sessions = Table::new("sessions", SESSIONS);
        let mut mail = Table::new("outbox", MAIL);
        let mut windows: std::collections::BTreeMap<(String, i64), i64> = Default::default();
        let current_window = self.now - self.now.rem_euclid(RATE_WINDOW_MS);
        let wanted = (self.log_rows / 20).max(1);
        let step = (events.len() / wanted).max(1);
        for (n, e) in events.iter().step_by(step).enumerate() {
            let c = &self.cases[e.case as usize];
            let (account, email, locale) = match e.kind {
                Kind::Member(_) | Kind::MemberView => {
                    let p = &self.pros[c.members[e.member as usize].pro];
                    (p.account, p.email.clone(), p.locale)
                }
                _ => (c.worker, c.email.clone(), c.locale),
            };
            let asked = e.at - self.rng.range(30_000, 300_000);
            let seed = format!("seed-scale {n} {account}");
            let id = take(&mut code_id);
            codes.row([
                int(id),
                text(&email),
                text(&hash(&[&seed, "code"])),
                int(asked),
                int(asked + CODE_TTL_MS),
                int(i64::from(self.rng.chance(0.05))),
                int(e.at),
            ]);
            let window = asked - asked.rem_euclid(RATE_WINDOW_MS);
            if window < current_window {
                let ip = format!("10.{}.{}.{}", account % 200, (account / 200) % 250, 1 + n % 250);
                *windows.entry((format!("code:email:{}", hash(&[&email])), window)).or_default() += 1;
                *windows.entry((format!("code:ip:{ip}"), window)).or_default() += 1;
            }
            if self.rng.chance(0.7) {
                let seen = (e.at + self.rng.range(0, 20 * 60_000)).min(self.now);
                sessions.row([text(&hash(&[&seed, "session"])), int(account), int(e.at), int(seen)]);
            }
            let (subject, body) = app::text::news_mail(locale, "http://127.0.0.1:3000/");
            let failed = self.rng.chance(0.002);
            mail.row([
                int(take(&mut mail_id)),
                text(&email),
                text(locale),
                text(&subject),
                text(&body),
                int(asked),
                text(if failed { "failed" } else { "sent" }),
                int(if failed { 5 } else { 1 }),
                int(asked),
                opt_int((!failed).then_some(asked + 2_000)),
                opt_text(failed.then_some("550 mailbox unavailable")),
            ]);
        }
        let mut limits = Table::new("rate_limits", LIMITS);
        for ((key, window), count) in windows {
            limits.row([text(&key), int(window), int(count)]);
        }
        vec![codes, limits, sessions, mail]
    }

    fn summary(&self, rows_of_case: &[usize], elapsed: Duration) -> Summary {
        let mut ongoing: Vec<usize> = (0..self.cases.len()).filter(|&k| self.cases[k].ongoing).collect();
        if ongoing.is_empty() {
            ongoing = (0..self.cases.len()).collect();
        }
        ongoing.sort_by_key(|&k| (rows_of_case[k], k));
        let c = &self.cases[ongoing[ongoing.len() / 2]];
        let worker = Person {
            email: c.email.clone(),
            case: Some(CaseId(c.id)),
            cases: 1,
            log_rows: rows_of_case[ongoing[ongoing.len() / 2]],
            role: None,
        };
        let person =
            |p: &Pro| Person { email: p.email.clone(), case: None, cases: p.cases, log_rows: 0, role: Some(p.role) };
        let median = |role: Role| {
            let mut of_role: Vec<&Pro> = self.pros.iter().filter(|p| p.role == role).collect();
            of_role.sort_by_key(|p| (p.cases, p.account));
            person(of_role[of_role.len() / 2])
        };
        let busiest = self.pros.iter().max_by_key(|p| (p.cases, std::cmp::Reverse(p.account))).expect("a pool");
        let first =
            |role: Role| self.by_role.iter().find(|(r, _)| *r == role).map(|(_, ids)| person(&self.pros[ids[0]]));
        let heavy = (self.heavy > 0).then(|| first(Role::OccupationalPhysician).zip(first(Role::Employer))).flatten();
        Summary {
            counts: Vec::new(),
            worker,
            professional: median(Role::OccupationalPhysician),
            employer: median(Role::Employer),
            busiest: person(busiest),
            heavy,
            elapsed,
        }
    }
}

/// The grants of `m` in force at `t` (what opening the case shows).
fn seen(m: &Member, t: i64) -> impl Iterator<Item = &GrantRec> {
    m.grants.iter().filter(move |g| g.granted <= t && g.ended.is_none_or(|e| e > t) && t <= g.until)
}

fn domain(role: Role) -> &'static str {
    match role.world() {
        World::CurativeCare => "care",
        World::WorkFocusedCare => "work-health",
        World::Workplace => "employers",
    }
}

fn day_of(ms: i64) -> NaiveDate {
    DateTime::from_timestamp_millis(ms).map(|t| t.date_naive()).unwrap_or_default()
}

fn ms_of(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp_millis()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse() {
        let args = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert_eq!(Options::parse(&[]).unwrap(), Options::default());
        let o = Options::parse(&args("--workers 50 --log-rows=5_000 --seed 3")).unwrap();
        assert_eq!(o, Options { workers: 50, log_rows: 5000, seed: 3, heavy: 50 });
        assert_eq!(Options::parse(&args("--workers 600 --heavy 20")).unwrap().heavy, 20);
        assert!(Options::parse(&args("--workers")).is_err());
        assert!(Options::parse(&args("--workers 0")).is_err());
        assert!(Options::parse(&args("--workers many")).is_err());
        assert!(Options::parse(&args("--users 5")).is_err());
    }

    #[test]
    fn insert_statements_number_their_placeholders() {
        assert_eq!(insert_sql("t", &["a", "b"], 2, true), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
        assert_eq!(insert_sql("t", &["a", "b"], 2, false), "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)");
    }
}
