//! Server functions of the worker's case: dates and the care team.

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn parse_id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// The worker's case, or `None` when they have not started one yet.
#[server(endpoint = "case/mine")]
pub async fn my_case() -> Result<Option<CaseOverview>, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.my_case(&me).await
}

#[server(endpoint = "case/start")]
pub async fn start_case(name: String, sick_leave_start: String, expected_return: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let zone = Zone::for_language(&language());
    let today = portal()?.now(&me, zone).await?.today();
    let parsed = match (person_name(&name), CaseDates::parse(&sick_leave_start, &expected_return, today)) {
        (Ok(name), Ok(dates)) => Ok((name, dates)),
        (name, dates) => {
            let mut errors: Vec<FieldError> = name.err().map(|k| FieldError::new("name", k)).into_iter().collect();
            errors.extend(dates.err().unwrap_or_default());
            Err(AppError::Invalid(errors))
        }
    };
    let kept =
        [("name", name.as_str()), ("sick_leave_start", &sick_leave_start), ("expected_return", &expected_return)];
    let (name, dates) = super::kept::on_error::<StartCase, _>(parsed, &kept)?;
    portal()?.start_case(&me, &name, dates, zone).await.map(|_| ())
}

#[server(endpoint = "case/dates")]
pub async fn change_dates(case_id: String, sick_leave_start: String, expected_return: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let today = portal()?.now(&me, Zone::for_language(&language())).await?.today();
    let parsed = CaseDates::parse(&sick_leave_start, &expected_return, today).map_err(AppError::Invalid);
    let kept = [("sick_leave_start", sick_leave_start.as_str()), ("expected_return", &expected_return)];
    let dates = super::kept::on_error::<ChangeDates, _>(parsed, &kept)?;
    portal()?.change_dates(&me, parse_id(&case_id)?, dates).await
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
    let p = super::kept::on_error::<AddParticipant, _>(parsed, &kept)?;
    portal()?.add_participant(&me, parse_id(&case_id)?, p).await.map(|_| ())
}

/// The prefix of the contact form's fields of participant `p`: errors and
/// kept values name it, so they show on that participant's card only.
pub fn contact_prefix(p: ParticipantId) -> String {
    format!("p{p}")
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
    let pid: ParticipantId = parse_id(&participant_id)?;
    let prefix = contact_prefix(pid);
    let parsed = Contact::parse(&name, &organisation, &email, &phone).map_err(|errors| {
        AppError::Invalid(
            errors.into_iter().map(|e| FieldError { field: format!("{prefix}.{}", e.field), key: e.key }).collect(),
        )
    });
    let keys = ["name", "organisation", "email", "phone"].map(|f| format!("{prefix}.{f}"));
    let kept = [(keys[0].as_str(), name.as_str()), (&keys[1], &organisation), (&keys[2], &email), (&keys[3], &phone)];
    let c = super::kept::on_error::<ChangeContact, _>(parsed, &kept)?;
    portal()?.change_contact(&me, parse_id(&case_id)?, pid, c).await
}

#[server(endpoint = "case/participant/remove")]
pub async fn remove_participant(case_id: String, participant_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.remove_participant(&me, parse_id(&case_id)?, parse_id(&participant_id)?).await
}

/// `participant_id` empty means "no coordinator".
#[server(endpoint = "case/coordinator")]
pub async fn set_coordinator(case_id: String, participant_id: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let p = if participant_id.trim().is_empty() { None } else { Some(parse_id(&participant_id)?) };
    portal()?.set_coordinator(&me, parse_id(&case_id)?, p).await
}
