//! `NewParticipant::parse` (role, name, organisation, e-mail, phone).
#![no_main]

#[path = "common.rs"]
mod common;

use app::domain::*;
use common::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str, &str, &str, &str)| {
    let (role, name, organisation, email, phone) = input;
    match NewParticipant::parse(role, name, organisation, email, phone) {
        Ok(p) => {
            assert_eq!(p.role.id(), role);
            let c = &p.contact;
            assert!(is_line(&c.name, NAME_MAX) && !c.name.is_empty(), "{:?}", c.name);
            assert!(is_line(&c.organisation, ORGANISATION_MAX), "{:?}", c.organisation);
            if let Some(ph) = &c.phone {
                assert!(ph.chars().count() <= PHONE_MAX && ph.chars().filter(char::is_ascii_digit).count() >= 5);
            }
            let phone = c.phone.as_deref().unwrap_or("");
            let again = NewParticipant::parse(p.role.id(), &c.name, &c.organisation, c.email.as_str(), phone);
            assert_eq!(again, Ok(p.clone()));
        }
        Err(errors) => {
            documented(&errors, |f, k| (f == "role" && k == ErrorKey::RoleUnknown) || contact_kind(f, k));
            let mut fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            fields.dedup();
            assert_eq!(fields.len(), errors.len(), "one message per field: {errors:?}");
        }
    }
});
