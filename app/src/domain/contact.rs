//! Contact details of people in a case: parsed once at the edge, so the rest
//! of the code only ever holds valid values.

use super::{ErrorKey, FieldError, Role};
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 100;
pub const ORGANISATION_MAX: usize = 120;
pub const EMAIL_MAX: usize = 254;
pub const PHONE_MAX: usize = 30;

/// A lower-cased e-mail address of plausible shape (the code we send proves it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, ErrorKey> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(ErrorKey::Required);
        }
        if s.chars().count() > EMAIL_MAX {
            return Err(ErrorKey::TooLong { max: EMAIL_MAX as u32 });
        }
        let (local, domain) = s.split_once('@').ok_or(ErrorKey::EmailInvalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c));
        if domain_ok && local_ok {
            Ok(Email(s))
        } else {
            Err(ErrorKey::EmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free text with a stated maximum length, trimmed, without control characters.
pub(crate) fn bounded_text(raw: &str, max: usize, required: bool) -> Result<String, ErrorKey> {
    // Trimmed after the control characters go, so none hides a blank at either end.
    let s: String = raw.chars().filter(|c| !c.is_control()).collect();
    let s = s.trim();
    if required && s.is_empty() {
        return Err(ErrorKey::Required);
    }
    if s.chars().count() > max {
        return Err(ErrorKey::TooLong { max: max as u32 });
    }
    Ok(s.to_string())
}

/// Text in a person's own words: like `bounded_text`, but line breaks stay
/// (as `\n`) so a paragraph reads back as it was written.
pub(crate) fn own_words(raw: &str, max: usize, required: bool) -> Result<String, ErrorKey> {
    let s: String = raw.replace("\r\n", "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect();
    bounded_text_keeping_lines(&s, max, required)
}

fn bounded_text_keeping_lines(s: &str, max: usize, required: bool) -> Result<String, ErrorKey> {
    let s = s.trim();
    if required && s.is_empty() {
        return Err(ErrorKey::Required);
    }
    if s.chars().count() > max {
        return Err(ErrorKey::TooLong { max: max as u32 });
    }
    Ok(s.to_string())
}

/// A person's name: required, at most `NAME_MAX` characters.
pub fn person_name(raw: &str) -> Result<String, ErrorKey> {
    bounded_text(raw, NAME_MAX, true)
}

/// Digits, spaces and the usual phone punctuation; empty means "none".
fn phone(raw: &str) -> Result<Option<String>, ErrorKey> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > PHONE_MAX {
        return Err(ErrorKey::TooLong { max: PHONE_MAX as u32 });
    }
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    let allowed = s.chars().all(|c| c.is_ascii_digit() || " +-()./".contains(c));
    if allowed && digits >= 5 {
        Ok(Some(s.to_string()))
    } else {
        Err(ErrorKey::PhoneInvalid)
    }
}

/// How to reach a participant; the part a worker may edit after adding them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub organisation: String,
    pub email: Email,
    pub phone: Option<String>,
}

impl Contact {
    /// Parses all fields and reports every problem at once, per field.
    pub fn parse(name: &str, organisation: &str, email: &str, phone_raw: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = person_name(name).map_err(|k| errors.push(FieldError::new("name", k))).ok();
        let organisation = bounded_text(organisation, ORGANISATION_MAX, false)
            .map_err(|k| errors.push(FieldError::new("organisation", k)))
            .ok();
        let email = Email::parse(email).map_err(|k| errors.push(FieldError::new("email", k))).ok();
        let phone = phone(phone_raw).map_err(|k| errors.push(FieldError::new("phone", k))).ok();
        match (name, organisation, email, phone) {
            (Some(name), Some(organisation), Some(email), Some(phone)) if errors.is_empty() => {
                Ok(Contact { name, organisation, email, phone })
            }
            _ => Err(errors),
        }
    }
}

/// A participant to add: a role and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewParticipant {
    pub role: Role,
    pub contact: Contact,
}

impl NewParticipant {
    pub fn parse(
        role: &str,
        name: &str,
        organisation: &str,
        email: &str,
        phone: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let role = role.parse::<Role>();
        let contact = Contact::parse(name, organisation, email, phone);
        match (role, contact) {
            (Ok(role), Ok(contact)) => Ok(NewParticipant { role, contact }),
            (role, contact) => {
                let mut errors = Vec::new();
                if role.is_err() {
                    errors.push(FieldError::new("role", ErrorKey::RoleUnknown));
                }
                errors.extend(contact.err().unwrap_or_default());
                Err(errors)
            }
        }
    }
}

/// The prefix of the contact form's fields of participant `p`: errors and
/// kept values name it, so what was typed for one person never fills in
/// the form of another.
pub fn contact_prefix(p: super::ParticipantId) -> String {
    format!("p{p}")
}

/// The worker's first name, the only thing about them a participant sees by default.
pub fn first_name(display_name: &str) -> &str {
    display_name.split_whitespace().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(Email::parse("  Anna.B@Clinic.FI ").unwrap().as_str(), "anna.b@clinic.fi");
        for bad in ["", "anna", "anna@", "@clinic.fi", "anna@clinic", "an na@clinic.fi", "a@b..fi", "a@.fi"] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
        assert_eq!(Email::parse(""), Err(ErrorKey::Required));
        let long = format!("{}@x.fi", "a".repeat(260));
        assert_eq!(Email::parse(&long), Err(ErrorKey::TooLong { max: 254 }));
    }

    #[test]
    fn contact_reports_every_bad_field() {
        let errors = Contact::parse("", &"o".repeat(121), "nope", "abc").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "organisation", "email", "phone"]);
        assert_eq!(errors[1].key, ErrorKey::TooLong { max: 120 });
    }

    #[test]
    fn phone_is_optional_but_checked() {
        let c = Contact::parse("Dr A", "", "a@b.fi", "").unwrap();
        assert_eq!(c.phone, None);
        let c = Contact::parse("Dr A", "", "a@b.fi", "+358 40 123 4567").unwrap();
        assert_eq!(c.phone.as_deref(), Some("+358 40 123 4567"));
    }

    #[test]
    fn unknown_role_is_refused_with_the_rest() {
        let errors = NewParticipant::parse("boss", "", "", "a@b.fi", "").unwrap_err();
        assert_eq!(errors[0], FieldError::new("role", ErrorKey::RoleUnknown));
        assert_eq!(errors[1], FieldError::new("name", ErrorKey::Required));
    }

    proptest! {
        #[test]
        fn parsed_names_respect_the_limit(s in "\\PC{0,200}") {
            if let Ok(c) = Contact::parse(&s, "", "a@b.fi", "") {
                prop_assert!(c.name.chars().count() <= NAME_MAX);
                prop_assert!(!c.name.is_empty());
                prop_assert!(!c.name.chars().any(char::is_control));
            }
        }

        #[test]
        fn email_parse_never_panics_and_is_idempotent(s in "\\PC{0,80}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
            }
        }
    }
}
