//! rtw-portal's server: configuration, database, services and the router
//! that serves the Leptos app, its server functions and static files.

pub mod assets;
pub mod checkpoint;
pub mod client_ip;
pub mod compression;
pub mod config;
pub mod error;
pub mod form_post;
pub mod kept;
pub mod live;
pub mod notify;
pub mod outbox_admin;
pub mod record;
pub mod same_site;
pub mod secrets;
pub mod seed;
pub mod services;
pub mod store;
pub mod tasks;
pub mod verify;

use app::app::{shell, App};
use app::ports::SharedPortal;
use axum::body::Body;
use axum::extract::{FromRef, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use tower::ServiceExt;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted; anything bigger is answered 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub portal: SharedPortal,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: std::sync::Arc<Vec<std::net::IpAddr>>,
    /// Which case changed, for open pages (`live`).
    pub events: services::events::Hub,
    /// Where people reach the portal (`RTW_PUBLIC_URL`): its scheme is the
    /// one their pages' `Origin` must name, unless a trusted proxy says.
    pub public_url: std::sync::Arc<str>,
    /// How long a request and its body may take.
    pub timeouts: Timeouts,
}

/// How long a request may take: its body's next bytes (a client that
/// starts a body and stalls), and the whole answer (a page is rendered in
/// full before it is sent). Both are answered 408. An event stream's
/// answer starts at once, so its open connection is not cut.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub body: std::time::Duration,
    pub request: std::time::Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { body: std::time::Duration::from_secs(10), request: std::time::Duration::from_secs(30) }
    }
}

/// A request's path as logs may show it: a referral link's token, or any
/// segment long and random enough to be a secret, is replaced.
pub fn loggable_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut after_referral = false;
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let secretish =
            segment.len() >= 32 && segment.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if (after_referral && !segment.is_empty()) || secretish {
            out.push_str("{token}");
        } else {
            out.push_str(segment);
        }
        after_referral = i == 1 && segment == "referral";
    }
    out
}

/// The app's routes, generated once per process. Generating them sets a
/// process-global "suppress resource loading" flag in Leptos (0.8) for the
/// duration: a page rendered on another thread at that moment creates its
/// resources suppressed and never finishes. The server generates them once
/// before it serves; a test process that builds routers while others
/// render pages (the HTTP tests run in parallel) must never regenerate them.
/// Reproduction: `tests/http.rs::pages_render_while_other_routers_are_built`
/// (one thread builds routers while three render `/`) hangs within its 900
/// renders when this function regenerates the list each time (2 runs of 2,
/// 2026-11-25), and passes with the cache. Upstream: Leptos issue 4773.
pub fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build_router(state: AppState) -> Router {
    // Before Leptos would install its own executor (`routes` may): a
    // request's tasks end with it.
    tasks::install();
    let routes = routes();
    let portal = state.portal.clone();
    let options = state.leptos_options.clone();
    let trusted = state.trusted_proxies.clone();
    let kept_portal = state.portal.clone();
    let public_scheme: std::sync::Arc<str> =
        if state.public_url.starts_with("https://") { "https".into() } else { "http".into() };
    let timeouts = state.timeouts;
    let app = Router::new()
        .route("/api/{*fn_name}", post(server_fn_handler))
        .route("/healthz", get(|| async { "ok" }))
        .route(&app::site::loader_path(&state.leptos_options.site_pkg_dir), get(islands_loader))
        .route("/events/{case}", get(live::stream))
        .route("/case/{case_id}/record/{format}", get(record::download))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(portal.clone());
                app::api::context::provide_request_contexts();
                tasks::keep_owner();
            },
            move || shell(options.clone()),
        )
        .fallback(static_or_not_found)
        .layer(middleware::from_fn(form_post::middleware))
        .layer(middleware::from_fn(move |req, next| kept::middleware(kept_portal.clone(), req, next)))
        .layer(middleware::from_fn(limit_body))
        .layer(middleware::from_fn(move |req, next| same_site::only(public_scheme.clone(), req, next)))
        .layer(middleware::from_fn(move |req, next| client_ip::middleware(trusted.clone(), req, next)));
    request_layers(app, timeouts)
        // Only answers to requests without a personal cookie (`compression.rs`: BREACH).
        .layer(middleware::from_fn(compression::mark))
        .layer(compression::layer())
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        // No Referer at all: a referral link's token never travels on, and
        // forms say where to come back to themselves (`here`).
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .with_state(state)
}

/// What every request passes through, around the app's own layers: its
/// timeouts, the catching of a panic, the scope its tasks end with, and
/// its span with a request id. (Public so a test can put a route that
/// panics inside exactly these.)
pub fn request_layers<S: Clone + Send + Sync + 'static>(router: Router<S>, timeouts: Timeouts) -> Router<S> {
    tasks::install();
    router
        // A client that stalls its body, or a request that takes too long,
        // is answered 408 (`Timeouts`); inside the span, so it is traced.
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(timeouts.body))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeouts.request))
        // A panic anywhere in a request: the generic error page, logged once
        // with the request's id (`tasks::panic_response`).
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(tasks::panic_response))
        // The request's tasks end with it (`tasks.rs`).
        .layer(middleware::from_fn(tasks::middleware))
        // One span per request, named by method, path and a request id (also
        // sent back as `x-request-id`). Paths hold ids only (a link's token
        // is replaced: `loggable_path`); bodies, queries, cookies, codes and
        // addresses are never recorded.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            let path = loggable_path(req.uri().path());
            tracing::info_span!("request", method = %req.method(), path = %path, id = %id)
        }))
        .layer(SetRequestIdLayer::x_request_id(NextRequestId::default()))
        // An id the client sent is dropped first: ids in the log are ours.
        .layer(middleware::from_fn(|mut req: Request, next: Next| async move {
            req.headers_mut().remove("x-request-id");
            next.run(req).await
        }))
}

/// Request ids: this process's start time and a counter, unique enough to
/// find one request's lines in the log (no randomness needed).
#[derive(Clone, Default)]
struct NextRequestId(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl MakeRequestId for NextRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        static STARTED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let started = STARTED.get_or_init(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
        });
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        HeaderValue::from_str(&format!("{started:x}-{n}")).ok().map(RequestId::new)
    }
}

async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    let portal = state.portal.clone();
    let context = move || {
        provide_context(portal.clone());
        app::api::context::provide_request_contexts();
        tasks::keep_owner();
    };
    handle_server_fns_with_context(context, req).await
}

/// The islands' loader: its name carries a hash of its content.
async fn islands_loader() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        app::site::LOADER,
    )
}

/// Static files (brotli when the browser accepts it), else the app's 404 page.
async fn static_or_not_found(State(state): State<AppState>, req: Request<Body>) -> Response {
    let (parts, body) = req.into_parts();
    let probe = Request::from_parts(parts.clone(), Body::empty());
    let root = state.leptos_options.site_root.to_string();
    let Ok(res) = ServeDir::new(root).precompressed_br().oneshot(probe).await;
    if res.status() != StatusCode::NOT_FOUND {
        let mut res = res.map(Body::new);
        // The site's wasm, JS and CSS carry a content hash in their names: a
        // new build has new names, so browsers may keep these for good.
        // Everything else (icons, manifest) is revalidated by Last-Modified.
        let hashed = state.leptos_options.hash_files
            && parts.uri.path().starts_with(&format!("/{}/", state.leptos_options.site_pkg_dir));
        let cache = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        return res;
    }
    let portal = state.portal.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_to_stream_with_context(
        move || {
            provide_context(portal.clone());
            app::api::context::provide_request_contexts();
            tasks::keep_owner();
        },
        move || shell(options.clone()),
    );
    render(Request::from_parts(parts, body)).await.into_response()
}

/// Reads at most `MAX_BODY_BYTES` of any request, with or without a
/// Content-Length, and answers 413 beyond that, before any handler runs
/// (408 for a body that stalled: `Timeouts::body`).
async fn limit_body(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(e) if timed_out(&e) => StatusCode::REQUEST_TIMEOUT.into_response(),
        Err(_) => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    }
}

/// Whether reading a body failed because it stalled.
fn timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(c) = cause {
        if c.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = c.source();
    }
    false
}
