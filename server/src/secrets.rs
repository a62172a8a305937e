//! The server's secret keys: never in the database, so a copy of the
//! database (a backup, a dump, someone with SQL access) is not enough to
//! reverse a short secret or to rewrite the access log unnoticed.
//!
//! One key comes from the configuration (`RTW_SECRET_KEY` or
//! `RTW_SECRET_KEY_FILE`); each use has its own key derived from it
//! (HMAC-SHA256 of the key over the use's name), so a value made for one use
//! is worthless for another:
//! - sign-in codes and the addresses in rate-limit counters are stored as
//!   HMACs (`Keys::short_secret`): six digits or an address cannot be
//!   reversed from the database without the key;
//! - the access log's chain is an HMAC chain and its checkpoint is signed
//!   (`ChainKey`), so whoever can write the table cannot recompute it.
//!
//! Rotation: the first key listed is the current one; any further keys are
//! earlier ones, kept only so `verify` can check log rows chained with them
//! (each row names its key by `ChainKey::id`). A rotation voids sign-in
//! codes in flight (ten minutes at most) and restarts the day's sign-in
//! budgets; sessions, referral links and known devices are 256-bit tokens
//! stored as plain SHA-256 and survive it.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::Path;

type HmacSha256 = Hmac<Sha256>;

/// The shortest key accepted, in bytes (`openssl rand -hex 32` gives 64).
pub const MIN_KEY_BYTES: usize = 32;

/// A configured secret. `Debug` never shows it and it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    /// A key as configured: at least `MIN_KEY_BYTES` bytes of text.
    pub fn parse(text: &str) -> Option<SecretKey> {
        let text = text.trim();
        (text.len() >= MIN_KEY_BYTES && !text.chars().any(char::is_whitespace)).then(|| SecretKey(text.into()))
    }

    /// 32 random bytes from the operating system, hex-encoded.
    pub fn random() -> SecretKey {
        use rand::TryRngCore;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.try_fill_bytes(&mut bytes).expect("the OS random source failed");
        SecretKey(hex(&bytes).into_bytes())
    }

    /// The key derived from this one for `purpose`.
    fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

/// Keys separated by white space (a file may list one per line): the
/// first is the current one, the rest are earlier ones. `None` when one is
/// too short (or there is none).
pub fn parse_keys(text: &str) -> Option<Vec<SecretKey>> {
    let keys: Option<Vec<SecretKey>> = text.split_whitespace().map(SecretKey::parse).collect();
    keys.filter(|k| !k.is_empty())
}

/// The keys a server uses, derived from the configured ones.
#[derive(Clone)]
pub struct Keys {
    /// HMAC of short secrets (sign-in codes, addresses in counters).
    short: HmacSha256,
    /// The access log's chain and checkpoint: the current key first.
    chain: Vec<ChainKey>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keys(chain key {})", self.chain[0].id())
    }
}

impl Keys {
    /// `keys[0]` is the current key; the rest are earlier ones (verify only).
    pub fn new(keys: &[SecretKey]) -> Keys {
        let current = keys.first().expect("at least one key");
        let short = HmacSha256::new_from_slice(&current.derive("rtw-portal short secrets v1")).expect("any length");
        Keys { short, chain: keys.iter().map(ChainKey::of).collect() }
    }

    /// One random key for this process, shared by every service it makes:
    /// for tests and tools only (the server always has a configured or a
    /// demo key, so its log verifies after a restart).
    pub fn ephemeral() -> Keys {
        Keys::new(std::slice::from_ref(ephemeral_key()))
    }

    /// The text of this process's own key (`ephemeral`), for a test that
    /// runs the binary on what this process wrote (`RTW_SECRET_KEY`).
    pub fn ephemeral_key_text() -> String {
        String::from_utf8(ephemeral_key().0.clone()).expect("hex")
    }

    /// The stored form of a short secret: an HMAC over `parts`, each
    /// length-prefixed (so no two lists of parts collide), base64url.
    pub fn short_secret(&self, parts: &[&str]) -> String {
        use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
        let mut mac = self.short.clone();
        for p in parts {
            mac.update(&(p.len() as u64).to_be_bytes());
            mac.update(p.as_bytes());
        }
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// The key new access-log rows are chained with.
    pub fn chain(&self) -> &ChainKey {
        &self.chain[0]
    }

    /// Every chain key known, the current one first.
    pub fn chain_keys(&self) -> &[ChainKey] {
        &self.chain
    }
}

/// The access log's key: an HMAC-SHA256 chain over the rows, and the
/// signature of the checkpoint.
#[derive(Clone)]
pub struct ChainKey {
    mac: HmacSha256,
    id: String,
}

impl ChainKey {
    fn of(key: &SecretKey) -> ChainKey {
        let mac = HmacSha256::new_from_slice(&key.derive("rtw-portal access log v1")).expect("any length");
        // A short public name of the key, stored with each row it chains:
        // the HMAC of a fixed text, which tells nothing about the key.
        let mut named = mac.clone();
        named.update(b"key id");
        let id = hex(&named.finalize().into_bytes()[..4]);
        ChainKey { mac, id }
    }

    /// The key's public name (8 hex digits).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// HMAC-SHA256 over `parts`, each length-prefixed, as lowercase hex.
    pub fn mac<'a>(&self, parts: impl IntoIterator<Item = &'a str>) -> String {
        let mut mac = self.mac.clone();
        for p in parts {
            mac.update(&(p.len() as u64).to_be_bytes());
            mac.update(p.as_bytes());
        }
        hex(&mac.finalize().into_bytes())
    }
}

fn ephemeral_key() -> &'static SecretKey {
    static KEY: std::sync::OnceLock<SecretKey> = std::sync::OnceLock::new();
    KEY.get_or_init(SecretKey::random)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Demo mode without a configured key: the key kept in the data
/// directory (created on first start, readable by its owner only), so a
/// restarted demo still verifies its own log.
pub fn demo_key(data_dir: &Path) -> std::io::Result<SecretKey> {
    let path = data_dir.join("demo-secret.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        if let Some(key) = SecretKey::parse(&text) {
            return Ok(key);
        }
    }
    std::fs::create_dir_all(data_dir)?;
    let key = SecretKey::random();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    std::io::Write::write_all(&mut file, &key.0)?;
    file.sync_all()?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_long_enough_and_never_printed() {
        assert!(SecretKey::parse("short").is_none());
        assert!(SecretKey::parse(&"x".repeat(31)).is_none());
        let k = SecretKey::parse(&format!("  {}\n", "k".repeat(32))).unwrap();
        assert!(!format!("{k:?} {:?}", Keys::new(std::slice::from_ref(&k))).contains("kkkk"));
        assert_eq!(parse_keys("").map(|k| k.len()), None);
        assert_eq!(parse_keys(&format!("{}\n{}\n", "a".repeat(40), "b".repeat(40))).map(|k| k.len()), Some(2));
        assert_eq!(parse_keys(&format!("{} short", "a".repeat(40))).map(|k| k.len()), None);
    }

    #[test]
    fn each_key_and_each_use_gives_other_values() {
        let a = Keys::new(&[SecretKey::parse(&"a".repeat(32)).unwrap()]);
        let b = Keys::new(&[SecretKey::parse(&"b".repeat(32)).unwrap()]);
        assert_ne!(a.short_secret(&["x@example.com", "123456"]), b.short_secret(&["x@example.com", "123456"]));
        assert_ne!(a.short_secret(&["ab", "c"]), a.short_secret(&["a", "bc"]));
        assert_ne!(a.chain().id(), b.chain().id());
        assert_ne!(a.chain().mac(["x"]), b.chain().mac(["x"]));
        assert_eq!(a.chain().id().len(), 8);
    }
}
