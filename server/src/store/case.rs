use super::{date, id_list, parsed, Conn};
use app::domain::*;
use sqlx::Row;

/// A case's row and its worker's name: what the authorization check and
/// the pages of a case read of it, once per read (`Tx::case_row`).
#[derive(Debug, Clone)]
pub struct CaseRow {
    pub id: CaseId,
    pub worker_id: AccountId,
    /// Where the worker lives: "now" and "today" of the case are read there.
    pub zone: Zone,
    pub dates: CaseDates,
    pub country: Country,
    pub coordinator_contact: CoordinatorContact,
    /// The mental-health switch: every page of a case applies it.
    pub protection: Protection,
    /// The day the worker closed the case (back at work), if closed.
    pub closed_on: Option<chrono::NaiveDate>,
    /// When the case is erased, if the worker asked for it.
    pub erasure_due: Option<Timestamp>,
    worker_name: String,
}

impl CaseRow {
    /// The worker's full name (the worker's own pages and record only).
    pub fn worker_name(&self) -> &str {
        &self.worker_name
    }

    /// The worker's first name, the one thing every invited participant may see.
    pub fn worker_first_name(&self) -> String {
        self.worker_name.split_whitespace().next().unwrap_or_default().to_string()
    }
}

// The switch's named people ride along as one text of ids ("3,5"); `c`
// is the case and `a` its worker's account.
pub(super) const COLUMNS: &str = "SELECT c.id, c.worker_id, c.time_zone, c.sick_leave_start, c.expected_return,
     c.country, c.coordinator_contact, c.mh_protection, c.closed_on, c.erasure_due_at,
     (SELECT string_agg(CAST(v.participant_id AS TEXT), ',' ORDER BY v.participant_id)
      FROM protected_viewers v WHERE v.case_id = c.id) AS protected_named,
     a.display_name";
pub(super) const FROM: &str = "FROM cases c JOIN accounts a ON a.id = c.worker_id";

pub async fn row(c: &mut Conn, case: CaseId) -> Result<Option<CaseRow>, sqlx::Error> {
    let r = sqlx::query(&format!("{COLUMNS} {FROM} WHERE c.id = $1")).bind(case).fetch_optional(c).await?;
    r.as_ref().map(case_row).transpose()
}

/// The worker's own case, if they have one.
pub async fn of_worker(c: &mut Conn, worker: AccountId) -> Result<Option<CaseRow>, sqlx::Error> {
    let r = sqlx::query(&format!("{COLUMNS} {FROM} WHERE c.worker_id = $1")).bind(worker).fetch_optional(c).await?;
    r.as_ref().map(case_row).transpose()
}

pub(super) fn case_row(r: &sqlx::any::AnyRow) -> Result<CaseRow, sqlx::Error> {
    Ok(CaseRow {
        id: r.try_get("id")?,
        worker_id: r.try_get("worker_id")?,
        zone: parsed(r.try_get("time_zone")?, "time zone")?,
        dates: CaseDates {
            sick_leave_start: date(r.try_get("sick_leave_start")?)?,
            expected_return: r.try_get::<Option<String>, _>("expected_return")?.as_deref().map(date).transpose()?,
        },
        country: parsed(r.try_get("country")?, "country")?,
        coordinator_contact: parsed(r.try_get("coordinator_contact")?, "coordinator contact")?,
        protection: Protection {
            on: r.try_get::<i64, _>("mh_protection")? == 1,
            named: id_list(r, "protected_named", "protected viewer")?,
        },
        closed_on: r.try_get::<Option<String>, _>("closed_on")?.as_deref().map(date).transpose()?,
        erasure_due: r.try_get("erasure_due_at")?,
        worker_name: r.try_get("display_name")?,
    })
}

pub async fn create(
    c: &mut Conn,
    worker: AccountId,
    dates: &CaseDates,
    zone: Zone,
    now: Timestamp,
) -> Result<CaseId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO cases (worker_id, sick_leave_start, expected_return, created_at, time_zone)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(worker)
    .bind(dates.sick_leave_start.to_string())
    .bind(dates.expected_return.map(|d| d.to_string()))
    .bind(now)
    .bind(zone.name())
    .fetch_one(c)
    .await
}

pub async fn set_dates(c: &mut Conn, case: CaseId, dates: &CaseDates) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET sick_leave_start = $1, expected_return = $2 WHERE id = $3")
        .bind(dates.sick_leave_start.to_string())
        .bind(dates.expected_return.map(|d| d.to_string()))
        .bind(case)
        .execute(c)
        .await?;
    Ok(())
}

/// Closes the case on `day`, or reopens it (`None`).
pub async fn set_closed(c: &mut Conn, case: CaseId, day: Option<chrono::NaiveDate>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET closed_on = $1 WHERE id = $2")
        .bind(day.map(|d| d.to_string()))
        .bind(case)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn set_zone(c: &mut Conn, case: CaseId, zone: Zone) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET time_zone = $1 WHERE id = $2").bind(zone.name()).bind(case).execute(c).await?;
    Ok(())
}

/// Current (not removed) participants, in the order they were added.
pub async fn participants(c: &mut Conn, case: CaseId) -> Result<Vec<ParticipantView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, role, name, organisation, email, phone, is_coordinator, mental_health_care FROM participants
         WHERE case_id = $1 AND removed_at IS NULL ORDER BY id",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    rows.into_iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            let email: String = r.try_get("email")?;
            Ok(ParticipantView {
                id: r.try_get("id")?,
                role: parsed(&role, "role")?,
                contact: Contact {
                    name: r.try_get("name")?,
                    organisation: r.try_get("organisation")?,
                    email: Email::parse(&email)
                        .map_err(|_| sqlx::Error::Decode("stored e-mail does not parse".into()))?,
                    phone: r.try_get("phone")?,
                },
                is_coordinator: r.try_get::<i64, _>("is_coordinator")? == 1,
                mental_health_care: r.try_get::<i64, _>("mental_health_care")? == 1,
                // Filled in by the service from the grants, by the one rule.
                sees: Vec::new(),
                grants: Vec::new(),
                named_concerns: 0,
            })
        })
        .collect()
}

/// What authorization needs to know about a participant of `case`.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub role: Role,
    pub removed: bool,
}

/// A participant of `case` (current or removed); `None` if it belongs elsewhere.
pub async fn participant(
    c: &mut Conn,
    case: CaseId,
    participant: ParticipantId,
) -> Result<Option<Target>, sqlx::Error> {
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT role, removed_at FROM participants WHERE id = $1 AND case_id = $2")
            .bind(participant)
            .bind(case)
            .fetch_optional(c)
            .await?;
    row.map(|(role, removed)| Ok(Target { role: parsed(&role, "role")?, removed: removed.is_some() })).transpose()
}

/// The current participant of `case` the worker entered with this address.
pub async fn participant_by_email(
    c: &mut Conn,
    case: CaseId,
    email: &Email,
) -> Result<Option<(ParticipantId, Role)>, sqlx::Error> {
    let row: Option<(ParticipantId, String)> = sqlx::query_as(
        "SELECT id, role FROM participants WHERE case_id = $1 AND email = $2 AND removed_at IS NULL ORDER BY id LIMIT 1",
    )
    .bind(case)
    .bind(email.as_str())
    .fetch_optional(c)
    .await?;
    row.map(|(id, role)| Ok((id, parsed(&role, "role")?))).transpose()
}

/// The current participant of `case` reached at `email`, if any (one per
/// address: the index `one_participant_per_address`).
pub async fn current_with_email(
    c: &mut Conn,
    case: CaseId,
    email: &Email,
) -> Result<Option<ParticipantId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM participants WHERE case_id = $1 AND email = $2 AND removed_at IS NULL")
        .bind(case)
        .bind(email.as_str())
        .fetch_optional(c)
        .await
}

/// Display names of participants of `case`, removed ones included (for logs).
pub async fn names(c: &mut Conn, case: CaseId) -> Result<Vec<(ParticipantId, String, Role)>, sqlx::Error> {
    let rows: Vec<(ParticipantId, String, String)> =
        sqlx::query_as("SELECT id, name, role FROM participants WHERE case_id = $1 ORDER BY id")
            .bind(case)
            .fetch_all(c)
            .await?;
    rows.into_iter().map(|(id, name, role)| Ok((id, name, parsed(&role, "role")?))).collect()
}

pub async fn add_participant(
    c: &mut Conn,
    case: CaseId,
    p: &NewParticipant,
    now: Timestamp,
) -> Result<ParticipantId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO participants (case_id, role, name, organisation, email, phone, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(case)
    .bind(p.role.id())
    .bind(&p.contact.name)
    .bind(&p.contact.organisation)
    .bind(p.contact.email.as_str())
    .bind(&p.contact.phone)
    .bind(now)
    .fetch_one(c)
    .await
}

pub async fn set_contact(c: &mut Conn, participant: ParticipantId, contact: &Contact) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE participants SET name = $1, organisation = $2, email = $3, phone = $4 WHERE id = $5")
        .bind(&contact.name)
        .bind(&contact.organisation)
        .bind(contact.email.as_str())
        .bind(&contact.phone)
        .bind(participant)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn remove_participant(c: &mut Conn, participant: ParticipantId, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE participants SET removed_at = $1, is_coordinator = 0 WHERE id = $2")
        .bind(now)
        .bind(participant)
        .execute(c)
        .await?;
    Ok(())
}

/// Makes `participant` the only coordinator of `case` (`None`: nobody).
pub async fn set_coordinator(
    c: &mut Conn,
    case: CaseId,
    participant: Option<ParticipantId>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE participants SET is_coordinator = 0 WHERE case_id = $1 AND is_coordinator = 1")
        .bind(case)
        .execute(&mut *c)
        .await?;
    if let Some(p) = participant {
        sqlx::query("UPDATE participants SET is_coordinator = 1 WHERE id = $1 AND case_id = $2")
            .bind(p)
            .bind(case)
            .execute(c)
            .await?;
    }
    Ok(())
}

/// The worker's sign-in address, for the neutral message.
pub async fn worker_email(c: &mut Conn, case: CaseId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT a.email FROM cases c JOIN accounts a ON a.id = c.worker_id WHERE c.id = $1")
        .bind(case)
        .fetch_one(c)
        .await
}

/// A participant's address, for the neutral message.
pub async fn email_of(c: &mut Conn, p: ParticipantId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT email FROM participants WHERE id = $1").bind(p).fetch_optional(c).await
}
