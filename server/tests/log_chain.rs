//! The access log cannot be edited through SQL, and a row changed or
//! removed directly in the database file is found by `rtw-portal verify`.
mod common;

use app::domain::{Operation, Timestamp};
use app::ports::prelude::*;
use common::*;
use server::verify::{verify, Broken};
use std::process::Command;

/// A case with some history: reads, writes and a refused attempt.
async fn some_history(e: &Env) {
    let (me, case, gp) = worker_with_case(e, "sanna@example.com").await;
    e.s.grant(&me, case, gp, None).await.unwrap();
    e.s.my_case(&me).await.unwrap();
    let stranger = account(e, &sign_in(e, "stranger@example.com").await).await;
    let _ = e.s.my_case(&stranger).await;
    let _ = e.s.preview(&stranger, case, gp).await;
    e.s.preview(&me, case, gp).await.unwrap();
}

async fn ids(e: &Env) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM access_log ORDER BY id").fetch_all(e.s.db.pool()).await.unwrap()
}

#[tokio::test]
async fn sql_cannot_edit_or_delete_the_log() {
    let e = env().await;
    some_history(&e).await;
    let before = e.log_rows().await;
    let update = sqlx::query("UPDATE access_log SET outcome = 'allowed'").execute(e.s.db.pool()).await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM access_log").execute(e.s.db.pool()).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(e.log_rows().await, before);
    let report = verify(&e.s.db).await.unwrap();
    assert_eq!(report.chained as i64, before);
    assert_eq!(report.unchained, 0);
}

/// Two appenders that both read the same newest row would fork the chain:
/// the second row after one predecessor is refused, whatever its hash, and
/// the chain goes on from where it was.
#[tokio::test]
async fn a_second_row_after_one_predecessor_is_refused() {
    let e = env().await;
    some_history(&e).await;
    let (position, prev): (i64, String) = sqlx::query_as(
        "SELECT chain_position, prev_hash FROM access_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(e.s.db.pool())
    .await
    .unwrap();
    let before = e.log_rows().await;
    let fork = sqlx::query(
        "INSERT INTO access_log (at, role, action, outcome, prev_hash, hash, chain_position)
         VALUES (0, 'worker', 'read_case', 'allowed', $1, 'forked', $2)",
    )
    .bind(&prev)
    .bind(position)
    .execute(e.s.db.pool())
    .await;
    assert!(fork.is_err(), "a fork went in");
    assert_eq!(e.log_rows().await, before);
    // The next append follows the newest row.
    let (me, _, _) = worker_with_case(&e, "next@example.com").await;
    e.s.my_case(&me).await.unwrap();
    let next: i64 =
        sqlx::query_scalar("SELECT MAX(chain_position) FROM access_log").fetch_one(e.s.db.pool()).await.unwrap();
    assert!(next > position);
    assert!(verify(&e.s.db).await.is_ok());
}

#[tokio::test]
async fn verify_finds_a_changed_row() {
    let e = env().await;
    some_history(&e).await;
    let ids = ids(&e).await;
    let victim = ids[ids.len() / 2];
    // Someone with the database file can drop the trigger; the chain still tells.
    drop_trigger(&e, "access_log_no_update").await;
    sqlx::query("UPDATE access_log SET action = 'nothing_to_see' WHERE id = $1")
        .bind(victim)
        .execute(e.s.db.pool())
        .await
        .unwrap();
    assert_eq!(verify(&e.s.db).await, Err(Broken::Changed { id: victim }));
}

#[tokio::test]
async fn verify_finds_a_removed_row() {
    let e = env().await;
    some_history(&e).await;
    let ids = ids(&e).await;
    let victim = ids[ids.len() / 2];
    drop_trigger(&e, "access_log_no_delete").await;
    sqlx::query("DELETE FROM access_log WHERE id = $1").bind(victim).execute(e.s.db.pool()).await.unwrap();
    let next = ids.iter().find(|i| **i > victim).copied().unwrap();
    assert_eq!(verify(&e.s.db).await, Err(Broken::Unlinked { id: next }));
}

/// The real binary: `rtw-portal verify` exits 0 on an intact log and
/// non-zero, naming the row, on a tampered one.
#[tokio::test]
async fn the_verify_command_reports_tampering() {
    let (url, _dir) = fresh_database().await;
    let e = env_at(&url).await;
    some_history(&e).await;
    let key = server::secrets::Keys::ephemeral_key_text();
    let checkpoint = tempfile::tempdir().unwrap();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_rtw-portal"))
            .arg("verify")
            .env("DATABASE_URL", &url)
            .env("RTW_SECRET_KEY", &key)
            .env("RTW_LOG_CHECKPOINT", checkpoint.path().join("cp"))
            .output()
            .unwrap()
    };
    let ok = run();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("access log intact"));

    let victim = ids(&e).await[2];
    drop_trigger(&e, "access_log_no_update").await;
    sqlx::query("UPDATE access_log SET category = 'diagnosis' WHERE id = $1")
        .bind(victim)
        .execute(e.s.db.pool())
        .await
        .unwrap();
    let bad = run();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains(&format!("row {victim} was changed")),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// Many logged views at once (10,000 by default; `LOGGED_VIEWS` sets it):
/// every one answers, although SQLite's busy handler is given 1 ms here,
/// because this process's writers wait their turn in a queue rather than
/// in SQLite; each view leaves exactly its rows; the chain verifies.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_chain_holds_after_many_concurrent_logged_views() {
    let views: usize = std::env::var("LOGGED_VIEWS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let (url, _dir) = fresh_database().await;
    let busy = if on_postgres() { 5_000 } else { 1 };
    let settings =
        server::store::PoolSettings { max_connections: 8, statement_timeout: std::time::Duration::from_millis(busy) };
    let e = env_with(&url, settings).await;
    let (me, _, _) = worker_with_case(&e, "sanna@example.com").await;
    let before = e.log_rows().await;
    e.s.my_case(&me).await.unwrap();
    let per_view = e.log_rows().await - before;
    assert!(per_view > 0, "a view of the case is logged");

    let started = e.log_rows().await;
    let mut all = tokio::task::JoinSet::new();
    for _ in 0..views {
        let (s, me) = (e.s.clone(), me.clone());
        all.spawn(async move { s.my_case(&me).await.map(|_| ()) });
    }
    let mut failed = 0;
    while let Some(done) = all.join_next().await {
        failed += usize::from(done.unwrap().is_err());
    }
    assert_eq!(failed, 0, "every view answered");
    assert_eq!(e.log_rows().await - started, per_view * views as i64, "each view left exactly its rows");
    let report = verify(&e.s.db).await.expect("the chain verifies");
    assert_eq!(report.chained as i64, e.log_rows().await);
}

/// A read (`Db::begin_read`) owes its log rows until it commits: none is
/// written before, a read dropped unfinished writes none (it showed
/// nothing), it cannot change data, and what it owes joins the chain.
#[tokio::test]
async fn a_read_logs_when_it_commits_and_cannot_write() {
    use server::store::access_log::Entry;
    let e = env().await;
    let (me, case, _gp) = worker_with_case(&e, "sanna@example.com").await;
    let before = e.log_rows().await;
    let row = Entry {
        at: Timestamp(1_700_000_000_000),
        actor: Some(me.id),
        on_behalf_of: Some(me.id),
        role: "worker".into(),
        action: Operation::ReadCase,
        case_id: Some(case),
        participant_id: None,
        category: None,
        purpose: None,
        grant_id: None,
        allowed: true,
    };

    let mut read = e.s.db.begin_read().await.unwrap();
    read.log(&row).await.unwrap();
    assert_eq!(e.log_rows().await, before, "owed rows are not written before the read commits");
    drop(read);
    assert_eq!(e.log_rows().await, before, "a read dropped unfinished logs nothing");

    let mut read = e.s.db.begin_read().await.unwrap();
    let change = sqlx::query("UPDATE cases SET expected_return = '2031-01-01' WHERE id = $1")
        .bind(case)
        .execute(&mut *read)
        .await;
    assert!(change.is_err(), "a read changed data");
    drop(read);
    let changed: Option<String> = sqlx::query_scalar("SELECT expected_return FROM cases WHERE id = $1")
        .bind(case)
        .fetch_one(e.s.db.pool())
        .await
        .unwrap();
    assert_ne!(changed.as_deref(), Some("2031-01-01"));

    let mut read = e.s.db.begin_read().await.unwrap();
    read.log(&row).await.unwrap();
    read.log(&Entry { action: Operation::ViewCategory, ..row.clone() }).await.unwrap();
    read.commit().await.unwrap();
    assert_eq!(e.log_rows().await, before + 2);
    let report = verify(&e.s.db).await.unwrap();
    assert_eq!(report.chained as i64, before + 2);

    // More rows than one INSERT carries: they stay in order and chained.
    let mut read = e.s.db.begin_read().await.unwrap();
    for i in 0..600 {
        read.log(&Entry { at: Timestamp(1_700_000_000_000 + i), ..row.clone() }).await.unwrap();
    }
    read.commit().await.unwrap();
    assert_eq!(e.log_rows().await, before + 602);
    let ats: Vec<i64> = sqlx::query_scalar("SELECT at FROM access_log ORDER BY id DESC LIMIT 600")
        .fetch_all(e.s.db.pool())
        .await
        .unwrap();
    assert!(ats.iter().rev().eq((0..600).map(|i| 1_700_000_000_000 + i).collect::<Vec<_>>().iter()));
    assert_eq!(verify(&e.s.db).await.unwrap().chained as i64, before + 602);
}
