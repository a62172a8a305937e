//! What the care team writes about the worker: the content of three
//! categories the worker can share. A work-ability statement (what the
//! worker can and cannot do for work, never why: the six sections of the
//! Dutch Functional Abilities List, working hours with a build-up, the fit
//! note's advice), a treatment plan, and a diagnosis. Each is written by
//! one professional and never changed: a new one by the same author
//! supersedes theirs, and the old stays readable in the history. The
//! worker reads everything and may add their own view, which travels with
//! the entry.

use super::contact::own_words;
use super::ids::stable_ids;
use super::work::optional_date;
use super::{AdjustmentKind, Category, ErrorKey, FieldError, ParticipantId, Role, StatementId, Timestamp};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

stable_ids! {
    /// What a statement is: one kind per category it fills.
    pub enum StatementKind {
        WorkAbility = "work_ability",
        Treatment = "treatment",
        Diagnosis = "diagnosis",
    }
}

impl StatementKind {
    /// The category whose grant lets a participant read it.
    pub fn category(self) -> Category {
        match self {
            StatementKind::WorkAbility => Category::WorkAbility,
            StatementKind::Treatment => Category::Treatment,
            StatementKind::Diagnosis => Category::Diagnosis,
        }
    }

    pub fn of(category: Category) -> Option<Self> {
        StatementKind::ALL.iter().copied().find(|k| k.category() == category)
    }
}

stable_ids! {
    /// The six sections of the Functional Abilities List (FML), in its order.
    pub enum AbilitySection {
        /// Concentration, pace, handling stress.
        Personal = "personal",
        /// Communication, conflict, working with others.
        Social = "social",
        /// Noise, heat, light and other stimuli.
        Environment = "environment",
        /// Walking, lifting, repetitive hand work.
        Dynamic = "dynamic",
        /// Sitting, standing.
        Postures = "postures",
        /// Hours a day, days a week, time of day.
        Hours = "hours",
    }
}

stable_ids! {
    /// How limited the worker is in one section, from none to fully.
    pub enum Limit {
        None = "none",
        Slight = "slight",
        Considerable = "considerable",
        Full = "full",
    }
}

stable_ids! {
    /// The worker's view of an entry written about them.
    pub enum Stance {
        Agree = "agree",
        Partly = "partly",
        Disagree = "disagree",
    }
}

/// Limits every field states on its form.
pub const ABILITY_WORDS_MAX: usize = 500;
pub const COURSE_MAX: usize = 500;
pub const ADVICE_WORDS_MAX: usize = 300;
/// Advice rows on the form (the four fit-note boxes fit).
pub const ADVICE_ROWS: usize = 4;
/// Steps of a build-up of hours on the form.
pub const BUILD_UP_ROWS: usize = 3;
pub const HOURS_MAX: u8 = 12;
pub const DAYS_MAX: u8 = 7;
pub const TREATMENT_WHAT_MAX: usize = 500;
pub const HOW_OFTEN_MAX: usize = 100;
pub const FOR_WORK_MAX: usize = 500;
pub const DIAGNOSIS_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 1000;
pub const OWN_VIEW_MAX: usize = 500;
/// How far ahead a date on a statement may lie (a typo such as 2062).
pub const AHEAD_YEARS: u32 = 3;

/// One section of the list: its level and, when limited, what the worker
/// can and cannot do, in the professional's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct SectionAbility {
    pub section: AbilitySection,
    pub limit: Limit,
    pub words: String,
}

/// From a day on, this many hours a day and days a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct HoursStep {
    pub from: NaiveDate,
    pub hours_a_day: u8,
    pub days_a_week: u8,
}

/// One piece of advice for the workplace, as on a fit note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Advice {
    pub kind: AdjustmentKind,
    pub words: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct WorkAbility {
    /// Every section, in the list's order.
    pub sections: Vec<SectionAbility>,
    /// What the worker can work now.
    pub hours_a_day: Option<u8>,
    pub days_a_week: Option<u8>,
    /// The expected build-up, in date order.
    pub build_up: Vec<HoursStep>,
    pub advice: Vec<Advice>,
    /// The expected course, in words.
    pub course: String,
    pub next_assessment: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct TreatmentPlan {
    /// The plan in plain words.
    pub what: String,
    pub how_often: String,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub next_appointment: Option<NaiveDate>,
    /// What it means for work.
    pub for_work: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct Diagnosis {
    /// The diagnosis in words.
    pub words: String,
    /// An ICD-10 code as text (`F32.1`); no code list is shipped.
    pub code: Option<String>,
    pub summary: String,
}

/// What a statement says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StatementBody {
    WorkAbility(WorkAbility),
    Treatment(TreatmentPlan),
    Diagnosis(Diagnosis),
}

impl StatementBody {
    pub fn kind(&self) -> StatementKind {
        match self {
            StatementBody::WorkAbility(_) => StatementKind::WorkAbility,
            StatementBody::Treatment(_) => StatementKind::Treatment,
            StatementBody::Diagnosis(_) => StatementKind::Diagnosis,
        }
    }

    /// Parses a statement form (`form[field]` inputs, read into a map).
    /// Checks everything that does not depend on the day; `check_dates`
    /// does the rest where the service knows what day it is.
    pub fn parse(kind: &str, form: &BTreeMap<String, String>) -> Result<Self, Vec<FieldError>> {
        let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
        match kind.trim().parse::<StatementKind>() {
            Ok(StatementKind::WorkAbility) => WorkAbility::parse(field).map(StatementBody::WorkAbility),
            Ok(StatementKind::Treatment) => TreatmentPlan::parse(field).map(StatementBody::Treatment),
            Ok(StatementKind::Diagnosis) => Diagnosis::parse(field).map(StatementBody::Diagnosis),
            Err(()) => Err(vec![FieldError::new("kind", ErrorKey::StatementKindUnknown)]),
        }
    }

    /// Dates that must not lie in the past (a next assessment, "valid
    /// until") or absurdly far ahead, judged on the worker's `today`.
    pub fn check_dates(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let latest = today + Months::new(12 * AHEAD_YEARS);
        let earliest = today - Months::new(12 * AHEAD_YEARS);
        let mut errors = Vec::new();
        let mut ahead = |field: &str, d: Option<NaiveDate>| match d {
            Some(d) if d < today => errors.push(FieldError::new(field, ErrorKey::DateInPast)),
            Some(d) if d > latest => errors.push(FieldError::new(field, ErrorKey::DateTooFar)),
            _ => {}
        };
        match self {
            StatementBody::WorkAbility(w) => {
                ahead("next_assessment", w.next_assessment);
                ahead("valid_until", w.valid_until);
                for (i, s) in w.build_up.iter().enumerate() {
                    if s.from > latest || s.from < earliest {
                        errors.push(FieldError::new(&format!("step{}_from", i + 1), ErrorKey::DateTooFar));
                    }
                }
            }
            StatementBody::Treatment(t) => {
                ahead("next_appointment", t.next_appointment);
                for (field, d) in [("since", t.since), ("until", t.until)] {
                    if d.is_some_and(|d| d > latest || d < earliest) {
                        errors.push(FieldError::new(field, ErrorKey::DateTooFar));
                    }
                }
            }
            StatementBody::Diagnosis(_) => {}
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The form's fields that `parse` reads back into this body: a new
    /// version starts from the author's current one.
    pub fn to_form(&self) -> BTreeMap<String, String> {
        let mut f = BTreeMap::new();
        let mut put = |k: &str, v: String| {
            f.insert(k.to_string(), v);
        };
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let number = |n: Option<u8>| n.map(|n| n.to_string()).unwrap_or_default();
        match self {
            StatementBody::WorkAbility(w) => {
                for s in &w.sections {
                    let (limit, words) = section_fields(s.section);
                    put(&limit, s.limit.id().to_string());
                    put(&words, s.words.clone());
                }
                put("hours_a_day", number(w.hours_a_day));
                put("days_a_week", number(w.days_a_week));
                for (i, b) in w.build_up.iter().enumerate() {
                    put(&format!("step{}_from", i + 1), b.from.to_string());
                    put(&format!("step{}_hours", i + 1), b.hours_a_day.to_string());
                    put(&format!("step{}_days", i + 1), b.days_a_week.to_string());
                }
                for (i, a) in w.advice.iter().enumerate() {
                    put(&format!("advice{}_kind", i + 1), a.kind.id().to_string());
                    put(&format!("advice{}_words", i + 1), a.words.clone());
                }
                put("course", w.course.clone());
                put("next_assessment", date(w.next_assessment));
                put("valid_until", date(w.valid_until));
            }
            StatementBody::Treatment(t) => {
                put("what", t.what.clone());
                put("how_often", t.how_often.clone());
                put("since", date(t.since));
                put("until", date(t.until));
                put("next_appointment", date(t.next_appointment));
                put("for_work", t.for_work.clone());
            }
            StatementBody::Diagnosis(d) => {
                put("words", d.words.clone());
                put("code", d.code.clone().unwrap_or_default());
                put("summary", d.summary.clone());
            }
        }
        f
    }

    /// The workplace advice, for turning an item into an adjustment draft.
    pub fn advice(&self) -> &[Advice] {
        match self {
            StatementBody::WorkAbility(w) => &w.advice,
            _ => &[],
        }
    }
}

/// The form's field names of a section: `{section}_limit`, `{section}_words`.
pub fn section_fields(s: AbilitySection) -> (String, String) {
    (format!("{}_limit", s.id()), format!("{}_words", s.id()))
}

fn small_number(field: &str, raw: &str, max: u8, errors: &mut Vec<FieldError>) -> Option<u8> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<u8>() {
        Ok(n) if n <= max => Some(n),
        _ => {
            errors.push(FieldError::new(field, ErrorKey::NumberOutOfRange { max: max as u32 }));
            None
        }
    }
}

impl WorkAbility {
    fn parse<'a>(field: impl Fn(&str) -> &'a str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut sections = Vec::new();
        for &section in AbilitySection::ALL {
            let (limit_field, words_field) = section_fields(section);
            let limit = match field(&limit_field).trim() {
                "" => {
                    errors.push(FieldError::new(&limit_field, ErrorKey::Required));
                    continue;
                }
                raw => match raw.parse::<Limit>() {
                    Ok(l) => l,
                    Err(()) => {
                        errors.push(FieldError::new(&limit_field, ErrorKey::LimitUnknown));
                        continue;
                    }
                },
            };
            // A limit says what the worker cannot do; "no limitation" may say nothing.
            let words = own_words(field(&words_field), ABILITY_WORDS_MAX, limit != Limit::None)
                .map_err(|k| errors.push(FieldError::new(&words_field, k)))
                .unwrap_or_default();
            sections.push(SectionAbility { section, limit, words });
        }
        let hours_a_day = small_number("hours_a_day", field("hours_a_day"), HOURS_MAX, &mut errors);
        let days_a_week = small_number("days_a_week", field("days_a_week"), DAYS_MAX, &mut errors);
        let mut build_up: Vec<HoursStep> = Vec::new();
        for i in 1..=BUILD_UP_ROWS {
            let (f_from, f_hours, f_days) =
                (format!("step{i}_from"), format!("step{i}_hours"), format!("step{i}_days"));
            let (raw_from, raw_hours, raw_days) = (field(&f_from), field(&f_hours), field(&f_days));
            if [raw_from, raw_hours, raw_days].iter().all(|r| r.trim().is_empty()) {
                continue;
            }
            let from = optional_date(&f_from, raw_from, &mut errors);
            let hours = small_number(&f_hours, raw_hours, HOURS_MAX, &mut errors);
            let days = small_number(&f_days, raw_days, DAYS_MAX, &mut errors);
            // A step needs all three; name each one missing.
            for (f, raw) in [(&f_from, raw_from), (&f_hours, raw_hours), (&f_days, raw_days)] {
                if raw.trim().is_empty() {
                    errors.push(FieldError::new(f, ErrorKey::Required));
                }
            }
            if let (Some(from), Some(hours_a_day), Some(days_a_week)) = (from, hours, days) {
                if build_up.last().is_some_and(|prev| prev.from >= from) {
                    errors.push(FieldError::new(&f_from, ErrorKey::DatesOutOfOrder));
                }
                build_up.push(HoursStep { from, hours_a_day, days_a_week });
            }
        }
        let mut advice = Vec::new();
        for i in 1..=ADVICE_ROWS {
            let (f_kind, f_words) = (format!("advice{i}_kind"), format!("advice{i}_words"));
            let (raw_kind, raw_words) = (field(&f_kind).trim(), field(&f_words));
            if raw_kind.is_empty() && raw_words.trim().is_empty() {
                continue;
            }
            let kind = match raw_kind.parse::<AdjustmentKind>() {
                Ok(k) => Some(k),
                Err(()) => {
                    errors.push(FieldError::new(&f_kind, ErrorKey::AdjustmentKindUnknown));
                    None
                }
            };
            let words =
                own_words(raw_words, ADVICE_WORDS_MAX, true).map_err(|k| errors.push(FieldError::new(&f_words, k)));
            if let (Some(kind), Ok(words)) = (kind, words) {
                advice.push(Advice { kind, words });
            }
        }
        let course = own_words(field("course"), COURSE_MAX, false)
            .map_err(|k| errors.push(FieldError::new("course", k)))
            .unwrap_or_default();
        let next_assessment = optional_date("next_assessment", field("next_assessment"), &mut errors);
        let valid_until = optional_date("valid_until", field("valid_until"), &mut errors);
        if errors.is_empty() {
            Ok(WorkAbility {
                sections,
                hours_a_day,
                days_a_week,
                build_up,
                advice,
                course,
                next_assessment,
                valid_until,
            })
        } else {
            Err(errors)
        }
    }

    /// The sections with a limit, in the list's order.
    pub fn limited(&self) -> impl Iterator<Item = &SectionAbility> {
        self.sections.iter().filter(|s| s.limit != Limit::None)
    }
}

impl TreatmentPlan {
    fn parse<'a>(field: impl Fn(&str) -> &'a str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut words = |name: &str, max: usize, required: bool| {
            own_words(field(name), max, required).map_err(|k| errors.push(FieldError::new(name, k))).unwrap_or_default()
        };
        let what = words("what", TREATMENT_WHAT_MAX, true);
        let how_often = words("how_often", HOW_OFTEN_MAX, false);
        let for_work = words("for_work", FOR_WORK_MAX, false);
        let since = optional_date("since", field("since"), &mut errors);
        let until = optional_date("until", field("until"), &mut errors);
        let next_appointment = optional_date("next_appointment", field("next_appointment"), &mut errors);
        if let (Some(s), Some(u)) = (since, until) {
            if u < s {
                errors.push(FieldError::new("until", ErrorKey::DatesOutOfOrder));
            }
        }
        if errors.is_empty() {
            Ok(TreatmentPlan { what, how_often, since, until, next_appointment, for_work })
        } else {
            Err(errors)
        }
    }
}

/// An ICD-10 code: a letter, two digits, and optionally a dot and up to
/// four more characters (`F32`, `F32.1`, `M54.5`). Upper-cased.
pub fn icd10(raw: &str) -> Result<Option<String>, ErrorKey> {
    let code = raw.trim().to_uppercase();
    if code.is_empty() {
        return Ok(None);
    }
    let b = code.as_bytes();
    let head = b.len() >= 3 && b[0].is_ascii_uppercase() && b[1].is_ascii_digit() && b[2].is_ascii_digit();
    let tail = match &code[3.min(code.len())..] {
        "" => true,
        t => t.len() >= 2 && t.len() <= 5 && t.starts_with('.') && t[1..].bytes().all(|c| c.is_ascii_alphanumeric()),
    };
    if head && tail {
        Ok(Some(code))
    } else {
        Err(ErrorKey::CodeIcd10)
    }
}

impl Diagnosis {
    fn parse<'a>(field: impl Fn(&str) -> &'a str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let words =
            own_words(field("words"), DIAGNOSIS_MAX, true).map_err(|k| errors.push(FieldError::new("words", k)));
        let code = icd10(field("code")).map_err(|k| errors.push(FieldError::new("code", k)));
        let summary =
            own_words(field("summary"), SUMMARY_MAX, false).map_err(|k| errors.push(FieldError::new("summary", k)));
        match (words, code, summary) {
            (Ok(words), Ok(code), Ok(summary)) => Ok(Diagnosis { words, code, summary }),
            _ => Err(errors),
        }
    }
}

/// The worker's own view of an entry: agree, partly, or disagree, and a
/// sentence of their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnViewText {
    pub stance: Stance,
    pub words: String,
}

impl OwnViewText {
    pub fn parse(stance: &str, words: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let stance = stance
            .trim()
            .parse::<Stance>()
            .map_err(|_| errors.push(FieldError::new("stance", ErrorKey::StanceUnknown)));
        let words = own_words(words, OWN_VIEW_MAX, false).map_err(|k| errors.push(FieldError::new("words", k)));
        match (stance, words) {
            (Ok(stance), Ok(words)) => Ok(OwnViewText { stance, words }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct OwnView {
    pub stance: Stance,
    pub words: String,
    pub written_at: Timestamp,
}

/// Who wrote an entry, as the reader may learn it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Author {
    Named {
        id: ParticipantId,
        name: String,
        role: Role,
    },
    /// A professional the reader may not learn is involved (the
    /// mental-health switch): "a member of the care team".
    CareTeam,
}

/// One entry as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub id: StatementId,
    pub author: Author,
    pub body: StatementBody,
    pub written_at: Timestamp,
    /// The worker's newest view of it, which travels with it.
    pub own_view: Option<OwnView>,
    /// A newer entry of the same kind by the same author replaced it.
    pub superseded: bool,
    /// Written after the reader's last visit.
    pub new: bool,
    /// For the worker: the advice items already made into drafts, by index.
    pub drafts: Vec<(usize, super::AdjustmentId)>,
}

impl Statement {
    pub fn kind(&self) -> StatementKind {
        self.body.kind()
    }

    /// The day it was written (UTC; the lists show the day only).
    pub fn written_on(&self) -> NaiveDate {
        chrono::DateTime::from_timestamp_millis(self.written_at.0).map(|t| t.date_naive()).unwrap_or_default()
    }
}

/// A stored entry, before it is shaped for a reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
pub struct StoredStatement {
    pub id: StatementId,
    pub author: ParticipantId,
    pub author_name: String,
    pub author_role: Role,
    pub body: StatementBody,
    pub written_at: Timestamp,
}

/// Which of `all` are superseded: an entry is current until its author
/// writes a newer one of the same kind. Pure, so every reader agrees.
pub fn superseded(all: &[StoredStatement]) -> Vec<StatementId> {
    all.iter()
        .filter(|s| all.iter().any(|t| t.author == s.author && t.body.kind() == s.body.kind() && t.id > s.id))
        .map(|s| s.id)
        .collect()
}

/// A section of a professional's page: the entries of one kind, current
/// first (newest on top), then the earlier versions.
pub fn newest_first(mut list: Vec<Statement>) -> Vec<Statement> {
    list.sort_by_key(|s| (s.superseded, std::cmp::Reverse(s.id)));
    list
}

/// The worker's page: everything written about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementsPage {
    pub case_id: super::CaseId,
    /// Newest first; superseded entries are in the list too, marked.
    pub statements: Vec<Statement>,
}

/// A professional's form for one kind: the case, and their own current
/// entry of that kind (the new one starts from it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementForm {
    pub case_id: super::CaseId,
    pub worker_first_name: String,
    pub kind: StatementKind,
    pub current: Option<StatementBody>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn all_sections_none() -> Vec<(String, String)> {
        AbilitySection::ALL.iter().map(|s| (section_fields(*s).0, "none".to_string())).collect()
    }

    fn with(extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut f: BTreeMap<String, String> = all_sections_none().into_iter().collect();
        f.extend(form(extra));
        f
    }

    #[test]
    fn a_work_ability_statement_with_limits_build_up_and_advice() {
        let f = with(&[
            ("personal_limit", "considerable"),
            ("personal_words", "Can concentrate for an hour at a time; no deadlines under pressure."),
            ("hours_limit", "slight"),
            ("hours_words", "Daytime hours only."),
            ("hours_a_day", "4"),
            ("days_a_week", "3"),
            ("step1_from", "2027-01-04"),
            ("step1_hours", "4"),
            ("step1_days", "4"),
            ("step2_from", "2027-02-01"),
            ("step2_hours", "6"),
            ("step2_days", "5"),
            ("advice1_kind", "phased_return"),
            ("advice1_words", "Start with four hours a day."),
            ("course", "Expected to build up to full hours in three months."),
            ("valid_until", "2027-03-31"),
        ]);
        let StatementBody::WorkAbility(w) = StatementBody::parse("work_ability", &f).unwrap() else { panic!() };
        assert_eq!(w.sections.len(), 6);
        assert_eq!(w.limited().count(), 2);
        assert_eq!(w.build_up.len(), 2);
        assert_eq!((w.hours_a_day, w.days_a_week), (Some(4), Some(3)));
        assert_eq!(
            w.advice,
            vec![Advice { kind: AdjustmentKind::PhasedReturn, words: "Start with four hours a day.".into() }]
        );
    }

    #[test]
    fn bad_work_ability_input_is_named_per_field() {
        let f = with(&[
            ("personal_limit", "very"),
            ("social_limit", "full"),
            ("hours_a_day", "13"),
            ("step1_from", "2027-02-01"),
            ("step1_hours", "4"),
            ("step1_days", "4"),
            ("step2_from", "2027-01-01"),
            ("step2_hours", "6"),
            ("step3_days", "5"),
            ("advice1_kind", "salary"),
            ("advice1_words", "More money"),
            ("advice2_kind", "remote_work"),
        ]);
        let e = StatementBody::parse("work_ability", &f).unwrap_err();
        let got: Vec<(&str, ErrorKey)> = e.iter().map(|e| (e.field.as_str(), e.key)).collect();
        assert_eq!(
            got,
            vec![
                ("personal_limit", ErrorKey::LimitUnknown),
                ("social_words", ErrorKey::Required),
                ("hours_a_day", ErrorKey::NumberOutOfRange { max: 12 }),
                ("step2_days", ErrorKey::Required),
                ("step3_from", ErrorKey::Required),
                ("step3_hours", ErrorKey::Required),
                ("advice1_kind", ErrorKey::AdjustmentKindUnknown),
                ("advice2_words", ErrorKey::Required),
            ]
        );
        // A step out of order is named on its date.
        let f = with(&[
            ("step1_from", "2027-02-01"),
            ("step1_hours", "4"),
            ("step1_days", "4"),
            ("step2_from", "2027-01-01"),
            ("step2_hours", "6"),
            ("step2_days", "5"),
        ]);
        let e = StatementBody::parse("work_ability", &f).unwrap_err();
        assert_eq!(e, vec![FieldError::new("step2_from", ErrorKey::DatesOutOfOrder)]);
        // Every section needs a level; an unknown kind is named.
        let e = StatementBody::parse("work_ability", &BTreeMap::new()).unwrap_err();
        assert_eq!(e.len(), 6);
        assert_eq!(
            StatementBody::parse("horoscope", &BTreeMap::new()).unwrap_err(),
            vec![FieldError::new("kind", ErrorKey::StatementKindUnknown)]
        );
        let long = "x".repeat(ABILITY_WORDS_MAX + 1);
        let e = StatementBody::parse("work_ability", &with(&[("dynamic_limit", "full"), ("dynamic_words", &long)]))
            .unwrap_err();
        assert_eq!(e, vec![FieldError::new("dynamic_words", ErrorKey::TooLong { max: 500 })]);
    }

    #[test]
    fn a_body_reads_back_from_its_own_form() {
        let f = with(&[
            ("social_limit", "full"),
            ("social_words", "No customer contact."),
            ("hours_a_day", "2"),
            ("step1_from", "2027-01-04"),
            ("step1_hours", "4"),
            ("step1_days", "4"),
            ("advice1_kind", "quiet_workspace"),
            ("advice1_words", "A quiet room."),
            ("valid_until", "2027-03-31"),
        ]);
        for (kind, form) in [
            ("work_ability", f),
            ("treatment", form(&[("what", "Therapy"), ("since", "2026-11-01"), ("next_appointment", "2026-12-10")])),
            ("diagnosis", form(&[("words", "Burn-out"), ("code", "z73.0"), ("summary", "Two lines\nof summary")])),
        ] {
            let body = StatementBody::parse(kind, &form).unwrap();
            assert_eq!(StatementBody::parse(kind, &body.to_form()).unwrap(), body, "{kind}");
        }
    }

    #[test]
    fn dates_are_judged_on_the_workers_day() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let f = with(&[("next_assessment", "2026-12-05"), ("valid_until", "2062-01-01")]);
        let body = StatementBody::parse("work_ability", &f).unwrap();
        assert_eq!(
            body.check_dates(today).unwrap_err(),
            vec![
                FieldError::new("next_assessment", ErrorKey::DateInPast),
                FieldError::new("valid_until", ErrorKey::DateTooFar)
            ]
        );
        let ok = StatementBody::parse("work_ability", &with(&[("next_assessment", "2026-12-06")])).unwrap();
        assert_eq!(ok.check_dates(today), Ok(()));
    }

    #[test]
    fn a_treatment_plan_needs_what_and_dates_in_order() {
        let f = form(&[("what", "Talking therapy"), ("how_often", "Weekly"), ("since", "2026-11-01")]);
        let StatementBody::Treatment(t) = StatementBody::parse("treatment", &f).unwrap() else { panic!() };
        assert_eq!(t.since, NaiveDate::from_ymd_opt(2026, 11, 1));
        let e =
            StatementBody::parse("treatment", &form(&[("since", "2026-11-01"), ("until", "2026-10-01")])).unwrap_err();
        assert_eq!(
            e,
            vec![FieldError::new("what", ErrorKey::Required), FieldError::new("until", ErrorKey::DatesOutOfOrder)]
        );
    }

    #[test]
    fn icd10_codes_are_checked_not_looked_up() {
        assert_eq!(icd10(" f32.1 "), Ok(Some("F32.1".into())));
        assert_eq!(icd10("M54"), Ok(Some("M54".into())));
        assert_eq!(icd10(""), Ok(None));
        for bad in ["F3", "32.1", "F32.", "F32-1", "F32.12345", "FF2.1", "F32 1"] {
            assert_eq!(icd10(bad), Err(ErrorKey::CodeIcd10), "{bad}");
        }
        let e = StatementBody::parse("diagnosis", &form(&[("code", "depression")])).unwrap_err();
        assert_eq!(e, vec![FieldError::new("words", ErrorKey::Required), FieldError::new("code", ErrorKey::CodeIcd10)]);
    }

    #[test]
    fn a_newer_entry_by_the_same_author_and_kind_supersedes() {
        let body = StatementBody::Diagnosis(Diagnosis { words: "x".into(), code: None, summary: String::new() });
        let plan = StatementBody::Treatment(TreatmentPlan {
            what: "x".into(),
            how_often: String::new(),
            since: None,
            until: None,
            next_appointment: None,
            for_work: String::new(),
        });
        let s = |id, author, body: &StatementBody| StoredStatement {
            id: StatementId(id),
            author: ParticipantId(author),
            author_name: String::new(),
            author_role: Role::Gp,
            body: body.clone(),
            written_at: Timestamp(id),
        };
        let all = [s(1, 1, &body), s(2, 2, &body), s(3, 1, &plan), s(4, 1, &body)];
        assert_eq!(superseded(&all), vec![StatementId(1)]);
    }

    #[test]
    fn own_views_are_parsed() {
        assert_eq!(
            OwnViewText::parse("disagree", " I disagree about the hours. ").unwrap(),
            OwnViewText { stance: Stance::Disagree, words: "I disagree about the hours.".into() }
        );
        assert_eq!(
            OwnViewText::parse("maybe", "").unwrap_err(),
            vec![FieldError::new("stance", ErrorKey::StanceUnknown)]
        );
    }
}
