//! Dates from forms: `CaseDates::parse`, and any date a form can deliver
//! through a time zone's day bounds and each language's date format.
#![no_main]

#[path = "common.rs"]
mod common;

use app::domain::dates::format_date;
use app::domain::*;
use chrono::{Months, NaiveDate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str, u32)| {
    let (start, ret, today) = input;
    let today = common::today(today);
    match CaseDates::parse(start, ret).and_then(|d| d.check(today).map(|()| d)) {
        Ok(d) => {
            let (earliest, latest) = (today - Months::new(36), today + Months::new(36));
            assert!(d.sick_leave_start >= earliest && d.sick_leave_start <= latest);
            assert!(d.expected_return.is_none_or(|r| r >= d.sick_leave_start && r <= latest));
            assert_eq!(d.expected_return.is_none(), ret.trim().is_empty());
            let again = CaseDates::parse(&d.sick_leave_start.to_string(), &common::day(d.expected_return));
            assert_eq!(again, Ok(d));
        }
        Err(errors) => {
            use ErrorKey::*;
            common::documented(&errors, |f, k| match f {
                "sick_leave_start" => matches!(k, Required | DateInvalid | DateTooFar | StartInFuture),
                "expected_return" => matches!(k, DateInvalid | DateTooFar | ReturnBeforeStart),
                _ => false,
            });
            assert_eq!(errors.iter().any(|e| e.key == Required), start.trim().is_empty());
        }
    }
    for raw in [start, ret] {
        if let Ok(d) = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") {
            for zone in Zone::CHOICES {
                assert!(zone.start_of_day(d) < zone.end_of_day(d), "{d} in {}", zone.name());
            }
            const MONTHS: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];
            for lang in ["en", "fi", "nl"] {
                assert!(!format_date(lang, d, &MONTHS).is_empty());
            }
        }
    }
});
