//! The bounded fuzzing pass over what reaches the server from outside
//! before (or instead of) a domain parser: the language cookie and
//! `Accept-Language`, cookies, `Origin` / `Sec-Fetch-Site`,
//! `X-Forwarded-For`, and form bodies through the whole router (bytes that
//! are not UTF-8, hostile values in every field of every form, session
//! cookies, sign-in codes, referral-link tokens). The promises: no panic,
//! never a 5xx for bad input, a body that is not UTF-8 is a 400 that stores
//! nothing, another site's page is never taken for ours, and a client
//! cannot choose the address its limits are counted by.
//!
//! `FUZZ_CASES` sets the cases per pure property (default 256); properties
//! that go through the router run a quarter as many. The long pass over
//! the pure parsers is `scripts/fuzz.sh` (README, "Fuzzing").
mod common;

use app::api::context::{cookie_in, language_in, LANGUAGE_COOKIE, SESSION_COOKIE};
use app::ports::prelude::*;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::Router;
use common::*;
use http_body_util::BodyExt;
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use server::client_ip::{over_https, resolve};
use server::same_site::from_this_site;
use std::net::IpAddr;
use tower::ServiceExt;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
}

fn config() -> ProptestConfig {
    // A failure becomes a named regression test below, not a file.
    ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(cases()) }
}

/// Each case is a request through the whole router (and often the database).
fn http_config() -> ProptestConfig {
    ProptestConfig { cases: (cases() / 4).max(8), ..config() }
}

const EDGE: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{feff}",
    "\u{202e}",
    "\u{fffd}",
    "İ",
    "ß",
    "👩‍⚕️",
    "%FF%FE",
    "+262142-12-31",
    "-262143-01-01",
    "9999-12-31",
    "2026-11-26",
    "2026-02-30",
    "0",
    "-1",
    "1",
    "9223372036854775807",
    "9223372036854775808",
    "en",
    "fi",
    "nl",
    "FI",
    "approve",
    "decline",
    "accept",
    "agreed",
    "recorded",
    "on",
    "a@b.fi",
    "<script>",
    "../../etc/passwd",
    "a=b&c=d",
    "[x]",
];

/// Any text a form field or header could carry, huge ones included.
fn hostile() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[\\x00-\\x20\\x7f -~]{0,40}",
        3 => prop::sample::select(EDGE).prop_map(String::from),
        1 => "[ \\t]{0,2}[+-]?[0-9]{1,10}-[0-9]{1,3}-[0-9]{1,3}",
        1 => ("\\PC{1,8}", 0usize..2000).prop_map(|(s, n)| s.repeat(n)),
    ]
    .boxed()
}

/// Bytes a header value may hold (visible ASCII, blanks, and 0x80–0xFF,
/// which `to_str` refuses).
fn header_bytes() -> BoxedStrategy<Vec<u8>> {
    let byte = prop_oneof![Just(b'\t'), 0x20u8..0x7f, 0x80u8..=0xff];
    prop_oneof![
        prop::collection::vec(byte, 0..120),
        hostile().prop_map(|s| s
            .into_bytes()
            .into_iter()
            .filter(|b| *b == b'\t' || (*b >= 0x20 && *b != 0x7f))
            .collect()),
    ]
    .boxed()
}

fn value(bytes: &[u8]) -> HeaderValue {
    HeaderValue::from_bytes(bytes).expect("only header-safe bytes are generated")
}

/// A cookie header from pairs, as a browser writes it.
fn cookie_header(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
}

/// Cookie names and values a browser would send (no `;`, `=` or blanks in names).
fn cookie_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(("[A-Za-z0-9_-]{1,16}", "[!#-+--:<-\\[\\]-~]{0,24}"), 0..5)
}

proptest! {
    #![proptest_config(config())]

    /// The reader's language is always one the portal has, whatever the
    /// cookie and `Accept-Language` hold.
    #[test]
    fn the_language_is_always_one_we_have(accept in header_bytes(), cookie in header_bytes()) {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, value(&accept));
        h.insert(header::COOKIE, value(&cookie));
        let lang = language_in(&h);
        prop_assert!(["en", "fi", "nl"].contains(&lang.as_str()), "{:?}", lang);
    }

    /// A supported language in the cookie wins over the browser's list.
    #[test]
    fn the_language_cookie_wins(
        before in cookie_pairs(), after in cookie_pairs(),
        lang in prop::sample::select(&["en", "fi", "nl"][..]), accept in header_bytes(),
    ) {
        let mut pairs: Vec<(String, String)> = before.into_iter().filter(|(k, _)| k != LANGUAGE_COOKIE).collect();
        pairs.push((LANGUAGE_COOKIE.to_string(), lang.to_string()));
        pairs.extend(after);
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, cookie_header(&pairs).parse().unwrap());
        h.insert(header::ACCEPT_LANGUAGE, value(&accept));
        prop_assert_eq!(language_in(&h), lang);
    }

    /// Without the cookie, the first supported language of the browser's list,
    /// whatever its region, case or weight, after any unsupported ones.
    #[test]
    fn the_first_supported_accept_language(
        others in prop::collection::vec("[a-z]{1,3}(-[A-Z]{2})?(;q=0\\.[0-9])?|\\*", 0..4),
        lang in "(fi|FI|Fi|nl|NL|en|EN)(-[A-Za-z]{2})?(;q=0\\.[0-9])?",
        rest in "[ -+--~]{0,30}",
    ) {
        let others: Vec<String> = others
            .into_iter()
            .filter(|t| !["en", "fi", "nl"].contains(&t.get(..2).unwrap_or("").to_lowercase().as_str()))
            .collect();
        let mut list = others.join(", ");
        if !list.is_empty() {
            list.push_str(", ");
        }
        list.push_str(&lang);
        list.push(',');
        list.push_str(&rest);
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, list.parse().unwrap());
        prop_assert_eq!(language_in(&h), lang[..2].to_lowercase());
    }

    /// Cookies: the first pair of that name, its value exactly as sent; a
    /// header of any bytes is read without a panic.
    #[test]
    fn cookies_are_read_by_name(pairs in cookie_pairs(), raw in header_bytes(), token in "[A-Za-z0-9_-]{0,64}") {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, value(&raw));
        if let Some(v) = cookie_in(&h, SESSION_COOKIE) {
            let text = String::from_utf8_lossy(&raw);
            let pair = format!("{SESSION_COOKIE}={v}");
            prop_assert!(text.contains(&pair));
        }
        let mut all = pairs.clone();
        all.push((SESSION_COOKIE.to_string(), token.clone()));
        all.extend(pairs.iter().map(|(k, v)| (k.clone(), format!("{v}x"))));
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, cookie_header(&all).parse().unwrap());
        let first = pairs.iter().find(|(k, _)| k == SESSION_COOKIE).map(|(_, v)| v.clone()).unwrap_or(token);
        prop_assert_eq!(cookie_in(&h, SESSION_COOKIE), Some(first));
        prop_assert_eq!(cookie_in(&h, "__Host-rtw-nothing-by-this-name"), None);
    }

    /// A page of another site (a sibling subdomain, another port, a look-alike
    /// host, a sandboxed page) is never taken for this one, whatever
    /// `Sec-Fetch-Site` it claims.
    #[test]
    fn another_sites_page_is_never_ours(
        host in host(),
        scheme in prop::sample::select(&["http", "https"][..]),
        evil in evil_origin_part(),
        fetch_site in prop_oneof![prop::sample::select(&["same-origin", "same-site", "cross-site", "none"][..]).prop_map(String::from), "[ -~]{0,20}"],
    ) {
        let origin = match evil {
            Evil::Subdomain(s) => format!("{scheme}://{s}.{host}"),
            Evil::Suffix(s) => format!("{scheme}://{host}.{s}"),
            Evil::UserInfo(s) => format!("{scheme}://{host}@{s}"),
            Evil::OtherPort(p) => format!("{scheme}://{}:{p}", host.split(':').next().unwrap()),
            Evil::Path(s) => format!("{scheme}://{host}/{s}"),
            Evil::NoScheme => host.clone(),
            Evil::Other(o) => o,
        };
        prop_assume!(origin.split_once("://").is_none_or(|(_, h)| !h.trim_end_matches('/').eq_ignore_ascii_case(&host)));
        let mut h = HeaderMap::new();
        h.insert(header::HOST, host.parse().unwrap());
        h.insert(header::ORIGIN, value(origin.as_bytes()));
        h.insert("sec-fetch-site", value(fetch_site.as_bytes()));
        prop_assert!(!from_this_site(&h, scheme), "{} judged same-site for {} ({})", origin, host, fetch_site);
        // `null`: only with the browser's own word that it is this origin.
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        prop_assert_eq!(from_this_site(&h, scheme), fetch_site == "same-origin");
        // No Origin at all: `Sec-Fetch-Site` alone decides.
        h.remove(header::ORIGIN);
        prop_assert_eq!(from_this_site(&h, scheme), fetch_site == "same-origin" || fetch_site == "none");
    }

    /// This site's own pages are ours, in any letter case, with or without
    /// the trailing slash, over the scheme the client used (and no other).
    #[test]
    fn our_own_pages_are_ours(host in host(), upper in prop::collection::vec(any::<bool>(), 64), scheme in prop::sample::select(&["http", "https"][..]), slash in any::<bool>()) {
        let shown: String = host.chars().zip(upper).map(|(c, u)| if u { c.to_ascii_uppercase() } else { c }).collect();
        let origin = format!("{scheme}://{shown}{}", if slash { "/" } else { "" });
        let mut h = HeaderMap::new();
        h.insert(header::HOST, host.parse().unwrap());
        h.insert(header::ORIGIN, origin.parse().unwrap());
        prop_assert!(from_this_site(&h, scheme), "{}", origin);
        let other = if scheme == "http" { "https" } else { "http" };
        prop_assert!(!from_this_site(&h, other), "{} over {}", origin, other);
    }

    /// Any `Origin`, `Host` and `Sec-Fetch-Site` bytes: no panic, and a
    /// request judged ours with an `Origin` names exactly our host.
    #[test]
    fn any_origin_headers(origin in header_bytes(), host in header_bytes(), fetch_site in header_bytes()) {
        let mut h = HeaderMap::new();
        h.insert(header::ORIGIN, value(&origin));
        h.insert(header::HOST, value(&host));
        h.insert("sec-fetch-site", value(&fetch_site));
        if from_this_site(&h, "https") && origin != b"null" {
            let (o, hst) = (String::from_utf8(origin).unwrap(), String::from_utf8(host).unwrap());
            let named = o.split_once("://").filter(|(s, _)| s.eq_ignore_ascii_case("https")).map(|(_, rest)| rest.trim_end_matches('/').to_ascii_lowercase());
            let hst = hst.to_ascii_lowercase();
            // The same authority, perhaps with https's own port written out on one side.
            let same = |n: &str| n == hst || n == format!("{hst}:443") || format!("{n}:443") == hst;
            prop_assert!(named.is_some_and(|n| same(&n)), "{} for host {}", o, hst);
        }
    }

    /// `X-Forwarded-For` of any text: the client is the peer unless a
    /// trusted proxy says otherwise, and then an address it appended.
    #[test]
    fn the_client_address_is_never_chosen_by_an_untrusted_party(
        peer in any::<IpAddr>(),
        trusted in prop::collection::vec(any::<IpAddr>(), 0..3),
        xff in prop_oneof![hostile(), prop::collection::vec(prop_oneof![any::<IpAddr>().prop_map(|ip| format!(" {ip} ")), hostile()], 0..5).prop_map(|v| v.join(","))],
        peer_is_proxy in any::<bool>(),
    ) {
        let peer = if peer_is_proxy && !trusted.is_empty() { trusted[0] } else { peer };
        let got = resolve(peer, Some(&xff), &trusted);
        if !trusted.contains(&peer) {
            prop_assert_eq!(got, peer);
        } else if got != peer {
            prop_assert!(!trusted.contains(&got));
            let hops: Vec<&str> = xff.split(',').collect();
            let at = hops.iter().rposition(|h| h.trim().parse::<IpAddr>() == Ok(got));
            prop_assert!(at.is_some(), "{} is not in {:?}", got, xff);
            let behind = &hops[at.unwrap() + 1..];
            prop_assert!(behind.iter().all(|h| h.trim().parse::<IpAddr>().is_ok_and(|ip| trusted.contains(&ip))));
        }
        prop_assert_eq!(resolve(peer, None, &trusted), peer);
        if over_https(peer, Some(&xff), &trusted) {
            prop_assert!(trusted.contains(&peer));
        }
    }

    /// Whatever a client writes before the proxies' own entries, the
    /// address our proxy appended is the one counted.
    #[test]
    fn a_client_cannot_pick_its_own_address(
        proxies in prop::collection::vec(any::<IpAddr>(), 1..4),
        client in any::<IpAddr>(),
        spoofed in prop::collection::vec(prop_oneof![any::<IpAddr>().prop_map(|ip| ip.to_string()), hostile()], 0..4),
    ) {
        prop_assume!(!proxies.contains(&client));
        let mut hops = spoofed;
        hops.push(client.to_string());
        hops.extend(proxies[1..].iter().map(|p| p.to_string()));
        let xff = hops.join(", ");
        prop_assert_eq!(resolve(proxies[0], Some(&xff), &proxies), client);
    }
}

fn host() -> impl Strategy<Value = String> {
    ("[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\\.[a-z0-9]{1,10}){0,2}", prop::option::of(1u16..))
        .prop_map(|(h, p)| p.map_or(h.clone(), |p| format!("{h}:{p}")))
}

#[derive(Debug, Clone)]
enum Evil {
    Subdomain(String),
    Suffix(String),
    UserInfo(String),
    OtherPort(u16),
    Path(String),
    NoScheme,
    Other(String),
}

fn evil_origin_part() -> impl Strategy<Value = Evil> {
    prop_oneof![
        "[a-z0-9]{1,10}".prop_map(Evil::Subdomain),
        "[a-z0-9]{1,10}(\\.[a-z]{2,5})?".prop_map(Evil::Suffix),
        "[a-z0-9.]{1,12}".prop_map(Evil::UserInfo),
        any::<u16>().prop_map(Evil::OtherPort),
        "[a-z0-9/]{1,10}".prop_map(Evil::Path),
        Just(Evil::NoScheme),
        "[ -~]{0,40}".prop_map(Evil::Other),
    ]
}

// ---------------------------------------------------------------------------
// Through the router.

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

async fn send(r: &Router, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let what = format!("{} {}", req.method(), req.uri());
    let exchange = async {
        let res = r.clone().oneshot(req).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let body = res.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    };
    tokio::time::timeout(std::time::Duration::from_secs(30), exchange)
        .await
        .unwrap_or_else(|_| panic!("{what} did not answer within 30 s"))
}

fn post(path: &str, body: impl Into<Body>, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(body.into()).unwrap()
}

fn session(token: &str) -> String {
    format!("{SESSION_COOKIE}={token}")
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Rows in every table a request could write to.
async fn stored(e: &Env) -> Vec<(&'static str, i64)> {
    let mut counts = Vec::new();
    for table in [
        "accounts",
        "cases",
        "participants",
        "sessions",
        "sign_in_codes",
        "rate_limits",
        "outbox",
        "access_log",
        "grants",
        "adjustments",
        "concerns",
        "disclosure_comfort",
        "kept_input",
        "referrals",
        "info_requests",
        "notes",
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = sqlx::query_scalar(&sql).fetch_one(e.s.db.pool()).await.unwrap();
        counts.push((table, n));
    }
    counts
}

/// Runs `test` over `strategy` on one runtime, one database and one router.
fn run_http<S: Strategy>(
    strategy: S,
    test: impl Fn(&tokio::runtime::Runtime, &World, S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let rt = runtime();
    let world = rt.block_on(World::new());
    let mut runner = TestRunner::new(http_config());
    if let Err(e) = runner.run(&strategy, |v| test(&rt, &world, v)) {
        panic!("{e}");
    }
}

/// A worker with a case and a GP, signed in, and the router over them.
struct World {
    e: Env,
    r: Router,
    token: String,
    case: app::domain::CaseId,
    gp: app::domain::ParticipantId,
}

impl World {
    async fn new() -> World {
        let e = env().await;
        let r = router(&e);
        let (_, case, gp) = worker_with_case(&e, "sanna@example.com").await;
        let token = sign_in(&e, "sanna@example.com").await;
        World { e, r, token, case, gp }
    }
}

/// Bytes that are not UTF-8, whatever is around them.
fn not_utf8() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            vec![0xff],
            vec![0xfe, 0xff],
            vec![0xc3],
            vec![0x80],
            vec![0xc0, 0xaf],
            vec![0xed, 0xa0, 0x80],
            vec![0xf4, 0x90, 0x80, 0x80],
            vec![0xe2, 0x82],
        ]),
        prop::collection::vec(any::<u8>(), 1..12),
    ]
    .prop_filter("not UTF-8", |b| std::str::from_utf8(b).is_err())
}

const FORMS: &[&str] = &[
    "/api/sign-in/request-code",
    "/api/sign-in/verify-code",
    "/api/case/start",
    "/api/case/participant/add",
    "/api/concerns/write",
    "/api/concerns/plan",
    "/api/work/write",
    "/api/work/step",
    "/api/notes/write",
    "/api/referrals/propose",
    "/api/requests/ask",
    "/api/sharing/grant",
    "/api/language",
];

/// A form body with bytes that are not UTF-8 in a name or a value,
/// percent-encoded or raw, is refused with 400 before any work: nothing is
/// stored, whichever form it is and whoever sends it.
#[test]
fn form_bodies_that_are_not_utf8_are_400_and_store_nothing() {
    let strategy = (
        prop::sample::select(FORMS),
        prop::collection::vec(("[a-z_]{1,12}", "[A-Za-z0-9._%-]{0,12}"), 0..4),
        not_utf8(),
        0usize..5,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    );
    let rt = runtime();
    let world = rt.block_on(World::new());
    let before = rt.block_on(stored(&world.e));
    let mut runner = TestRunner::new(http_config());
    let result = runner.run(&strategy, |(path, fields, bad, at, in_name, raw, signed_in)| {
        let bad_part: Vec<u8> = if raw {
            // Raw bytes, without `%` (which would start an escape of its own).
            bad.iter().copied().filter(|b| *b != b'%').collect()
        } else {
            bad.iter().flat_map(|b| format!("%{b:02X}").into_bytes()).collect()
        };
        prop_assume!(std::str::from_utf8(&bad_part).is_err() || !raw);
        let mut body = Vec::new();
        let at = at.min(fields.len());
        for (i, (k, v)) in fields.iter().enumerate() {
            if i == at {
                push_bad(&mut body, &bad_part, in_name);
            }
            if !body.is_empty() {
                body.push(b'&');
            }
            body.extend(format!("{k}={v}").bytes());
        }
        if at == fields.len() {
            push_bad(&mut body, &bad_part, in_name);
        }
        let cookie = signed_in.then(|| session(&world.token));
        let (status, _, _) = rt.block_on(send(&world.r, post(path, body.clone(), cookie.as_deref())));
        prop_assert_eq!(status, StatusCode::BAD_REQUEST, "{} {:?}", path, String::from_utf8_lossy(&body));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert_eq!(rt.block_on(stored(&world.e)), before, "nothing stored");
}

fn push_bad(body: &mut Vec<u8>, bad: &[u8], in_name: bool) {
    if !body.is_empty() {
        body.push(b'&');
    }
    if in_name {
        body.extend_from_slice(bad);
        body.extend_from_slice(b"=x");
    } else {
        body.extend_from_slice(b"name=");
        body.extend_from_slice(bad);
    }
}

/// What a field of a form holds, for generating near-valid values.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Case,
    Participant,
    Id,
    Date,
    Text,
    Choice(&'static [&'static str]),
    /// A map field (`name[key]=value`) with these keys.
    Map(&'static [&'static str]),
}

const CATEGORIES: &[&str] = &["absence", "work_ability", "adjustments", "diagnosis", "notes", "salary"];

/// Every form of the portal with its fields.
const ENDPOINTS: &[(&str, &[(&str, Kind)])] = &[
    ("/api/sign-in/request-code", &[("email", Kind::Text)]),
    ("/api/language", &[("lang", Kind::Choice(&["en", "fi", "nl", "sv"]))]),
    (
        "/api/activity/log",
        &[
            ("case_id", Kind::Case),
            ("participant", Kind::Participant),
            ("from", Kind::Date),
            ("until", Kind::Date),
            ("own", Kind::Choice(&["1", "0"])),
            ("before", Kind::Id),
        ],
    ),
    (
        "/api/case/start",
        &[
            ("name", Kind::Text),
            ("sick_leave_start", Kind::Date),
            ("expected_return", Kind::Date),
            ("time_zone", Kind::Choice(&["Europe/Helsinki", "Mars/Olympus"])),
        ],
    ),
    (
        "/api/case/dates",
        &[
            ("case_id", Kind::Case),
            ("sick_leave_start", Kind::Date),
            ("expected_return", Kind::Date),
            ("time_zone", Kind::Choice(&["Europe/Amsterdam", "UTC"])),
        ],
    ),
    (
        "/api/case/participant/add",
        &[
            ("case_id", Kind::Case),
            ("role", Kind::Choice(&["gp", "employer", "occupational_physician", "boss"])),
            ("name", Kind::Text),
            ("organisation", Kind::Text),
            ("email", Kind::Choice(&["new@example.com", "NEW@Example.com"])),
            ("phone", Kind::Choice(&["", "+358 40 123 4567", "12"])),
        ],
    ),
    (
        "/api/case/participant/contact",
        &[
            ("case_id", Kind::Case),
            ("participant_id", Kind::Participant),
            ("name", Kind::Text),
            ("organisation", Kind::Text),
            ("email", Kind::Choice(&["gp@example.com"])),
            ("phone", Kind::Text),
        ],
    ),
    ("/api/case/coordinator", &[("case_id", Kind::Case), ("participant_id", Kind::Participant)]),
    (
        "/api/concerns/write",
        &[
            ("case_id", Kind::Case),
            ("concern_id", Kind::Id),
            ("kind", Kind::Choice(&["self_stigma", "other", "gossip"])),
            ("what", Kind::Text),
            ("weight", Kind::Choice(&["1", "5", "6", "0"])),
            ("helps", Kind::Text),
        ],
    ),
    (
        "/api/concerns/plan",
        &[("case_id", Kind::Case), ("comfort", Kind::Map(&["1", "2", "x"])), ("colleague_words", Kind::Text)],
    ),
    (
        "/api/concerns/share",
        &[("case_id", Kind::Case), ("concern_id", Kind::Id), ("with", Kind::Map(&["1", "2", "-1"]))],
    ),
    (
        "/api/directory/set",
        &[
            ("case_id", Kind::Case),
            ("participant_id", Kind::Participant),
            ("shown", Kind::Map(&["1", "2"])),
            ("contact", Kind::Choice(&["email", "both", "all"])),
        ],
    ),
    (
        "/api/work/write",
        &[
            ("case_id", Kind::Case),
            ("adjustment_id", Kind::Id),
            ("kind", Kind::Choice(&["remote_work", "phased_return", "nap_room"])),
            ("help", Kind::Text),
            ("benefit", Kind::Text),
            ("from", Kind::Date),
            ("until", Kind::Date),
        ],
    ),
    (
        "/api/work/step",
        &[
            ("case_id", Kind::Case),
            ("adjustment_id", Kind::Id),
            (
                "step",
                Kind::Choice(&["sent", "agreed", "recorded", "declined", "ended", "confirmed", "in_place", "burn"]),
            ),
            ("start", Kind::Date),
            ("review", Kind::Date),
            ("reason", Kind::Text),
            ("to", Kind::Map(&["1", "2", "x"])),
            ("grant", Kind::Choice(&["on"])),
        ],
    ),
    ("/api/notes/write", &[("case_id", Kind::Case), ("to", Kind::Participant), ("text", Kind::Text)]),
    (
        "/api/referrals/propose",
        &[
            ("case_id", Kind::Case),
            ("role", Kind::Choice(&["psychiatrist", "employer", "occupational_physiotherapist"])),
            ("name", Kind::Text),
            ("organisation", Kind::Text),
            ("email", Kind::Choice(&["jukka@example.com"])),
            ("purpose", Kind::Choice(&["referral", "rtw_planning", "care_coordination"])),
            ("reason", Kind::Text),
            ("categories", Kind::Map(CATEGORIES)),
            ("until", Kind::Date),
        ],
    ),
    (
        "/api/referrals/answer",
        &[
            ("case_id", Kind::Case),
            ("referral_id", Kind::Id),
            ("decision", Kind::Choice(&["approve", "decline", "maybe"])),
            ("categories", Kind::Map(CATEGORIES)),
            ("until", Kind::Date),
        ],
    ),
    (
        "/api/referrals/take",
        &[
            ("case_id", Kind::Case),
            ("referral_id", Kind::Id),
            ("decision", Kind::Choice(&["accept", "decline"])),
            ("first_appointment", Kind::Date),
            ("reason", Kind::Text),
        ],
    ),
    (
        "/api/requests/ask",
        &[
            ("case_id", Kind::Case),
            ("categories", Kind::Map(CATEGORIES)),
            ("purpose", Kind::Choice(&["work_capacity_assessment", "referral"])),
            ("why", Kind::Text),
            ("until", Kind::Date),
        ],
    ),
    (
        "/api/requests/answer",
        &[
            ("case_id", Kind::Case),
            ("request_id", Kind::Id),
            ("decision", Kind::Choice(&["approve", "decline"])),
            ("categories", Kind::Map(CATEGORIES)),
            ("until", Kind::Date),
        ],
    ),
    (
        "/api/sharing/grant",
        &[
            ("case_id", Kind::Case),
            ("participant_id", Kind::Participant),
            ("categories", Kind::Map(CATEGORIES)),
            ("purpose", Kind::Choice(&["rtw_planning", "care_coordination", "fun"])),
            ("until", Kind::Date),
            ("until_revoked", Kind::Choice(&["on"])),
        ],
    ),
    (
        "/api/sharing/revoke",
        &[
            ("case_id", Kind::Case),
            ("participant_id", Kind::Participant),
            ("category", Kind::Choice(&["absence", "", "salary"])),
            ("purpose", Kind::Choice(&["rtw_planning", ""])),
        ],
    ),
    (
        "/api/sharing/protection",
        &[("case_id", Kind::Case), ("on", Kind::Choice(&["on", "off", ""])), ("named", Kind::Map(&["1", "2"]))],
    ),
    ("/api/sharing/history", &[("case_id", Kind::Case), ("older", Kind::Id)]),
    ("/api/shared/case", &[("case_id", Kind::Case)]),
];

/// One field's text: near-valid most of the time, hostile otherwise.
fn field_value(kind: Kind, case: i64, gp: i64) -> BoxedStrategy<Vec<(String, String)>> {
    let one = |s: BoxedStrategy<String>| s.prop_map(|v| vec![(String::new(), v)]).boxed();
    match kind {
        Kind::Case => one(prop_oneof![3 => Just(case.to_string()), 1 => hostile()].boxed()),
        Kind::Participant => one(prop_oneof![3 => Just(gp.to_string()), 1 => hostile()].boxed()),
        Kind::Id => one(prop_oneof![Just(String::new()), any::<i64>().prop_map(|n| n.to_string()), hostile()].boxed()),
        Kind::Date => one(
            prop_oneof![
                3 => (-800i64..800).prop_map(|d| (chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap() + chrono::Duration::days(d)).to_string()),
                1 => Just(String::new()),
                1 => prop::sample::select(&["+262142-12-31", "-262143-01-01", "+262142-11-30", "0000-01-01"][..]).prop_map(String::from),
                2 => hostile(),
            ]
            .boxed(),
        ),
        Kind::Text => one(prop_oneof![2 => "[A-Za-zäö .,\\n]{1,40}".boxed(), 1 => hostile()].boxed()),
        Kind::Choice(valid) => one(prop_oneof![3 => prop::sample::select(valid).prop_map(String::from), 1 => hostile()].boxed()),
        Kind::Map(keys) => prop::collection::vec(
            (prop_oneof![3 => prop::sample::select(keys).prop_map(String::from), 1 => hostile()], prop_oneof![Just("on".to_string()), hostile()]),
            0..4,
        )
        .boxed(),
    }
}

/// A request body for one of the forms: its fields, each maybe missing.
fn form(case: i64, gp: i64) -> impl Strategy<Value = (&'static str, String)> {
    prop::sample::select(ENDPOINTS).prop_flat_map(move |(path, fields)| {
        let values: Vec<_> = fields
            .iter()
            .map(|(name, kind)| (Just(*name), field_value(*kind, case, gp), prop::bool::weighted(0.95)))
            .collect();
        (Just(path), values).prop_map(|(path, values)| {
            let mut pairs = Vec::new();
            for (name, entries, present) in values {
                for (key, v) in entries.into_iter().filter(|_| present) {
                    let name = if key.is_empty() { name.to_string() } else { format!("{name}[{key}]") };
                    pairs.push(format!("{}={}", encode(&name), encode(&v)));
                }
            }
            (path, pairs.join("&"))
        })
    })
}

/// Every form, with near-valid and hostile values in every field, signed
/// in as the worker or not: bad input is never answered with a 5xx.
#[test]
fn no_form_answers_bad_input_with_a_server_error() {
    let rt = runtime();
    let world = rt.block_on(World::new());
    let strategy = (form(world.case.0, world.gp.0), any::<bool>(), any::<bool>());
    let mut runner = TestRunner::new(ProptestConfig { cases: http_config().cases * 4, ..http_config() });
    let result = runner.run(&strategy, |((path, body), signed_in, page)| {
        let cookie = signed_in.then(|| session(&world.token));
        let mut req = post(path, body.clone(), cookie.as_deref());
        if page {
            // A plain form post, as a page without JavaScript sends it.
            req.headers_mut().insert(header::ACCEPT, HeaderValue::from_static("text/html"));
        }
        let (status, _, answer) = rt.block_on(send(&world.r, req));
        prop_assert!(!status.is_server_error(), "{} {} answered {}: {}", path, body, status, answer);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// A session cookie of any bytes is no session: `me` answers "not signed
/// in", and the service finds no account for any token text.
#[test]
fn a_session_cookie_of_any_text_is_no_session() {
    let strategy = (
        prop_oneof![
            header_bytes(),
            hostile()
                .prop_map(|t| session(&t).into_bytes())
                .prop_filter("header-safe", |b| HeaderValue::from_bytes(b).is_ok())
        ],
        hostile(),
    );
    run_http(strategy, |rt, w, (cookie, token)| {
        let mut req = post("/api/sign-in/me", "", None);
        req.headers_mut().insert(header::COOKIE, value(&cookie));
        let (status, _, body) = rt.block_on(send(&w.r, req));
        prop_assert_eq!(status, StatusCode::OK);
        prop_assert_eq!(body.as_str(), "false");
        prop_assume!(token != w.token);
        prop_assert!(rt.block_on(w.e.s.session(&token)).unwrap().is_none());
        Ok(())
    });
}

/// A sign-in code of any text is refused with a field error (its format, or
/// wrong), never a session; blanks typed inside a code are forgiven.
#[test]
fn a_sign_in_code_of_any_text_is_refused_without_a_session() {
    let strategy = prop_oneof![hostile(), "[ \\t]{0,2}[0-9]{3}[ ]{0,2}[0-9]{3}[ \\t]{0,2}", "[0-9]{5,7}"];
    // One code for the whole run (five a quarter of an hour per address);
    // after three wrong tries the day's budget is spent, and every try is wrong.
    let real = std::sync::OnceLock::new();
    run_http(strategy, |rt, w, code| {
        let (attempt, real) = real.get_or_init(|| rt.block_on(ask(&w.e, "anna@example.com")));
        let typed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assume!(&typed != real);
        let cookie = format!("__Host-rtw-sign-in={attempt}.anna@example.com");
        let form = format!("code={}", encode(&code));
        let too_large = form.len() > server::MAX_BODY_BYTES;
        let (status, headers, body) = rt.block_on(send(&w.r, post("/api/sign-in/verify-code", form, Some(&cookie))));
        if too_large {
            prop_assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
            return Ok(());
        }
        let shaped = typed.len() == 6 && typed.bytes().all(|b| b.is_ascii_digit());
        // A well-formed wrong code spends the address's day budget (three):
        // after that every code is refused unread.
        if shaped && status == StatusCode::TOO_MANY_REQUESTS {
            return Ok(());
        }
        prop_assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", body);
        let expected = if shaped { "code_invalid" } else { "code_format" };
        prop_assert!(body.contains(expected), "{:?}: {}", code, body);
        let cookies: Vec<_> = headers.get_all(header::SET_COOKIE).iter().collect();
        prop_assert!(cookies.iter().all(|c| !c.to_str().unwrap_or("").starts_with(SESSION_COOKIE)), "{:?}", cookies);
        Ok(())
    });
}

/// A referral-link token of any text: the confirm page says the link is
/// dead, and following it finds nothing (or is slowed down); no case is named.
#[test]
fn a_link_token_of_any_text_leads_nowhere() {
    let strategy = prop_oneof![hostile(), "[A-Za-z0-9_-]{20,66}"];
    run_http(strategy, |rt, w, token| {
        let body = format!("token={}", encode(&token));
        let (status, _, answer) = rt.block_on(send(&w.r, post("/api/referrals/link", body.clone(), None)));
        if body.len() > server::MAX_BODY_BYTES {
            prop_assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
            return Ok(());
        }
        prop_assert_eq!(status, StatusCode::OK);
        prop_assert!(answer.contains("Dead"), "{}", answer);
        let (status, headers, _) = rt.block_on(send(&w.r, post("/api/referrals/open", body, None)));
        prop_assert!(status == StatusCode::NOT_FOUND || status == StatusCode::TOO_MANY_REQUESTS, "{}", status);
        prop_assert!(headers.get(header::SET_COOKIE).is_none());
        Ok(())
    });
}

/// The language switch takes the three languages, exactly, and refuses
/// anything else with 400 and no cookie.
#[test]
fn the_language_switch_takes_only_our_languages() {
    let strategy =
        prop_oneof![hostile(), prop::sample::select(&["en", "fi", "nl", " fi", "FI", "sv"][..]).prop_map(String::from)];
    run_http(strategy, |rt, w, lang| {
        let body = format!("lang={}", encode(&lang));
        let (status, headers, _) = rt.block_on(send(&w.r, post("/api/language", body.clone(), None)));
        let ours = ["en", "fi", "nl"].contains(&lang.as_str());
        let expected = match (ours, body.len() > server::MAX_BODY_BYTES) {
            (_, true) => StatusCode::PAYLOAD_TOO_LARGE,
            (true, false) => StatusCode::OK,
            (false, false) => StatusCode::BAD_REQUEST,
        };
        prop_assert_eq!(status, expected, "{:?}", lang);
        let cookie = headers.get(header::SET_COOKIE).map(|c| c.to_str().unwrap().to_string()).unwrap_or_default();
        prop_assert_eq!(cookie.starts_with(&format!("{LANGUAGE_COOKIE}={lang};")), ours, "{}", cookie);
        Ok(())
    });
}

/// A post from another site's page is refused with 403 and changes nothing,
/// even with the worker's valid session and a well-formed form.
#[test]
fn a_post_from_another_site_is_refused_and_stores_nothing() {
    let strategy = (
        host(),
        evil_origin_part(),
        prop::sample::select(&["same-origin", "same-site", "cross-site", "none"][..]),
        any::<bool>(),
    );
    let rt = runtime();
    let world = rt.block_on(World::new());
    let before = rt.block_on(stored(&world.e));
    let mut runner = TestRunner::new(http_config());
    let result = runner.run(&strategy, |(host, evil, fetch_site, with_origin)| {
        let origin = match evil {
            Evil::Subdomain(s) => format!("https://{s}.{host}"),
            Evil::Suffix(s) => format!("https://{host}.{s}"),
            Evil::UserInfo(s) => format!("https://{host}@{s}"),
            Evil::OtherPort(p) => format!("https://{}:{p}", host.split(':').next().unwrap()),
            Evil::Path(s) => format!("https://{host}/{s}"),
            Evil::NoScheme => host.clone(),
            Evil::Other(o) => o,
        };
        prop_assume!(origin
            .split_once("://")
            .is_none_or(|(_, h)| !h.trim_end_matches('/').eq_ignore_ascii_case(&host)));
        prop_assume!(with_origin || !["same-origin", "none"].contains(&fetch_site));
        let form = format!("case_id={}&concern_id=&kind=other&what=Boss+sighs&weight=3&helps=", world.case);
        let mut req = post("/api/concerns/write", form, Some(&session(&world.token)));
        req.headers_mut().insert(header::HOST, host.parse().unwrap());
        if with_origin {
            req.headers_mut().insert(header::ORIGIN, value(origin.as_bytes()));
        }
        req.headers_mut().insert("sec-fetch-site", HeaderValue::from_static(fetch_site));
        let (status, _, _) = rt.block_on(send(&world.r, req));
        prop_assert_eq!(status, StatusCode::FORBIDDEN, "{} / {}", origin, fetch_site);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert_eq!(rt.block_on(stored(&world.e)), before, "nothing stored");
}

// ---------------------------------------------------------------------------
// Crashes the fuzzing found, kept as regression tests.

/// `start=+262142-12-31` (the last day chrono knows) with no review date
/// panicked computing the default review six weeks later; the request died
/// without an answer. Now it is a field error.
#[tokio::test]
async fn an_agreement_starting_on_the_last_day_of_the_calendar_is_a_field_error() {
    let e = env().await;
    let r = router(&e);
    let (_, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "sanna@example.com").await;
    for step in ["agreed", "recorded"] {
        let form = format!("case_id={case}&adjustment_id=1&step={step}&start=%2B262142-12-31&review=");
        let (status, _, body) = send(&r, post("/api/work/step", form, Some(&session(&token)))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("date_too_far"), "{body}");
    }
}

/// `until=+262142-12-31` in the activity filter panicked finding the end of
/// that day; now the filter simply reaches to the end of time.
#[tokio::test]
async fn an_activity_filter_until_the_last_day_of_the_calendar_answers() {
    let e = env().await;
    let r = router(&e);
    let (_, case, _) = worker_with_case(&e, "sanna@example.com").await;
    let token = sign_in(&e, "sanna@example.com").await;
    for (from, until) in [("", "%2B262142-12-31"), ("-262143-01-01", "%2B262142-12-31"), ("-262143-01-01", "")] {
        let form = format!("case_id={case}&participant=&from={from}&until={until}&own=1&before=");
        let (status, _, body) = send(&r, post("/api/activity/log", form, Some(&session(&token)))).await;
        assert_eq!(status, StatusCode::OK, "{from}..{until}: {body}");
        assert!(body.contains("read_access_log"), "the worker's own look is listed: {body}");
    }
}

/// An `Origin` or `Sec-Fetch-Site` that is there but not readable text
/// (bytes 0x80–0xFF) was taken for no header at all, which is how requests
/// from outside a browser are let through. It now names no site.
#[test]
fn an_unreadable_origin_or_fetch_site_is_not_ours() {
    let unreadable = HeaderValue::from_bytes(b"https://portal.example\xff").unwrap();
    let mut h = HeaderMap::new();
    h.insert(header::HOST, HeaderValue::from_static("portal.example"));
    h.insert(header::ORIGIN, unreadable.clone());
    assert!(!from_this_site(&h, "https"), "an unreadable Origin");
    h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
    assert!(!from_this_site(&h, "https"), "an unreadable Origin, whatever Sec-Fetch-Site says");
    h.remove(header::ORIGIN);
    h.insert("sec-fetch-site", HeaderValue::from_bytes(b"same-origin\xe9").unwrap());
    assert!(!from_this_site(&h, "https"), "an unreadable Sec-Fetch-Site");
    h.insert(header::ORIGIN, HeaderValue::from_static("null"));
    assert!(!from_this_site(&h, "https"), "null with an unreadable Sec-Fetch-Site");
}
