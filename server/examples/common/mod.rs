//! What the in-process timing examples share: a sign-in through the real
//! code flow and the real router over a service.

use app::domain::Email;
use app::ports::prelude::*;
use server::services::PortalService;
use std::sync::Arc;

/// Signs `addr` in with the e-mail code flow (the code read from the
/// outbox), returning the session token.
pub async fn sign_in(s: &PortalService, addr: &str) -> String {
    let email = Email::parse(addr).expect("an e-mail address");
    let ip = "127.0.0.1".parse().unwrap();
    let attempt = s.request_code(&email, ip, "en", Default::default()).await.expect("a code is sent");
    let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1")
        .bind(addr)
        .fetch_one(s.db.pool())
        .await
        .expect("the code's mail");
    let code = body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).expect("a code").to_string();
    let browser = app::ports::SignInBrowser { attempt: Some(&attempt), device: None };
    s.verify_code(&email, &code, ip, browser, None).await.expect("the code signs in").token
}

/// The server's router over `s`, with the site built in target/site.
pub fn router(s: &PortalService) -> axum::Router {
    let options = leptos::prelude::LeptosOptions::builder().output_name("rtw-portal").site_root("target/site").build();
    let portal: app::ports::SharedPortal = Arc::new(s.clone());
    server::build_router(server::AppState {
        leptos_options: options,
        portal,
        trusted_proxies: Arc::new(Vec::new()),
        events: s.events.clone(),
        public_url: "http://127.0.0.1:3000".into(),
        timeouts: Default::default(),
    })
}
