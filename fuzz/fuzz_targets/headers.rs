//! Headers read before any parser: the language cookie and
//! `Accept-Language`, cookies, `Origin` / `Sec-Fetch-Site` / `Host`, and
//! `X-Forwarded-For` / `X-Forwarded-Proto`.
#![no_main]

use app::api::context::{cookie_in, language_in, SESSION_COOKIE};
use client_ip::{over_https, resolve};
use http::{header, HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;
use same_site::from_this_site;

// The server's own source of the two checks, as `server` compiles them.
#[allow(dead_code)]
#[path = "../../server/src/client_ip.rs"]
mod client_ip;
#[allow(dead_code)]
#[path = "../../server/src/same_site.rs"]
mod same_site;
use std::net::IpAddr;

/// How same_site.rs logs a refused path (the server's own hides link
/// tokens; the log is not what is fuzzed here).
fn loggable_path(path: &str) -> &str {
    path
}

type Input<'a> = (&'a [u8], &'a [u8], &'a [u8], &'a [u8], &'a [u8], IpAddr, Vec<IpAddr>, bool, &'a str);

fuzz_target!(|input: Input| {
    let (accept, cookie, origin, host, fetch_site, peer, trusted, peer_is_proxy, xff) = input;
    let mut h = HeaderMap::new();
    for (name, bytes) in [
        (header::ACCEPT_LANGUAGE, accept),
        (header::COOKIE, cookie),
        (header::ORIGIN, origin),
        (header::HOST, host),
        (header::HeaderName::from_static("sec-fetch-site"), fetch_site),
    ] {
        if let Ok(v) = HeaderValue::from_bytes(bytes) {
            h.insert(name, v);
        }
    }
    let lang = language_in(&h);
    assert!(["en", "fi", "nl"].contains(&lang.as_str()), "{lang:?}");
    if let Some(v) = cookie_in(&h, SESSION_COOKIE) {
        assert!(String::from_utf8_lossy(cookie).contains(&format!("{SESSION_COOKIE}={v}")));
    }
    if from_this_site(&h, "https") {
        match h.get(header::ORIGIN).map(|o| o.as_bytes()) {
            Some(b"null") => assert_eq!(h.get("sec-fetch-site").map(|v| v.as_bytes()), Some(&b"same-origin"[..])),
            Some(o) => {
                let (o, host) = (std::str::from_utf8(o).unwrap(), h[header::HOST].to_str().unwrap());
                let named = o.split_once("://").filter(|(s, _)| s.eq_ignore_ascii_case("https"));
                let named = named.map(|(_, rest)| rest.trim_end_matches('/').to_ascii_lowercase());
                let host = host.to_ascii_lowercase();
                let same = |n: &str| n == host || n == format!("{host}:443") || format!("{n}:443") == host;
                assert!(named.is_some_and(|n| same(&n)), "{o} for host {host}");
            }
            None => {
                let site = h.get("sec-fetch-site").map(|v| v.as_bytes());
                assert!(matches!(site, None | Some(b"same-origin" | b"none")), "{site:?}");
            }
        }
    }
    let peer = if peer_is_proxy && !trusted.is_empty() { trusted[0] } else { peer };
    let got = resolve(peer, Some(xff), &trusted);
    if !trusted.contains(&peer) {
        assert_eq!(got, peer);
    } else if got != peer {
        assert!(!trusted.contains(&got));
        let hops: Vec<&str> = xff.split(',').collect();
        let at = hops.iter().rposition(|h| h.trim().parse::<IpAddr>() == Ok(got)).expect("named in the header");
        assert!(hops[at + 1..].iter().all(|h| h.trim().parse::<IpAddr>().is_ok_and(|ip| trusted.contains(&ip))));
    }
    if over_https(peer, Some(xff), &trusted) {
        assert!(trusted.contains(&peer));
    }
});
