//! Delivery over SMTP with lettre. One connection per message: the outbox
//! sends a handful of short messages, and a pool would be one more thing to
//! keep healthy across server restarts and idle timeouts. TLS is rustls.

use super::{Mailer, Message, SendError};
use crate::config::{SmtpConfig, SmtpTls};
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::time::Duration;

/// Longest wait for one reply of the server.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(20);
/// Longest a whole send may take: shorter than the outbox lease, so no
/// second sender claims a message while it is still being handed over.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(45);

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(c: &SmtpConfig) -> Result<Self, String> {
        let tls_for =
            |host: &str| TlsParameters::new(host.to_string()).map_err(|e| format!("cannot set up TLS for {host}: {e}"));
        let tls = match c.tls {
            SmtpTls::StartTls => Tls::Required(tls_for(&c.host)?),
            SmtpTls::Implicit => Tls::Wrapper(tls_for(&c.host)?),
            // Config allows this for a loopback host only.
            SmtpTls::None => Tls::None,
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&c.host)
            .port(c.port)
            .tls(tls)
            .timeout(Some(COMMAND_TIMEOUT));
        if let Some((user, password)) = &c.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.expose().to_string()));
        }
        Ok(SmtpMailer { transport: builder.build(), from: c.from.clone() })
    }

    /// The message as it goes on the wire: plain UTF-8 text (lettre picks
    /// quoted-printable or base64 when it is not ASCII), a fresh Message-ID
    /// in the sender's domain, and the Date of sending.
    pub fn build(&self, m: &Message<'_>) -> Result<lettre::Message, SendError> {
        let to: Mailbox = m.to.parse().map_err(|_| SendError::permanent("the recipient address is not valid"))?;
        let id: u128 = rand::random();
        lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject)
            .message_id(Some(format!("<{id:032x}@{}>", self.from.email.domain())))
            .date_now()
            .header(ContentType::TEXT_PLAIN)
            .body(m.body.to_string())
            .map_err(|_| SendError::permanent("the message could not be built"))
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, m: &Message<'_>) -> Result<(), SendError> {
        let message = self.build(m)?;
        // `Ok` comes only with the server's positive answer to the data.
        match tokio::time::timeout(SEND_TIMEOUT, self.transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(classify(&e)),
            Err(_) => Err(SendError::transient("the SMTP exchange took too long")),
        }
    }
}

/// The kind of failure and its SMTP code only: the server's own text may
/// quote the recipient, and the reason is stored and logged.
pub fn classify(e: &lettre::transport::smtp::Error) -> SendError {
    match e.status() {
        Some(code) if e.is_permanent() => SendError::permanent(format!("refused by the SMTP server ({code})")),
        Some(code) => SendError::transient(format!("deferred by the SMTP server ({code})")),
        None if e.is_timeout() => SendError::transient("the SMTP server did not answer in time"),
        None if e.is_tls() => SendError::transient("TLS with the SMTP server failed"),
        None => SendError::transient("the SMTP server could not be reached or broke off"),
    }
}
