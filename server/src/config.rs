//! Configuration from the environment, with defaults for the embedded setup.

use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://path/to/file.db` or `postgres://user@host:port/db`
    pub database_url: String,
    pub max_connections: u32,
    /// Longest a statement may run (PostgreSQL) or wait for a lock (SQLite).
    pub statement_timeout: std::time::Duration,
    /// Reverse proxies allowed to name the client in `X-Forwarded-For`.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Demo mode: seed a demo case, print mail, open the development mailbox.
    pub demo: bool,
}

impl Config {
    pub fn from_env() -> Self {
        let data_dir = PathBuf::from(std::env::var("RTW_DATA_DIR").unwrap_or_else(|_| "data".into()));
        let database_url = std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| format!("sqlite://{}", data_dir.join("rtw-portal.db").display()));
        let max_connections = std::env::var("RTW_DB_MAX_CONNECTIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(8);
        let statement_timeout = std::time::Duration::from_millis(
            std::env::var("RTW_DB_STATEMENT_TIMEOUT_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(5000),
        );
        let demo = matches!(std::env::var("RTW_DEMO").as_deref(), Ok("1") | Ok("true"));
        let trusted_proxies = std::env::var("RTW_TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .filter_map(|s| match s.trim().parse() {
                Ok(ip) => Some(ip),
                Err(_) => {
                    eprintln!("rtw-portal: ignoring RTW_TRUSTED_PROXIES entry {s:?}: not an IP address");
                    None
                }
            })
            .collect();
        Config { database_url, max_connections, statement_timeout, trusted_proxies, demo }
    }

    /// Creates the directory of a SQLite file if it is missing.
    pub fn ensure_data_dir(&self) -> std::io::Result<()> {
        if let Some(path) = self.database_url.strip_prefix("sqlite://") {
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
    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(super::redacted("postgres://rtw:s3cret@db:5432/rtw"), "postgres://rtw:***@db:5432/rtw");
        assert_eq!(super::redacted("sqlite://data/rtw-portal.db"), "sqlite://data/rtw-portal.db");
    }
}
