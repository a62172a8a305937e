//! "You have something new in rtw-portal": the one message the portal sends
//! about a case, with a link and nothing else (GUIDE promise 6). Queued in
//! the caller's transaction, so it goes out only if the change commits.

use super::PortalService;
use crate::store::{outbox, Conn};
use app::domain::Email;

/// Queues the neutral message to `email`, in their language when they have
/// an account, with a link to `path` on this portal.
pub async fn tell(s: &PortalService, c: &mut Conn, email: &str, path: &str) -> Result<(), sqlx::Error> {
    let locale: Option<String> = match Email::parse(email) {
        Ok(e) => {
            sqlx::query_scalar("SELECT locale FROM accounts WHERE email = $1")
                .bind(e.as_str())
                .fetch_optional(&mut *c)
                .await?
        }
        Err(_) => None,
    };
    let lang = locale.unwrap_or_else(|| "en".into());
    let link = format!("{}{path}", s.public_url);
    let (subject, body) = app::text::news_mail(&lang, &link);
    let mail = outbox::NewMail { recipient: email, locale: &lang, subject: &subject, body: &body, urgent: false };
    outbox::enqueue(c, &mail, s.now().0).await?;
    Ok(())
}
