//! What every target checks the same way (as `app/tests/fuzz_parsers.rs`).
#![allow(dead_code)]

use app::domain::{ErrorKey, FieldError};
use chrono::{Days, NaiveDate};

/// A day a service clock could say it is today (1970 to about 2240).
pub fn today(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + Days::new(u64::from(n % 100_000))
}

/// One-line text as stored: trimmed, bounded, no control characters.
pub fn is_line(s: &str, max: usize) -> bool {
    s == s.trim() && s.chars().count() <= max && !s.chars().any(char::is_control)
}

/// Text in someone's own words as stored: like a line, but `\n` may stay.
pub fn is_words(s: &str, max: usize) -> bool {
    s == s.trim() && s.chars().count() <= max && !s.chars().any(|c| c.is_control() && c != '\n')
}

pub fn strictly_sorted<T: Ord>(v: &[T]) -> bool {
    v.windows(2).all(|w| w[0] < w[1])
}

/// A refusal names at least one field, and only documented kinds.
pub fn documented(errors: &[FieldError], ok: impl Fn(&str, ErrorKey) -> bool) {
    assert!(!errors.is_empty(), "refused without saying why");
    for e in errors {
        assert!(ok(&e.field, e.key), "undocumented refusal {e:?}");
    }
}

pub fn contact_kind(field: &str, key: ErrorKey) -> bool {
    use ErrorKey::*;
    match field {
        "name" => matches!(key, Required | TooLong { max: 100 }),
        "organisation" => key == TooLong { max: 120 },
        "email" => matches!(key, Required | TooLong { max: 254 } | EmailInvalid),
        "phone" => matches!(key, TooLong { max: 30 } | PhoneInvalid),
        _ => false,
    }
}

pub fn grant_kind(field: &str, key: ErrorKey) -> bool {
    use ErrorKey::*;
    match field {
        "categories" => matches!(key, CategoryUnknown | CategoryRequired),
        "purpose" => key == PurposeUnknown,
        "until" => matches!(key, DateInvalid | GrantEndsBeforeStart | GrantTooLong { years: 2 }),
        _ => false,
    }
}

pub fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}
