//! Time as the worker lives it. Every "now" and "today" comes from the
//! service's clock, read in the worker's time zone (stored on the case): a
//! grant "until 31 March" holds until the end of 31 March where the worker
//! lives. A moment (a time of day) is shown to each reader in their own
//! zone, named (`text::moment`).

use super::Timestamp;
use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// An IANA time zone, stored and sent by its name (`Europe/Helsinki`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Zone(Tz);

impl Zone {
    pub const HELSINKI: Zone = Zone(Tz::Europe__Helsinki);
    pub const AMSTERDAM: Zone = Zone(Tz::Europe__Amsterdam);
    pub const LONDON: Zone = Zone(Tz::Europe__London);

    /// The zones a worker can choose from (Europe, where the portal serves).
    pub const CHOICES: [Zone; 12] = [
        Zone(Tz::Europe__Helsinki),
        Zone(Tz::Europe__Tallinn),
        Zone(Tz::Europe__Stockholm),
        Zone(Tz::Europe__Oslo),
        Zone(Tz::Europe__Copenhagen),
        Zone(Tz::Europe__Berlin),
        Zone(Tz::Europe__Amsterdam),
        Zone(Tz::Europe__Brussels),
        Zone(Tz::Europe__Paris),
        Zone(Tz::Europe__London),
        Zone(Tz::Europe__Dublin),
        Zone(Tz::Europe__Lisbon),
    ];

    /// The city that names the zone, as people read it ("Helsinki",
    /// "New York" for `America/New_York`).
    pub fn city(self) -> String {
        self.name().rsplit('/').next().unwrap_or_default().replace('_', " ")
    }

    /// The zone a new case starts in when the worker has said nothing else:
    /// the one their language suggests.
    pub fn for_language(lang: &str) -> Zone {
        match lang {
            "fi" => Zone::HELSINKI,
            "nl" => Zone::AMSTERDAM,
            _ => Zone::LONDON,
        }
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The date and time-of-day of `t` in this zone.
    pub fn local(self, t: Timestamp) -> Option<NaiveDateTime> {
        DateTime::from_timestamp_millis(t.0).map(|utc| utc.with_timezone(&self.0).naive_local())
    }

    /// The first moment of `day` in this zone. At a daylight-saving change
    /// that skips midnight, the first moment that exists.
    pub fn start_of_day(self, day: NaiveDate) -> Timestamp {
        let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
        let local = self.0.from_local_datetime(&midnight);
        let t = local.earliest().or_else(|| {
            // Midnight skipped: the hour after it exists.
            self.0.from_local_datetime(&(midnight + chrono::Duration::hours(1))).earliest()
        });
        Timestamp(t.map(|t| t.timestamp_millis()).unwrap_or_else(|| midnight.and_utc().timestamp_millis()))
    }

    /// The end of `day` in this zone (the start of the next), exclusive: a
    /// grant "until 31 March" holds while now < end_of_day(31 March).
    pub fn end_of_day(self, day: NaiveDate) -> Timestamp {
        // The calendar's last day has no next one: it never ends.
        day.checked_add_days(Days::new(1)).map_or(Timestamp(i64::MAX), |next| self.start_of_day(next))
    }
}

impl TryFrom<String> for Zone {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse::<Tz>().map(Zone).map_err(|_| format!("unknown time zone {s:?}"))
    }
}

impl From<Zone> for String {
    fn from(z: Zone) -> String {
        z.name().to_string()
    }
}

impl std::str::FromStr for Zone {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        s.trim().parse::<Tz>().map(Zone).map_err(|_| ())
    }
}

/// "Now" for one case: the service clock's moment and the worker's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Now {
    pub at: Timestamp,
    pub zone: Zone,
}

impl Now {
    /// The worker's date today.
    pub fn today(self) -> NaiveDate {
        self.zone.local(self.at).map(|t| t.date()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> Timestamp {
        Timestamp(Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().timestamp_millis())
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_day_ends_at_local_midnight() {
        // Helsinki is UTC+3 in summer time: 31 March 2027 ends at 21:00 UTC.
        assert_eq!(Zone::HELSINKI.end_of_day(day(2027, 3, 31)), utc(2027, 3, 31, 21, 0));
        // Amsterdam in winter is UTC+1.
        assert_eq!(Zone::AMSTERDAM.end_of_day(day(2027, 1, 10)), utc(2027, 1, 10, 23, 0));
    }

    #[test]
    fn days_across_a_daylight_saving_change() {
        // Summer time starts on 28 March 2027 at 03:00 Helsinki: the 27th
        // still ends at UTC+2, the 28th already at UTC+3 (a 23-hour day).
        assert_eq!(Zone::HELSINKI.end_of_day(day(2027, 3, 27)), utc(2027, 3, 27, 22, 0));
        assert_eq!(Zone::HELSINKI.end_of_day(day(2027, 3, 28)), utc(2027, 3, 28, 21, 0));
        // And ends on 31 October 2027: a 25-hour day.
        assert_eq!(Zone::HELSINKI.start_of_day(day(2027, 10, 31)), utc(2027, 10, 30, 21, 0));
        assert_eq!(Zone::HELSINKI.end_of_day(day(2027, 10, 31)), utc(2027, 10, 31, 22, 0));
    }

    #[test]
    fn today_is_the_workers_date() {
        // 22:30 UTC on 24 November is already the 25th in Helsinki.
        let now = Now { at: utc(2026, 11, 24, 22, 30), zone: Zone::HELSINKI };
        assert_eq!(now.today(), day(2026, 11, 25));
        assert_eq!(Now { zone: Zone::LONDON, ..now }.today(), day(2026, 11, 24));
    }

    #[test]
    fn zones_travel_by_name() {
        assert_eq!(serde_json::to_string(&Zone::HELSINKI).unwrap(), "\"Europe/Helsinki\"");
        assert_eq!(serde_json::from_str::<Zone>("\"Europe/Amsterdam\"").unwrap(), Zone::AMSTERDAM);
        assert!(serde_json::from_str::<Zone>("\"Mars/Olympus\"").is_err());
        assert_eq!(Zone::for_language("nl"), Zone::AMSTERDAM);
    }
}
