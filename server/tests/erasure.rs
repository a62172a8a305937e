//! Erasure (GDPR article 17): the worker asks, her case closes at once, and
//! after the grace period (here on the test clock) nothing of what her case
//! held is left in any table, the access log still verifies, and she can
//! start again. Every table the migrations create is placed in one of the
//! lists below, so a new table cannot be forgotten.
mod common;

use app::domain::*;
use app::error::AppError;
use app::ports::prelude::*;
use common::*;
use server::services::record::erasure::erase_due;
use std::collections::BTreeSet;

/// Rows of the case are deleted.
const ERASED: &[&str] = &[
    "advice_drafts",
    "own_views",
    "statements",
    "adjustment_recipients",
    "adjustment_reviews",
    "adjustment_steps",
    "adjustments",
    "concern_shares",
    "concerns",
    "disclosure_comfort",
    "referral_events",
    "referral_grants",
    "referrals",
    "info_requests",
    "notes",
    "directory_hidden",
    "protected_viewers",
    "milestone_marks",
    "milestone_reminders",
    "plan_agreements",
    "plan_versions",
    "plan_evaluations",
    "passport_links",
    "join_codes",
];
/// Rows stay, emptied: the access log names their ids, and a freed id could
/// be taken by a new case. The worker's own account is deleted.
const TOMBSTONES: &[&str] = &["cases", "participants", "grants", "accounts"];
/// Kept, as the law asks: ids and codes, no content.
const KEPT: &[&str] = &["access_log"];
/// The portal's own tables: the worker's rows go (sessions, devices, codes,
/// her mail, her passkeys and sign-in log); the rest expires by itself
/// (`retention.rs`).
const THE_PORTALS_OWN: &[&str] = &[
    "sessions",
    "known_devices",
    "sign_in_codes",
    "outbox",
    "rate_limits",
    "kept_input",
    "passkeys",
    "passkey_ceremonies",
    "passkey_recoveries",
    "account_events",
    "oidc_attempts",
    "oidc_links",
    "_sqlx_migrations",
];

async fn tables(e: &Env) -> Vec<String> {
    let sql = if on_postgres() {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    };
    sqlx::query_scalar(sql).fetch_all(e.s.db.pool()).await.unwrap()
}

async fn columns(e: &Env, table: &str) -> Vec<String> {
    let sql = if on_postgres() {
        "SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
         ORDER BY ordinal_position"
    } else {
        "SELECT name FROM pragma_table_info($1) ORDER BY cid"
    };
    sqlx::query_scalar(sql).bind(table).fetch_all(e.s.db.pool()).await.unwrap()
}

/// Every row of `table` as one text.
async fn rows(e: &Env, table: &str) -> Vec<String> {
    let cols = columns(e, table).await;
    let joined: Vec<String> = cols.iter().map(|c| format!("COALESCE(CAST({c} AS TEXT), '')")).collect();
    let all = joined.join(" || '|' || ");
    if on_postgres() {
        return sqlx::query_scalar(&format!("SELECT {all} FROM {table}")).fetch_all(e.s.db.pool()).await.unwrap();
    }
    // SQLite: some columns hold bytes (hashes), read as bytes.
    let rows: Vec<Vec<u8>> =
        sqlx::query_scalar(&format!("SELECT CAST({all} AS BLOB) FROM {table}")).fetch_all(e.s.db.pool()).await.unwrap();
    rows.iter().map(|r| String::from_utf8_lossy(r).into_owned()).collect()
}

/// The free text and addresses of a downloaded record: what must be gone.
fn content(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::String(s) if s.chars().count() >= 6 && (s.contains(' ') || s.contains('@')) => {
            out.insert(s.clone());
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| content(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| content(x, out)),
        _ => {}
    }
}

async fn signed_in(e: &Env, addr: &str) -> app::ports::Account {
    account(e, &sign_in(e, addr).await).await
}

#[tokio::test]
async fn an_erased_case_leaves_nothing_of_its_content_and_the_log_still_verifies() {
    let e = env().await;
    assert!(server::seed::seed_demo(&e.s).await.unwrap());
    // Another worker's case, which must come through untouched.
    let kept = signed_in(&e, "tuuli@example.com").await;
    let dates = CaseDates::parse("2026-10-01", "").unwrap();
    let kept_case =
        e.s.start_case(&kept, "Tuuli Laine", NewCase { dates, zone: Zone::HELSINKI, country: Country::Finland })
            .await
            .unwrap();
    let p = NewParticipant::parse("gp", "Dr Aho", "Kallio", "aho@example.com", "").unwrap();
    e.s.add_participant(&kept, kept_case, p).await.unwrap();

    let sanna = signed_in(&e, "sanna@example.com").await;
    let case = e.s.record_page(&sanna).await.unwrap().case_id.unwrap();
    let file = e.s.export_record(&sanna, case, RecordFormat::Json).await.unwrap();
    let record: serde_json::Value = serde_json::from_slice(&file.bytes().await.unwrap()).unwrap();
    let mut words = BTreeSet::new();
    content(&record, &mut words);
    // The professionals' own accounts and mail are theirs, not the case's:
    // their names and addresses may stay there (and nowhere else).
    let theirs: BTreeSet<String> = record["team"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| [m["email"].as_str().unwrap().to_string(), m["name"].as_str().unwrap().to_string()])
        .collect();
    assert!(words.len() > 40, "the demo record holds too little to test with: {words:?}");
    // Someone entered her join code (not confirmed): how they named
    // themselves is the case's too.
    e.s.show_join_code(&sanna, case, Role::Psychologist).await.unwrap();
    let code = e.s.join_page(&sanna, case).await.unwrap().current.unwrap().code;
    let joiner = signed_in(&e, "joiner@example.com").await;
    let said = Contact::parse("Dr Joiner Words", "Joiner Clinic Oy", "joiner@example.com", "").unwrap();
    e.s.enter_join_code(&joiner, std::net::Ipv4Addr::LOCALHOST.into(), &code, said).await.unwrap();
    words.extend(["Dr Joiner Words".to_string(), "Joiner Clinic Oy".to_string()]);

    // Only the worker asks, and only with the tick.
    let pekka = signed_in(&e, "pekka.makinen@example.com").await;
    assert_eq!(e.s.ask_erasure(&pekka, case, true).await, Err(AppError::NotFound));
    assert_eq!(e.s.ask_erasure(&kept, case, true).await, Err(AppError::NotFound));
    assert!(matches!(e.s.ask_erasure(&sanna, case, false).await, Err(AppError::Invalid(_))));
    assert_eq!(e.s.record_page(&sanna).await.unwrap().erasure_on, None, "a refused request changed nothing");

    // Asked: closed at once, the day named, no reopening until she keeps it.
    e.s.ask_erasure(&sanna, case, true).await.unwrap();
    let page = e.s.record_page(&sanna).await.unwrap();
    assert_eq!(page.erasure_on, Some(e.clock_today() + chrono::Days::new(30)));
    assert!(e.s.my_case(&sanna).await.unwrap().unwrap().closed_on.is_some());
    assert!(matches!(e.s.reopen_case(&sanna, case).await, Err(AppError::Invalid(_))));
    assert_eq!(e.s.ask_erasure(&sanna, case, true).await, Err(AppError::Conflict));

    // She changes her mind: nothing is erased when the day passes.
    e.clock.advance(chrono::Duration::days(29));
    assert_eq!(erase_due(&e.s).await.unwrap(), 0, "erased before its day");
    e.s.cancel_erasure(&sanna, case).await.unwrap();
    e.clock.advance(chrono::Duration::days(2));
    assert_eq!(erase_due(&e.s).await.unwrap(), 0, "erased after she kept it");
    assert!(e.s.export_record(&sanna, case, RecordFormat::Json).await.is_ok());

    // Asked again, and the grace period runs out.
    e.s.ask_erasure(&sanna, case, true).await.unwrap();
    e.clock.advance(chrono::Duration::days(30) + chrono::Duration::minutes(1));
    let log_before = e.log_rows().await;
    assert_eq!(erase_due(&e.s).await.unwrap(), 1);
    assert_eq!(erase_due(&e.s).await.unwrap(), 0, "erased twice");
    assert_eq!(e.log_rows().await, log_before + 1, "one row says the portal erased it; no row went");
    assert_eq!(e.last_log().await.0, "erase_case");

    // Every table is accounted for.
    let all: BTreeSet<String> = tables(&e).await.into_iter().collect();
    let listed: BTreeSet<String> =
        [ERASED, TOMBSTONES, KEPT, THE_PORTALS_OWN].concat().into_iter().map(String::from).collect();
    assert_eq!(all, listed, "a table is not placed in erasure.rs's lists (and store::record::erase)");

    // Nothing of the case's content is left anywhere.
    for t in &all {
        let own = t == "accounts" || THE_PORTALS_OWN.contains(&t.as_str());
        for row in rows(&e, t).await {
            let left = words.iter().filter(|w| !(own && theirs.contains(*w))).find(|w| row.contains(w.as_str()));
            if let Some(w) = left {
                panic!("{t} still holds \"{w}\": {row}");
            }
        }
    }
    for t in ERASED {
        if columns(&e, t).await.iter().any(|c| c == "case_id") {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {t} WHERE case_id = $1"))
                .bind(case)
                .fetch_one(e.s.db.pool())
                .await
                .unwrap();
            assert_eq!(n, 0, "{t} keeps rows of the erased case");
        }
    }

    // The log still verifies over every row, the erased case's included.
    server::verify::verify(&e.s.db).await.expect("the chain holds after erasure");

    // Her account went with its sessions and its own rows.
    for t in ["sessions", "known_devices", "passkeys", "passkey_recoveries", "account_events", "oidc_links"] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {t} WHERE account_id = $1"))
            .bind(sanna.id)
            .fetch_one(e.s.db.pool())
            .await
            .unwrap();
        assert_eq!(n, 0, "{t} keeps rows of her deleted account");
    }
    // She can start afresh, with a new id.
    assert!(e.s.session(&sign_in(&e, "sanna@example.com").await).await.unwrap().is_some());
    let again = signed_in(&e, "sanna@example.com").await;
    assert_ne!(again.id, sanna.id, "the account was kept");
    assert_eq!(e.s.record_page(&again).await.unwrap().case_id, None);
    assert_eq!(e.s.export_record(&again, case, RecordFormat::Json).await.err(), Some(AppError::NotFound));
    assert_eq!(e.s.reopen_case(&again, case).await, Err(AppError::NotFound), "an erased case cannot be reopened");
    let dates = CaseDates::parse("2026-12-01", "").unwrap();
    let new_case =
        e.s.start_case(&again, "Sanna Virtanen", NewCase { dates, zone: Zone::HELSINKI, country: Country::Finland })
            .await
            .unwrap();
    assert_ne!(new_case, case, "a new case took the erased case's id");
    // The erased case's log is not hers to read.
    let log = e.s.access_log(&again, new_case, LogFilter::default()).await.unwrap();
    assert!(log.lines.iter().all(|l| l.action != Operation::EraseCase));

    // The other worker's case is whole.
    let theirs = e.s.export_record(&kept, kept_case, RecordFormat::Json).await.unwrap();
    assert!(String::from_utf8(theirs.bytes().await.unwrap()).unwrap().contains("Dr Aho"));
}
