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
        let demo = match var("RTW_DEMO").as_deref().map(str::trim) {
            None | Some("") | Some("0") | Some("false") => false,
            Some("1") | Some("true") => true,
            Some(v) => return Err(bad("RTW_DEMO", v, "1, true, 0 or false")),
        };
        let mut trusted_proxies = Vec::new();
        for s in var("RTW_TRUSTED_PROXIES").unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let ip = s.parse().map_err(|_| bad("RTW_TRUSTED_PROXIES", s, "comma-separated IP addresses"))?;
            trusted_proxies.push(ip);
        }
        let public_url = var("RTW_PUBLIC_URL").unwrap_or_else(|| {
            format!("http://{}", var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into()))
        });
        let public_url = public_url.trim().trim_end_matches('/').to_string();
        if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
            return Err(bad("RTW_PUBLIC_URL", &public_url, "an http:// or https:// address"));
        }
        Ok(Config {
            public_url,
            database_url: DatabaseUrl::new(database_url),
            max_connections,
            statement_timeout: std::time::Duration::from_millis(statement_timeout),
            trusted_proxies,
            demo,
        })
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
}
