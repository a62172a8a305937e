//! Work: a step on an adjustment (with its agreement dates) and what the
//! worker writes about one.
#![no_main]

#[path = "common.rs"]
mod common;

use app::domain::*;
use chrono::Days;
use common::*;
use libfuzzer_sys::fuzz_target;

type Input<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, Vec<i64>, bool, &'a str, &'a str, &'a str);

fuzz_target!(|input: Input| {
    let (step, start, review, reason, outcome, to, grant, kind, help, benefit) = input;
    let to: Vec<ParticipantId> = to.into_iter().map(ParticipantId).collect();
    match StepRequest::parse(step, start, review, reason, outcome, to.clone(), grant) {
        Ok(req) => {
            assert_eq!(req.step().id(), step.trim());
            match req {
                StepRequest::Send { to: sent_to, grant: g } => assert!(sent_to == to && !to.is_empty() && g == grant),
                StepRequest::Agree(a) | StepRequest::Record(a) => {
                    assert!(a.review >= a.start);
                    if review.trim().is_empty() {
                        assert_eq!(a.review, a.start + Days::new(REVIEW_AFTER_DAYS));
                    }
                    assert_eq!(Agreement::parse(&a.start.to_string(), &a.review.to_string()), Ok(a));
                }
                StepRequest::NotPossible { reason: r } => assert!(is_words(&r, REASON_MAX) && !r.is_empty()),
                StepRequest::End { reason: r } => assert!(is_words(&r, REASON_MAX)),
                StepRequest::Review(r) => {
                    // What changes is said in words.
                    assert!(is_words(&r.note, REASON_MAX));
                    assert!(r.outcome != ReviewOutcome::Changed || !r.note.is_empty());
                    assert_eq!(r.outcome.id(), outcome.trim());
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
                "reason" => matches!(k, Required | TooLong { max: 500 }),
                "outcome" => k == Required,
                _ => false,
            });
        }
    }
    match AdjustmentText::parse(kind, help, benefit, start, review) {
        Ok(a) => {
            assert_eq!(a.kind.id(), kind);
            assert!(is_words(&a.help, ADJUSTMENT_TEXT_MAX) && is_words(&a.benefit, ADJUSTMENT_TEXT_MAX));
            if let (Some(f), Some(u)) = (a.from, a.until) {
                assert!(u >= f);
            }
            let again = AdjustmentText::parse(a.kind.id(), &a.help, &a.benefit, &day(a.from), &day(a.until));
            assert_eq!(again, Ok(a.clone()));
        }
        Err(errors) => {
            use ErrorKey::*;
            documented(&errors, |f, k| match f {
                "kind" => k == AdjustmentKindUnknown,
                "help" | "benefit" => k == (TooLong { max: 1000 }),
                "from" => k == DateInvalid,
                "until" => matches!(k, DateInvalid | DatesOutOfOrder),
                _ => false,
            });
        }
    }
});
