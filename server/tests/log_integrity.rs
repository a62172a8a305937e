//! The access log against someone who can write its table (a database
//! administrator, a restored or edited backup), driven through the real
//! binary: the chain is keyed with a secret outside the database, so it
//! cannot be recomputed; and the newest position is checkpointed outside
//! the table, so cutting off the newest rows is found too. `verify` says
//! what it checked.

use sha2::{Digest, Sha256};
use sqlx::sqlite::SqlitePool;
use sqlx::Row;
use std::path::Path;
use std::process::{Command, Output};

const KEY: &str = "log-integrity-test-0123456789abcdef0123456789";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rtw-portal"))
        .args(args)
        .env_clear()
        .env("RTW_DATA_DIR", dir)
        .env("RTW_SECRET_KEY", KEY)
        .env("RUST_LOG", "error")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A database with the demo's history in it, and a pool on its file.
async fn seeded() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let seeded = run(dir.path(), &["seed-demo"]);
    assert!(seeded.status.success(), "{}", text(&seeded));
    let ok = run(dir.path(), &["verify"]);
    assert!(ok.status.success(), "{}", text(&ok));
    let url = format!("sqlite://{}", dir.path().join("rtw-portal.db").display());
    let pool = SqlitePool::connect(&url).await.unwrap();
    for trigger in ["access_log_no_update", "access_log_no_delete"] {
        sqlx::query(&format!("DROP TRIGGER {trigger}")).execute(&pool).await.unwrap();
    }
    (dir, pool)
}

#[tokio::test]
async fn verify_finds_the_newest_rows_cut_off() {
    let (dir, pool) = seeded().await;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_log").fetch_one(&pool).await.unwrap();
    assert!(rows > 10, "{rows}");
    sqlx::query("DELETE FROM access_log WHERE id IN (SELECT id FROM access_log ORDER BY id DESC LIMIT 3)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let cut = run(dir.path(), &["verify"]);
    assert!(!cut.status.success(), "a cut-off tail verified: {}", text(&cut));
    assert!(text(&cut).contains("3 newest"), "{}", text(&cut));
}

/// SHA-256 over the previous hash and the fields, each length-prefixed:
/// what anyone can compute without a key.
fn unkeyed(prev: &str, fields: &[String]) -> String {
    let mut h = Sha256::new();
    for f in std::iter::once(prev).chain(fields.iter().map(String::as_str)) {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    format!("{:x}", h.finalize())
}

#[tokio::test]
async fn a_chain_rewritten_without_the_key_is_found() {
    let (dir, pool) = seeded().await;
    // The forger changes one row's outcome and recomputes every hash after
    // it (marking rows as from before the key, where that column exists).
    let keyed: bool = sqlx::query("SELECT name FROM pragma_table_info('access_log') WHERE name = 'key_id'")
        .fetch_optional(&pool)
        .await
        .unwrap()
        .is_some();
    let victim: i64 = sqlx::query_scalar("SELECT id FROM access_log WHERE outcome = 'denied' ORDER BY id LIMIT 1")
        .fetch_optional(&pool)
        .await
        .unwrap()
        .unwrap_or(3);
    sqlx::query("UPDATE access_log SET outcome = 'allowed' WHERE id = $1").bind(victim).execute(&pool).await.unwrap();
    if keyed {
        sqlx::query("UPDATE access_log SET key_id = NULL").execute(&pool).await.unwrap();
    }
    let rows = sqlx::query(
        "SELECT id, CAST(at AS TEXT) AS at, CAST(actor_account_id AS TEXT) AS actor, CAST(on_behalf_of AS TEXT) AS behalf,
                role, action, CAST(case_id AS TEXT) AS case_id, CAST(participant_id AS TEXT) AS participant,
                category, purpose, CAST(grant_id AS TEXT) AS grant_id, outcome
         FROM access_log ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut prev = "0".repeat(64);
    for r in rows {
        let field = |n: &str| r.try_get::<Option<String>, _>(n).unwrap().unwrap_or_default();
        let fields: Vec<String> = [
            "at",
            "actor",
            "behalf",
            "role",
            "action",
            "case_id",
            "participant",
            "category",
            "purpose",
            "grant_id",
            "outcome",
        ]
        .iter()
        .map(|n| field(n))
        .collect();
        let hash = unkeyed(&prev, &fields);
        let id: i64 = r.get("id");
        sqlx::query("UPDATE access_log SET prev_hash = $1, hash = $2 WHERE id = $3")
            .bind(&prev)
            .bind(&hash)
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
        prev = hash;
    }
    pool.close().await;
    let forged = run(dir.path(), &["verify"]);
    assert!(!forged.status.success(), "a chain recomputed without the key verified: {}", text(&forged));
}

#[tokio::test]
async fn verify_says_what_it_checked() {
    let (dir, pool) = seeded().await;
    pool.close().await;
    let ok = run(dir.path(), &["verify"]);
    let out = text(&ok);
    assert!(ok.status.success(), "{out}");
    for words in ["rows", "key", "checkpoint"] {
        assert!(out.contains(words), "{words:?} missing from: {out}");
    }
}
