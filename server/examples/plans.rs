//! The plan of every query in `scripts/plans.sql`, on the database the server
//! is configured for (`RTW_DATA_DIR` / `DATABASE_URL`: SQLite or PostgreSQL),
//! through the same sqlx driver and SQLite library as the portal, with
//! values taken from that database (the case with the most access-log rows,
//! one of its occupational physicians, ...). Each query gets a verdict:
//! `index`, or `SCAN <table>`; the run exits non-zero when any query scans.
//!
//! SQLite: `EXPLAIN QUERY PLAN`. The portal never runs ANALYZE, so SQLite
//! plans without statistics, whatever the table sizes: any `SCAN` of a table
//! (a full index scan included) is one, unless the entry says why it stops
//! early (`scan-ok`).
//! PostgreSQL: `EXPLAIN` of the prepared statement with the values bound (a
//! custom plan, as the first executions of sqlx's prepared statements get).
//! A `Seq Scan` of a table of `LARGE` rows or more is a SCAN. On a smaller
//! table it can be the planner's right choice, so such a query is planned
//! again with `enable_seqscan = off`: if the scan stays, no index serves it,
//! and that is a SCAN too. So is an index scan without an `Index Cond` (the
//! whole index in its order), unless bounded (`scan-ok`).
//!
//! `cargo run -p server --release --example plans -- scripts/plans.sql`
//! (scripts/plans.sh seeds a database first).

use server::config::Config;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;
use std::process::ExitCode;

/// PostgreSQL: a table this large (estimated rows, after ANALYZE) is never
/// read whole by a page.
const LARGE: f64 = 5_000.0;

#[derive(Clone, Debug)]
enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

impl std::fmt::Display for Val {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Int(Some(n)) => write!(f, "{n}"),
            Val::Text(Some(s)) => write!(f, "{s:?}"),
            Val::Int(None) | Val::Text(None) => f.write_str("NULL"),
        }
    }
}

#[derive(Default)]
struct Entry {
    name: String,
    used: String,
    binds: Vec<String>,
    scan_ok: Option<String>,
    only: Option<String>,
    sql: String,
}

fn parse(file: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut e: Option<Entry> = None;
    for line in file.lines() {
        let t = line.trim();
        if let Some(name) = t.strip_prefix("-- name:") {
            e = Some(Entry { name: name.trim().to_string(), ..Entry::default() });
            continue;
        }
        let Some(cur) = e.as_mut() else { continue };
        if let Some(v) = t.strip_prefix("-- where:") {
            cur.used = v.trim().to_string();
        } else if let Some(v) = t.strip_prefix("-- binds:") {
            cur.binds = v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
        } else if let Some(v) = t.strip_prefix("-- scan-ok:") {
            cur.scan_ok = Some(v.trim().to_string());
        } else if let Some(v) = t.strip_prefix("-- only:") {
            cur.only = Some(v.trim().to_string());
        } else if t.starts_with("--") || t.is_empty() && cur.sql.is_empty() {
            continue;
        } else {
            cur.sql.push_str(line);
            cur.sql.push('\n');
            if t.ends_with(';') {
                let mut done = e.take().expect("an entry");
                done.sql = done.sql.trim().trim_end_matches(';').to_string();
                out.push(done);
            }
        }
    }
    out
}

async fn one_int(c: &mut AnyConnection, sql: &str, bind: Option<i64>) -> Option<i64> {
    let mut q = sqlx::query_scalar::<_, i64>(sql);
    if let Some(b) = bind {
        q = q.bind(b);
    }
    q.fetch_optional(c).await.ok().flatten()
}

async fn one_text(c: &mut AnyConnection, sql: &str, id: i64) -> String {
    sqlx::query_scalar::<_, String>(sql).bind(id).fetch_optional(c).await.ok().flatten().unwrap_or_default()
}

/// Realistic values, read from the database.
async fn values(c: &mut AnyConnection) -> HashMap<&'static str, Val> {
    let case = one_int(
        c,
        "SELECT case_id FROM access_log WHERE case_id IS NOT NULL GROUP BY case_id ORDER BY COUNT(*) DESC LIMIT 1",
        None,
    )
    .await
    .or(one_int(c, "SELECT MAX(id) FROM cases", None).await)
    .unwrap_or(1);
    let worker = one_int(c, "SELECT worker_id FROM cases WHERE id = $1", Some(case)).await.unwrap_or(1);
    let participant = one_int(
        c,
        "SELECT id FROM participants WHERE case_id = $1 AND removed_at IS NULL
         ORDER BY CASE WHEN role = 'occupational_physician' THEN 0 ELSE 1 END, id LIMIT 1",
        Some(case),
    )
    .await
    .unwrap_or(1);
    let worker_email = one_text(c, "SELECT email FROM accounts WHERE id = $1", worker).await;
    let pro_email = one_text(c, "SELECT email FROM participants WHERE id = $1", participant).await;
    let pro_account = sqlx::query_scalar::<_, i64>("SELECT id FROM accounts WHERE email = $1")
        .bind(&pro_email)
        .fetch_optional(&mut *c)
        .await
        .ok()
        .flatten()
        .unwrap_or(1);
    let mut latest = HashMap::new();
    for table in ["adjustments", "concerns", "referrals", "info_requests", "grants"] {
        let sql = format!(
            "SELECT COALESCE((SELECT MAX(id) FROM {table} WHERE case_id = $1), (SELECT MAX(id) FROM {table}), 1)"
        );
        latest.insert(table, sqlx::query_scalar::<_, i64>(&sql).bind(case).fetch_one(&mut *c).await.unwrap_or(1));
    }
    let log_before =
        one_int(c, "SELECT id FROM access_log WHERE case_id = $1 ORDER BY id DESC LIMIT 1 OFFSET 50", Some(case))
            .await
            .unwrap_or(i64::MAX);
    let now = chrono::Utc::now().timestamp_millis();
    let int = |n: i64| Val::Int(Some(n));
    let txt = |s: &str| Val::Text(Some(s.to_string()));
    HashMap::from([
        ("case", int(case)),
        ("worker", int(worker)),
        ("participant", int(participant)),
        ("pro_account", int(pro_account)),
        ("worker_email", txt(&worker_email)),
        ("pro_email", txt(&pro_email)),
        ("adjustment", int(latest["adjustments"])),
        ("concern", int(latest["concerns"])),
        ("referral", int(latest["referrals"])),
        ("request", int(latest["info_requests"])),
        ("grant", int(latest["grants"])),
        ("log_before", int(log_before)),
        ("now", int(now)),
        ("month_ago", int(now - 30 * 86_400_000)),
        ("window", int(now - now % 900_000)),
        ("today", txt(&chrono::Utc::now().date_naive().to_string())),
        ("max", int(i64::MAX)),
        ("min", int(i64::MIN)),
        ("log_limit", int(app::domain::LOG_PAGE + 1)),
        ("history_limit", int(app::domain::HISTORY_PAGE as i64 + 1)),
        ("thousand", int(1000)),
        ("fifty", int(50)),
        ("code_id", int(1)),
        ("one", int(1)),
        ("token_hash", txt("r3zZ1bV0n6YcJq3aQm2P5oV7wLx8Ku4sT9dE1fG2hI0")),
        ("rate_key", txt("code:ip:127.0.0.1")),
        ("text_status", txt("approved")),
        ("text_revoked", txt("revoked")),
        ("text_kind", txt("other")),
        ("text_cats", txt("work_ability")),
        ("text_empty", txt("")),
        ("null_text", Val::Text(None)),
        ("null_int", Val::Int(None)),
    ])
}

/// Tables named in `sql`, by the alias or name a plan shows them by.
fn tables(sql: &str) -> HashMap<String, String> {
    const NOT_ALIAS: &[&str] =
        &["where", "join", "left", "inner", "on", "order", "group", "set", "limit", "returning", "values", "using"];
    let words: Vec<String> = sql
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if matches!(w.as_str(), "from" | "join" | "update" | "into") {
            let Some(table) = words.get(i + 1) else { continue };
            if table == "select" {
                continue;
            }
            out.insert(table.clone(), table.clone());
            let mut next = i + 2;
            if words.get(next).is_some_and(|w| w == "as") {
                next += 1;
            }
            if let Some(alias) = words.get(next).filter(|a| !NOT_ALIAS.contains(&a.as_str())) {
                out.insert(alias.clone(), table.clone());
            }
        }
    }
    out
}

struct Verdict {
    scans: Vec<String>,
    notes: Vec<String>,
}

async fn explain_sqlite(c: &mut AnyConnection, e: &Entry, binds: &[Val]) -> Result<(Vec<String>, Verdict), String> {
    let sql = format!("EXPLAIN QUERY PLAN {}", e.sql);
    let rows = bind(sqlx::query(&sql), binds).fetch_all(c).await.map_err(|e| e.to_string())?;
    let mut depth: HashMap<i64, usize> = HashMap::new();
    let mut lines = Vec::new();
    let names = tables(&e.sql);
    let mut v = Verdict { scans: Vec::new(), notes: Vec::new() };
    for r in rows {
        let id: i64 = r.try_get(0).map_err(|e| e.to_string())?;
        let parent: i64 = r.try_get(1).map_err(|e| e.to_string())?;
        let detail: String = r.try_get(3).map_err(|e| e.to_string())?;
        let d = depth.get(&parent).map_or(0, |d| d + 1);
        depth.insert(id, d);
        lines.push(format!("{}{detail}", "  ".repeat(d)));
        if let Some(rest) = detail.strip_prefix("SCAN ") {
            let target = rest.split(" USING").next().unwrap_or(rest).trim().to_lowercase();
            if target.starts_with('(') || target.starts_with("constant") {
                continue;
            }
            let table = names.get(&target).cloned().unwrap_or(target);
            v.scans.push(format!("{table} ({detail})"));
        }
        if detail.contains("TEMP B-TREE") {
            v.notes.push("sorts its rows".into());
        }
    }
    Ok((lines, v))
}

async fn explain_postgres(
    c: &mut AnyConnection,
    e: &Entry,
    binds: &[Val],
    seqscan: bool,
) -> Result<Vec<String>, String> {
    let setting = if seqscan { "on" } else { "off" };
    sqlx::query(&format!("SET enable_seqscan = {setting}")).execute(&mut *c).await.map_err(|e| e.to_string())?;
    let sql = format!("EXPLAIN (COSTS OFF) {}", e.sql);
    let rows = bind(sqlx::query(&sql), binds).fetch_all(&mut *c).await.map_err(|e| e.to_string())?;
    rows.iter().map(|r| r.try_get::<String, _>(0).map_err(|e| e.to_string())).collect()
}

fn seq_scans(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.split("Seq Scan on ").nth(1))
        .map(|rest| rest.split_whitespace().next().unwrap_or(rest).to_string())
        .collect()
}

/// Index scans without an `Index Cond`: the whole index, read in its order.
fn full_index_scans(lines: &[String]) -> Vec<String> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let node = line.trim_start().trim_start_matches("->  ");
        if !(node.starts_with("Index Scan") || node.starts_with("Index Only Scan")) {
            continue;
        }
        // The node's own properties: the lines below it, indented deeper,
        // up to its first child or sibling.
        let props = lines[i + 1..]
            .iter()
            .take_while(|l| indent(l) > indent(line) && !l.trim_start().starts_with("->"))
            .any(|l| l.trim_start().starts_with("Index Cond:"));
        if !props {
            let table = node.split(" on ").nth(1).and_then(|t| t.split_whitespace().next()).unwrap_or(node);
            out.push(format!("{table} ({node})"));
        }
    }
    out
}

fn bind<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: &[Val],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b.clone() {
            Val::Int(v) => q.bind(v),
            Val::Text(v) => q.bind(v),
        };
    }
    q
}

#[tokio::main]
async fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| "scripts/plans.sql".into());
    let file = match std::fs::read_to_string(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let entries = parse(&file);
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    sqlx::any::install_default_drivers();
    let pool = match AnyPoolOptions::new().max_connections(1).connect(config.database_url.expose()).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("cannot open {}: {e}", config.database_url);
            return ExitCode::FAILURE;
        }
    };
    let mut c = pool.acquire().await.expect("a connection");
    let postgres = server::store::is_postgres(&c);
    let backend = if postgres { "postgres" } else { "sqlite" };
    let values = values(&mut c).await;
    // Estimated rows per table (PostgreSQL, after ANALYZE).
    let sizes: HashMap<String, f64> = if postgres {
        sqlx::query_as::<_, (String, f64)>(
            "SELECT c.relname::text, GREATEST(c.reltuples, 0)::float8 FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'",
        )
        .fetch_all(&mut *c)
        .await
        .unwrap_or_default()
        .into_iter()
        .collect()
    } else {
        HashMap::new()
    };
    println!("{} queries from {path} on {backend} ({})", entries.len(), config.database_url);
    let shown: Vec<String> = ["case", "worker", "participant", "pro_email", "adjustment", "referral", "request"]
        .iter()
        .map(|k| format!("{k}={}", values[k]))
        .collect();
    println!("values: {}\n", shown.join(", "));

    let mut summary = Vec::new();
    let mut failed = 0;
    for e in entries.iter().filter(|e| e.only.as_deref().is_none_or(|o| o == backend)) {
        let mut binds = Vec::new();
        for b in &e.binds {
            match values.get(b.as_str()) {
                Some(v) => binds.push(v.clone()),
                None => {
                    eprintln!("{}: no value named {b:?} (server/examples/plans.rs `values`)", e.name);
                    return ExitCode::FAILURE;
                }
            }
        }
        println!("== {}  [{}]", e.name, e.used);
        for line in e.sql.lines() {
            println!("   | {}", line.trim());
        }
        if !binds.is_empty() {
            let shown: Vec<String> = e.binds.iter().zip(&binds).map(|(n, v)| format!("{n}={v}")).collect();
            println!("   binds: {}", shown.join(", "));
        }
        let verdict = if postgres {
            let lines = match explain_postgres(&mut c, e, &binds, true).await {
                Ok(l) => l,
                Err(err) => {
                    println!("   ERROR {err}\n");
                    summary.push((e.name.clone(), format!("ERROR {err}")));
                    failed += 1;
                    continue;
                }
            };
            for l in &lines {
                println!("   {l}");
            }
            let mut v = Verdict { scans: full_index_scans(&lines), notes: Vec::new() };
            let rows_of = |t: &String| sizes.get(t).copied().unwrap_or(0.0);
            let (large, small): (Vec<String>, Vec<String>) =
                seq_scans(&lines).into_iter().partition(|t| rows_of(t) >= LARGE);
            for t in large {
                v.scans.push(format!("{t} (Seq Scan, {:.0} rows)", rows_of(&t)));
            }
            if !small.is_empty() {
                // The planner's choice on a small table, or no index at all?
                let forced = explain_postgres(&mut c, e, &binds, false).await.unwrap_or_default();
                let stays = seq_scans(&forced);
                v.scans.extend(full_index_scans(&forced));
                if stays.is_empty() {
                    let tables: Vec<String> = small.iter().map(|t| format!("{t} ({:.0} rows)", rows_of(t))).collect();
                    let tables = tables.join(", ");
                    v.notes.push(format!("seq scan of {tables} chosen for its size; an index serves it otherwise"));
                    for l in &forced {
                        println!("   (enable_seqscan=off) {l}");
                    }
                } else {
                    v.scans.extend(stays);
                }
            }
            v
        } else {
            match explain_sqlite(&mut c, e, &binds).await {
                Ok((lines, v)) => {
                    for l in &lines {
                        println!("   {l}");
                    }
                    v
                }
                Err(err) => {
                    println!("   ERROR {err}\n");
                    summary.push((e.name.clone(), format!("ERROR {err}")));
                    failed += 1;
                    continue;
                }
            }
        };
        let text = match (&verdict.scans[..], &e.scan_ok) {
            ([], _) if verdict.notes.is_empty() => "index".to_string(),
            ([], _) => format!("index ({})", verdict.notes.join("; ")),
            (scans, Some(why)) => format!("index-ordered scan, bounded: {why} [{}]", scans.join(", ")),
            (scans, None) => {
                failed += 1;
                format!("SCAN {}", scans.join(", "))
            }
        };
        println!("   -> {text}\n");
        summary.push((e.name.clone(), text));
    }
    if postgres {
        let _ = sqlx::query("SET enable_seqscan = on").execute(&mut *c).await;
    }
    println!("verdicts ({backend}):");
    for (name, v) in &summary {
        println!("  {name:<44} {v}");
    }
    if failed > 0 {
        println!("{failed} of {} queries scan a table or failed", summary.len());
        ExitCode::FAILURE
    } else {
        println!("all {} queries use an index", summary.len());
        ExitCode::SUCCESS
    }
}
