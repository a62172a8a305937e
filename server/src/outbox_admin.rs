//! `rtw-portal outbox`: the operator's view of mail the sender gave up on,
//! and a way to queue one again once the cause (a full mailbox, a wrong
//! password in the SMTP settings) is fixed.

use crate::store::{outbox, Db};

/// One line per failed message. Recipients are masked: the listing ends up
/// in terminals, tickets and chat, and an address can tell who is on leave.
pub async fn failed_report(db: &Db) -> Result<String, sqlx::Error> {
    let mut c = db.pool().acquire().await?;
    let rows = outbox::failed(&mut c).await?;
    if rows.is_empty() {
        return Ok("no failed messages\n".into());
    }
    let mut out = format!("{:>8}  {:<20}  {:>8}  {:<28}  last error\n", "id", "created (UTC)", "attempts", "recipient");
    for f in rows {
        let created = chrono::DateTime::from_timestamp_millis(f.created_at)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        out += &format!(
            "{:>8}  {:<20}  {:>8}  {:<28}  {}\n",
            f.id,
            created,
            f.attempts,
            mask(&f.recipient),
            f.last_error.as_deref().unwrap_or("-")
        );
    }
    Ok(out)
}

/// Queues a failed message again; false when there is no failed one by `id`.
pub async fn retry(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let mut c = db.pool().acquire().await?;
    outbox::retry_failed(&mut c, id, now).await
}

/// `anna@example.com` → `a***@example.com`: enough to tell two apart, not
/// enough to name the person.
pub fn mask(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_the_local_part() {
        assert_eq!(mask("anna.jansen@example.com"), "a***@example.com");
        assert_eq!(mask("ä@example.fi"), "ä***@example.fi");
        assert_eq!(mask("@example.com"), "***@example.com");
        assert_eq!(mask("nonsense"), "***");
    }
}
