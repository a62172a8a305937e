//! Referrals: the proposal, the recipient's answer, and link tokens.
#![no_main]

#[path = "common.rs"]
mod common;

use app::domain::*;
use common::*;
use libfuzzer_sys::fuzz_target;

type Input<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str, Vec<&'a str>, &'a str, u32, &'a str, &'a str);

fuzz_target!(|input: Input| {
    let (role, name, organisation, email, purpose, reason, categories, until, today, decision, token) = input;
    let today = common::today(today);
    let parsed =
        ReferralProposal::parse(role, name, organisation, email, purpose, reason, categories.iter().copied(), until)
            .and_then(|p| p.share.until.from(today).map(|last| (p, last)).map_err(|e| vec![e]));
    match parsed {
        Ok((p, last)) => {
            assert!(p.role != Role::Employer);
            assert!(referral_purpose(p.share.purpose));
            assert!(last.is_some_and(|d| d >= today));
            assert!(is_words(&p.reason, REFERRAL_REASON_MAX) && !p.reason.is_empty());
            assert_eq!(p.contact.phone, None);
        }
        Err(errors) => {
            use ErrorKey::*;
            documented(&errors, |f, k| match f {
                "role" => matches!(k, RoleUnknown | ReferralNotToEmployer),
                "reason" => matches!(k, Required | TooLong { max: 500 }),
                "phone" => false,
                _ => contact_kind(f, k) || grant_kind(f, k),
            });
        }
    }
    match RecipientAnswer::parse(decision, until, reason).and_then(|a| a.check(today).map(|()| a)) {
        Ok(RecipientAnswer::Accept { first_appointment }) => {
            assert_eq!(decision.trim(), "accept");
            assert!(first_appointment.is_none_or(|d| d >= today));
        }
        Ok(RecipientAnswer::Decline { reason: r }) => {
            assert_eq!(decision.trim(), "decline");
            assert!(is_words(&r, REFERRAL_REASON_MAX) && !r.is_empty());
        }
        Err(errors) => {
            use ErrorKey::*;
            documented(&errors, |f, k| match f {
                "decision" => k == Required,
                "first_appointment" => matches!(k, DateInvalid | DateInPast),
                "reason" => matches!(k, Required | TooLong { max: 500 }),
                _ => false,
            });
        }
    }
    if token_shape_ok(token) {
        assert!((22..=64).contains(&token.len()));
        assert!(token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }
});
