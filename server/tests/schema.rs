//! The SQLite and PostgreSQL migrations are kept in step: after migrating,
//! both databases have the same tables, columns, nullability and named
//! indexes. Runs when the test command provides a PostgreSQL server.
mod common;

use server::store::Db;
use std::collections::BTreeSet;

type Columns = BTreeSet<(String, String, bool)>;

async fn sqlite_schema() -> (Columns, BTreeSet<String>) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&format!("sqlite://{}", dir.path().join("s.db").display()), 1).await.unwrap();
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT m.name, p.name, p.\"notnull\" FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    let indexes: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'")
            .fetch_all(db.pool())
            .await
            .unwrap();
    // A primary key is NOT NULL in PostgreSQL whatever the declaration says.
    let pk: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.pk > 0",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    let columns = rows
        .into_iter()
        .map(|(t, c, notnull)| {
            let key = pk.contains(&(t.clone(), c.clone()));
            (t, c, notnull == 1 || key)
        })
        .collect();
    (columns, indexes.into_iter().collect())
}

async fn postgres_schema(admin: &str) -> (Columns, BTreeSet<String>) {
    let db = Db::open(&common::new_postgres_database(admin).await, 1).await.unwrap();
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'
         AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key' AND tablename <> '_sqlx_migrations'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    (rows.into_iter().map(|(t, c, n)| (t, c, n == "NO")).collect(), indexes.into_iter().collect())
}

#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    let Ok(admin) = std::env::var("RTW_TEST_POSTGRES") else {
        eprintln!("RTW_TEST_POSTGRES not set: the PostgreSQL run of the test command checks this");
        return;
    };
    let (lite_cols, lite_idx) = sqlite_schema().await;
    let (pg_cols, pg_idx) = postgres_schema(&admin).await;
    assert!(lite_cols.len() > 60, "{} columns", lite_cols.len());
    assert_eq!(
        lite_cols.difference(&pg_cols).collect::<Vec<_>>(),
        Vec::<&(String, String, bool)>::new(),
        "only in SQLite"
    );
    assert_eq!(
        pg_cols.difference(&lite_cols).collect::<Vec<_>>(),
        Vec::<&(String, String, bool)>::new(),
        "only in PostgreSQL"
    );
    assert_eq!(lite_idx, pg_idx);
}

/// On PostgreSQL the server refuses a database whose commits are not
/// durable, with a message that says which setting and what to do.
#[tokio::test]
async fn a_database_without_durable_commits_is_refused() {
    let Ok(admin) = std::env::var("RTW_TEST_POSTGRES") else {
        eprintln!("RTW_TEST_POSTGRES not set: the PostgreSQL run of the test command checks this");
        return;
    };
    let url = common::new_postgres_database(&admin).await;
    let name = url.rsplit('/').next().unwrap().to_string();
    let admin_db = Db::open(&url, 1).await.unwrap();
    sqlx::query(&format!("ALTER DATABASE {name} SET synchronous_commit = off")).execute(admin_db.pool()).await.unwrap();
    drop(admin_db);
    let refused = Db::open(&url, 1).await.err().expect("refused");
    let message = refused.to_string();
    assert!(
        message.contains("synchronous_commit = off") && message.contains("Set synchronous_commit = on"),
        "{message}"
    );
}

/// Unique constraints that are not conflicts: a random token's (a collision
/// would be a fault), a key written with ON CONFLICT, a link written once in
/// the transaction that makes its referral, the access log's chain (two
/// writers forking it would be a fault of ours). SQLite's column lists.
const NOT_CONFLICTS: &[&str] = &[
    "sessions.token_hash",
    "known_devices.token_hash",
    "kept_input.key_hash",
    "referrals.token_hash",
    "passport_links.token_hash",
    "passkeys.credential_id",
    "passkey_ceremonies.session_hash",
    "oidc_attempts.state_hash",
    "rate_limits.key, rate_limits.window_start",
    "referral_grants.referral_id, referral_grants.grant_id",
    "access_log.chain_position",
];

/// SQLite's unique indexes, each as the column list its violation names.
async fn sqlite_unique_columns(db: &Db) -> BTreeSet<String> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT m.name, il.name, ii.name FROM sqlite_master m JOIN pragma_index_list(m.name) il
         JOIN pragma_index_info(il.name) ii WHERE m.type = 'table' AND m.name <> '_sqlx_migrations' AND il.\"unique\" = 1 ORDER BY m.name, il.name, ii.seqno",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    let mut by_index = std::collections::BTreeMap::<(String, String), Vec<String>>::new();
    for (table, index, column) in rows {
        by_index.entry((table.clone(), index)).or_default().push(format!("{table}.{column}"));
    }
    by_index.into_values().map(|c| c.join(", ")).collect()
}

/// Conflicts are recognised by constraint name (`server::error::CONFLICTS`):
/// each name is a unique constraint of PostgreSQL's schema on exactly the
/// columns SQLite's message names, each such column list is a unique index
/// of SQLite's, and every unique constraint is a conflict or said not to be.
#[tokio::test]
async fn conflicts_are_named_constraints_of_both_schemas() {
    use server::error::CONFLICTS;
    let dir = tempfile::tempdir().unwrap();
    let lite = Db::open(&format!("sqlite://{}", dir.path().join("s.db").display()), 1).await.unwrap();
    let unique = sqlite_unique_columns(&lite).await;
    let named: BTreeSet<String> = CONFLICTS.iter().map(|(_, c)| c.to_string()).collect();
    assert_eq!(named.len(), CONFLICTS.len(), "two conflicts with the same columns cannot be told apart on SQLite");
    let listed: BTreeSet<String> = named.iter().cloned().chain(NOT_CONFLICTS.iter().map(|c| c.to_string())).collect();
    assert_eq!(unique, listed, "every unique constraint is a conflict or not, and nothing else is listed");

    let Ok(admin) = std::env::var("RTW_TEST_POSTGRES") else {
        eprintln!("RTW_TEST_POSTGRES not set: the PostgreSQL run of the test command checks the names");
        return;
    };
    let pg = Db::open(&common::new_postgres_database(&admin).await, 1).await.unwrap();
    for (name, columns) in CONFLICTS {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT string_agg(t.relname || '.' || a.attname, ', ' ORDER BY k.ord)
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
             CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
             WHERE c.relname = $1 AND i.indisunique GROUP BY c.relname",
        )
        .bind(*name)
        .fetch_optional(pg.pool())
        .await
        .unwrap();
        assert_eq!(found.as_deref(), Some(*columns), "{name}");
    }
}
