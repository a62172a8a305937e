//! Configuration from the environment, with defaults for the embedded setup.
//! A value that does not parse stops the start with a message naming the
//! variable; nothing is silently ignored.

use std::path::PathBuf;

/// A database URL whose `Debug` and `Display` never show the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> Self {
        DatabaseUrl(url.into())
    }

    /// The URL itself, for opening the connection only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", redacted(&self.0))
    }
}

impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redacted(&self.0))
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://path/to/file.db` or `postgres://user@host:port/db`
    pub database_url: DatabaseUrl,
    pub max_connections: u32,
    /// Longest a statement may run (PostgreSQL) or wait for a lock (SQLite).
    pub statement_timeout: std::time::Duration,
    /// Reverse proxies allowed to name the client in `X-Forwarded-For`.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Demo mode: seed a demo case, print mail, open the development mailbox.
    pub demo: bool,
    /// The address people reach the portal at, for links in e-mails.
    pub public_url: String,
    /// Where to deliver the outbox; `None` when `RTW_SMTP_HOST` is unset.
    pub smtp: Option<SmtpConfig>,
    /// `RTW_DATA_DIR`: the embedded database, the log checkpoint, a demo's key.
    pub data_dir: PathBuf,
    /// `RTW_LOG_CHECKPOINT`: the access log's checkpoint (`checkpoint.rs`),
    /// by default `access-log.checkpoint` in the data directory.
    pub log_checkpoint: PathBuf,
    /// `RTW_SECRET_KEY` or the file `RTW_SECRET_KEY_FILE` names: the current
    /// key, then earlier ones (`secrets.rs`). `None` when neither is set.
    pub secret_keys: Option<Vec<crate::secrets::SecretKey>>,
    /// `RTW_ERASURE_GRACE_DAYS` (default 30): days between a worker asking
    /// for erasure and the erasure, in which she can change her mind.
    pub erasure_grace_days: u32,
    /// `RTW_REQUIRE_PASSKEYS` (default: on, off in a demo): professionals
    /// who read health information open cases only signed in with a passkey.
    pub passkeys_required: bool,
    /// `RTW_OIDC_*`: the identity provider people may sign in through;
    /// `None` when `RTW_OIDC_ISSUER` is unset.
    pub oidc: Option<OidcConfig>,
}

/// An OpenID Connect provider the portal is registered at (a national
/// eID broker, say), with `{RTW_PUBLIC_URL}/api/sign-in/oidc/callback` as
/// its redirect URI.
#[derive(Debug, Clone)]
pub struct OidcConfig {
    /// `RTW_OIDC_ISSUER`: the issuer URL, whose discovery document is read.
    pub issuer: String,
    /// `RTW_OIDC_CLIENT_ID`.
    pub client_id: String,
    /// `RTW_OIDC_CLIENT_SECRET`, or the file `RTW_OIDC_CLIENT_SECRET_FILE` names.
    pub client_secret: Secret,
    /// `RTW_OIDC_NAME`: what the sign-in page calls it (default: the issuer's host).
    pub name: String,
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS; refused if the server cannot.
    StartTls,
    /// TLS from the first byte (SMTPS).
    Implicit,
    /// No encryption: only to a server on this machine.
    None,
}

impl SmtpTls {
    pub fn default_port(self) -> u16 {
        match self {
            SmtpTls::StartTls => 587,
            SmtpTls::Implicit => 465,
            SmtpTls::None => 25,
        }
    }
}

/// A password whose `Debug` never shows it (and which has no `Display`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The secret itself, for the SMTP login or the identity provider only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// User name and password, when the server wants a login.
    pub credentials: Option<(String, Secret)>,
    /// The `From` of every message.
    pub from: lettre::message::Mailbox,
}

/// A variable that is set but unusable.
#[derive(Debug, thiserror::Error)]
#[error("{variable}={value:?} is not valid: {expected}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads every setting through `var` (the environment, or a map in tests).
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let bad = |variable, value: &str, expected| ConfigError { variable, value: value.to_string(), expected };
        let data_dir = PathBuf::from(var("RTW_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url =
            var("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}", data_dir.join("rtw-portal.db").display()));
        if crate::store::Backend::of_url(&database_url).is_none() {
            // The value may hold a password: show only its redacted form.
            return Err(bad("DATABASE_URL", &redacted(&database_url), "a sqlite:// or postgres:// URL"));
        }
        // A whole number within `range`, or `default` when the variable is unset.
        let number = |variable: &'static str, default: u64, range: std::ops::RangeInclusive<u64>, expected| match var(
            variable,
        ) {
            None => Ok(default),
            Some(v) => v.trim().parse().ok().filter(|n| range.contains(n)).ok_or_else(|| bad(variable, &v, expected)),
        };
        let max_connections = number("RTW_DB_MAX_CONNECTIONS", 8, 1..=1000, "a whole number from 1 to 1000")? as u32;
        let statement_timeout =
            number("RTW_DB_STATEMENT_TIMEOUT_MS", 5000, 100..=600_000, "milliseconds from 100 to 600000")?;
        let erasure_grace_days = number(
            "RTW_ERASURE_GRACE_DAYS",
            u64::from(crate::services::ERASURE_GRACE_DAYS),
            0..=365,
            "days from 0 to 365",
        )? as u32;
        // 1, true, 0 or false; `None` when unset or empty.
        let flag = |variable: &'static str| match var(variable).as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some("0") | Some("false") => Ok(Some(false)),
            Some("1") | Some("true") => Ok(Some(true)),
            Some(v) => Err(bad(variable, v, "1, true, 0 or false")),
        };
        let demo = flag("RTW_DEMO")?.unwrap_or(false);
        let mut trusted_proxies = Vec::new();
        for s in var("RTW_TRUSTED_PROXIES").unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let ip = s.parse().map_err(|_| bad("RTW_TRUSTED_PROXIES", s, "comma-separated IP addresses"))?;
            trusted_proxies.push(ip);
        }
        let public_url = var("RTW_PUBLIC_URL")
            .unwrap_or_else(|| listen_url(&var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into())));
        let public_url = public_url.trim().trim_end_matches('/').to_string();
        if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
            return Err(bad("RTW_PUBLIC_URL", &public_url, "an http:// or https:// address"));
        }
        // Required outside a demo (whose professionals are people trying
        // the portal on this machine); passkeys need the address to be a name.
        let passkeys_required = flag("RTW_REQUIRE_PASSKEYS")?.unwrap_or(!demo);
        if passkeys_required && crate::services::passkeys::relying_party(&public_url).is_none() {
            return Err(bad(
                "RTW_PUBLIC_URL",
                &public_url,
                "a name, not a bare IP address, while passkeys are required (RTW_REQUIRE_PASSKEYS): \
                 for example http://localhost:3000 or https://portal.example.org",
            ));
        }
        let smtp = smtp_from_lookup(&var)?;
        let secret_keys = keys_from_lookup(&var)?;
        let oidc = oidc_from_lookup(&var)?;
        if demo {
            demo_only_where_harmless(&database_url, smtp.is_some(), &public_url, var("LEPTOS_SITE_ADDR").as_deref())?;
        }
        Ok(Config {
            smtp,
            public_url,
            database_url: DatabaseUrl::new(database_url),
            max_connections,
            statement_timeout: std::time::Duration::from_millis(statement_timeout),
            trusted_proxies,
            demo,
            log_checkpoint: var("RTW_LOG_CHECKPOINT")
                .filter(|v| !v.trim().is_empty())
                .map(|v| PathBuf::from(v.trim()))
                .unwrap_or_else(|| data_dir.join("access-log.checkpoint")),
            data_dir,
            secret_keys,
            erasure_grace_days,
            passkeys_required,
            oidc,
        })
    }

    /// The server's keys: the configured ones; in demo mode without them,
    /// the demo's own key in the data directory. Outside demo mode a
    /// missing key stops the start with a message saying how to make one.
    pub fn keys(&self) -> Result<crate::secrets::Keys, String> {
        match &self.secret_keys {
            Some(keys) => Ok(crate::secrets::Keys::new(keys)),
            None if self.demo => crate::secrets::demo_key(&self.data_dir)
                .map(|k| crate::secrets::Keys::new(&[k]))
                .map_err(|e| format!("cannot keep the demo's secret key in {}: {e}", self.data_dir.display())),
            None => Err(MISSING_KEY.to_string()),
        }
    }

    /// Creates the directory of a SQLite file if it is missing.
    pub fn ensure_data_dir(&self) -> std::io::Result<()> {
        if let Some(path) = self.database_url.expose().strip_prefix("sqlite://") {
            let path = path.split('?').next().unwrap_or(path);
            if let Some(dir) = std::path::Path::new(path).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)?;
                }
            }
        }
        Ok(())
    }
}

const MISSING_KEY: &str = "RTW_SECRET_KEY (or RTW_SECRET_KEY_FILE, a file holding it) is not set: the \
server keeps sign-in codes and the access log's chain under this key, outside the database. Make one \
with `openssl rand -hex 32`, keep it with your other secrets (not beside the database's backups), and \
give every instance the same key. (Demo mode makes its own.)";

/// `RTW_SECRET_KEY` or `RTW_SECRET_KEY_FILE` (not both): white-space
/// separated keys, the current one first (`secrets::parse_keys`).
fn keys_from_lookup(
    var: &impl Fn(&str) -> Option<String>,
) -> Result<Option<Vec<crate::secrets::SecretKey>>, ConfigError> {
    let bad = |variable, value: &str, expected| ConfigError { variable, value: value.to_string(), expected };
    const EXPECTED: &str = "keys of at least 32 characters each, separated by white space, the current one first \
(make one with `openssl rand -hex 32`)";
    let set = |k: &str| var(k).filter(|v| !v.trim().is_empty());
    match (set("RTW_SECRET_KEY"), set("RTW_SECRET_KEY_FILE")) {
        (None, None) => Ok(None),
        (Some(_), Some(_)) => {
            Err(bad("RTW_SECRET_KEY_FILE", "…", "unset when RTW_SECRET_KEY is set (one or the other)"))
        }
        // Never echo a key back.
        (Some(text), None) => {
            crate::secrets::parse_keys(&text).map(Some).ok_or_else(|| bad("RTW_SECRET_KEY", "***", EXPECTED))
        }
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path.trim())
                .map_err(|_| bad("RTW_SECRET_KEY_FILE", path.trim(), "a readable file holding the key"))?;
            crate::secrets::parse_keys(&text).map(Some).ok_or_else(|| bad("RTW_SECRET_KEY_FILE", path.trim(), EXPECTED))
        }
    }
}

/// The identity provider: none without `RTW_OIDC_ISSUER`, and then no other
/// `RTW_OIDC_` variable may be set either (it would be silently ignored).
fn oidc_from_lookup(var: &impl Fn(&str) -> Option<String>) -> Result<Option<OidcConfig>, ConfigError> {
    let bad = |variable, value: &str, expected| ConfigError { variable, value: value.to_string(), expected };
    let set = |k: &str| var(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let others = ["RTW_OIDC_CLIENT_ID", "RTW_OIDC_CLIENT_SECRET", "RTW_OIDC_CLIENT_SECRET_FILE", "RTW_OIDC_NAME"];
    let Some(issuer) = set("RTW_OIDC_ISSUER") else {
        return match others.into_iter().find(|k| set(k).is_some()) {
            Some(k) => Err(bad(k, "***", "only with RTW_OIDC_ISSUER")),
            None => Ok(None),
        };
    };
    // https, or http on this machine only (tests, the demo); no user name
    // or password in it.
    let url = openidconnect::url::Url::parse(&issuer).ok().filter(|u| {
        let host = u.host_str().unwrap_or_default();
        let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        u.username().is_empty()
            && u.password().is_none()
            && !host.is_empty()
            && (u.scheme() == "https" || (u.scheme() == "http" && is_loopback(host)))
    });
    let Some(url) = url else {
        return Err(bad("RTW_OIDC_ISSUER", &issuer, "an https:// URL (http:// only on this machine, for tests)"));
    };
    let client_id = set("RTW_OIDC_CLIENT_ID")
        .ok_or_else(|| bad("RTW_OIDC_CLIENT_ID", "", "the portal's client id at the provider"))?;
    let client_secret = match (set("RTW_OIDC_CLIENT_SECRET"), set("RTW_OIDC_CLIENT_SECRET_FILE")) {
        (Some(_), Some(_)) => {
            return Err(bad(
                "RTW_OIDC_CLIENT_SECRET_FILE",
                "…",
                "unset when RTW_OIDC_CLIENT_SECRET is set (one or the other)",
            ))
        }
        (Some(secret), None) => secret,
        (None, Some(path)) => std::fs::read_to_string(&path)
            .map(|s| s.trim().to_string())
            .ok()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad("RTW_OIDC_CLIENT_SECRET_FILE", &path, "a readable file holding the client secret"))?,
        (None, None) => {
            return Err(bad(
                "RTW_OIDC_CLIENT_SECRET",
                "",
                "the portal's client secret at the provider (or RTW_OIDC_CLIENT_SECRET_FILE)",
            ))
        }
    };
    Ok(Some(OidcConfig {
        name: set("RTW_OIDC_NAME").unwrap_or_else(|| url.host_str().unwrap_or_default().to_string()),
        issuer,
        client_id,
        client_secret: Secret::new(client_secret),
    }))
}

/// Demo mode shows every message the portal wrote, sign-in codes
/// included, at `/dev/mailbox` to anyone who asks, and seeds people who do
/// not exist. It therefore refuses to start wherever it could reach real
/// people or real data: on PostgreSQL (a shared, production-shaped
/// database), with an SMTP server (real mail to real addresses), or at an
/// address other people can reach (a public URL or a listen address that
/// is not loopback).
fn demo_only_where_harmless(
    database_url: &str,
    smtp: bool,
    public_url: &str,
    listen: Option<&str>,
) -> Result<(), ConfigError> {
    let refuse = |expected| Err(ConfigError { variable: "RTW_DEMO", value: "1".into(), expected });
    if crate::store::Backend::of_url(database_url) != Some(crate::store::Backend::Sqlite) {
        return refuse(
            "off with a PostgreSQL DATABASE_URL: demo mode shows every sign-in code at /dev/mailbox to anyone, \
so it runs only on its own SQLite file (unset RTW_DEMO for production)",
        );
    }
    if smtp {
        return refuse(
            "off with RTW_SMTP_HOST: demo mode shows every sign-in code at /dev/mailbox to anyone, so it never \
sends real mail (unset RTW_DEMO for production, or RTW_SMTP_HOST for a demo)",
        );
    }
    let url_host = public_url.split_once("://").map(|(_, rest)| rest).and_then(|rest| {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
        match authority.strip_prefix('[') {
            Some(v6) => v6.split_once(']').map(|(h, _)| h.to_string()),
            None => Some(authority.rsplit_once(':').map_or(authority, |(h, _)| h).to_string()),
        }
    });
    if !url_host.as_deref().is_some_and(is_loopback) {
        return refuse(
            "off with an RTW_PUBLIC_URL other people can reach: demo mode shows every sign-in code at \
/dev/mailbox, so it serves only this machine (localhost, 127.0.0.1 or [::1])",
        );
    }
    let listen_loopback = listen.is_none_or(|a| a.parse::<std::net::SocketAddr>().is_ok_and(|a| a.ip().is_loopback()));
    if !listen_loopback {
        return refuse(
            "off with a LEPTOS_SITE_ADDR other machines can reach: demo mode shows every sign-in code at \
/dev/mailbox, so it listens only on loopback (127.0.0.1:PORT or [::1]:PORT)",
        );
    }
    Ok(())
}

/// The SMTP settings: none without `RTW_SMTP_HOST`, and then no other
/// mail variable may be set either (it would be silently ignored).
fn smtp_from_lookup(var: &impl Fn(&str) -> Option<String>) -> Result<Option<SmtpConfig>, ConfigError> {
    let bad = |variable, value: &str, expected| ConfigError { variable, value: value.to_string(), expected };
    // An empty value counts as unset, as `RTW_DEMO=` does.
    let set = |k: &str| var(k).filter(|v| !v.trim().is_empty());
    let others = ["RTW_SMTP_PORT", "RTW_SMTP_TLS", "RTW_SMTP_USER", "RTW_SMTP_PASSWORD", "RTW_MAIL_FROM"];
    let Some(host) = set("RTW_SMTP_HOST") else {
        return match others.into_iter().find_map(|k| set(k).map(|v| (k, v))) {
            // Never echo a password back.
            Some(("RTW_SMTP_PASSWORD", _)) => Err(bad("RTW_SMTP_PASSWORD", "***", "only with RTW_SMTP_HOST")),
            Some((k, v)) => Err(bad(k, &v, "only with RTW_SMTP_HOST")),
            None => Ok(None),
        };
    };
    let host = host.trim().to_string();
    if !is_host_name(&host) {
        return Err(bad("RTW_SMTP_HOST", &host, "a host name or IP address (no scheme, no port)"));
    }
    let tls = match set("RTW_SMTP_TLS").map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("starttls") => SmtpTls::StartTls,
        Some("tls") => SmtpTls::Implicit,
        Some("none") => SmtpTls::None,
        Some(v) => return Err(bad("RTW_SMTP_TLS", v, "starttls, tls or none")),
    };
    if tls == SmtpTls::None && !is_loopback(&host) {
        // Sign-in codes and links would cross the network in clear text.
        return Err(bad(
            "RTW_SMTP_TLS",
            "none",
            "starttls or tls; none is allowed only for a loopback host (localhost, 127.0.0.1, ::1)",
        ));
    }
    let port = match set("RTW_SMTP_PORT") {
        None => tls.default_port(),
        Some(v) => v
            .trim()
            .parse()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| bad("RTW_SMTP_PORT", &v, "a port from 1 to 65535"))?,
    };
    // The password is taken as it is: spaces may be part of it.
    let credentials = match (set("RTW_SMTP_USER"), var("RTW_SMTP_PASSWORD").filter(|p| !p.is_empty())) {
        (None, None) => None,
        (Some(user), Some(password)) => Some((user.trim().to_string(), Secret::new(password))),
        (Some(_), None) => return Err(bad("RTW_SMTP_PASSWORD", "", "set together with RTW_SMTP_USER")),
        (None, Some(_)) => return Err(bad("RTW_SMTP_USER", "", "set together with RTW_SMTP_PASSWORD")),
    };
    let from = set("RTW_MAIL_FROM").ok_or_else(|| {
        bad("RTW_MAIL_FROM", "", "an address such as rtw-portal <noreply@example.com>, required with RTW_SMTP_HOST")
    })?;
    let from = from.trim().parse().map_err(|_| {
        bad("RTW_MAIL_FROM", &from, "an address such as noreply@example.com or rtw-portal <noreply@example.com>")
    })?;
    Ok(Some(SmtpConfig { host, port, tls, credentials, from }))
}

/// A DNS name or an IP address: what a TLS certificate can be checked against.
fn is_host_name(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok()
        || (host.len() <= 253
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }))
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The database URL without its password, for messages and logs.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user = &url[scheme + 3..at];
            let user = user.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// The portal's address when `RTW_PUBLIC_URL` is unset: the listen
/// address, a loopback one by its name `localhost` (passkeys need a name,
/// and a browser on this machine reaches both alike).
pub fn listen_url(listen: &str) -> String {
    match listen.parse::<std::net::SocketAddr>() {
        Ok(a) if a.ip().is_loopback() => format!("http://localhost:{}", a.port()),
        _ => format!("http://{listen}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(redacted("postgres://rtw:s3cret@db:5432/rtw"), "postgres://rtw:***@db:5432/rtw");
        assert_eq!(redacted("sqlite://data/rtw-portal.db"), "sqlite://data/rtw-portal.db");
        let c = config(&[("DATABASE_URL", "postgres://rtw:s3cret@db:5432/rtw")]).unwrap();
        let printed = format!("{c:?} {}", c.database_url);
        assert!(!printed.contains("s3cret"), "{printed}");
        let e = config(&[("DATABASE_URL", "mysql://rtw:s3cret@db/rtw")]).unwrap_err();
        assert!(!e.to_string().contains("s3cret"), "{e}");
    }

    #[test]
    fn defaults_serve_the_embedded_database() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url.expose(), "sqlite://data/rtw-portal.db");
        assert_eq!((c.max_connections, c.demo), (8, false));
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, value) in [
            ("RTW_DB_MAX_CONNECTIONS", "eight"),
            ("RTW_DB_MAX_CONNECTIONS", "0"),
            ("RTW_DB_STATEMENT_TIMEOUT_MS", "-5"),
            ("RTW_DEMO", "yes please"),
            ("RTW_TRUSTED_PROXIES", "10.0.0.1,proxy.local"),
            ("DATABASE_URL", "data.db"),
        ] {
            let e = config(&[(var, value)]).unwrap_err();
            assert_eq!(e.variable, var);
            assert!(e.to_string().starts_with(var), "{e}");
        }
    }

    #[test]
    fn demo_mode_refuses_to_run_where_it_could_hurt() {
        let demo = |extra: &[(&str, &str)]| {
            let mut vars = vec![("RTW_DEMO", "1")];
            vars.extend_from_slice(extra);
            config(&vars)
        };
        assert!(demo(&[]).unwrap().demo);
        assert!(demo(&[("RTW_PUBLIC_URL", "http://localhost:3000"), ("LEPTOS_SITE_ADDR", "127.0.0.1:0")]).is_ok());
        assert!(demo(&[("RTW_PUBLIC_URL", "http://[::1]:3000/"), ("LEPTOS_SITE_ADDR", "[::1]:3000")]).is_ok());
        let refused: [&[(&str, &str)]; 7] = [
            &[("DATABASE_URL", "postgres://rtw@127.0.0.1:5432/rtw")],
            &[("RTW_SMTP_HOST", "127.0.0.1"), ("RTW_SMTP_TLS", "none"), ("RTW_MAIL_FROM", "a@example.com")],
            &[("RTW_PUBLIC_URL", "https://portal.example.org")],
            &[("RTW_PUBLIC_URL", "http://127.0.0.1.evil.example:3000")],
            &[("RTW_PUBLIC_URL", "http://localhost@evil.example/")],
            // The public URL defaults to the listen address.
            &[("LEPTOS_SITE_ADDR", "0.0.0.0:3000")],
            &[("RTW_PUBLIC_URL", "http://127.0.0.1:3000"), ("LEPTOS_SITE_ADDR", "0.0.0.0:3000")],
        ];
        for vars in refused {
            let e = demo(vars).unwrap_err();
            assert_eq!(e.variable, "RTW_DEMO", "{vars:?}");
            assert!(e.to_string().contains("/dev/mailbox"), "{e}");
        }
        // The same settings without demo mode are a production start
        // (with passkeys off: some name a bare IP, refused for passkeys below).
        for vars in refused {
            let mut vars = vars.to_vec();
            vars.extend([("RTW_DEMO", "0"), ("RTW_REQUIRE_PASSKEYS", "0")]);
            assert!(config(&vars).is_ok(), "{vars:?}");
        }
    }

    #[test]
    fn passkeys_are_required_outside_a_demo_and_need_a_name() {
        assert!(config(&[]).unwrap().passkeys_required, "on by default");
        assert!(!config(&[("RTW_DEMO", "1")]).unwrap().passkeys_required, "off in a demo");
        assert!(config(&[("RTW_DEMO", "1"), ("RTW_REQUIRE_PASSKEYS", "1")]).unwrap().passkeys_required);
        // A loopback listen address is reached by its name.
        assert_eq!(config(&[]).unwrap().public_url, "http://localhost:3000");
        assert_eq!(listen_url("[::1]:8080"), "http://localhost:8080");
        assert_eq!(listen_url("0.0.0.0:3000"), "http://0.0.0.0:3000");
        for ip in ["http://10.0.0.5:3000", "https://192.0.2.1", "http://[2001:db8::1]:3000"] {
            let e = config(&[("RTW_PUBLIC_URL", ip)]).unwrap_err();
            assert_eq!(e.variable, "RTW_PUBLIC_URL", "{ip}");
            assert!(e.to_string().contains("RTW_REQUIRE_PASSKEYS"), "{e}");
            assert!(config(&[("RTW_PUBLIC_URL", ip), ("RTW_REQUIRE_PASSKEYS", "0")]).is_ok());
        }
        assert!(config(&[("RTW_PUBLIC_URL", "https://portal.example.org")]).unwrap().passkeys_required);
        assert_eq!(config(&[("RTW_REQUIRE_PASSKEYS", "sometimes")]).unwrap_err().variable, "RTW_REQUIRE_PASSKEYS");
    }

    #[test]
    fn a_production_start_needs_a_secret_key_and_never_shows_it() {
        let e = config(&[]).unwrap().keys().unwrap_err();
        assert!(e.contains("RTW_SECRET_KEY") && e.contains("openssl rand"), "{e}");
        let key = "0123456789abcdef0123456789abcdef";
        let c = config(&[("RTW_SECRET_KEY", key)]).unwrap();
        assert!(c.keys().is_ok());
        assert!(!format!("{c:?}").contains(key));
        let e = config(&[("RTW_SECRET_KEY", "too-short")]).unwrap_err();
        assert_eq!(e.variable, "RTW_SECRET_KEY");
        assert!(!e.to_string().contains("too-short"), "{e}");
        // From a file: the current key, then an earlier one.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key");
        std::fs::write(&file, format!("{key}\n{}\n", "f".repeat(40))).unwrap();
        let c = config(&[("RTW_SECRET_KEY_FILE", file.to_str().unwrap())]).unwrap();
        assert_eq!(c.keys().unwrap().chain_keys().len(), 2);
        let missing = dir.path().join("nothing");
        assert_eq!(
            config(&[("RTW_SECRET_KEY_FILE", missing.to_str().unwrap())]).unwrap_err().variable,
            "RTW_SECRET_KEY_FILE"
        );
        // A demo keeps its own key in its data directory, the same after a restart.
        let data = dir.path().join("data");
        let demo = config(&[("RTW_DEMO", "1"), ("RTW_DATA_DIR", data.to_str().unwrap())]).unwrap();
        let (a, b) = (demo.keys().unwrap(), demo.keys().unwrap());
        assert_eq!(a.chain().id(), b.chain().id());
        assert!(data.join("demo-secret.key").exists());
    }

    #[test]
    fn an_identity_provider_is_https_or_on_this_machine_and_its_secret_is_never_shown() {
        let with = |issuer: &str| {
            config(&[
                ("RTW_OIDC_ISSUER", issuer),
                ("RTW_OIDC_CLIENT_ID", "rtw-portal"),
                ("RTW_OIDC_CLIENT_SECRET", "s3cret-of-the-client"),
            ])
        };
        let c = with("https://eid.example.org/broker").unwrap().oidc.unwrap();
        assert_eq!((c.issuer.as_str(), c.name.as_str()), ("https://eid.example.org/broker", "eid.example.org"));
        assert!(!format!("{c:?}").contains("s3cret"));
        for ok in ["http://127.0.0.1:4000", "http://localhost:4000/", "http://[::1]:9000"] {
            assert!(with(ok).is_ok(), "{ok}");
        }
        for bad in
            ["http://eid.example.org", "http://localhost:80@evil.example", "https://user:pw@eid.example.org", "eid"]
        {
            let e = with(bad).unwrap_err();
            assert_eq!(e.variable, "RTW_OIDC_ISSUER", "{bad}");
        }
        assert!(config(&[]).unwrap().oidc.is_none());
        // Half a configuration is refused, never ignored.
        assert_eq!(config(&[("RTW_OIDC_CLIENT_ID", "x")]).unwrap_err().variable, "RTW_OIDC_CLIENT_ID");
        let e = config(&[("RTW_OIDC_ISSUER", "https://eid.example.org"), ("RTW_OIDC_CLIENT_ID", "x")]).unwrap_err();
        assert_eq!(e.variable, "RTW_OIDC_CLIENT_SECRET");
    }

    const SMTP: [(&str, &str); 2] =
        [("RTW_SMTP_HOST", "smtp.example.com"), ("RTW_MAIL_FROM", "rtw-portal <noreply@example.com>")];

    fn smtp(extra: &[(&str, &str)]) -> Result<SmtpConfig, ConfigError> {
        let vars: Vec<_> = SMTP.iter().chain(extra).copied().collect();
        config(&vars).map(|c| c.smtp.expect("smtp configured"))
    }

    #[test]
    fn smtp_is_off_without_a_host() {
        assert!(config(&[]).unwrap().smtp.is_none());
        assert!(config(&[("RTW_SMTP_HOST", " ")]).unwrap().smtp.is_none());
    }

    #[test]
    fn smtp_defaults_to_starttls_on_the_submission_port() {
        let c = smtp(&[]).unwrap();
        assert_eq!((c.host.as_str(), c.port, c.tls), ("smtp.example.com", 587, SmtpTls::StartTls));
        assert!(c.credentials.is_none());
        assert_eq!(c.from.email.to_string(), "noreply@example.com");
        assert_eq!(c.from.name.as_deref(), Some("rtw-portal"));
        let c = smtp(&[("RTW_SMTP_TLS", "tls")]).unwrap();
        assert_eq!((c.port, c.tls), (465, SmtpTls::Implicit));
        let c = smtp(&[("RTW_SMTP_TLS", "TLS"), ("RTW_SMTP_PORT", "2465")]).unwrap();
        assert_eq!((c.port, c.tls), (2465, SmtpTls::Implicit));
    }

    #[test]
    fn plain_smtp_only_to_this_machine() {
        for host in ["127.0.0.1", "localhost", "::1", "127.0.0.53"] {
            let c = config(&[("RTW_SMTP_HOST", host), ("RTW_SMTP_TLS", "none"), ("RTW_MAIL_FROM", "a@example.com")]);
            assert_eq!(c.unwrap().smtp.unwrap().port, 25, "{host}");
        }
        let e = smtp(&[("RTW_SMTP_TLS", "none")]).unwrap_err();
        assert_eq!(e.variable, "RTW_SMTP_TLS");
        assert!(e.to_string().contains("loopback"), "{e}");
    }

    #[test]
    fn smtp_credentials_come_in_pairs_and_the_password_is_never_shown() {
        let c = smtp(&[("RTW_SMTP_USER", "portal"), ("RTW_SMTP_PASSWORD", " s3cret pass ")]).unwrap();
        let (user, password) = c.credentials.clone().unwrap();
        assert_eq!((user.as_str(), password.expose()), ("portal", " s3cret pass "));
        let printed = format!(
            "{c:?} {:?}",
            config(&[SMTP[0], SMTP[1], ("RTW_SMTP_USER", "u"), ("RTW_SMTP_PASSWORD", "s3cret")]).unwrap()
        );
        assert!(!printed.contains("s3cret"), "{printed}");
        assert_eq!(smtp(&[("RTW_SMTP_USER", "portal")]).unwrap_err().variable, "RTW_SMTP_PASSWORD");
        let e = smtp(&[("RTW_SMTP_PASSWORD", "s3cret")]).unwrap_err();
        assert_eq!(e.variable, "RTW_SMTP_USER");
        assert!(!e.to_string().contains("s3cret"), "{e}");
        // Without a host nothing is ignored silently, and the password is not echoed.
        let e = config(&[("RTW_SMTP_PASSWORD", "s3cret")]).unwrap_err();
        assert_eq!(e.variable, "RTW_SMTP_PASSWORD");
        assert!(!e.to_string().contains("s3cret"), "{e}");
    }

    #[test]
    fn bad_smtp_values_name_their_variable() {
        for (var, value) in [
            ("RTW_SMTP_HOST", "smtp://mail.example.com"),
            ("RTW_SMTP_HOST", "mail.example.com:587"),
            ("RTW_SMTP_PORT", "0"),
            ("RTW_SMTP_PORT", "70000"),
            ("RTW_SMTP_PORT", "submission"),
            ("RTW_SMTP_TLS", "ssl"),
            ("RTW_MAIL_FROM", "not an address"),
            ("RTW_MAIL_FROM", "noreply@"),
        ] {
            let e = smtp(&[(var, value)]).unwrap_err();
            assert_eq!(e.variable, var, "{value}");
            assert!(e.to_string().starts_with(var), "{e}");
        }
        assert_eq!(config(&[SMTP[0]]).unwrap_err().variable, "RTW_MAIL_FROM");
        assert_eq!(config(&[SMTP[1]]).unwrap_err().variable, "RTW_MAIL_FROM");
        assert_eq!(config(&[("RTW_SMTP_PORT", "25")]).unwrap_err().variable, "RTW_SMTP_PORT");
    }
}
