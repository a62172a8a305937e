//! The benchmarks' population: fills a database without cases with workers,
//! teams, grants and a hash-chained access log at a realistic scale
//! (`seed.rs`), moves the log's checkpoint, and prints whom to sign in as.
//! An example and not a command of `rtw-portal`, so the production binary
//! never carries it.
//!
//! `cargo run --release -p server --example seed_scale -- --workers N --log-rows M [--seed S]`
//! against the database the server is configured for (`RTW_DATA_DIR` /
//! `DATABASE_URL`, `RTW_SECRET_KEY`), as `scripts/bench.sh` and
//! `scripts/plans.sh` run it.

mod seed;

use server::config::Config;
use server::store::Db;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    // Its INSERTs of thousands of rows are slow statements by design:
    // sqlx's warning about each one would bury the progress.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=error".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seed_scale: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let options = seed::Options::parse(args)?;
    let config = Config::from_env()?;
    config.ensure_data_dir().map_err(|e| format!("cannot create the data directory: {e}"))?;
    let keys = config.keys()?;
    server::store::access_log::install_chain_key(keys.chain())?;
    let db = Db::open(config.database_url.expose(), 2)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", config.database_url))?;
    println!(
        "seeding {} workers and {} access-log rows into {}",
        options.workers, options.log_rows, config.database_url
    );
    let now = app::domain::Timestamp(chrono::Utc::now().timestamp_millis());
    let summary = seed::seed(&db, &options, now, &|line| println!("{line}")).await?;
    server::checkpoint::catch_up(&db, &keys, &config.log_checkpoint).await?;
    println!("{}", summary.report());
    Ok(())
}
