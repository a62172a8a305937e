//! The router driven in-process: statuses, limits and the no-JavaScript
//! form flow, as a browser or a hand-made request would see them.
mod common;

use app::ports::prelude::*;
use app::ports::SharedPortal;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::*;
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use server::{build_router, AppState};
use std::sync::Arc;
use tower::ServiceExt;

fn router(e: &Env) -> Router {
    let options = LeptosOptions::builder().output_name("rtw-portal").site_root("target/site").build();
    router_with(e, options, Vec::new())
}

fn router_with(e: &Env, options: LeptosOptions, trusted_proxies: Vec<std::net::IpAddr>) -> Router {
    let portal: SharedPortal = Arc::new(e.s.clone());
    build_router(AppState {
        leptos_options: options,
        portal,
        trusted_proxies: Arc::new(trusted_proxies),
        events: e.s.events.clone(),
        public_url: "http://127.0.0.1:3000".into(),
        timeouts: Default::default(),
    })
}

async fn send(r: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    // A page whose data never arrives would stream forever: fail instead,
    // naming the request (seen once in a loaded CI run, not reproduced).
    let what = format!("{} {} (signed in: {})", req.method(), req.uri(), req.headers().contains_key(header::COOKIE));
    let exchange = async {
        let res = r.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    };
    tokio::time::timeout(std::time::Duration::from_secs(30), exchange)
        .await
        .unwrap_or_else(|_| panic!("{what} did not answer within 30 s"))
}

fn post(path: &str, form: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, format!("__Host-rtw-session={c}"));
    }
    b.body(Body::from(form.to_string())).unwrap()
}

#[tokio::test]
async fn bad_input_gets_a_clear_status_never_500() {
    let e = env().await;
    let r = router(&e);
    let (status, _, body) = send(&r, post("/api/sign-in/request-code", "email=not-an-address", None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("email_invalid"), "{body}");

    let (status, _, _) = send(&r, post("/api/sign-in/request-code", "", None)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a missing field is the client's mistake");

    let token = sign_in(&e, "sanna@example.com").await;
    let form = "case_id=1&role=boss&name=&organisation=&email=x&phone=";
    let (status, _, body) = send(&r, post("/api/case/participant/add", form, Some(&token))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for key in ["role_unknown", "required", "email_invalid"] {
        assert!(body.contains(key), "{key} in {body}");
    }
}

#[tokio::test]
async fn requests_over_64_kib_are_refused() {
    let e = env().await;
    let r = router(&e);
    let big = format!("email={}", "a".repeat(70 * 1024));
    let mut req = post("/api/sign-in/request-code", &big, None);
    req.headers_mut().insert(header::CONTENT_LENGTH, big.len().into());
    let (status, _, _) = send(&r, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // Streamed without a Content-Length: refused the same way, not a 5xx.
    let chunks: Vec<Result<String, std::io::Error>> = (0..70).map(|_| Ok("a".repeat(1024))).collect();
    let req = Request::post("/api/sign-in/request-code")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap();
    let (status, _, _) = send(&r, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn someone_elses_case_answers_exactly_like_a_missing_one() {
    let e = env().await;
    let r = router(&e);
    let (_, sannas_case, gp) = worker_with_case(&e, "sanna@example.com").await;
    let mallory = sign_in(&e, "mallory@example.com").await;
    let attempt = |case: i64, p: i64| {
        format!("case_id={case}&participant_id={p}&name=X&organisation=&email=x%40example.com&phone=")
    };
    let theirs = send(&r, post("/api/case/participant/contact", &attempt(sannas_case.0, gp.0), Some(&mallory))).await;
    let missing = send(&r, post("/api/case/participant/contact", &attempt(424242, 434343), Some(&mallory))).await;
    assert_eq!(theirs.0, StatusCode::NOT_FOUND);
    assert_eq!((theirs.0, theirs.2), (missing.0, missing.2), "same status, same body");

    // Without a session nothing is read at all.
    let (status, _, _) = send(&r, post("/api/case/mine", "", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_form_without_javascript_posts_and_comes_back() {
    let e = env().await;
    let r = router(&e);
    let token = sign_in(&e, "sanna@example.com").await;
    // Pages send no Referer (`Referrer-Policy: no-referrer`): the form says
    // where it was posted from, and a Referer is not what decides.
    let form = "name=Sanna&sick_leave_start=2026-10-01&expected_return=&here=%2Fcase";
    let mut req = post("/api/case/start", form, Some(&token));
    req.headers_mut().insert(header::ACCEPT, "text/html".parse().unwrap());
    req.headers_mut().insert(header::REFERER, "https://evil.example/".parse().unwrap());
    let (status, headers, _) = send(&r, req).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(headers[header::LOCATION].to_str().unwrap(), "/case");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");

    // An error comes back in the redirect, as a kind and field names only.
    let form = "name=&sick_leave_start=x&expected_return=&here=%2Fcase%3Fa%3D1";
    let mut req = post("/api/case/start", form, Some(&token));
    req.headers_mut().insert(header::ACCEPT, "text/html".parse().unwrap());
    let (status, headers, _) = send(&r, req).await;
    assert_eq!(status, StatusCode::FOUND);
    let location = headers[header::LOCATION].to_str().unwrap();
    assert!(location.starts_with("/case?a=1&") && location.contains("__err="), "{location}");

    // `here` names a path on this site, never another host.
    for evil in ["%2F%2Fevil.example%2F", "https%3A%2F%2Fevil.example%2F", "%2F%5Cevil.example"] {
        let form = format!("name=&sick_leave_start=x&expected_return=&here={evil}");
        let mut req = post("/api/case/start", &form, Some(&token));
        req.headers_mut().insert(header::ACCEPT, "text/html".parse().unwrap());
        let (_, headers, _) = send(&r, req).await;
        let location = headers.get(header::LOCATION).map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        assert!(!location.contains("evil"), "{evil} led to {location}");
    }
}

#[tokio::test]
async fn pages_render_with_the_right_status() {
    let e = env().await;
    let r = router(&e);
    let get = |path: &str, cookie: Option<&str>| {
        // Browsers ask for HTML; that is what makes a redirect a real 302.
        let mut b = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, format!("__Host-rtw-session={c}"));
        }
        b.body(Body::empty()).unwrap()
    };
    let (status, headers, body) = send(&r, get("/", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("name=\"email\""));
    assert_eq!(headers[header::CACHE_CONTROL], "no-store", "pages with case data are never cached");

    let (status, _, _) = send(&r, get("/no/such/page", None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, headers, _) = send(&r, get("/case", None)).await;
    assert_eq!(status, StatusCode::FOUND, "the case page needs a session");
    assert_eq!(headers[header::LOCATION], "/");

    let (_, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "sanna@example.com").await;
    let (status, _, body) = send(&r, get("/case", Some(&token))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Dr Korhonen") && body.contains("General practitioner"), "{body}");
    assert!(body.contains(&format!("value=\"{case}\"")));
}

/// The employer ceiling holds against a hand-made request, in the form
/// encoding browsers send (brackets percent-encoded) and in the plain one.
#[tokio::test]
async fn a_hand_made_request_cannot_grant_an_employer_more() {
    use app::ports::prelude::*;
    let e = env().await;
    let r = router(&e);
    let (me, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let boss = app::domain::NewParticipant::parse("employer", "Pekka", "", "pekka@example.com", "").unwrap();
    let boss = e.s.add_participant(&me, case, boss).await.unwrap();
    let token = sign_in(&e, "sanna@example.com").await;
    for cats in ["categories%5Bdiagnosis%5D=on", "categories[adjustments]=on&categories[notes]=on"] {
        let form = format!("case_id={case}&participant_id={boss}&{cats}&purpose=rtw_planning&until=");
        let (status, _, body) = send(&r, post("/api/sharing/grant", &form, Some(&token))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("employer_ceiling"), "{body}");
    }
    let granted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grants").fetch_one(e.s.db.pool()).await.unwrap();
    assert_eq!(granted, 0);
    // The same request for adjustments only is accepted.
    let form =
        format!("case_id={case}&participant_id={boss}&categories%5Badjustments%5D=on&purpose=rtw_planning&until=");
    let (status, _, body) = send(&r, post("/api/sharing/grant", &form, Some(&token))).await;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    let granted: Vec<String> =
        sqlx::query_scalar("SELECT category FROM grants").fetch_all(e.s.db.pool()).await.unwrap();
    assert_eq!(granted, vec!["adjustments"]);
}

/// Behind a trusted proxy the per-IP limit counts each client, named in
/// `X-Forwarded-For`, not the proxy: one busy client does not lock out others.
#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let e = env().await;
    let options = LeptosOptions::builder().output_name("rtw-portal").site_root("target/site").build();
    let proxy: std::net::IpAddr = "127.0.0.1".parse().unwrap();
    let r = router_with(&e, options, vec![proxy]);
    let ask = |n: usize, client: &str| {
        let mut req = post("/api/sign-in/request-code", &format!("email=user{n}@example.com"), None);
        req.headers_mut().insert("x-forwarded-for", client.parse().unwrap());
        req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(proxy, 40000)));
        req
    };
    for n in 0..30 {
        let (status, _, body) = send(&r, ask(n, "198.51.100.7")).await;
        assert!(status.is_success(), "{n}: {status} {body}");
    }
    let (status, _, _) = send(&r, ask(30, "198.51.100.7")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the 31st request of one client within 15 minutes");
    let (status, _, _) = send(&r, ask(31, "203.0.113.9")).await;
    assert!(status.is_success(), "another client behind the same proxy is not affected");
}

/// The site's hashed wasm, JS and CSS may be kept by browsers for a year (a
/// new build has new names); icons and the manifest are revalidated; pages
/// are never stored, since they hold someone's case.
#[tokio::test]
async fn hashed_assets_are_cached_for_good_pages_never() {
    let e = env().await;
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/rtw-portal.0123abcd.wasm"), b"\0asm").unwrap();
    std::fs::write(site.path().join("favicon.svg"), b"<svg/>").unwrap();
    // (Pages are only asked for without hashing: with it, rendering reads the
    // hash file beside the binary, which a test binary does not have.)
    let cache_control = |hash_files: bool| {
        let options = LeptosOptions::builder()
            .output_name("rtw-portal")
            .site_root(site.path().to_string_lossy().into_owned())
            .hash_files(hash_files)
            .build();
        let r = router_with(&e, options, Vec::new());
        async move {
            let mut out = Vec::new();
            let page = if hash_files { None } else { Some("/") };
            for path in ["/pkg/rtw-portal.0123abcd.wasm", "/favicon.svg"].into_iter().chain(page) {
                let (status, headers, _) = send(&r, Request::get(path).body(Body::empty()).unwrap()).await;
                assert_eq!(status, StatusCode::OK, "{path}");
                out.push(headers[header::CACHE_CONTROL].to_str().unwrap().to_string());
            }
            out
        }
    };
    assert_eq!(cache_control(true).await, ["public, max-age=31536000, immutable", "no-cache"]);
    // Without hashed names a new build would reuse the name: revalidate.
    assert_eq!(cache_control(false).await, ["no-cache", "no-cache", "no-store"]);
}

/// The islands' loader is a file of its own, kept by browsers for good; the
/// page carries only the tag that names it and this build's files.
#[tokio::test]
async fn the_islands_loader_is_a_cached_file() {
    let e = env().await;
    let r = router(&e);
    let token = sign_in(&e, "sanna@example.com").await;
    let (_, _, page) = send(&r, Request::get("/").body(Body::empty()).unwrap()).await;
    assert!(!page.contains("data-islands-wasm"), "signed out: no island, no loader");
    let cookie = format!("__Host-rtw-session={token}");
    let (_, _, page) =
        send(&r, Request::get("/case").header(header::COOKIE, cookie).body(Body::empty()).unwrap()).await;
    let tag = page.split("<script").find(|t| t.contains("data-islands-wasm")).expect("the loader's tag");
    assert!(tag.contains("></script>"), "nothing inline: {tag}");
    let src = tag.split("src=\"").nth(1).and_then(|s| s.split('"').next()).expect("a src");
    assert!(src.starts_with("/pkg/islands.") && src.ends_with(".js"), "{src}");
    let (status, headers, body) = send(&r, Request::get(src).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/javascript"));
    assert_eq!(body, app::site::LOADER);
    assert!(body.contains("leptos-island"), "it hydrates the islands");
}

/// Every page carries a Content-Security-Policy whose nonce is fresh per
/// response and is the one on each inline script, so markup injected into a
/// page (a name, a note) could not run script.
#[tokio::test]
async fn pages_carry_a_content_security_policy_with_a_fresh_nonce() {
    let e = env().await;
    let r = router(&e);
    let token = sign_in(&e, "sanna@example.com").await;
    let mut nonces = Vec::new();
    for path in ["/", "/case", "/", "/no-such-page"] {
        let mut req = Request::get(path).header(header::ACCEPT, "text/html");
        if path == "/case" {
            req = req.header(header::COOKIE, format!("__Host-rtw-session={token}"));
        }
        let (_, headers, body) = send(&r, req.body(Body::empty()).unwrap()).await;
        let policy = headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap_or_else(|| panic!("{path}: no Content-Security-Policy"))
            .to_str()
            .unwrap()
            .to_string();
        for directive in [
            "default-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "object-src 'none'",
        ] {
            assert!(policy.contains(directive), "{path}: {directive} in {policy}");
        }
        assert!(!policy.contains("'unsafe-inline'") && !policy.contains("'unsafe-eval'"), "{path}: {policy}");
        let nonce = policy.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("a nonce").to_string();
        // (leptos_i18n leaves an empty `<script></script>` placeholder: nothing runs.)
        let scripts = body.matches("<script").count() - body.matches("<script></script>").count();
        // (Leptos' own small inline scripts are on every page; the islands'
        // loader only on signed-in ones: `the_islands_loader_is_a_cached_file`.)
        assert!(scripts > 0, "{path}: the page has its scripts");
        let with_nonce = body
            .split("<script")
            .skip(1)
            .filter(|tag| tag.split('>').next().is_some_and(|t| t.contains(&format!("nonce=\"{nonce}\""))))
            .count();
        assert_eq!(with_nonce, scripts, "{path}: every script has the nonce {nonce}:\n{body}");
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 4, "a new nonce for every response");
}

/// Pages rendered on several threads (each test has its own runtime) while
/// other threads build routers never hang: building a router must not
/// regenerate Leptos' route list, whose generation suppresses resource
/// loading process-wide (see `server::routes`). Before the route list was
/// cached, this test hung within a few thousand renders.
#[test]
fn pages_render_while_other_routers_are_built() {
    const RENDERS: usize = 300; // per renderer: 900 in all
    let builders = std::thread::spawn(|| {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let e = env().await;
            for _ in 0..RENDERS {
                let _ = router(&e);
                tokio::task::yield_now().await;
            }
        });
    });
    let renderers: Vec<_> = (0..3)
        .map(|_| {
            std::thread::spawn(|| {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async {
                    let e = env().await;
                    let r = router(&e);
                    for _ in 0..RENDERS {
                        let req = Request::get("/").header(header::ACCEPT, "text/html").body(Body::empty()).unwrap();
                        let (status, _, _) = send(&r, req).await;
                        assert_eq!(status, StatusCode::OK);
                    }
                });
            })
        })
        .collect();
    builders.join().unwrap();
    for r in renderers {
        r.join().unwrap();
    }
}

/// Outside demo mode the development mailbox does not exist: the page and
/// its server function answer exactly as an unknown address does.
#[tokio::test]
async fn the_mailbox_exists_only_in_demo_mode() {
    let e = env().await;
    let mut s = e.s.clone();
    s.demo = false;
    let portal: SharedPortal = Arc::new(s);
    let options = LeptosOptions::builder().output_name("rtw-portal").site_root("target/site").build();
    let r = build_router(AppState {
        leptos_options: options,
        portal,
        trusted_proxies: Arc::new(Vec::new()),
        events: e.s.events.clone(),
        public_url: "http://127.0.0.1:3000".into(),
        timeouts: Default::default(),
    });
    let page = |path: &str| Request::get(path).header(header::ACCEPT, "text/html").body(Body::empty()).unwrap();
    let (status, _, body) = send(&r, page("/dev/mailbox")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("mail-body"), "{body}");
    let (status, _, _) = send(&r, post("/api/sign-in/dev-mailbox", "", None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A form another site posts with the worker's valid session cookie (as a
/// page on a sibling subdomain could: `SameSite=Lax` lets it through) is
/// refused with 403 before any work, and changes nothing.
#[tokio::test]
async fn a_cross_site_post_with_a_valid_session_is_refused() {
    let e = env().await;
    let r = router(&e);
    let (_, case, gp) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "sanna@example.com").await;
    let form = format!("case_id={case}&participant_id={gp}");
    for (name, value) in [("origin", "https://evil.example"), ("sec-fetch-site", "same-site")] {
        let mut req = post("/api/sharing/preset", &form, Some(&token));
        req.headers_mut().insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        req.headers_mut().insert(name, value.parse().unwrap());
        let (status, _, _) = send(&r, req).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {value}");
    }
    let granted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grants").fetch_one(e.s.db.pool()).await.unwrap();
    assert_eq!(granted, 0, "nothing was granted");
    // The same post from the portal's own page goes through.
    let mut req = post("/api/sharing/preset", &form, Some(&token));
    req.headers_mut().insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
    req.headers_mut().insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
    let (status, _, body) = send(&r, req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A long concern refused without JavaScript comes back whole on the page:
/// the text waits on the server, the browser holds only a short random key.
#[tokio::test]
async fn long_typed_text_survives_a_refused_form_and_never_rides_in_a_cookie() {
    use app::ports::prelude::*;
    let e = env().await;
    let r = router(&e);
    let (_, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "sanna@example.com").await;
    // 6,000 characters (over the 2,000 limit, and past what a cookie holds),
    // with line breaks and characters that need encoding.
    // It also tries to close the field and inject markup.
    let long: String = (0..300).map(|i| format!("Line {i:03} ä & ö <b></textarea><i>\n")).collect();
    let encoded: String = long
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    let form = format!(
        "case_id={case}&concern_id=&kind=supervisor_attitude&what={encoded}&helps=&here=%2Fcase%2F{case}%2Fconcerns"
    );
    let mut req = post("/api/concerns/write", &form, Some(&token));
    req.headers_mut().insert(header::ACCEPT, "text/html".parse().unwrap());
    let (status, headers, _) = send(&r, req).await;
    assert_eq!(status, StatusCode::FOUND);
    let cookies: Vec<&str> = headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap()).collect();
    let kept = cookies.iter().find(|c| c.starts_with("__Host-rtw-kept=")).expect("a kept-input key");
    assert!(kept.len() < 200 && !kept.contains("Line"), "only a key in the cookie: {kept}");
    let key = kept.split(';').next().unwrap();
    assert_eq!(e.s.concerns(&account(&e, &token).await, case).await.unwrap().concerns.len(), 0, "nothing stored");

    let page = |cookie: String| {
        Request::get(format!("/case/{case}/concerns"))
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    };
    let (status, headers, body) = send(&r, page(format!("__Host-rtw-session={token}; {key}"))).await;
    assert_eq!(status, StatusCode::OK);
    let escaped = long.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    assert!(body.contains(escaped.trim_end()), "the whole text is back in the form, escaped");
    assert!(!body.contains("</textarea><i>"), "typed text cannot close the field");
    let cleared =
        headers.get_all(header::SET_COOKIE).iter().any(|v| v.to_str().unwrap().starts_with("__Host-rtw-kept=;"));
    assert!(cleared, "the key is used once");
    // Read once; and never for another session.
    let (_, _, again) = send(&r, page(format!("__Host-rtw-session={token}; {key}"))).await;
    assert!(!again.contains("Line 299"));
}

#[tokio::test]
async fn input_that_is_not_utf8_is_refused_and_stores_nothing() {
    let e = env().await;
    let r = router(&e);
    let (worker, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "sanna@example.com").await;
    let people = e.s.my_case(&worker).await.unwrap().unwrap().participants.len();
    for name in ["%FF%FE", "Dr%C3", "%80abc"] {
        let form = format!("case_id={case}&role=gp&name={name}&organisation=&email=x%40example.com&phone=");
        let mut req = post("/api/case/participant/add", &form, Some(&token));
        req.headers_mut().insert(header::ACCEPT, "text/html".parse().unwrap());
        req.headers_mut().insert(header::ACCEPT_LANGUAGE, "fi-FI,fi;q=0.9".parse().unwrap());
        let (status, _, body) = send(&r, req).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
        assert!(body.contains("merkkejä"), "a clear message in the reader's language: {body}");
    }
    assert_eq!(e.s.my_case(&worker).await.unwrap().unwrap().participants.len(), people, "nothing stored");
    // Valid UTF-8 in any script is welcome.
    let form = format!(
        "case_id={case}&role=gp&name=Dr+M%C3%A4kinen+%E5%B1%B1%E7%94%B0&organisation=&email=y%40example.com&phone="
    );
    let (status, _, _) = send(&r, post("/api/case/participant/add", &form, Some(&token))).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn signing_out_clears_what_the_browser_holds() {
    let e = env().await;
    let r = router(&e);
    let token = sign_in(&e, "sanna@example.com").await;
    let mut req = post("/api/sign-in/sign-out", "here=%2Fcase", Some(&token));
    req.headers_mut().insert(header::ACCEPT, "text/html".parse().unwrap());
    let (status, headers, _) = send(&r, req).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(headers["clear-site-data"], "\"cache\", \"cookies\", \"storage\"");
    assert!(e.s.session(&token).await.unwrap().is_none(), "the session ended on the server too");
}

#[tokio::test]
async fn hsts_only_when_a_trusted_proxy_says_https() {
    let e = env().await;
    let options = LeptosOptions::builder().output_name("rtw-portal").site_root("target/site").build();
    let proxy: std::net::IpAddr = "127.0.0.1".parse().unwrap();
    let r = router_with(&e, options, vec![proxy]);
    let page = |from: &str, proto: Option<&str>| {
        let mut req = Request::get("/healthz").body(Body::empty()).unwrap();
        let peer: std::net::IpAddr = from.parse().unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(peer, 40000)));
        if let Some(p) = proto {
            req.headers_mut().insert("x-forwarded-proto", p.parse().unwrap());
        }
        req
    };
    let (_, headers, _) = send(&r, page("127.0.0.1", Some("https"))).await;
    assert_eq!(headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
    for (from, proto) in [("127.0.0.1", None), ("127.0.0.1", Some("http")), ("203.0.113.9", Some("https"))] {
        let (_, headers, _) = send(&r, page(from, proto)).await;
        assert!(!headers.contains_key(header::STRICT_TRANSPORT_SECURITY), "{from} {proto:?}");
    }
}

/// Compressed only where BREACH has nothing to find (`compression.rs`): the
/// answers to a visitor with none of the portal's personal cookies. A
/// signed-in page, even one that puts the query string next to case data
/// (Activity's filters), and anything answered to a sign-in in progress,
/// goes out as it is.
#[tokio::test]
async fn only_answers_to_anonymous_visitors_are_compressed() {
    let e = env().await;
    let r = router(&e);
    let (_, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "sanna@example.com").await;
    let get = |path: &str, cookie: Option<String>| {
        let mut b = Request::get(path).header(header::ACCEPT_ENCODING, "gzip, br").header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        b.body(Body::empty()).unwrap()
    };
    let raw = |req: Request<Body>| async {
        let res = r.clone().oneshot(req).await.unwrap();
        let headers = res.headers().clone();
        (headers, res.into_body().collect().await.unwrap().to_bytes())
    };

    // The sign-in page and the not-found page of a stranger: brotli, and whole.
    for path in ["/", "/no-such-page"] {
        let (headers, bytes) = raw(get(path, Some("i18n_pref_locale=fi".into()))).await;
        assert_eq!(headers[header::CONTENT_ENCODING], "br", "{path}");
        assert!(headers[header::VARY].to_str().unwrap().contains("accept-encoding"), "{path}");
        let mut page = String::new();
        std::io::Read::read_to_string(&mut brotli::Decompressor::new(&bytes[..], 4096), &mut page).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>") && page.contains("</html>"), "{path}: {page}");
        assert!(page.contains("__INCOMPLETE_CHUNKS"), "{path}: the stream's last part arrived: {page}");
    }

    // Signed in, or on the way: never.
    let session = format!("__Host-rtw-session={token}");
    let personal = [
        get("/case", Some(session.clone())),
        get(&format!("/case/{case}/activity?from=2026-01-01&participant=guess"), Some(session.clone())),
        get("/", Some(session.clone())),
        get("/sign-in/code", Some("__Host-rtw-sign-in=sanna@example.com".into())),
        get("/", Some("__Host-rtw-kept=x".into())),
        get("/shared", Some("other=1; __Host-rtw-next=/shared/1".into())),
        {
            let mut req = post("/api/case/mine", "", Some(&token));
            req.headers_mut().insert(header::ACCEPT_ENCODING, "gzip, br".parse().unwrap());
            req
        },
    ];
    for req in personal {
        let what = format!("{} {}", req.method(), req.uri());
        let (headers, bytes) = raw(req).await;
        assert!(headers.get(header::CONTENT_ENCODING).is_none(), "{what} is compressed");
        assert!(!bytes.is_empty() || headers.contains_key(header::LOCATION), "{what} answered");
    }
    // The answer that starts a sign-in sets a personal cookie: not compressed.
    let mut req = post("/api/sign-in/request-code", "email=new%40example.com", None);
    req.headers_mut().insert(header::ACCEPT_ENCODING, "gzip, br".parse().unwrap());
    let (headers, _) = raw(req).await;
    assert!(headers.contains_key(header::SET_COOKIE));
    assert!(headers.get(header::CONTENT_ENCODING).is_none(), "request-code is compressed");
}

/// Where a sign-in continues (a mail's link, a referral's): only a page of
/// the portal, never another site.
#[test]
fn a_sign_in_continues_only_to_a_page_of_the_portal() {
    for ok in ["/case", "/case/7/work/12", "/case/7/sharing/3/preview", "/shared/7", "/shared/7/statements"] {
        assert!(app::api::context::is_destination(ok), "{ok}");
    }
    let elsewhere = ["", "/", "//evil.example", "/case//evil.example", "https://evil.example/case"];
    let odd = ["/casex", "/case/7?x=1", "/case/7#top", "/sharedx", "/sign-in/code", "/case/7/../../dev"];
    let encoded =
        ["/case/%2F%2Fevil.example", "/%2F%2Fevil.example", "/case\\evil.example", "/case/%2e%2e/dev", "/case/\t"];
    for bad in elsewhere.into_iter().chain(odd).chain(encoded) {
        assert!(!app::api::context::is_destination(bad), "{bad}");
    }
}
