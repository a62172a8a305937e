//! Join codes a worker showed at an appointment (migration 0026).

use super::{parsed, Conn};
use app::domain::*;
use sqlx::Row;

/// A join code's row.
pub struct Stored {
    pub id: JoinId,
    pub case: CaseId,
    pub role: Role,
    pub seed: String,
    pub expires_at: Timestamp,
    /// Who entered it, when, and as whom (`None`: nobody yet).
    pub entered: Option<(AccountId, Timestamp, Contact)>,
    pub outcome: Option<Outcome>,
}

/// What became of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Joined,
    Declined,
    /// A newer code took its place.
    Replaced,
}

impl Outcome {
    fn id(self) -> &'static str {
        match self {
            Outcome::Joined => "joined",
            Outcome::Declined => "declined",
            Outcome::Replaced => "replaced",
        }
    }
}

const COLUMNS: &str = "SELECT id, case_id, role, seed, expires_at, entered_by, entered_at, name, organisation, email,
     phone, outcome FROM join_codes";

fn stored(r: &sqlx::any::AnyRow) -> Result<Stored, sqlx::Error> {
    let entered_by: Option<AccountId> = r.try_get("entered_by")?;
    let entered = match entered_by {
        Some(account) => {
            let email: String = r.try_get("email")?;
            let contact = Contact {
                name: r.try_get("name")?,
                organisation: r.try_get("organisation")?,
                email: Email::parse(&email).map_err(|_| sqlx::Error::Decode("stored e-mail does not parse".into()))?,
                phone: r.try_get("phone")?,
            };
            Some((account, r.try_get("entered_at")?, contact))
        }
        None => None,
    };
    let outcome = match r.try_get::<Option<&str>, _>("outcome")? {
        None => None,
        Some("joined") => Some(Outcome::Joined),
        Some("declined") => Some(Outcome::Declined),
        Some(_) => Some(Outcome::Replaced),
    };
    Ok(Stored {
        id: r.try_get("id")?,
        case: r.try_get("case_id")?,
        role: parsed(r.try_get("role")?, "role")?,
        seed: r.try_get("seed")?,
        expires_at: r.try_get("expires_at")?,
        entered,
        outcome,
    })
}

/// A new code for `case`; earlier ones not answered yet end as replaced
/// (the worker's page offers a new code only while nobody waits for her
/// answer).
pub async fn create(
    c: &mut Conn,
    case: CaseId,
    role: Role,
    seed: &str,
    code_hash: &str,
    now: Timestamp,
) -> Result<JoinId, sqlx::Error> {
    sqlx::query("UPDATE join_codes SET outcome = 'replaced', answered_at = $2 WHERE case_id = $1 AND outcome IS NULL")
        .bind(case)
        .bind(now)
        .execute(&mut *c)
        .await?;
    sqlx::query_scalar(
        "INSERT INTO join_codes (case_id, role, seed, code_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(case)
    .bind(role.id())
    .bind(seed)
    .bind(code_hash)
    .bind(now)
    .bind(Timestamp(now.0 + JOIN_CODE_MS))
    .fetch_one(c)
    .await
}

/// The case's newest code, if made since `since`.
pub async fn latest(c: &mut Conn, case: CaseId, since: Timestamp) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query(&format!("{COLUMNS} WHERE case_id = $1 AND created_at >= $2 ORDER BY id DESC LIMIT 1"))
        .bind(case)
        .bind(since)
        .fetch_optional(c)
        .await?;
    row.as_ref().map(stored).transpose()
}

pub async fn of_case(c: &mut Conn, case: CaseId, id: JoinId) -> Result<Option<Stored>, sqlx::Error> {
    let row =
        sqlx::query(&format!("{COLUMNS} WHERE id = $1 AND case_id = $2")).bind(id).bind(case).fetch_optional(c).await?;
    row.as_ref().map(stored).transpose()
}

/// A code `account` entered.
pub async fn entered_by(c: &mut Conn, id: JoinId, account: AccountId) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query(&format!("{COLUMNS} WHERE id = $1 AND entered_by = $2"))
        .bind(id)
        .bind(account)
        .fetch_optional(c)
        .await?;
    row.as_ref().map(stored).transpose()
}

/// The code with this HMAC that may still be entered at `now`.
pub async fn enterable(c: &mut Conn, code_hash: &str, now: Timestamp) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "{COLUMNS} WHERE code_hash = $1 AND entered_by IS NULL AND outcome IS NULL AND expires_at > $2
         ORDER BY id DESC LIMIT 1"
    ))
    .bind(code_hash)
    .bind(now)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(stored).transpose()
}

/// `account` enters code `id` as `contact`: `false` when someone else did first.
pub async fn enter(
    c: &mut Conn,
    id: JoinId,
    account: AccountId,
    contact: &Contact,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE join_codes SET entered_by = $2, entered_at = $3, name = $4, organisation = $5, email = $6, phone = $7
         WHERE id = $1 AND entered_by IS NULL AND outcome IS NULL",
    )
    .bind(id)
    .bind(account)
    .bind(now)
    .bind(&contact.name)
    .bind(&contact.organisation)
    .bind(contact.email.as_str())
    .bind(&contact.phone)
    .execute(c)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The worker's answer to an entered code: `false` when it was answered already.
pub async fn answer(c: &mut Conn, id: JoinId, outcome: Outcome, now: Timestamp) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE join_codes SET outcome = $2, answered_at = $3
         WHERE id = $1 AND entered_by IS NOT NULL AND outcome IS NULL",
    )
    .bind(id)
    .bind(outcome.id())
    .bind(now)
    .execute(c)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Who the person let in became in the team.
pub async fn joined_as(c: &mut Conn, id: JoinId, participant: ParticipantId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE join_codes SET participant_id = $2 WHERE id = $1")
        .bind(id)
        .bind(participant)
        .execute(c)
        .await?;
    Ok(())
}
