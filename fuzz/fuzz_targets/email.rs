//! `Email::parse`: lower-cased, trimmed, one `@`, parses back to itself.
#![no_main]

use app::domain::{Email, ErrorKey, EMAIL_MAX};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    match Email::parse(raw) {
        Ok(e) => {
            let s = e.as_str();
            assert_eq!(s, s.trim());
            assert_eq!(s, s.to_lowercase());
            assert!(s.chars().count() <= EMAIL_MAX);
            assert_eq!(s.matches('@').count(), 1);
            let (local, domain) = s.split_once('@').unwrap();
            assert!(!local.is_empty() && local.len() <= 64);
            assert!(domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'));
            assert!(!s.chars().any(|c| c.is_whitespace() || c.is_control()));
            assert_eq!(Email::parse(s), Ok(e.clone()));
            assert_eq!(Email::parse(&format!(" {} ", s.to_ascii_uppercase())), Ok(e.clone()));
        }
        Err(k) => {
            assert!(matches!(k, ErrorKey::Required | ErrorKey::TooLong { max: 254 } | ErrorKey::EmailInvalid));
            assert_eq!(k == ErrorKey::Required, raw.trim().is_empty());
        }
    }
});
