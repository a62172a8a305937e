//! Grants, information requests and the worker's answer to a referral:
//! categories, purposes, periods.
#![no_main]

#[path = "common.rs"]
mod common;

use app::domain::*;
use chrono::{Days, Months};
use common::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Vec<&str>, &str, &str, bool, u32, u8, u16, &str, &str)| {
    let (categories, purpose, until, until_revoked, today, proposed_bits, proposed_days, decision, why) = input;
    let today = common::today(today);
    // Parsed as the form posts it, the last day then counted from today as
    // the service does.
    let checked = |share: &GrantRequest| share.until.from(today).map_err(|e| vec![e]);
    match GrantRequest::parse(categories.iter().copied(), purpose, until, until_revoked)
        .and_then(|g| checked(&g).map(|last| (g, last)))
    {
        Ok((g, last)) => {
            assert!(!g.categories.is_empty() && strictly_sorted(&g.categories));
            assert!(categories.iter().all(|c| c.parse::<Category>().is_ok_and(|c| g.categories.contains(&c))));
            assert_eq!(g.purpose.id(), purpose.trim());
            match last {
                None => assert!(until_revoked),
                Some(d) => assert!(d >= today && d <= today + Months::new(24)),
            }
            let again =
                GrantRequest::parse(g.categories.iter().map(|c| c.id()), g.purpose.id(), &day(last), last.is_none())
                    .unwrap();
            assert_eq!((&again.categories, again.purpose), (&g.categories, g.purpose));
            assert_eq!(again.until.from(today), Ok(last));
            assert_eq!(g.check_ceiling(Role::Employer).is_ok(), g.categories == [Category::Adjustments]);
        }
        Err(errors) => documented(&errors, grant_kind),
    }
    match InfoRequestText::parse(categories.iter().copied(), purpose, why, until)
        .and_then(|r| checked(&r.share).map(|last| (r, last)))
    {
        Ok((r, last)) => {
            assert!(is_words(&r.why, REQUEST_WHY_MAX) && !r.why.is_empty());
            assert!(last.is_some_and(|d| d >= today));
        }
        Err(errors) => documented(&errors, |f, k| {
            (f == "why" && matches!(k, ErrorKey::Required | ErrorKey::TooLong { max: 500 })) || grant_kind(f, k)
        }),
    }
    let proposed: Vec<Category> =
        Category::ALL.iter().enumerate().filter(|(i, _)| proposed_bits & (1 << i) != 0).map(|(_, c)| *c).collect();
    let proposed_until = today + Days::new(u64::from(proposed_days % 1000)) - Days::new(30);
    match WorkerReply::parse(decision, categories.iter().copied(), until)
        .and_then(|r| r.within(&proposed, proposed_until, today))
    {
        Ok(WorkerAnswer::Decline) => assert_eq!(decision.trim(), "decline"),
        Ok(WorkerAnswer::Approve { categories: chosen, until: last }) => {
            assert_eq!(decision.trim(), "approve");
            assert!(!chosen.is_empty() && strictly_sorted(&chosen));
            assert!(chosen.iter().all(|c| proposed.contains(c)), "wider than proposed");
            assert!(last >= today && last <= proposed_until);
        }
        Err(errors) => {
            use ErrorKey::*;
            documented(&errors, |f, k| match f {
                "decision" => k == Required,
                "categories" => matches!(k, NarrowOnly | CategoryRequired),
                "until" => matches!(k, DateInvalid | NarrowOnly | GrantEndsBeforeStart),
                _ => false,
            });
        }
    }
});
