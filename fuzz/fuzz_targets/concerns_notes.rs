//! Concerns, the disclosure plan, and notes.
#![no_main]

#[path = "common.rs"]
mod common;

use app::domain::*;
use common::*;
use libfuzzer_sys::fuzz_target;

type Input<'a> = (&'a str, &'a str, &'a str, &'a str, Vec<(&'a str, &'a str)>, &'a str, &'a str);

fuzz_target!(|input: Input| {
    let (kind, what, weight, helps, comfort, words, to) = input;
    match ConcernText::parse(kind, what, weight, helps) {
        Ok(c) => {
            assert!((1..=5).contains(&c.weight));
            assert!(is_words(&c.what, CONCERN_TEXT_MAX) && !c.what.is_empty());
            assert!(is_words(&c.helps, CONCERN_TEXT_MAX));
            assert_eq!(ConcernText::parse(c.kind.id(), &c.what, &c.weight.to_string(), &c.helps), Ok(c.clone()));
        }
        Err(errors) => {
            use ErrorKey::*;
            documented(&errors, |f, k| match f {
                "kind" => k == ConcernKindUnknown,
                "what" => matches!(k, Required | TooLong { max: 2000 }),
                "weight" => k == WeightUnknown,
                "helps" => k == (TooLong { max: 2000 }),
                _ => false,
            });
        }
    }
    match DisclosurePlan::parse(comfort.iter().copied(), words) {
        Ok(plan) => {
            let people: Vec<ParticipantId> = plan.comfort.iter().map(|(p, _)| *p).collect();
            assert!(strictly_sorted(&people));
            assert!(is_words(&plan.colleague_words, COLLEAGUE_WORDS_MAX));
            let pairs: Vec<(String, &str)> = plan.comfort.iter().map(|(p, c)| (p.to_string(), c.id())).collect();
            let again = DisclosurePlan::parse(pairs.iter().map(|(p, c)| (p.as_str(), *c)), &plan.colleague_words);
            assert_eq!(again, Ok(plan.clone()));
        }
        Err(errors) => {
            use ErrorKey::*;
            documented(&errors, |f, k| match f {
                "comfort" => matches!(k, ParticipantUnknown | ComfortUnknown),
                "colleague_words" => k == (TooLong { max: 1000 }),
                _ => false,
            });
        }
    }
    match NoteText::parse(to, what) {
        Ok(n) => {
            assert!(is_words(&n.text, NOTE_MAX) && !n.text.is_empty());
            assert_eq!(NoteText::parse(&n.to.to_string(), &n.text), Ok(n.clone()));
        }
        Err(errors) => documented(&errors, |f, k| {
            (f == "to" && k == ErrorKey::RecipientRequired)
                || (f == "text" && matches!(k, ErrorKey::Required | ErrorKey::TooLong { max: 1000 }))
        }),
    }
});
