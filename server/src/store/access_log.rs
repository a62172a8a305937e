use super::Conn;

/// One row of the access log, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub at: i64,
    pub actor: Option<i64>,
    pub on_behalf_of: Option<i64>,
    pub role: &'a str,
    pub action: &'a str,
    pub case_id: Option<i64>,
    pub category: Option<&'a str>,
    pub allowed: bool,
}

pub async fn append(c: &mut Conn, e: &Entry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO access_log (at, actor_account_id, on_behalf_of, role, action, case_id, category, outcome)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.at)
    .bind(e.actor)
    .bind(e.on_behalf_of)
    .bind(e.role)
    .bind(e.action)
    .bind(e.case_id)
    .bind(e.category)
    .bind(if e.allowed { "allowed" } else { "denied" })
    .execute(c)
    .await?;
    Ok(())
}
