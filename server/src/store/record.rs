//! What the record download reads beyond the other areas' own reads: the
//! whole care team, the people removed from it included.

use super::{parsed, Conn};
use app::domain::*;
use sqlx::Row;

/// Everyone who is or was in the care team, in the order they were added.
pub async fn team(c: &mut Conn, case: CaseId) -> Result<Vec<RecordMember>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, role, name, organisation, email, phone, is_coordinator, mental_health_care, added_at, removed_at
         FROM participants WHERE case_id = $1 ORDER BY id",
    )
    .bind(case)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RecordMember {
                id: r.try_get("id")?,
                role: parsed(r.try_get("role")?, "role")?,
                name: r.try_get("name")?,
                organisation: r.try_get("organisation")?,
                email: r.try_get("email")?,
                phone: r.try_get("phone")?,
                coordinator: r.try_get::<i64, _>("is_coordinator")? == 1,
                mental_health_care: r.try_get::<i64, _>("mental_health_care")? == 1,
                added_at: r.try_get("added_at")?,
                removed_at: r.try_get("removed_at")?,
            })
        })
        .collect()
}
