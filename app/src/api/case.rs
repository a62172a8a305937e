//! Server functions of the worker's case: dates and the care team.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The worker's case, or `None` when they have not started one yet.
#[server(endpoint = "case/mine")]
pub async fn my_case() -> Result<Option<CaseOverview>, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.my_case(&me).await
}

/// My case: the case and what waits for the worker's answer, in one read.
#[server(endpoint = "case/home")]
pub async fn load_case_home() -> Result<Option<CaseHome>, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.case_home(&me).await
}

/// The zone the worker chose (`time_zone`), or the one their language suggests.
#[cfg(feature = "ssr")]
fn zone_or_default(time_zone: Option<&str>) -> Zone {
    time_zone.and_then(|z| z.parse().ok()).unwrap_or_else(|| Zone::for_language(&super::context::language()))
}

/// A country the form chose; absent, none (the caller's default holds).
#[cfg(feature = "ssr")]
fn country(raw: Option<&str>) -> Result<Option<Country>, FieldError> {
    match raw.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => c.parse().map(Some).map_err(|_| FieldError::new("country", ErrorKey::CountryUnknown)),
    }
}

#[server(endpoint = "case/start")]
pub async fn start_case(
    name: String,
    sick_leave_start: String,
    expected_return: String,
    time_zone: Option<String>,
    country: Option<String>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let zone = zone_or_default(time_zone.as_deref());
    let chosen = self::country(country.as_deref());
    let parsed = match (person_name(&name), CaseDates::parse(&sick_leave_start, &expected_return), chosen) {
        (Ok(name), Ok(dates), Ok(country)) => {
            let country = country.unwrap_or_else(|| Country::for_language(&language()));
            Ok((name, NewCase { dates, zone, country }))
        }
        (name, dates, country) => {
            let mut errors: Vec<FieldError> = name.err().map(|k| FieldError::new("name", k)).into_iter().collect();
            errors.extend(dates.err().unwrap_or_default());
            errors.extend(country.err());
            Err(AppError::Invalid(errors))
        }
    };
    let kept = [
        ("name", name.as_str()),
        ("sick_leave_start", &sick_leave_start),
        ("expected_return", &expected_return),
        ("time_zone", time_zone.as_deref().unwrap_or_default()),
        ("country", country.as_deref().unwrap_or_default()),
    ];
    let (name, new) = super::kept::on_error::<StartCase, _>(parsed, &kept).await?;
    let zone = new.zone;
    let started = portal()?.start_case(&me, &name, new).await.map(|_| ());
    super::kept::on_error::<StartCase, _>(started, &kept).await?;
    // Where she lives is where she reads times, unless she chose otherwise
    // (the zone in force, as her account holds it).
    if reader_zone().is_none() {
        remember_zone(portal()?.set_time_zone(&me, zone, true).await?);
    }
    Ok(())
}

/// The dates, and where the worker lives (`time_zone`; unchanged when absent).
#[server(endpoint = "case/dates")]
pub async fn change_dates(
    case_id: String,
    sick_leave_start: String,
    expected_return: String,
    time_zone: Option<String>,
    country: Option<String>,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let zone = time_zone.as_deref().and_then(|z| z.parse::<Zone>().ok());
    let parsed = match (CaseDates::parse(&sick_leave_start, &expected_return), self::country(country.as_deref())) {
        (Ok(dates), Ok(country)) => Ok((dates, country)),
        (dates, country) => {
            let mut errors = dates.err().unwrap_or_default();
            errors.extend(country.err());
            Err(AppError::Invalid(errors))
        }
    };
    let kept = [
        ("sick_leave_start", sick_leave_start.as_str()),
        ("expected_return", &expected_return),
        ("time_zone", time_zone.as_deref().unwrap_or_default()),
        ("country", country.as_deref().unwrap_or_default()),
    ];
    let (dates, country) = super::kept::on_error::<ChangeDates, _>(parsed, &kept).await?;
    let changed = portal()?.change_dates(&me, id(&case_id)?, dates, zone, country).await;
    super::kept::on_error::<ChangeDates, _>(changed, &kept).await
}

#[server(endpoint = "case/participant/add")]
pub async fn add_participant(
    case_id: String,
    role: String,
    name: String,
    organisation: String,
    email: String,
    phone: String,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let parsed = NewParticipant::parse(&role, &name, &organisation, &email, &phone).map_err(AppError::Invalid);
    let kept = [
        ("role", role.as_str()),
        ("name", &name),
        ("organisation", &organisation),
        ("email", &email),
        ("phone", &phone),
    ];
    let p = super::kept::on_error::<AddParticipant, _>(parsed, &kept).await?;
    let added = portal()?.add_participant(&me, id(&case_id)?, p).await.map(|_| ());
    super::kept::on_error::<AddParticipant, _>(added, &kept).await
}

#[server(endpoint = "case/participant/contact")]
pub async fn change_contact(
    case_id: String,
    participant_id: String,
    name: String,
    organisation: String,
    email: String,
    phone: String,
) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let pid: ParticipantId = id(&participant_id)?;
    let prefix = contact_prefix(pid);
    let parsed = Contact::parse(&name, &organisation, &email, &phone).map_err(|errors| {
        AppError::Invalid(
            errors.into_iter().map(|e| FieldError { field: format!("{prefix}.{}", e.field), key: e.key }).collect(),
        )
    });
    let keys = ["name", "organisation", "email", "phone"].map(|f| format!("{prefix}.{f}"));
    let kept = [(keys[0].as_str(), name.as_str()), (&keys[1], &organisation), (&keys[2], &email), (&keys[3], &phone)];
    let c = super::kept::on_error::<ChangeContact, _>(parsed, &kept).await?;
    let changed = portal()?.change_contact(&me, id(&case_id)?, pid, c).await;
    super::kept::on_error::<ChangeContact, _>(changed, &kept).await?;
    // Back to their page, which shows the new details.
    if is_form_post() {
        leptos_axum::redirect(&format!("/case/{case_id}/sharing/{pid}"));
    }
    Ok(())
}

#[server(endpoint = "case/participant/remove")]
pub async fn remove_participant(case_id: String, participant_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let case: CaseId = id(&case_id)?;
    portal()?.remove_participant(&me, case, id(&participant_id)?).await?;
    // Their page is gone: back to everyone's.
    if is_form_post() {
        leptos_axum::redirect(&format!("/case/{case}/sharing"));
    }
    Ok(())
}

/// Back at work: the case closes on `closed_on` (a date, today or before).
#[server(endpoint = "case/close")]
pub async fn close_case(case_id: String, closed_on: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let day = chrono::NaiveDate::parse_from_str(closed_on.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::field("closed_on", ErrorKey::DateInvalid));
    let kept = [("closed_on", closed_on.as_str())];
    let day = super::kept::on_error::<CloseCase, _>(day, &kept).await?;
    let closed = portal()?.close_case(&me, id(&case_id)?, day).await;
    super::kept::on_error::<CloseCase, _>(closed, &kept).await
}

#[server(endpoint = "case/reopen")]
pub async fn reopen_case(case_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.reopen_case(&me, id(&case_id)?).await
}

/// `participant_id` empty means "no coordinator".
#[server(endpoint = "case/coordinator")]
pub async fn set_coordinator(case_id: String, participant_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let p = if participant_id.trim().is_empty() { None } else { Some(id(&participant_id)?) };
    portal()?.set_coordinator(&me, id(&case_id)?, p).await
}
