//! Dates as each language writes them. Month names come from the
//! translation files; the order and punctuation per language live here.

use chrono::{Datelike, NaiveDate};

/// `month_names` holds the twelve month names of the reader's language.
pub fn format_date(lang: &str, date: NaiveDate, month_names: &[&str; 12]) -> String {
    let month = month_names[date.month0() as usize];
    match lang {
        // Finnish writes dates numerically: 24.11.2026.
        "fi" => format!("{}.{}.{}", date.day(), date.month(), date.year()),
        // Dutch and English: 24 november 2026 / 24 November 2026.
        _ => format!("{} {} {}", date.day(), month, date.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];

    #[test]
    fn each_language_has_its_order() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 4).unwrap();
        assert_eq!(format_date("en", d, &EN), "4 November 2026");
        assert_eq!(format_date("fi", d, &EN), "4.11.2026");
    }
}
