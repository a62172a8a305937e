//! Translated words for domain values (roles, worlds, errors, dates): one
//! place that maps each value to its translation key.

use crate::domain::{dates, ErrorKey, Role, World};
use crate::error::AppError;
use crate::i18n::*;
use chrono::NaiveDate;
use leptos_i18n::I18nContext;

pub type I18n = I18nContext<Locale>;

pub fn role_name(i18n: I18n, role: Role) -> String {
    match role {
        Role::Gp => t_string!(i18n, role_gp),
        Role::Psychiatrist => t_string!(i18n, role_psychiatrist),
        Role::Psychologist => t_string!(i18n, role_psychologist),
        Role::MedicalSpecialist => t_string!(i18n, role_medical_specialist),
        Role::OccupationalPhysician => t_string!(i18n, role_occupational_physician),
        Role::OccupationalPhysiotherapist => t_string!(i18n, role_occupational_physiotherapist),
        Role::InsurancePhysician => t_string!(i18n, role_insurance_physician),
        Role::Employer => t_string!(i18n, role_employer),
    }
    .to_string()
}

pub fn role_does(i18n: I18n, role: Role) -> String {
    match role {
        Role::Gp => t_string!(i18n, does_gp),
        Role::Psychiatrist => t_string!(i18n, does_psychiatrist),
        Role::Psychologist => t_string!(i18n, does_psychologist),
        Role::MedicalSpecialist => t_string!(i18n, does_medical_specialist),
        Role::OccupationalPhysician => t_string!(i18n, does_occupational_physician),
        Role::OccupationalPhysiotherapist => t_string!(i18n, does_occupational_physiotherapist),
        Role::InsurancePhysician => t_string!(i18n, does_insurance_physician),
        Role::Employer => t_string!(i18n, does_employer),
    }
    .to_string()
}

pub fn world_name(i18n: I18n, world: World) -> String {
    match world {
        World::CurativeCare => t_string!(i18n, world_curative_care),
        World::WorkFocusedCare => t_string!(i18n, world_work_focused_care),
        World::Workplace => t_string!(i18n, world_workplace),
    }
    .to_string()
}

pub fn error_key(i18n: I18n, key: ErrorKey) -> String {
    match key {
        ErrorKey::Required => t_string!(i18n, err_required).to_string(),
        ErrorKey::TooLong { max } => t_string!(i18n, err_too_long, max).to_string(),
        ErrorKey::EmailInvalid => t_string!(i18n, err_email_invalid).to_string(),
        ErrorKey::PhoneInvalid => t_string!(i18n, err_phone_invalid).to_string(),
        ErrorKey::RoleUnknown => t_string!(i18n, err_role_unknown).to_string(),
        ErrorKey::DateInvalid => t_string!(i18n, err_date_invalid).to_string(),
        ErrorKey::ReturnBeforeStart => t_string!(i18n, err_return_before_start).to_string(),
        ErrorKey::DateTooFar => t_string!(i18n, err_date_too_far).to_string(),
        ErrorKey::CodeInvalid => t_string!(i18n, err_code_invalid).to_string(),
        ErrorKey::CodeFormat => t_string!(i18n, err_code_format).to_string(),
        ErrorKey::ParticipantUnknown => t_string!(i18n, err_participant_unknown).to_string(),
    }
}

/// The message for an error that is not about one field.
pub fn app_error(i18n: I18n, e: &AppError) -> String {
    match e {
        AppError::Invalid(_) => String::new(),
        AppError::BadRequest => t_string!(i18n, err_bad_request).to_string(),
        AppError::NotFound => t_string!(i18n, err_not_found).to_string(),
        AppError::SignInRequired => t_string!(i18n, err_sign_in_required).to_string(),
        AppError::TooManyRequests => t_string!(i18n, err_too_many).to_string(),
        AppError::Offline => t_string!(i18n, err_offline).to_string(),
        AppError::Unavailable => t_string!(i18n, err_unavailable).to_string(),
    }
}

pub fn date(i18n: I18n, d: NaiveDate) -> String {
    let months = [
        t_string!(i18n, month_1).to_string(),
        t_string!(i18n, month_2).to_string(),
        t_string!(i18n, month_3).to_string(),
        t_string!(i18n, month_4).to_string(),
        t_string!(i18n, month_5).to_string(),
        t_string!(i18n, month_6).to_string(),
        t_string!(i18n, month_7).to_string(),
        t_string!(i18n, month_8).to_string(),
        t_string!(i18n, month_9).to_string(),
        t_string!(i18n, month_10).to_string(),
        t_string!(i18n, month_11).to_string(),
        t_string!(i18n, month_12).to_string(),
    ];
    let names: [&str; 12] = std::array::from_fn(|i| months[i].as_str());
    dates::format_date(lang(i18n), d, &names)
}

pub fn lang(i18n: I18n) -> &'static str {
    match i18n.get_locale() {
        Locale::en => "en",
        Locale::fi => "fi",
        Locale::nl => "nl",
    }
}

/// The sign-in e-mail in the recipient's language: (subject, body). It holds
/// the code and nothing else about the person.
pub fn sign_in_mail(lang: &str, code: &str) -> (String, String) {
    let locale = lang.parse::<Locale>().unwrap_or_default();
    (
        td_string!(locale, mail_code_subject).to_string(),
        td_string!(locale, mail_code_body, code).to_string(),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    fn keys(lang: &str) -> BTreeSet<String> {
        let path = format!("{}/locales/{lang}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
        map.keys().cloned().collect()
    }

    #[test]
    fn sign_in_mail_speaks_the_language() {
        let (subject, body) = super::sign_in_mail("fi", "123456");
        assert!(subject.contains("kirjautumiskoodi"));
        assert!(body.contains("123456"));
        let (subject, _) = super::sign_in_mail("xx", "1");
        assert_eq!(subject, "Your sign-in code for rtw-portal");
    }

    /// A key missing in one language would silently show English there.
    #[test]
    fn every_language_has_every_key() {
        let en = keys("en");
        assert!(en.len() > 50);
        for lang in ["fi", "nl"] {
            let other = keys(lang);
            assert_eq!(en.difference(&other).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in {lang}");
            assert_eq!(other.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "extra in {lang}");
        }
    }
}
