//! The bounded fuzzing pass over every parser of outside input in the
//! domain: form fields (names, addresses, phones, free text, dates, ids,
//! stable ids, periods, answers), referral-link tokens and time zones. Each
//! property feeds arbitrary text (control characters, multi-byte and
//! right-to-left characters, huge strings, dates at the edge of what chrono
//! can represent) and near-valid input, and checks what the parser promises:
//! no panic; what it accepts is normalized and parses back to itself; what
//! it refuses names a field and an error kind the form can show.
//!
//! `FUZZ_CASES` sets the cases per property (default 256); the long,
//! coverage-guided pass is `scripts/fuzz.sh` (README, "Fuzzing").

use app::domain::dates::format_date;
use app::domain::*;
use chrono::{Datelike, Days, Months, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::collections::BTreeSet;

fn config() -> ProptestConfig {
    let cases = std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
    // A failure becomes a named regression test below, not a file.
    ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(cases) }
}

/// Text a parser has seen go wrong somewhere: empty, invisible, control,
/// multi-byte, case-changing, right-to-left, percent-encoded bytes, and
/// near-valid values of every field.
const EDGE: &[&str] = &[
    "",
    " ",
    "\t\r\n",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{feff}",
    "\u{200b}",
    "\u{2028}",
    "\u{202e}",
    "\u{fffd}",
    "%FF%FE",
    "%C3",
    "İ",
    "ß",
    "Σ",
    "ﬃ",
    "👩‍⚕️",
    "a\u{0301}",
    "+262142-12-31",
    "+262143-01-01",
    "-262143-01-01",
    "-262144-12-31",
    "+999999999-01-01",
    "262142-12-31",
    "9999-12-31",
    "0000-01-01",
    "2024-02-29",
    "2026-02-29",
    "2026-13-01",
    "2026-1-1",
    " 2026-11-26 ",
    "2026-11-26T00:00",
    "0",
    "-1",
    "+1",
    "5",
    "6",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "a@b.fi",
    "A@B.FI",
    "@",
    "a@b",
    "a@@b.fi",
    "a@b..fi",
    "gp",
    "employer",
    "absence",
    "adjustments",
    "rtw_planning",
    "referral",
    "approve",
    "decline",
    "accept",
    "sent",
    "agreed",
    "declined",
    "recorded",
    "confirmed",
    "in_place",
    "ended",
    "Europe/Helsinki",
    "europe/helsinki",
    "../../etc/passwd",
    "<script>",
];

fn edge() -> impl Strategy<Value = String> {
    prop::sample::select(EDGE).prop_map(String::from)
}

/// Any text a form field, a URL or a header could carry.
fn hostile() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "\\PC{0,40}",
        2 => "[\\x00-\\x20\\x7f -~]{0,40}",
        2 => edge(),
        // Date-shaped, with signs, long years and stray blanks.
        2 => "[ \\t]{0,2}[+-]?[0-9]{1,10}-[0-9]{1,3}-[0-9]{1,3}[ \\t\\n]{0,2}",
        // Huge: repeated to tens of thousands of characters.
        1 => (prop_oneof![edge(), "\\PC{1,8}".boxed()], 0usize..8000).prop_map(|(s, n)| s.repeat(n)),
        // Two edges glued together.
        1 => (edge(), edge()).prop_map(|(a, b)| a + &b),
    ]
    .boxed()
}

/// A field that is either one of `valid` (so accepted paths are reached) or hostile.
fn field(valid: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![2 => prop::sample::select(valid).prop_map(String::from), 1 => hostile()].boxed()
}

/// Dates anywhere chrono can represent, with weight at both ends.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let (min, max) = (NaiveDate::MIN.num_days_from_ce(), NaiveDate::MAX.num_days_from_ce());
    prop_oneof![
        (min..=max).prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap()),
        (0u64..100).prop_map(|d| NaiveDate::MAX - Days::new(d)),
        (0u64..100).prop_map(|d| NaiveDate::MIN + Days::new(d)),
    ]
}

/// Days a service clock could say it is today (1970 to about 2240).
fn today() -> impl Strategy<Value = NaiveDate> {
    (0u64..100_000).prop_map(|d| NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + Days::new(d))
}

/// A date field: near today (as people type), anywhere, or hostile text.
fn date_field(today: NaiveDate) -> BoxedStrategy<String> {
    prop_oneof![
        3 => (-1500i64..1500).prop_map(move |d| day_from(today, d).to_string()),
        1 => any_date().prop_map(|d| d.to_string()),
        1 => Just(String::new()),
        2 => hostile(),
    ]
    .boxed()
}

fn day_from(today: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        today + Days::new(days as u64)
    } else {
        today - Days::new(days.unsigned_abs())
    }
}

/// Every refusal names at least one field, and only documented kinds.
fn documented(errors: &[FieldError], ok: impl Fn(&str, ErrorKey) -> bool) -> Result<(), TestCaseError> {
    prop_assert!(!errors.is_empty(), "refused without saying why");
    for e in errors {
        prop_assert!(ok(&e.field, e.key), "undocumented refusal {:?}", e);
    }
    Ok(())
}

/// One-line text as stored: trimmed, bounded, no control characters.
fn is_line(s: &str, max: usize) -> bool {
    s == s.trim() && s.chars().count() <= max && !s.chars().any(char::is_control)
}

/// Text in someone's own words as stored: like a line, but `\n` may stay.
fn is_words(s: &str, max: usize) -> bool {
    s == s.trim() && s.chars().count() <= max && !s.chars().any(|c| c.is_control() && c != '\n')
}

fn strictly_sorted<T: Ord>(v: &[T]) -> bool {
    v.windows(2).all(|w| w[0] < w[1])
}

fn contact_kind(field: &str, key: ErrorKey) -> bool {
    use ErrorKey::*;
    match field {
        "name" => matches!(key, Required | TooLong { max: 100 }),
        "organisation" => key == TooLong { max: 120 },
        "email" => matches!(key, Required | TooLong { max: 254 } | EmailInvalid),
        "phone" => matches!(key, TooLong { max: 30 } | PhoneInvalid),
        _ => false,
    }
}

fn grant_kind(field: &str, key: ErrorKey) -> bool {
    use ErrorKey::*;
    match field {
        "categories" => matches!(key, CategoryUnknown | CategoryRequired),
        "purpose" => key == PurposeUnknown,
        "until" => matches!(key, DateInvalid | GrantEndsBeforeStart | GrantTooLong { years: 2 }),
        _ => false,
    }
}

const ROLES: &[&str] = &[
    "gp",
    "psychiatrist",
    "psychologist",
    "medical_specialist",
    "occupational_physician",
    "occupational_physiotherapist",
    "insurance_physician",
    "employer",
];
const CATEGORIES: &[&str] = &["absence", "work_ability", "adjustments", "treatment", "diagnosis", "stigma", "notes"];
const PURPOSES: &[&str] = &["rtw_planning", "referral", "work_capacity_assessment", "care_coordination"];
const NAMES: &[&str] = &["Anna Jansen", "  Dr. Mäkinen ", "山田 花子", "O'Brien-Smith", "A"];
const ORGANISATIONS: &[&str] = &["", "Työterveys Oy", "Mind Clinic", "Acme"];
const PHONES: &[&str] = &["", "+358 40 123 4567", "(020) 555-0100", "12345", "1234"];
const REASONS: &[&str] = &["Return to work planning", "  Two lines\r\nof text  ", "x"];

/// Addresses of the ordinary shape, in any case, padded.
fn email_field() -> BoxedStrategy<String> {
    prop_oneof![
        2 => ("[ ]{0,2}", "[A-Za-z0-9._%+-]{1,20}", "[A-Za-z0-9-]{1,10}(\\.[A-Za-z0-9-]{1,10}){1,3}", "[ ]{0,2}")
            .prop_map(|(a, l, d, b)| format!("{a}{l}@{d}{b}")),
        1 => hostile(),
    ]
    .boxed()
}

fn categories_field() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(field(CATEGORIES), 0..5)
}

proptest! {
    #![proptest_config(config())]

    /// E-mail addresses: lower-cased, trimmed, one `@`, parse back to themselves.
    #[test]
    fn email_addresses(raw in email_field()) {
        match Email::parse(&raw) {
            Ok(e) => {
                let s = e.as_str();
                prop_assert_eq!(s, s.trim());
                prop_assert_eq!(s, s.to_lowercase());
                prop_assert!(s.chars().count() <= EMAIL_MAX);
                prop_assert_eq!(s.matches('@').count(), 1);
                let (local, domain) = s.split_once('@').unwrap();
                prop_assert!(!local.is_empty() && local.len() <= 64);
                prop_assert!(domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'));
                prop_assert!(!s.chars().any(|c| c.is_whitespace() || c.is_control()));
                prop_assert_eq!(Email::parse(s), Ok(e.clone()));
                prop_assert_eq!(Email::parse(&format!(" {} ", s.to_ascii_uppercase())), Ok(e.clone()));
            }
            Err(k) => {
                let documented = matches!(k, ErrorKey::Required | ErrorKey::TooLong { max: 254 } | ErrorKey::EmailInvalid);
                prop_assert!(documented, "undocumented refusal {:?}", k);
                prop_assert_eq!(k == ErrorKey::Required, raw.trim().is_empty());
            }
        }
    }

    /// An address of the ordinary shape is always accepted, as typed but lower-cased.
    #[test]
    fn ordinary_addresses_are_accepted(local in "[A-Za-z0-9._%+-]{1,40}", domain in "[A-Za-z0-9-]{1,20}(\\.[A-Za-z0-9-]{1,20}){1,3}") {
        let raw = format!("{local}@{domain}");
        prop_assert_eq!(Email::parse(&raw).map(|e| e.as_str().to_string()), Ok(raw.to_lowercase()));
    }

    /// One-line text (names, organisations) with blanks and control
    /// characters at either end or inside: stored trimmed, without them.
    #[test]
    fn one_line_text_is_tidy(
        before in "[ \\t\\x00-\\x1f\\x7f\\u{85}\\u{a0}]{0,3}",
        core in "\\PC{0,12}",
        after in "[ \\t\\x00-\\x1f\\x7f\\u{85}\\u{a0}]{0,3}",
    ) {
        let raw = format!("{before}{core}{after}");
        match Contact::parse(&raw, &raw, "a@b.fi", "") {
            Ok(c) => {
                prop_assert!(is_line(&c.name, NAME_MAX) && !c.name.is_empty(), "name {:?} from {:?}", c.name, raw);
                prop_assert!(is_line(&c.organisation, ORGANISATION_MAX), "organisation {:?} from {:?}", c.organisation, raw);
                prop_assert_eq!(Contact::parse(&c.name, &c.organisation, "a@b.fi", ""), Ok(c.clone()));
            }
            Err(errors) => documented(&errors, contact_kind)?,
        }
    }

    /// Adding someone to the team: every bad field is named; what is
    /// accepted is tidy and parses back to itself.
    #[test]
    fn new_participants(
        role in field(ROLES),
        name in field(NAMES),
        organisation in field(ORGANISATIONS),
        email in email_field(),
        phone in field(PHONES),
    ) {
        match NewParticipant::parse(&role, &name, &organisation, &email, &phone) {
            Ok(p) => {
                prop_assert_eq!(p.role.id(), role.as_str());
                let c = &p.contact;
                prop_assert!(is_line(&c.name, NAME_MAX) && !c.name.is_empty(), "name {:?}", c.name);
                prop_assert!(is_line(&c.organisation, ORGANISATION_MAX), "organisation {:?}", c.organisation);
                if let Some(ph) = &c.phone {
                    prop_assert!(ph.chars().count() <= PHONE_MAX && ph.chars().filter(char::is_ascii_digit).count() >= 5);
                }
                let again = NewParticipant::parse(
                    p.role.id(), &c.name, &c.organisation, c.email.as_str(), c.phone.as_deref().unwrap_or(""),
                );
                prop_assert_eq!(again, Ok(p.clone()));
            }
            Err(errors) => {
                documented(&errors, |f, k| (f == "role" && k == ErrorKey::RoleUnknown) || contact_kind(f, k))?;
                let fields: BTreeSet<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                prop_assert_eq!(fields.len(), errors.len(), "one message per field: {:?}", errors);
                prop_assert_eq!(fields.contains("role"), role.parse::<Role>().is_err());
            }
        }
    }

    /// Sick-leave dates, parsed and then checked against today as the
    /// service does: within three years of today, the return not before the
    /// start; a refusal names the field and why.
    #[test]
    fn case_dates((today, start, ret) in today().prop_flat_map(|t| (Just(t), date_field(t), date_field(t)))) {
        match CaseDates::parse(&start, &ret).and_then(|d| d.check(today).map(|()| d)) {
            Ok(d) => {
                let (earliest, latest) = (today - Months::new(36), today + Months::new(36));
                prop_assert!(d.sick_leave_start >= earliest && d.sick_leave_start <= today);
                if let Some(r) = d.expected_return {
                    prop_assert!(r >= d.sick_leave_start && r <= latest);
                }
                prop_assert_eq!(d.expected_return.is_none(), ret.trim().is_empty());
                let ret_text = d.expected_return.map(|r| r.to_string()).unwrap_or_default();
                prop_assert_eq!(CaseDates::parse(&d.sick_leave_start.to_string(), &ret_text), Ok(d));
            }
            Err(errors) => {
                use ErrorKey::*;
                documented(&errors, |f, k| match f {
                    "sick_leave_start" => matches!(k, Required | DateInvalid | DateTooFar | StartInFuture),
                    "expected_return" => matches!(k, DateInvalid | DateTooFar | ReturnBeforeStart),
                    _ => false,
                })?;
                let required = errors.iter().any(|e| e.key == Required);
                prop_assert_eq!(required, start.trim().is_empty());
            }
        }
    }

    /// A grant: known categories, sorted and once each, a purpose, and a
    /// last day between today and two years ahead (or until revoked).
    #[test]
    fn grant_requests(
        (today, until) in today().prop_flat_map(|t| (Just(t), date_field(t))),
        categories in categories_field(),
        purpose in field(PURPOSES),
        until_revoked in any::<bool>(),
    ) {
        let parsed = GrantRequest::parse(categories.iter().map(String::as_str), &purpose, &until, until_revoked)
            .and_then(|g| g.until.from(today).map(|last| (g, last)).map_err(|e| vec![e]));
        match parsed {
            Ok((g, last)) => {
                prop_assert!(!g.categories.is_empty() && strictly_sorted(&g.categories));
                let asked: BTreeSet<Category> = categories.iter().map(|c| c.parse().unwrap()).collect();
                prop_assert_eq!(asked.into_iter().collect::<Vec<_>>(), g.categories.clone());
                prop_assert_eq!(g.purpose.id(), purpose.trim());
                match last {
                    None => prop_assert!(until_revoked),
                    Some(d) => prop_assert!(d >= today && d <= today + Months::new(24)),
                }
                let until_text = last.map(|d| d.to_string()).unwrap_or_default();
                let again = GrantRequest::parse(
                    g.categories.iter().map(|c| c.id()), g.purpose.id(), &until_text, last.is_none(),
                ).unwrap();
                prop_assert_eq!((&again.categories, again.purpose), (&g.categories, g.purpose));
                prop_assert_eq!(again.until.from(today), Ok(last));
                // The employer ceiling: adjustments, nothing else.
                let employer_ok = g.check_ceiling(Role::Employer).is_ok();
                prop_assert_eq!(employer_ok, g.categories == [Category::Adjustments]);
            }
            Err(errors) => documented(&errors, grant_kind)?,
        }
    }

    /// A referral: to a care professional (never the employer), for a
    /// referral purpose, with a reason and a last day.
    #[test]
    fn referral_proposals(
        (today, until) in today().prop_flat_map(|t| (Just(t), date_field(t))),
        role in field(ROLES),
        name in field(NAMES),
        organisation in field(ORGANISATIONS),
        email in email_field(),
        purpose in field(PURPOSES),
        reason in field(REASONS),
        categories in categories_field(),
    ) {
        let parsed = ReferralProposal::parse(
            &role, &name, &organisation, &email, &purpose, &reason, categories.iter().map(String::as_str), &until,
        )
        .and_then(|p| p.share.until.from(today).map(|last| (p, last)).map_err(|e| vec![e]));
        match parsed {
            Ok((p, last)) => {
                prop_assert!(p.role != Role::Employer);
                prop_assert!(referral_purpose(p.share.purpose));
                prop_assert!(last.is_some_and(|d| d >= today));
                prop_assert!(is_words(&p.reason, REFERRAL_REASON_MAX) && !p.reason.is_empty());
                prop_assert_eq!(p.contact.phone, None);
            }
            Err(errors) => {
                use ErrorKey::*;
                documented(&errors, |f, k| match f {
                    "role" => matches!(k, RoleUnknown | ReferralNotToEmployer),
                    "reason" => matches!(k, Required | TooLong { max: 500 }),
                    "phone" => false,
                    _ => contact_kind(f, k) || grant_kind(f, k),
                })?;
            }
        }
    }

    /// The worker's answer to a referral narrows it or declines, never widens.
    #[test]
    fn worker_answers(
        (today, until, proposed_until) in today().prop_flat_map(|t| (Just(t), date_field(t), (-30i64..800).prop_map(move |d| day_from(t, d)))),
        decision in field(&["approve", "decline", " approve ", "Approve"]),
        categories in categories_field(),
        proposed in prop::sample::subsequence(Category::ALL.to_vec(), 0..=Category::ALL.len()),
    ) {
        let parsed = WorkerReply::parse(&decision, categories.iter().map(String::as_str), &until)
            .and_then(|r| r.within(&proposed, proposed_until, today));
        match parsed {
            Ok(WorkerAnswer::Decline) => prop_assert_eq!(decision.trim(), "decline"),
            Ok(WorkerAnswer::Approve { categories: chosen, until: last }) => {
                prop_assert_eq!(decision.trim(), "approve");
                prop_assert!(!chosen.is_empty() && strictly_sorted(&chosen));
                prop_assert!(chosen.iter().all(|c| proposed.contains(c)), "wider than proposed");
                prop_assert!(last >= today && last <= proposed_until);
            }
            Err(errors) => {
                use ErrorKey::*;
                documented(&errors, |f, k| match f {
                    "decision" => k == Required,
                    "categories" => matches!(k, NarrowOnly | CategoryRequired),
                    "until" => matches!(k, DateInvalid | NarrowOnly | GrantEndsBeforeStart),
                    _ => false,
                })?;
            }
        }
    }

    /// The recipient's answer: accept (a first appointment not in the
    /// past) or decline with a reason.
    #[test]
    fn recipient_answers(
        (today, day) in today().prop_flat_map(|t| (Just(t), date_field(t))),
        decision in field(&["accept", "decline", " decline"]),
        reason in field(REASONS),
    ) {
        match RecipientAnswer::parse(&decision, &day, &reason).and_then(|a| a.check(today).map(|()| a)) {
            Ok(RecipientAnswer::Accept { first_appointment }) => {
                prop_assert_eq!(decision.trim(), "accept");
                prop_assert!(first_appointment.is_none_or(|d| d >= today));
                prop_assert_eq!(first_appointment.is_none(), day.trim().is_empty());
            }
            Ok(RecipientAnswer::Decline { reason: r }) => {
                prop_assert_eq!(decision.trim(), "decline");
                prop_assert!(is_words(&r, REFERRAL_REASON_MAX) && !r.is_empty());
            }
            Err(errors) => {
                use ErrorKey::*;
                documented(&errors, |f, k| match f {
                    "decision" => k == Required,
                    "first_appointment" => matches!(k, DateInvalid | DateInPast),
                    "reason" => matches!(k, Required | TooLong { max: 500 }),
                    _ => false,
                })?;
            }
        }
    }

    /// An information request says why, and asks for a bounded period.
    #[test]
    fn information_requests(
        (today, until) in today().prop_flat_map(|t| (Just(t), date_field(t))),
        categories in categories_field(),
        purpose in field(PURPOSES),
        why in field(REASONS),
    ) {
        let parsed = InfoRequestText::parse(categories.iter().map(String::as_str), &purpose, &why, &until)
            .and_then(|r| r.share.until.from(today).map(|last| (r, last)).map_err(|e| vec![e]));
        match parsed {
            Ok((r, last)) => {
                prop_assert!(is_words(&r.why, REQUEST_WHY_MAX) && !r.why.is_empty());
                prop_assert!(last.is_some_and(|d| d >= today && d <= today + Months::new(24)));
            }
            Err(errors) => documented(&errors, |f, k| {
                (f == "why" && matches!(k, ErrorKey::Required | ErrorKey::TooLong { max: 500 })) || grant_kind(f, k)
            })?,
        }
    }

    /// A step on an adjustment: the step named is the step taken; an
    /// agreement's review is never before its start (six weeks after by
    /// default) and parses back to itself.
    #[test]
    fn adjustment_steps(
        (start, review) in today().prop_flat_map(|t| (date_field(t), date_field(t))),
        step in field(&["sent", "agreed", "declined", "recorded", "confirmed", "in_place", "ended", "reviewed"]),
        reason in field(REASONS),
        outcome in field(&["kept", "changed"]),
        to in prop::collection::vec(any::<i64>().prop_map(ParticipantId), 0..3),
        grant in any::<bool>(),
    ) {
        match StepRequest::parse(&step, &start, &review, &reason, &outcome, to.clone(), grant) {
            Ok(req) => {
                prop_assert_eq!(req.step().id(), step.trim());
                match req {
                    StepRequest::Send { to: sent_to, grant: g } => prop_assert!(sent_to == to && !to.is_empty() && g == grant),
                    StepRequest::Agree(a) | StepRequest::Record(a) => {
                        prop_assert!(a.review >= a.start);
                        if review.trim().is_empty() {
                            prop_assert_eq!(a.review, a.start + Days::new(REVIEW_AFTER_DAYS));
                        }
                        prop_assert_eq!(Agreement::parse(&a.start.to_string(), &a.review.to_string()), Ok(a));
                    }
                    StepRequest::NotPossible { reason: r } => prop_assert!(is_words(&r, REASON_MAX) && !r.is_empty()),
                    StepRequest::End { reason: r } => prop_assert!(is_words(&r, REASON_MAX)),
                    StepRequest::Review(r) => {
                        prop_assert!(is_words(&r.note, REASON_MAX));
                        prop_assert!(r.outcome == ReviewOutcome::Kept || !r.note.is_empty());
                    }
                    StepRequest::Confirm | StepRequest::InPlace => {}
                }
            }
            Err(errors) => {
                use ErrorKey::*;
                documented(&errors, |f, k| match f {
                    "step" => k == StepNotAllowed,
                    "to" => k == RecipientRequired,
                    "start" => matches!(k, Required | DateInvalid | DateTooFar),
                    "review" => matches!(k, DateInvalid | ReviewBeforeStart),
                    "outcome" => k == Required,
                    "reason" => matches!(k, Required | TooLong { max: 500 }),
                    _ => false,
                })?;
            }
        }
    }

    /// Agreements with dates anywhere chrono reaches (the default review
    /// date is computed from the start).
    #[test]
    fn agreements_at_the_ends_of_time(start in any_date(), review in prop_oneof![Just(None), any_date().prop_map(Some)]) {
        let review_text = review.map(|d| d.to_string()).unwrap_or_default();
        match Agreement::parse(&start.to_string(), &review_text) {
            Ok(a) => {
                prop_assert_eq!(a.start, start);
                prop_assert!(a.review >= a.start);
            }
            Err(errors) => documented(&errors, |f, k| {
                (f == "review" && k == ErrorKey::ReviewBeforeStart) || (f == "start" && k == ErrorKey::DateTooFar)
            })?,
        }
    }

    /// What the worker writes about an adjustment: a known kind, bounded
    /// text in their own words, dates in order.
    #[test]
    fn adjustment_texts(
        (from, until) in today().prop_flat_map(|t| (date_field(t), date_field(t))),
        kind in field(&["phased_return", "remote_work", "other", "written_instructions"]),
        help in field(REASONS),
        benefit in field(REASONS),
    ) {
        match AdjustmentText::parse(&kind, &help, &benefit, &from, &until) {
            Ok(a) => {
                prop_assert_eq!(a.kind.id(), kind.as_str());
                prop_assert!(is_words(&a.help, ADJUSTMENT_TEXT_MAX) && is_words(&a.benefit, ADJUSTMENT_TEXT_MAX));
                if let (Some(f), Some(u)) = (a.from, a.until) {
                    prop_assert!(u >= f);
                }
                let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                let again = AdjustmentText::parse(a.kind.id(), &a.help, &a.benefit, &day(a.from), &day(a.until));
                prop_assert_eq!(again, Ok(a.clone()));
            }
            Err(errors) => {
                use ErrorKey::*;
                documented(&errors, |f, k| match f {
                    "kind" => k == AdjustmentKindUnknown,
                    "help" | "benefit" => k == (TooLong { max: 1000 }),
                    "from" => k == DateInvalid,
                    "until" => matches!(k, DateInvalid | DatesOutOfOrder),
                    _ => false,
                })?;
            }
        }
    }

    /// A stigma concern: a known kind, words, a weight of one to five.
    #[test]
    fn concern_texts(
        kind in field(&["self_stigma", "supervisor_attitude", "other"]),
        what in field(REASONS),
        weight in field(&["1", "3", "5", " 4 ", "0", "6", "255", "256", "-1", "+2", "2.0"]),
        helps in field(REASONS),
    ) {
        match ConcernText::parse(&kind, &what, &weight, &helps) {
            Ok(c) => {
                prop_assert!((1..=5).contains(&c.weight));
                prop_assert_eq!(weight.trim().parse::<u8>().ok(), Some(c.weight));
                prop_assert!(is_words(&c.what, CONCERN_TEXT_MAX) && !c.what.is_empty());
                prop_assert!(is_words(&c.helps, CONCERN_TEXT_MAX));
                let again = ConcernText::parse(c.kind.id(), &c.what, &c.weight.to_string(), &c.helps);
                prop_assert_eq!(again, Ok(c.clone()));
            }
            Err(errors) => {
                use ErrorKey::*;
                documented(&errors, |f, k| match f {
                    "kind" => k == ConcernKindUnknown,
                    "what" => matches!(k, Required | TooLong { max: 2000 }),
                    "weight" => k == WeightUnknown,
                    "helps" => k == (TooLong { max: 2000 }),
                    _ => false,
                })?;
            }
        }
    }

    /// The disclosure plan: one comfort level per person, in id order.
    #[test]
    fn disclosure_plans(
        comfort in prop::collection::vec((field(&["1", "7", " 42 ", "-3"]), field(&["nothing", "sick_leave", "work_affected", "diagnosis"])), 0..5),
        words in field(REASONS),
    ) {
        match DisclosurePlan::parse(comfort.iter().map(|(p, c)| (p.as_str(), c.as_str())), &words) {
            Ok(plan) => {
                let people: Vec<ParticipantId> = plan.comfort.iter().map(|(p, _)| *p).collect();
                prop_assert!(strictly_sorted(&people));
                let typed: BTreeSet<ParticipantId> = comfort.iter().map(|(p, _)| p.trim().parse().unwrap()).collect();
                prop_assert_eq!(typed.into_iter().collect::<Vec<_>>(), people);
                prop_assert!(is_words(&plan.colleague_words, COLLEAGUE_WORDS_MAX));
                let pairs: Vec<(String, &str)> = plan.comfort.iter().map(|(p, c)| (p.to_string(), c.id())).collect();
                let again = DisclosurePlan::parse(pairs.iter().map(|(p, c)| (p.as_str(), *c)), &plan.colleague_words);
                prop_assert_eq!(again, Ok(plan.clone()));
            }
            Err(errors) => {
                use ErrorKey::*;
                documented(&errors, |f, k| match f {
                    "comfort" => matches!(k, ParticipantUnknown | ComfortUnknown),
                    "colleague_words" => k == (TooLong { max: 1000 }),
                    _ => false,
                })?;
            }
        }
    }

    /// A note: to a participant id, in bounded words.
    #[test]
    fn note_texts(to in field(&["7", " 12 ", "0", "-5"]), text in field(REASONS)) {
        match NoteText::parse(&to, &text) {
            Ok(n) => {
                prop_assert_eq!(Ok(n.to), to.trim().parse::<ParticipantId>());
                prop_assert!(is_words(&n.text, NOTE_MAX) && !n.text.is_empty());
                prop_assert_eq!(NoteText::parse(&n.to.to_string(), &n.text), Ok(n.clone()));
            }
            Err(errors) => documented(&errors, |f, k| {
                (f == "to" && k == ErrorKey::RecipientRequired)
                    || (f == "text" && matches!(k, ErrorKey::Required | ErrorKey::TooLong { max: 1000 }))
            })?,
        }
    }

    /// Ids from forms and URLs: a number, blanks around it allowed, printed
    /// back the same; anything with a letter in it is no id.
    #[test]
    fn ids(raw in hostile(), n in any::<i64>(), pad in "[ \\t\\n]{0,3}") {
        prop_assert_eq!(format!("{pad}{n}{pad}").parse::<CaseId>(), Ok(CaseId(n)));
        prop_assert_eq!(CaseId(n).to_string().parse::<CaseId>(), Ok(CaseId(n)));
        fn check<T: std::str::FromStr + std::fmt::Display + PartialEq + std::fmt::Debug>(raw: &str) -> Result<(), TestCaseError> {
            if let Ok(id) = raw.parse::<T>() {
                prop_assert_eq!(id.to_string().parse::<T>().ok(), Some(id));
                prop_assert!(!raw.chars().any(|c| c.is_ascii_alphabetic()), "{:?} taken as an id", raw);
            }
            Ok(())
        }
        check::<CaseId>(&raw)?;
        check::<ParticipantId>(&raw)?;
        check::<AdjustmentId>(&raw)?;
        check::<ConcernId>(&raw)?;
        check::<ReferralId>(&raw)?;
        check::<RequestId>(&raw)?;
        check::<GrantId>(&raw)?;
        check::<LogId>(&raw)?;
    }

    /// Stable ids (roles, categories, purposes, kinds, statuses, steps,
    /// operations): exactly the id, as text and as JSON, nothing near it.
    #[test]
    fn stable_ids(raw in prop_oneof![hostile(), prop::sample::select(ROLES).prop_map(|s| s.to_uppercase())]) {
        fn check<T>(raw: &str, id: fn(T) -> &'static str) -> Result<(), TestCaseError>
        where
            T: std::str::FromStr + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Copy,
        {
            let text = raw.parse::<T>().ok();
            if let Some(v) = text {
                prop_assert_eq!(id(v), raw);
            }
            let json = serde_json::from_value::<T>(serde_json::Value::String(raw.to_string())).ok();
            prop_assert_eq!(json, text);
            Ok(())
        }
        check::<Role>(&raw, Role::id)?;
        check::<Category>(&raw, Category::id)?;
        check::<Purpose>(&raw, Purpose::id)?;
        check::<EndReason>(&raw, EndReason::id)?;
        check::<AdjustmentKind>(&raw, AdjustmentKind::id)?;
        check::<AdjustmentStatus>(&raw, AdjustmentStatus::id)?;
        check::<AdjustmentStep>(&raw, AdjustmentStep::id)?;
        check::<ConcernKind>(&raw, ConcernKind::id)?;
        check::<Comfort>(&raw, Comfort::id)?;
        check::<CoordinatorContact>(&raw, CoordinatorContact::id)?;
        check::<ReferralStatus>(&raw, ReferralStatus::id)?;
        check::<ReferralMover>(&raw, ReferralMover::id)?;
        check::<RequestStatus>(&raw, RequestStatus::id)?;
        check::<Operation>(&raw, Operation::id)?;
    }

    /// Time zones from a form or JSON: a known IANA name, printed back the same.
    #[test]
    fn time_zones(raw in prop_oneof![hostile(), prop::sample::select(Zone::CHOICES.to_vec()).prop_map(|z| format!(" {} ", z.name()))]) {
        if let Ok(z) = raw.parse::<Zone>() {
            prop_assert_eq!(z.name().parse::<Zone>(), Ok(z));
            prop_assert_eq!(z.name(), raw.trim());
        }
        if let Ok(z) = serde_json::from_value::<Zone>(serde_json::Value::String(raw.clone())) {
            prop_assert_eq!(raw.parse::<Zone>(), Ok(z));
        }
    }

    /// Any date a form can deliver (the activity filter takes any) has a
    /// start and an end in every zone, the end after the start, and can be
    /// written in every language.
    #[test]
    fn days_have_bounds_in_every_zone(d in any_date()) {
        prop_assert_eq!(NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d"), Ok(d));
        for zone in Zone::CHOICES {
            let (start, end) = (zone.start_of_day(d), zone.end_of_day(d));
            prop_assert!(start < end, "{} in {}: {:?} .. {:?}", d, zone.name(), start, end);
        }
        const MONTHS: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];
        for lang in ["en", "fi", "nl"] {
            prop_assert!(format_date(lang, d, &MONTHS).contains(&d.year().to_string()));
        }
    }

    /// Referral-link tokens: URL-safe base64 of 16 to 48 bytes, nothing else.
    #[test]
    fn link_tokens(raw in hostile(), token in "[A-Za-z0-9_-]{22,64}", at in any::<prop::sample::Index>(), bad in "[^A-Za-z0-9_-]") {
        if token_shape_ok(&raw) {
            prop_assert!((22..=64).contains(&raw.len()));
            prop_assert!(raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        }
        prop_assert!(token_shape_ok(&token));
        let mut spoiled: Vec<char> = token.chars().collect();
        spoiled[at.index(token.len())] = bad.chars().next().unwrap();
        prop_assert!(!token_shape_ok(&spoiled.into_iter().collect::<String>()));
        prop_assert!(!token_shape_ok(&token[..21]));
        let too_long = format!("{token}{}", "A".repeat(65 - token.len()));
        prop_assert!(!token_shape_ok(&too_long));
    }
}

// ---------------------------------------------------------------------------
// Crashes the fuzzing found, kept as regression tests.

/// `start=+262142-12-31` (chrono's last day) without a review date panicked
/// computing the review six weeks later (`NaiveDate + Days` out of range).
#[test]
fn an_agreement_starting_in_the_calendars_last_weeks_is_a_field_error() {
    let too_far = vec![FieldError::new("start", ErrorKey::DateTooFar)];
    assert_eq!(Agreement::parse("+262142-12-31", ""), Err(too_far.clone()));
    assert_eq!(Agreement::parse("+262142-11-20", ""), Err(too_far.clone()));
    let step = StepRequest::parse("agreed", "+262142-12-31", "", "", "", Vec::new(), false);
    assert_eq!(step, Err(too_far));
    // With a review date given there is nothing to compute.
    let last = NaiveDate::MAX;
    assert_eq!(Agreement::parse("+262142-12-31", "+262142-12-31"), Ok(Agreement { start: last, review: last }));
    let six_weeks = NaiveDate::MAX - Days::new(REVIEW_AFTER_DAYS);
    assert_eq!(Agreement::parse(&six_weeks.to_string(), ""), Ok(Agreement { start: six_weeks, review: last }));
}

/// The end of chrono's last day (an activity filter `until=+262142-12-31`)
/// panicked finding the next day; that day now never ends.
#[test]
fn the_calendars_last_day_never_ends() {
    for zone in Zone::CHOICES {
        assert_eq!(zone.end_of_day(NaiveDate::MAX), Timestamp(i64::MAX));
        assert!(zone.start_of_day(NaiveDate::MAX) < zone.end_of_day(NaiveDate::MAX));
        assert!(zone.start_of_day(NaiveDate::MIN) < zone.end_of_day(NaiveDate::MIN));
    }
}

/// A name of a control character, a no-break space and another control
/// character was accepted as a blank name ("\u{a0}"), and "Anna \u{7}" kept
/// its trailing blank: text was trimmed before control characters went.
#[test]
fn control_characters_hide_no_blanks() {
    let name = |raw: &str| Contact::parse(raw, "", "a@b.fi", "").map(|c| c.name);
    assert_eq!(name("\0\u{a0}\u{e}"), Err(vec![FieldError::new("name", ErrorKey::Required)]));
    assert_eq!(name("Anna \u{7}"), Ok("Anna".to_string()));
    assert_eq!(name("\u{1b} Anna"), Ok("Anna".to_string()));
    let org = Contact::parse("Anna", "\u{0} Clinic \u{0}", "a@b.fi", "").unwrap().organisation;
    assert_eq!(org, "Clinic");
}
