use app::ports::SharedPortal;
use leptos::prelude::get_configuration;
use server::config::Config;
use server::notify::{self, ConsoleMailer, Mailer, SmtpMailer};
use server::services::{PortalService, SystemClock};
use server::store::{Db, PoolSettings};
use server::{assets, build_router, seed, AppState};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

// See the `mimalloc` line of Cargo.toml for why.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve().await,
        Some("verify") => verify().await,
        Some("outbox") => outbox(&args[1..]).await,
        Some("seed-demo") => seed_demo().await,
        Some(other) => Err(format!(
            "unknown command {other:?}; use `serve` (default), `verify`, `outbox` or `seed-demo` (the benchmarks' population: `cargo run --release -p server --example seed_scale`)"
        )
        .into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rtw-portal: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Checks the access log's hash chain under the configured keys, and the
/// checkpoint; exits non-zero at the first broken row or a cut-off tail,
/// and says what it checked.
async fn verify() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    let keys = config.keys()?;
    let db = Db::open(config.database_url.expose(), 1)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", config.database_url))?;
    let report = server::verify::verify_with(&db, &keys, &config.log_checkpoint).await?;
    print!("{}", report.describe(&keys, &config.log_checkpoint));
    Ok(())
}

/// Lists the messages the sender gave up on (`outbox`), or queues one of
/// them again (`outbox retry <id>`).
async fn outbox(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    let db = Db::open(config.database_url.expose(), 1)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", config.database_url))?;
    match args {
        [] => print!("{}", server::outbox_admin::failed_report(&db).await?),
        [cmd, id] if cmd == "retry" => {
            let id: i64 = id.parse().map_err(|_| format!("{id:?} is not a message id (a number from the listing)"))?;
            let now = chrono::Utc::now().timestamp_millis();
            if !server::outbox_admin::retry(&db, id, now).await? {
                return Err(format!("no failed message with id {id}").into());
            }
            println!("message {id} is queued again; a running server sends it within seconds");
        }
        _ => return Err("usage: rtw-portal outbox [retry <id>]".into()),
    }
    Ok(())
}

/// Seeds the demo case (its people have example.com addresses) into the
/// configured database unless it has accounts: a production-mode server
/// (no development mailbox, real mail) with the demo's people, for the
/// browser tests and the benchmark.
async fn seed_demo() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    config.ensure_data_dir().map_err(|e| format!("cannot create the data directory: {e}"))?;
    let keys = config.keys()?;
    let db = Db::open(config.database_url.expose(), 2)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", config.database_url))?;
    server::store::access_log::install_chain_key(keys.chain())?;
    let mut service = PortalService::new(db.clone(), Arc::new(SystemClock), false);
    service.keys = Arc::new(keys.clone());
    let seeded = seed::seed_demo(&service).await.map_err(|e| format!("seeding the demo case failed: {e}"))?;
    server::checkpoint::catch_up(&db, &keys, &config.log_checkpoint).await?;
    println!("{}", if seeded { "seeded the demo case" } else { "the database has accounts: nothing seeded" });
    Ok(())
}

/// What the portal does by itself on its dates, at start and then every
/// ten minutes (each at most once, across instances): review reminders
/// when an agreed adjustment's review date comes, reminders of milestones
/// of the road back due soon or passed, and telling both sides of an
/// information request that lapsed unanswered; erasing the cases whose
/// grace period is over; and forgetting what can no longer be used (codes,
/// sessions, rate-limit windows, spent link tokens).
async fn reminders(service: PortalService) {
    use server::services::{record, requests, retention, timeline, work};
    loop {
        if let Err(e) = work::remind_reviews(&service).await {
            tracing::error!(error = %e, "review reminders failed");
        }
        if let Err(e) = timeline::remind(&service).await {
            tracing::error!(error = %e, "milestone reminders failed");
        }
        if let Err(e) = requests::tell_lapsed(&service).await {
            tracing::error!(error = %e, "lapsed requests could not be told");
        }
        match record::erasure::erase_due(&service).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(cases = n, "erased the cases whose grace period is over"),
            Err(e) => tracing::error!(error = %e, "erasure failed"),
        }
        match retention::forget(&service).await {
            Ok(forgotten) => tracing::debug!(?forgotten, "forgotten what can no longer be used"),
            Err(e) => tracing::error!(error = %e, "housekeeping failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
    }
}

async fn serve() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    config.ensure_data_dir().map_err(|e| format!("cannot create the data directory: {e}"))?;
    // Before anything is opened: no key, no start (outside demo mode).
    let keys = config.keys()?;
    server::store::access_log::install_chain_key(keys.chain())?;
    let settings =
        PoolSettings { max_connections: config.max_connections, statement_timeout: config.statement_timeout };
    let db = Db::open_with(config.database_url.expose(), settings)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", config.database_url))?;
    let mut service = PortalService::new(db, Arc::new(SystemClock), config.demo);
    service.public_url = config.public_url.clone();
    service.erasure_grace_days = config.erasure_grace_days;
    service.passkeys_required = config.passkeys_required;
    if let Some(oidc) = &config.oidc {
        let provider = server::services::oidc::Provider::new(
            &oidc.name,
            &oidc.issuer,
            &oidc.client_id,
            oidc.client_secret.expose(),
        )?;
        tracing::info!(issuer = %oidc.issuer, "signing in through an identity provider too");
        service.oidc = Some(Arc::new(provider));
    }
    service.keys = Arc::new(keys.clone());
    if !config.demo {
        // A database a demo ran on keeps the bodies of its sent mail: not here.
        let mut tx = service.db.begin_write().await?;
        let dropped = server::store::outbox::drop_sent_bodies(&mut tx).await?;
        tx.commit().await?;
        if dropped > 0 {
            tracing::info!(dropped, "bodies of sent mail removed from the outbox");
        }
    }

    let leptos = get_configuration(None)?.leptos_options;
    // Every page names the built files: refuse to start without their names.
    app::site::SiteFiles::of(&leptos)?;
    let site = std::path::PathBuf::from(leptos.site_root.as_ref());
    let written = tokio::task::spawn_blocking(move || assets::precompress(&site)).await??;
    tracing::info!(written, "brotli copies of static files");

    // SMTP when configured (never in demo mode: `config.rs`); the console
    // in a demo.
    let mailer: Option<Arc<dyn Mailer>> = match &config.smtp {
        Some(smtp) => {
            tracing::info!(host = %smtp.host, port = smtp.port, tls = ?smtp.tls, "delivering mail over SMTP");
            Some(Arc::new(SmtpMailer::new(smtp)?))
        }
        None if config.demo => Some(Arc::new(ConsoleMailer)),
        None => {
            // No sender at all: a message stays pending (its attempts are not
            // used up) until a server with SMTP settings sends it.
            tracing::warn!("RTW_SMTP_HOST is not set: e-mail (sign-in codes too) stays queued in the outbox");
            None
        }
    };
    if let Some(mailer) = mailer {
        tokio::spawn(notify::run(service.clone(), mailer, service.outbox_wake.clone()));
    }

    let listener = tokio::net::TcpListener::bind(&leptos.site_addr).await?;
    let addr = listener.local_addr()?;
    if std::env::var_os("RTW_PUBLIC_URL").is_none() {
        // Port 0 picked a port: links in mail name the one we got.
        service.public_url = server::config::listen_url(&addr.to_string());
        if !config.demo {
            tracing::warn!("RTW_PUBLIC_URL is not set: links in e-mails point at {addr}");
        }
    }
    tokio::spawn(reminders(service.clone()));
    // The access log's newest position, outside the database (`checkpoint.rs`).
    let checkpointer = tokio::spawn(server::checkpoint::run(
        service.db.clone(),
        keys.clone(),
        config.log_checkpoint.clone(),
        service.clock.clone(),
    ));
    let last_checkpoint = (service.db.clone(), keys.clone());
    if config.demo {
        if seed::seed_demo(&service).await.map_err(|e| format!("seeding the demo case failed: {e}"))? {
            println!("Seeded the demo case.");
        }
        println!("\nrtw-portal demo is running at {}", service.public_url);
        println!("  Sign in as the demo worker with {} .", seed::DEMO_WORKER);
        println!("  Sign in as her employer with {} (sees only the adjustments she sent).", seed::EMPLOYER);
        println!(
            "  Sign in as her psychiatrist with {} (referred her to a physiotherapist; wrote her treatment plan \
             and diagnosis, which only he reads: her mental-health protection is on).",
            seed::PSYCHIATRIST
        );
        println!(
            "  Sign in as her occupational physiotherapist with {} (accepted it; reads the work-ability \
             statement with her own view).",
            seed::PHYSIOTHERAPIST
        );
        println!(
            "  Sign in as her occupational physician with {} (wrote the work-ability statement; sees no diagnosis).",
            seed::OCCUPATIONAL_PHYSICIAN
        );
        println!("  Sign in as her insurance physician with {} (asked for information).", seed::INSURANCE_PHYSICIAN);
        println!("  Or sign in with any other address to start a new case.");
        if let Some(oidc) = &config.oidc {
            println!(
                "  Or \"Sign in with {}\": on its page type the part of an address before the @ (sanna, \
                 pekka.makinen, ...).",
                oidc.name
            );
        }
        println!("  Sign-in codes appear here and at {}/dev/mailbox\n", service.public_url);
    }
    println!("listening on http://{addr}");
    if service.public_url != format!("http://{addr}") {
        // A loopback address is served as localhost (passkeys need a name).
        println!("open {}", service.public_url);
    }

    let events = service.events.clone();
    let closing = service.events.clone();
    if service.db.backend() == server::store::Backend::Postgres {
        // Changes committed by any instance reach this one's open pages.
        tokio::spawn(server::services::events::listen(service.clone(), config.database_url.expose().to_string()));
    }
    let public_url: Arc<str> = service.public_url.as_str().into();
    let portal: SharedPortal = Arc::new(service);
    let app = build_router(AppState {
        leptos_options: leptos,
        portal,
        trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        events,
        public_url,
        timeouts: Default::default(),
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            // Open pages' event streams end now; requests in flight finish.
            let _ = closing.send(server::services::events::Change::Closing);
        })
        .await?;
    // The rows of the last second get their checkpoint too.
    checkpointer.abort();
    let (db, keys) = last_checkpoint;
    if let Err(e) = server::checkpoint::catch_up(&db, &keys, &config.log_checkpoint).await {
        tracing::warn!(error = %e, "the access log's checkpoint was not moved at shutdown");
    }
    Ok(())
}
