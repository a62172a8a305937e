//! The road back: the calendar the law sets for a return to work, one rule
//! set per country. Each milestone has a due date counted from the first
//! day of sick leave, a responsible party, what "done" means, and one plain
//! sentence for the worker (the texts live in the locales, `text.rs` maps
//! them). A rule set is data plus the few counting functions below, so a
//! third country is a new variant, its rules and its texts.
//!
//! Counting (each rule says which it uses):
//! - a week of absence: week 1 is days 1 to 7, day 1 being the first day
//!   of sickness; "by week 6" is the last day of week 6 (day 42);
//! - calendar days and months of absence, day 1 being the first day;
//! - Finnish sickness-allowance days: Monday to Saturday except Finnish
//!   public holidays, after a waiting period of the first day of sickness
//!   and the nine such days that follow.

use super::ids::stable_ids;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

stable_ids! {
    /// Whose law sets the calendar of a case.
    pub enum Country {
        Netherlands = "nl",
        Finland = "fi",
    }
}

impl Country {
    /// The default for a new case, from the language the worker reads.
    pub fn for_language(lang: &str) -> Country {
        match lang {
            "nl" => Country::Netherlands,
            _ => Country::Finland,
        }
    }
}

stable_ids! {
    /// Every milestone of every rule set; the id is stored when one is
    /// marked done.
    pub enum Milestone {
        // The Netherlands (Wet verbetering poortwachter).
        NlSickReport = "nl_sick_report",
        NlProblemAnalysis = "nl_problem_analysis",
        NlPlanOfAction = "nl_plan_of_action",
        NlUwvReport = "nl_uwv_report",
        NlFirstYearEvaluation = "nl_first_year_evaluation",
        NlReintegrationReport = "nl_reintegration_report",
        NlWiaApplication = "nl_wia_application",
        NlWagePaymentEnds = "nl_wage_payment_ends",
        // Finland (the 30-60-90 rule).
        FiTellOccupationalHealth = "fi_tell_occupational_health",
        FiKelaApplication = "fi_kela_application",
        FiWorkAbilityStatement = "fi_work_ability_statement",
        FiRehabilitation150 = "fi_rehabilitation_150",
        FiRehabilitation230 = "fi_rehabilitation_230",
        FiAllowanceEnds = "fi_allowance_ends",
    }
}

stable_ids! {
    /// Who must see to a milestone.
    pub enum Responsible {
        Worker = "worker",
        Employer = "employer",
        OccupationalPhysician = "occupational_physician",
        /// UWV or Kela, through its insurance physician.
        InsurancePhysician = "insurance_physician",
        /// The case's coordinator.
        Coordinator = "coordinator",
    }
}

/// How a rule counts to its due date from the first day of sick leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The last day of week `n` of absence.
    EndOfWeek(u32),
    /// Calendar day `n` of absence.
    Day(u32),
    /// `n` calendar months after the first day (the same day of the month,
    /// or the month's last day when it has no such day).
    Months(u32),
    /// The `n`th Finnish sickness-allowance day.
    AllowanceDay(u32),
}

/// How a milestone becomes done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// The responsible person (or the worker) marks it, with a date.
    ByPerson,
    /// The portal sees it: the occupational physician's first work-ability statement.
    FirstWorkAbilityStatement,
    /// The portal sees it: the plan of action agreed by worker and employer.
    PlanAgreed,
    /// A date to know, nothing to do (the end of wage payment or allowance).
    DateOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub milestone: Milestone,
    pub due: Due,
    pub responsible: Responsible,
    pub done: Done,
    /// The employer sees this milestone's date and status (their own part
    /// of the calendar); never a clinical one.
    pub employer_sees: bool,
}

/// The rule set of `country`, in due-date order.
pub fn rules(country: Country) -> &'static [Rule] {
    match country {
        Country::Netherlands => NETHERLANDS,
        Country::Finland => FINLAND,
    }
}

impl Milestone {
    /// The country whose rule set holds this milestone.
    pub fn country(self) -> Country {
        if self.id().starts_with("nl_") {
            Country::Netherlands
        } else {
            Country::Finland
        }
    }
}

/// The Netherlands: the Wet verbetering poortwachter (Gatekeeper Improvement
/// Act, 2002), which wrote the steps into the Civil Code (BW 7:629, 7:658a),
/// the Ziektewet and the WIA; the Regeling procesgang eerste en tweede
/// ziektejaar fills in the problem analysis, the plan of action and the
/// first-year evaluation. The weeks follow UWV's "Tijdpad Wet verbetering
/// poortwachter". All counted in weeks of absence, week 1 starting on the
/// first day of sickness.
static NETHERLANDS: &[Rule] = &[
    // Tijdpad, week 1: the employer reports the absence to the occupational
    // health service (arbodienst) or its own occupational physician (Arbowet
    // art. 14: the employer is supported by them in guiding sick workers).
    Rule {
        milestone: Milestone::NlSickReport,
        due: Due::EndOfWeek(1),
        responsible: Responsible::Employer,
        done: Done::ByPerson,
        employer_sees: true,
    },
    // Regeling procesgang: the occupational physician's problem analysis by
    // week 6. Clinical work: the employer gets the advice through the plan
    // of action, not this milestone.
    Rule {
        milestone: Milestone::NlProblemAnalysis,
        due: Due::EndOfWeek(6),
        responsible: Responsible::OccupationalPhysician,
        done: Done::FirstWorkAbilityStatement,
        employer_sees: false,
    },
    // Regeling procesgang: employer and worker agree the plan of action
    // within two weeks of the problem analysis (week 8) and name a case
    // manager; BW 7:658a obliges the employer to draw it up.
    Rule {
        milestone: Milestone::NlPlanOfAction,
        due: Due::EndOfWeek(8),
        responsible: Responsible::Employer,
        done: Done::PlanAgreed,
        employer_sees: true,
    },
    // Ziektewet art. 38: the employer reports the sickness to UWV after 42
    // weeks (the "42nd-week report").
    Rule {
        milestone: Milestone::NlUwvReport,
        due: Due::EndOfWeek(42),
        responsible: Responsible::Employer,
        done: Done::ByPerson,
        employer_sees: true,
    },
    // Regeling procesgang: employer and worker evaluate the first year and
    // the goal of the return (around week 52).
    Rule {
        milestone: Milestone::NlFirstYearEvaluation,
        due: Due::EndOfWeek(52),
        responsible: Responsible::Employer,
        done: Done::ByPerson,
        employer_sees: true,
    },
    // WIA art. 25 and the Tijdpad: the employer draws up the reintegration
    // report (re-integratieverslag) for the WIA application, around week 87
    // when UWV sends the worker the application form.
    Rule {
        milestone: Milestone::NlReintegrationReport,
        due: Due::EndOfWeek(87),
        responsible: Responsible::Employer,
        done: Done::ByPerson,
        employer_sees: true,
    },
    // WIA art. 64: the worker applies for WIA no later than 13 weeks before
    // the waiting time of 104 weeks ends (week 91). The worker applies, but
    // the employer sees it: the application carries the employer's
    // reintegration report, a late one postpones the end of the waiting time
    // and with it of the wage payment, and the date says nothing clinical.
    Rule {
        milestone: Milestone::NlWiaApplication,
        due: Due::EndOfWeek(91),
        responsible: Responsible::Worker,
        done: Done::ByPerson,
        employer_sees: true,
    },
    // BW 7:629: wages are paid for 104 weeks of sickness; the due date is
    // the last day of week 104, the WIA waiting time (WIA art. 23) ends.
    Rule {
        milestone: Milestone::NlWagePaymentEnds,
        due: Due::EndOfWeek(104),
        responsible: Responsible::Employer,
        done: Done::DateOnly,
        employer_sees: true,
    },
];

/// Finland: the 30-60-90 rule of the sairausvakuutuslaki (Health Insurance
/// Act, SVL 1224/2004) and the työterveyshuoltolaki (Occupational Health Care
/// Act, 1383/2001), as Kela explains them on its pages on sairauspäiväraha and
/// the 30-60-90 rule. Sickness allowance is paid for at most 300 allowance
/// days (SVL ch. 8). The employer sees only its own part: the rest concerns
/// the worker's allowance and health.
static FINLAND: &[Rule] = &[
    // Day 30 of absence, calendar days: the employer tells occupational
    // health about the absence (työterveyshuoltolaki 10 §, "when the
    // absence has lasted a month"; Kela's 30-60-90 rule says 30 days).
    Rule {
        milestone: Milestone::FiTellOccupationalHealth,
        due: Due::Day(30),
        responsible: Responsible::Employer,
        done: Done::ByPerson,
        employer_sees: true,
    },
    // Day 60: the application for sickness allowance must reach Kela within
    // two months of the start of incapacity (SVL ch. 15); days more than two
    // months before a late application are not paid. The worker's own
    // business with Kela.
    Rule {
        milestone: Milestone::FiKelaApplication,
        due: Due::Months(2),
        responsible: Responsible::Worker,
        done: Done::ByPerson,
        employer_sees: false,
    },
    // Day 90: once 90 allowance days have been paid, allowance continues
    // only with occupational health's statement of the remaining work
    // ability and of continuing at work (SVL ch. 8; työterveyshuoltolaki
    // 12 §). Marked by a person, not taken from the portal: it is a statement
    // to Kela, and the case may hold earlier work-ability statements.
    Rule {
        milestone: Milestone::FiWorkAbilityStatement,
        due: Due::AllowanceDay(90),
        responsible: Responsible::OccupationalPhysician,
        done: Done::ByPerson,
        employer_sees: false,
    },
    // Kela looks at the need for rehabilitation as the allowance days add up
    // (Kela's pages on sairauspäiväraha and kuntoutus): around 150 days ...
    Rule {
        milestone: Milestone::FiRehabilitation150,
        due: Due::AllowanceDay(150),
        responsible: Responsible::InsurancePhysician,
        done: Done::ByPerson,
        employer_sees: false,
    },
    // ... and around 230 days, when the end of the allowance is in sight and
    // rehabilitation or a disability pension must be planned.
    Rule {
        milestone: Milestone::FiRehabilitation230,
        due: Due::AllowanceDay(230),
        responsible: Responsible::InsurancePhysician,
        done: Done::ByPerson,
        employer_sees: false,
    },
    // SVL ch. 8: at most 300 allowance days (counted here from this sick
    // leave only; earlier allowance days in the past two years shorten it).
    Rule {
        milestone: Milestone::FiAllowanceEnds,
        due: Due::AllowanceDay(FI_MAX_ALLOWANCE_DAYS),
        responsible: Responsible::Worker,
        done: Done::DateOnly,
        employer_sees: false,
    },
];

/// At most this many Finnish sickness-allowance days are paid (SVL ch. 8).
pub const FI_MAX_ALLOWANCE_DAYS: u32 = 300;

/// The waiting period (omavastuuaika, SVL ch. 8) is the first day of
/// sickness and this many allowance-countable days after it.
const FI_WAITING_DAYS_AFTER_FIRST: u32 = 9;

/// The due date of `due` for sick leave that started on `start`.
///
/// `Day(0)` and `EndOfWeek(0)` are the first day; `AllowanceDay(0)` is the
/// last day of the waiting period. Dates past chrono's range are its last day.
pub fn due_date(due: Due, start: NaiveDate) -> NaiveDate {
    match due {
        Due::EndOfWeek(n) => plus_days(start, (7 * u64::from(n)).saturating_sub(1)),
        Due::Day(n) => plus_days(start, u64::from(n).saturating_sub(1)),
        // Clamps to the month's end: 31 December + 2 months = 28/29 February.
        Due::Months(n) => start.checked_add_months(Months::new(n)).unwrap_or(NaiveDate::MAX),
        Due::AllowanceDay(n) => fi_countable_after(start).nth(allowance_day_index(n)).unwrap_or(NaiveDate::MAX),
    }
}

/// Allowance day n is the (9 + n)th countable day after the first day.
fn allowance_day_index(n: u32) -> usize {
    FI_WAITING_DAYS_AFTER_FIRST.saturating_add(n).saturating_sub(1) as usize
}

fn plus_days(start: NaiveDate, n: u64) -> NaiveDate {
    start.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// The days after `start` that count as Finnish sickness-allowance days
/// (arkipäivä in SVL: Monday to Saturday, not a public holiday). The first
/// day of sickness itself is never among them: it is always the first day
/// of the waiting period, even on a Sunday or a holiday, as Kela counts it.
fn fi_countable_after(start: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    start.iter_days().skip(1).filter(|d| d.weekday() != Weekday::Sun && !fi_public_holiday(*d))
}

/// Where the worker is on the road on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// Day of absence, 1 on the first day of sickness (0 before it).
    pub day: u32,
    /// Week of absence, 1 in days 1 to 7.
    pub week: u32,
    /// Finland: the sickness-allowance day reached (0 in the waiting period).
    pub allowance_day: Option<u32>,
}

/// Where the worker is on `today` (the caller's clock: this reads none).
/// The allowance day stops at the last one, 300.
pub fn position(country: Country, start: NaiveDate, today: NaiveDate) -> Position {
    let day = if today < start { 0 } else { u32::try_from((today - start).num_days() + 1).unwrap_or(u32::MAX) };
    let week = if day == 0 { 0 } else { (day - 1) / 7 + 1 };
    let allowance_day = match country {
        Country::Netherlands => None,
        Country::Finland => {
            let most = (FI_WAITING_DAYS_AFTER_FIRST + FI_MAX_ALLOWANCE_DAYS) as usize;
            let countable = fi_countable_after(start).take_while(|d| *d <= today).take(most).count() as u32;
            Some(countable.saturating_sub(FI_WAITING_DAYS_AFTER_FIRST))
        }
    };
    Position { day, week, allowance_day }
}

/// Finnish public holidays: the church holidays, May Day, Independence Day,
/// Midsummer Eve and Christmas Eve, the days SVL does not count as
/// allowance days. Answers for any day; the Sundays among them (Easter,
/// Whitsunday) do not count anyway.
pub fn fi_public_holiday(d: NaiveDate) -> bool {
    let (month, day, weekday) = (d.month(), d.day(), d.weekday());
    // New Year, Epiphany, May Day, Independence Day, Christmas Eve, Christmas, Boxing Day.
    let fixed = matches!((month, day), (1, 1) | (1, 6) | (5, 1) | (12, 6) | (12, 24) | (12, 25) | (12, 26));
    // Good Friday, Easter Sunday, Easter Monday, Ascension Day, Whitsunday:
    // all between 20 March and 13 June, so Easter is worked out only then.
    let from_easter =
        (3..=6).contains(&month) && matches!((d - easter_sunday(d.year())).num_days(), -2 | 0 | 1 | 39 | 49);
    // Midsummer Eve, the Friday of 19-25 June, and Midsummer Day, the Saturday after it.
    let midsummer = month == 6
        && match weekday {
            Weekday::Fri => (19..=25).contains(&day),
            Weekday::Sat => (20..=26).contains(&day),
            _ => false,
        };
    // All Saints' Day, the Saturday of 31 October to 6 November.
    let all_saints = weekday == Weekday::Sat && ((month, day) == (10, 31) || (month == 11 && day <= 6));
    fixed || from_easter || midsummer || all_saints
}

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous
/// Gregorian computus of Meeus, Jones and Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let (b, c) = (year.div_euclid(100), year.rem_euclid(100));
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // Always 22 March to 25 April.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Milestone::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Every milestone of `country`'s rule set, in order, due on the date the
    /// table says for sick leave from `start`.
    fn assert_dues(country: Country, start: &str, table: &[(Milestone, &str)]) {
        let start = date(start);
        let got: Vec<(Milestone, NaiveDate)> =
            rules(country).iter().map(|r| (r.milestone, due_date(r.due, start))).collect();
        let want: Vec<(Milestone, NaiveDate)> = table.iter().map(|(m, d)| (*m, date(d))).collect();
        assert_eq!(got, want, "{country} from {start}");
    }

    // The expected dates below were counted by hand on the calendar, not
    // with this code:
    // - the Netherlands: the end of week n is start + 7n - 1 days, so from
    //   a Monday every due date is a Sunday, from a Friday a Thursday, from a
    //   Wednesday a Tuesday; counted on in weeks from the first day;
    // - Finland, day 30 is start + 29 days and two months the same day of
    //   the month two months on; allowance days counted Monday to Saturday on
    //   the 2026-2028 calendars, six a full week, less the holidays that fall
    //   on those days (listed in `holidays_of_2026_and_2027`), after the
    //   first day and nine countable days of waiting. Each is shown for day
    //   90 below; 150, 230 and 300 were counted the same way and cross-checked
    //   with a separate script that holds the holidays as a literal list.
    //
    // Sources, the same in each table: NlSickReport, week 1 (UWV's Tijdpad);
    // NlProblemAnalysis, week 6 and NlPlanOfAction, week 8 (Regeling
    // procesgang eerste en tweede ziektejaar); NlUwvReport, week 42
    // (Ziektewet art. 38); NlFirstYearEvaluation, week 52 (Regeling
    // procesgang); NlReintegrationReport, week 87 (WIA art. 25, Tijdpad);
    // NlWiaApplication, week 91 (WIA art. 64); NlWagePaymentEnds, week 104
    // (BW 7:629). FiTellOccupationalHealth, day 30 (työterveyshuoltolaki 10
    // §, Kela's 30-60-90); FiKelaApplication, two months (SVL ch. 15);
    // FiWorkAbilityStatement, allowance day 90 (SVL ch. 8,
    // työterveyshuoltolaki 12 §); FiRehabilitation150 and 230 (Kela);
    // FiAllowanceEnds, allowance day 300 (SVL ch. 8).

    /// Sick from Monday 2 March 2026.
    #[test]
    fn a_start_on_a_monday() {
        assert_dues(
            Country::Netherlands,
            "2026-03-02",
            &[
                (NlSickReport, "2026-03-08"),
                (NlProblemAnalysis, "2026-04-12"),
                (NlPlanOfAction, "2026-04-26"),
                (NlUwvReport, "2026-12-20"),
                (NlFirstYearEvaluation, "2027-02-28"),
                (NlReintegrationReport, "2027-10-31"),
                (NlWiaApplication, "2027-11-28"),
                (NlWagePaymentEnds, "2028-02-27"),
            ],
        );
        // Waiting: Mon 2 March, then Tue 3 to Sat 7 (5) and Mon 9 to Thu 12
        // (4). Allowance days: Fri 13 and Sat 14 March (2); 16-21, 23-28
        // March (14); 30 March - 4 April less Good Friday (19); 7-11 April
        // after Easter Monday (24); 13-18, 20-25 April (36); 27 April - 2
        // May less May Day (41); 4-9 May (47); 11-16 May less Ascension
        // (52); 18-23 May, 25-30 May, 1-6 June, 8-13 June (76); 15-20 June
        // less Midsummer Eve and Day (80); 22-27 June (86); Mon 29 June to
        // Thu 2 July: day 90.
        assert_dues(
            Country::Finland,
            "2026-03-02",
            &[
                (FiTellOccupationalHealth, "2026-03-31"),
                (FiKelaApplication, "2026-05-02"),
                (FiWorkAbilityStatement, "2026-07-02"),
                (FiRehabilitation150, "2026-09-10"),
                (FiRehabilitation230, "2026-12-14"),
                (FiAllowanceEnds, "2027-03-11"),
            ],
        );
    }

    /// Sick from Friday 12 June 2026: Midsummer falls in the waiting period.
    #[test]
    fn a_start_on_a_friday() {
        assert_dues(
            Country::Netherlands,
            "2026-06-12",
            &[
                (NlSickReport, "2026-06-18"),
                (NlProblemAnalysis, "2026-07-23"),
                (NlPlanOfAction, "2026-08-06"),
                (NlUwvReport, "2027-04-01"),
                (NlFirstYearEvaluation, "2027-06-10"),
                (NlReintegrationReport, "2028-02-10"),
                (NlWiaApplication, "2028-03-09"),
                (NlWagePaymentEnds, "2028-06-08"),
            ],
        );
        // Waiting: Fri 12 June, then Sat 13, Mon 15 to Thu 18 (5), not Fri 19
        // and Sat 20 (Midsummer), Mon 22 to Thu 25 (9). Allowance days: Fri
        // 26 and Sat 27 June (2); fourteen full weeks from Mon 29 June to Sat
        // 3 October (86); Mon 5 to Thu 8 October: day 90.
        assert_dues(
            Country::Finland,
            "2026-06-12",
            &[
                (FiTellOccupationalHealth, "2026-07-11"),
                (FiKelaApplication, "2026-08-12"),
                (FiWorkAbilityStatement, "2026-10-08"),
                (FiRehabilitation150, "2026-12-18"),
                (FiRehabilitation230, "2027-03-30"),
                (FiAllowanceEnds, "2027-06-22"),
            ],
        );
    }

    /// Sick from Wednesday 16 December 2026: Christmas in the waiting period,
    /// New Year and Epiphany among the first allowance days.
    #[test]
    fn a_start_across_the_year_end() {
        assert_dues(
            Country::Netherlands,
            "2026-12-16",
            &[
                (NlSickReport, "2026-12-22"),
                (NlProblemAnalysis, "2027-01-26"),
                (NlPlanOfAction, "2027-02-09"),
                (NlUwvReport, "2027-10-05"),
                (NlFirstYearEvaluation, "2027-12-14"),
                (NlReintegrationReport, "2028-08-15"),
                (NlWiaApplication, "2028-09-12"),
                (NlWagePaymentEnds, "2028-12-12"),
            ],
        );
        // Waiting: Wed 16 December, then Thu 17 to Wed 23 (6), not 24-26
        // December, Mon 28 to Wed 30 (9). Allowance days: Thu 31 December
        // (1), not New Year's Day, Sat 2 January (2); 4-9 January less
        // Epiphany (7); ten full weeks 11 January - 20 March (67); 22-27 March
        // less Good Friday (72); 29 March - 3 April less Easter Monday (77);
        // 5-10 April, 12-17 April (89); Mon 19 April: day 90.
        assert_dues(
            Country::Finland,
            "2026-12-16",
            &[
                (FiTellOccupationalHealth, "2027-01-14"),
                (FiKelaApplication, "2027-02-16"),
                (FiWorkAbilityStatement, "2027-04-19"),
                (FiRehabilitation150, "2027-07-02"),
                (FiRehabilitation230, "2027-10-04"),
                (FiAllowanceEnds, "2027-12-29"),
            ],
        );
    }

    /// A first day on a Sunday or a holiday is still the first waiting day.
    #[test]
    fn a_start_on_a_sunday_or_a_holiday() {
        // Sunday 1 March 2026, then Mon 2 to Sat 7 (6) and Mon 9 to Wed 11
        // (9): allowance day 1 is Thu 12 March, a day before the Monday
        // start's.
        let sunday = date("2026-03-01");
        assert_eq!(due_date(Due::AllowanceDay(0), sunday), date("2026-03-11"));
        assert_eq!(due_date(Due::AllowanceDay(1), sunday), date("2026-03-12"));
        assert_eq!(due_date(Due::AllowanceDay(90), sunday), date("2026-07-01"));
        // Christmas Eve, Thursday 24 December 2026; not 25, 26 December; Mon
        // 28 to Thu 31 (4); not 1 January; Sat 2, Mon 4, Tue 5 (7); not
        // Epiphany; Thu 7, Fri 8 (9): allowance day 1 is Sat 9 January.
        let christmas_eve = date("2026-12-24");
        assert_eq!(due_date(Due::AllowanceDay(1), christmas_eve), date("2027-01-09"));
        assert_eq!(due_date(Due::AllowanceDay(2), christmas_eve), date("2027-01-11"));
        assert_eq!(due_date(Due::AllowanceDay(90), christmas_eve), date("2027-04-26"));
        // Weeks and calendar days do not care about the day of the week.
        assert_eq!(due_date(Due::EndOfWeek(1), sunday), date("2026-03-07"));
        assert_eq!(due_date(Due::Day(30), christmas_eve), date("2027-01-22"));
    }

    #[test]
    fn months_end_on_the_same_day_or_the_last_of_the_month() {
        let cases = [
            ("2026-12-31", 1, "2027-01-31"),
            ("2026-12-31", 2, "2027-02-28"),
            ("2027-12-31", 2, "2028-02-29"),
            ("2026-12-31", 12, "2027-12-31"),
            ("2026-11-30", 2, "2027-01-30"),
            ("2026-11-30", 3, "2027-02-28"),
            ("2026-03-02", 2, "2026-05-02"),
        ];
        for (start, n, want) in cases {
            assert_eq!(due_date(Due::Months(n), date(start)), date(want), "{start} + {n} months");
        }
    }

    #[test]
    fn day_one_and_week_one_begin_on_the_first_day() {
        let start = date("2026-03-02");
        assert_eq!(due_date(Due::Day(1), start), start);
        assert_eq!(due_date(Due::Day(0), start), start);
        assert_eq!(due_date(Due::EndOfWeek(0), start), start);
        assert_eq!(due_date(Due::Day(30), start), date("2026-03-31"));
        assert_eq!(due_date(Due::EndOfWeek(2), start), date("2026-03-15"));
    }

    #[test]
    fn position_counts_days_weeks_and_allowance_days() {
        // Sick from Monday 2 March 2026 (waiting until Thu 12 March).
        let start = date("2026-03-02");
        let cases = [
            ("2026-03-01", 0, 0, 0),   // before the first day
            ("2026-03-02", 1, 1, 0),   // the first day
            ("2026-03-08", 7, 1, 0),   // Sunday, the last day of week 1
            ("2026-03-09", 8, 2, 0),   // week 2
            ("2026-03-12", 11, 2, 0),  // the last waiting day
            ("2026-03-13", 12, 2, 1),  // allowance day 1
            ("2026-03-15", 14, 2, 2),  // a Sunday adds none
            ("2026-03-16", 15, 3, 3),  // Monday
            ("2026-04-04", 34, 5, 19), // Saturday before Easter
            ("2026-04-06", 36, 6, 19), // Easter Monday adds none
            ("2026-07-02", 123, 18, 90),
            ("2027-03-11", 375, 54, 300), // the last allowance day
            ("2030-01-01", 1402, 201, 300),
        ];
        for (today, day, week, allowance) in cases {
            let want = Position { day, week, allowance_day: Some(allowance) };
            assert_eq!(position(Country::Finland, start, date(today)), want, "{today}");
            let want = Position { allowance_day: None, ..want };
            assert_eq!(position(Country::Netherlands, start, date(today)), want, "{today}");
        }
        // Across the year end: sick from Wednesday 16 December 2026.
        let start = date("2026-12-16");
        let cases = [("2026-12-30", 0), ("2026-12-31", 1), ("2027-01-01", 1), ("2027-01-02", 2), ("2027-01-07", 5)];
        for (today, allowance) in cases {
            assert_eq!(position(Country::Finland, start, date(today)).allowance_day, Some(allowance), "{today}");
        }
    }

    #[test]
    fn easter_by_the_gregorian_computus() {
        // Published Easter dates, including the earliest (22 March) and the
        // latest (25 April) possible.
        for want in [
            "2026-04-05",
            "2027-03-28",
            "2028-04-16",
            "2025-04-20",
            "2024-03-31",
            "2019-04-21",
            "2011-04-24",
            "2008-03-23",
            "2000-04-23",
            "2038-04-25",
            "2285-03-22",
        ] {
            let want = date(want);
            assert_eq!(easter_sunday(want.year()), want);
        }
    }

    /// All the Finnish public holidays of two years, from the calendar.
    #[test]
    fn holidays_of_2026_and_2027() {
        let years = [
            (
                2026,
                [
                    "2026-01-01", // New Year's Day
                    "2026-01-06", // Epiphany
                    "2026-04-03", // Good Friday
                    "2026-04-05", // Easter Sunday
                    "2026-04-06", // Easter Monday
                    "2026-05-01", // May Day
                    "2026-05-14", // Ascension Day
                    "2026-05-24", // Whitsunday
                    "2026-06-19", // Midsummer Eve
                    "2026-06-20", // Midsummer Day
                    "2026-10-31", // All Saints' Day
                    "2026-12-06", // Independence Day
                    "2026-12-24", // Christmas Eve
                    "2026-12-25", // Christmas Day
                    "2026-12-26", // Boxing Day
                ],
            ),
            (
                2027,
                [
                    "2027-01-01",
                    "2027-01-06",
                    "2027-03-26",
                    "2027-03-28",
                    "2027-03-29",
                    "2027-05-01",
                    "2027-05-06",
                    "2027-05-16",
                    "2027-06-25",
                    "2027-06-26",
                    "2027-11-06",
                    "2027-12-06",
                    "2027-12-24",
                    "2027-12-25",
                    "2027-12-26",
                ],
            ),
        ];
        for (year, want) in years {
            let got: Vec<NaiveDate> = date(&format!("{year}-01-01"))
                .iter_days()
                .take_while(|d| d.year() == year)
                .filter(|d| fi_public_holiday(*d))
                .collect();
            assert_eq!(got, want.map(date).to_vec(), "{year}");
        }
    }

    #[test]
    fn midsummer_and_all_saints_move_with_the_weekday() {
        for (eve, day, all_saints) in [
            ("2025-06-20", "2025-06-21", "2025-11-01"),
            ("2028-06-23", "2028-06-24", "2028-11-04"),
            ("2029-06-22", "2029-06-23", "2029-11-03"),
        ] {
            for d in [eve, day, all_saints] {
                assert!(fi_public_holiday(date(d)), "{d}");
            }
            // The same weekdays a week before and after are ordinary days.
            for d in [eve, day, all_saints] {
                assert!(!fi_public_holiday(date(d) - Days::new(7)), "a week before {d}");
                assert!(!fi_public_holiday(date(d) + Days::new(7)), "a week after {d}");
            }
        }
        assert!(!fi_public_holiday(date("2026-06-26")), "a Friday after Midsummer");
        assert!(!fi_public_holiday(date("2027-10-30")), "a Saturday before All Saints");
    }

    #[test]
    fn every_milestone_is_in_its_country_s_rule_set_once() {
        let mut seen: Vec<Milestone> = Vec::new();
        for country in Country::ALL {
            for rule in rules(*country) {
                assert_eq!(rule.milestone.country(), *country, "{}", rule.milestone);
                seen.push(rule.milestone);
            }
        }
        seen.sort();
        assert_eq!(seen, Milestone::ALL.to_vec());
    }

    /// In due-date order whatever the first day, across three years of starts.
    #[test]
    fn the_road_has_each_rule_s_own_due_date() {
        // road() counts Finland's allowance days once for all rules.
        for start in date("2026-01-01").iter_days().take(3 * 366) {
            for country in Country::ALL {
                let lines = road(*country, start, start, &[], Seen::default());
                let dues: Vec<NaiveDate> = rules(*country).iter().map(|r| due_date(r.due, start)).collect();
                assert_eq!(lines.iter().map(|l| l.due).collect::<Vec<_>>(), dues, "{country} from {start}");
            }
        }
    }

    #[test]
    fn rules_are_in_due_date_order() {
        for start in date("2026-01-01").iter_days().take(3 * 366) {
            for country in Country::ALL {
                let dues: Vec<NaiveDate> = rules(*country).iter().map(|r| due_date(r.due, start)).collect();
                assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{country} from {start}: {dues:?}");
            }
        }
    }

    /// The employer sees its own part of the calendar, never a clinical step
    /// nor the worker's business with Kela.
    #[test]
    fn the_employer_sees_no_clinical_milestone() {
        for rule in rules(Country::Netherlands).iter().chain(rules(Country::Finland)) {
            let clinical =
                matches!(rule.responsible, Responsible::OccupationalPhysician | Responsible::InsurancePhysician);
            if clinical {
                assert!(!rule.employer_sees, "{}", rule.milestone);
            }
        }
        let finnish_seen: Vec<Milestone> =
            rules(Country::Finland).iter().filter(|r| r.employer_sees).map(|r| r.milestone).collect();
        assert_eq!(finnish_seen, [FiTellOccupationalHealth]);
    }
}

// --- Where a case stands on its road ------------------------------------------

/// Who marked a milestone done.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub enum MarkedBy {
    Worker,
    Participant {
        name: String,
        role: super::Role,
    },
    /// The portal saw the step itself (a statement written, a plan agreed).
    Portal,
}

/// A milestone marked done, on the day it was done.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Mark {
    pub milestone: Milestone,
    pub done_on: NaiveDate,
    pub by: MarkedBy,
}

/// What the portal saw happen, for the milestones it marks itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    /// The day of the occupational physician's first work-ability statement.
    pub first_work_ability: Option<NaiveDate>,
    /// The day the plan of action was agreed by both.
    pub plan_agreed: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MilestoneState {
    Done,
    /// Its day has passed and it is not done.
    Overdue,
    /// Due within `DUE_SOON_DAYS`.
    DueSoon,
    Upcoming,
    /// A date to know that has come.
    DatePassed,
}

/// Due within this many days is "soon" on the timeline.
pub const DUE_SOON_DAYS: i64 = 14;
/// The reminder before a due date goes out this many days ahead.
pub const REMIND_BEFORE_DAYS: i64 = 7;

/// One milestone of a case, as a reader's timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MilestoneLine {
    pub milestone: Milestone,
    pub responsible: Responsible,
    pub due: NaiveDate,
    pub state: MilestoneState,
    pub done: Option<Mark>,
    /// A date to know, nothing to do.
    pub date_only: bool,
    /// The portal marks it when it sees the step.
    pub by_portal: bool,
    /// The reader may mark it done (the permission table decided).
    pub may_mark: bool,
}

/// The road of one case on `today`: every milestone of its country's rule
/// set with its state; a milestone is done by its newest mark or by what the
/// portal saw, whichever came first.
pub fn road(country: Country, start: NaiveDate, today: NaiveDate, marks: &[Mark], seen: Seen) -> Vec<MilestoneLine> {
    // Finland's allowance days are counted once for all its rules: day by
    // day for each rule was most of a page's time on a Finnish case.
    let countable: Vec<NaiveDate> = match country {
        Country::Finland => {
            fi_countable_after(start).take((FI_WAITING_DAYS_AFTER_FIRST + FI_MAX_ALLOWANCE_DAYS) as usize).collect()
        }
        Country::Netherlands => Vec::new(),
    };
    rules(country)
        .iter()
        .map(|r| {
            let due = match r.due {
                Due::AllowanceDay(n) => {
                    countable.get(allowance_day_index(n)).copied().unwrap_or_else(|| due_date(r.due, start))
                }
                other => due_date(other, start),
            };
            let marked = marks.iter().rev().find(|m| m.milestone == r.milestone).cloned();
            let saw = match r.done {
                Done::FirstWorkAbilityStatement => seen.first_work_ability,
                Done::PlanAgreed => seen.plan_agreed,
                Done::ByPerson | Done::DateOnly => None,
            }
            .map(|on| Mark { milestone: r.milestone, done_on: on, by: MarkedBy::Portal });
            let done = match (marked, saw) {
                (Some(m), Some(s)) => Some(if s.done_on < m.done_on { s } else { m }),
                (m, s) => m.or(s),
            };
            let date_only = r.done == Done::DateOnly;
            let state = match (&done, date_only) {
                (_, true) if today > due => MilestoneState::DatePassed,
                (Some(_), false) => MilestoneState::Done,
                _ if today > due => MilestoneState::Overdue,
                _ if (due - today).num_days() <= DUE_SOON_DAYS => MilestoneState::DueSoon,
                _ => MilestoneState::Upcoming,
            };
            MilestoneLine {
                milestone: r.milestone,
                responsible: r.responsible,
                due,
                state,
                done: if date_only { None } else { done },
                date_only,
                by_portal: matches!(r.done, Done::FirstWorkAbilityStatement | Done::PlanAgreed),
                may_mark: false,
            }
        })
        .collect()
}

/// The rule of `milestone` in its country's set.
pub fn rule_of(milestone: Milestone) -> Option<&'static Rule> {
    Country::ALL.iter().flat_map(|c| rules(*c)).find(|r| r.milestone == milestone)
}

/// A case's road as one reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RoadView {
    pub country: Country,
    pub start: NaiveDate,
    pub today: NaiveDate,
    pub position: Position,
    /// In due-date order; the employer's part only, for an employer.
    pub lines: Vec<MilestoneLine>,
    /// The whole road (the worker, her care); false: the employer's part.
    pub whole: bool,
}

impl RoadView {
    /// The next step to take: the first not done, by due date.
    pub fn next(&self) -> Option<&MilestoneLine> {
        self.lines
            .iter()
            .find(|l| matches!(l.state, MilestoneState::DueSoon | MilestoneState::Upcoming) && !l.date_only)
    }

    pub fn overdue(&self) -> impl Iterator<Item = &MilestoneLine> {
        self.lines.iter().filter(|l| l.state == MilestoneState::Overdue)
    }
}

/// A milestone marked done, as a form sends it: checked against the start
/// of the sick leave and the worker's today by the service.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MarkRequest {
    pub milestone: Milestone,
    pub done_on: NaiveDate,
}

impl MarkRequest {
    pub fn parse(milestone: &str, done_on: &str) -> Result<Self, Vec<super::FieldError>> {
        use super::{ErrorKey, FieldError};
        let mut errors = Vec::new();
        let milestone = milestone
            .trim()
            .parse::<Milestone>()
            .map_err(|_| errors.push(FieldError::new("milestone", ErrorKey::MilestoneUnknown)));
        let done_on = match NaiveDate::parse_from_str(done_on.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) if done_on.trim().is_empty() => {
                errors.push(FieldError::new("done_on", ErrorKey::Required));
                None
            }
            Err(_) => {
                errors.push(FieldError::new("done_on", ErrorKey::DateInvalid));
                None
            }
        };
        match (milestone, done_on) {
            (Ok(milestone), Some(done_on)) if errors.is_empty() => Ok(MarkRequest { milestone, done_on }),
            _ => Err(errors),
        }
    }

    /// Done on a day of the sick leave: not before it started, not after today.
    pub fn check(&self, start: NaiveDate, today: NaiveDate) -> Result<(), super::FieldError> {
        use super::{ErrorKey, FieldError};
        if self.done_on < start {
            Err(FieldError::new("done_on", ErrorKey::DoneBeforeStart))
        } else if self.done_on > today {
            Err(FieldError::new("done_on", ErrorKey::DateInFuture))
        } else {
            Ok(())
        }
    }
}

/// The worker's page of the whole road.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RoadPage {
    pub case_id: super::CaseId,
    pub road: RoadView,
}
