//! The directory settings of a case: hidden (viewer, hidden) pairs and what
//! an employer is shown of a coordinator in curative care.

use super::Conn;
use app::domain::*;

pub async fn hidden(c: &mut Conn, case: CaseId) -> Result<Vec<(ParticipantId, ParticipantId)>, sqlx::Error> {
    sqlx::query_as("SELECT viewer_id, hidden_id FROM directory_hidden WHERE case_id = $1 ORDER BY 1, 2")
        .bind(case)
        .fetch_all(c)
        .await
}

/// Replaces whom `viewer` does not see.
pub async fn set_hidden(
    c: &mut Conn,
    case: CaseId,
    viewer: ParticipantId,
    hidden: &[ParticipantId],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM directory_hidden WHERE viewer_id = $1").bind(viewer).execute(&mut *c).await?;
    for h in hidden {
        sqlx::query("INSERT INTO directory_hidden (case_id, viewer_id, hidden_id) VALUES ($1, $2, $3)")
            .bind(case)
            .bind(viewer)
            .bind(h)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

pub async fn set_coordinator_contact(c: &mut Conn, case: CaseId, v: CoordinatorContact) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET coordinator_contact = $1 WHERE id = $2").bind(v.id()).bind(case).execute(c).await?;
    Ok(())
}
