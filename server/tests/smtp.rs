//! The outbox delivered over real SMTP to a small server on loopback that
//! this file runs itself (so the tests need nothing installed).
mod common;

use app::ports::prelude::*;
use chrono::Duration;
use common::*;
use server::config::{Config, SmtpConfig};
use server::notify::{deliver_due, Mailer, Message, SmtpMailer, MAX_ATTEMPTS};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// What the peer got in one accepted transaction.
#[derive(Clone, Debug)]
struct Received {
    mail_from: String,
    rcpt_to: Vec<String>,
    /// Headers and body as sent, dot-stuffing removed.
    data: String,
}

#[derive(Default)]
struct Peer {
    received: Mutex<Vec<Received>>,
    /// The answer to RCPT (for example "451 …" or "550 …"); 250 when unset.
    rcpt_reply: Mutex<Option<String>>,
    /// Wait for `release` before answering the end of the data.
    hold: AtomicBool,
    data_arrived: Notify,
    release: Notify,
}

impl Peer {
    async fn start() -> (Arc<Peer>, u16) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let peer = Arc::new(Peer::default());
        let p = peer.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(p.clone().session(socket));
            }
        });
        (peer, port)
    }

    fn answer_rcpt(&self, reply: Option<&str>) {
        *self.rcpt_reply.lock().unwrap() = reply.map(str::to_string);
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// One SMTP session: just enough of RFC 5321 for a client that sends.
    async fn session(self: Arc<Self>, socket: TcpStream) {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        let _ = write.write_all(b"220 peer.test ESMTP\r\n").await;
        let (mut mail_from, mut rcpt_to) = (String::new(), Vec::new());
        while let Ok(Some(line)) = lines.next_line().await {
            let command = line.to_ascii_uppercase();
            let reply = if command.starts_with("EHLO") || command.starts_with("HELO") {
                "250-peer.test\r\n250 8BITMIME".to_string()
            } else if command.starts_with("MAIL FROM:") {
                mail_from = angle(&line);
                "250 2.1.0 ok".into()
            } else if command.starts_with("RCPT TO:") {
                let reply = self.rcpt_reply.lock().unwrap().clone();
                reply.unwrap_or_else(|| {
                    rcpt_to.push(angle(&line));
                    "250 2.1.5 ok".into()
                })
            } else if command == "DATA" {
                let _ = write.write_all(b"354 go ahead\r\n").await;
                let mut data = String::new();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    data += l.strip_prefix('.').unwrap_or(&l);
                    data += "\r\n";
                }
                if self.hold.load(Ordering::SeqCst) {
                    self.data_arrived.notify_one();
                    self.release.notified().await;
                }
                let received = Received { mail_from: mail_from.clone(), rcpt_to: rcpt_to.clone(), data };
                self.received.lock().unwrap().push(received);
                "250 2.0.0 queued".into()
            } else if command == "QUIT" {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            } else {
                "250 ok".into()
            };
            if write.write_all(format!("{reply}\r\n").as_bytes()).await.is_err() {
                return;
            }
        }
    }
}

/// `MAIL FROM:<a@b> BODY=8BITMIME` → `a@b`
fn angle(line: &str) -> String {
    line.split_once('<').and_then(|(_, r)| r.split_once('>')).map(|(a, _)| a.to_string()).unwrap_or_default()
}

fn smtp_config(port: u16) -> SmtpConfig {
    let port = port.to_string();
    let vars = [
        ("RTW_SMTP_HOST", "127.0.0.1"),
        ("RTW_SMTP_PORT", port.as_str()),
        ("RTW_SMTP_TLS", "none"),
        ("RTW_MAIL_FROM", "rtw-portal <noreply@rtw.example>"),
    ];
    let config = Config::from_lookup(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())).unwrap();
    config.smtp.unwrap()
}

fn mailer(port: u16) -> Arc<SmtpMailer> {
    Arc::new(SmtpMailer::new(&smtp_config(port)).unwrap())
}

async fn deliver(e: &Env, m: &SmtpMailer) -> usize {
    deliver_due(&e.s.db, e.clock.as_ref(), m).await.unwrap()
}

/// (status, attempts, next_attempt_at, last_error) of the only message.
async fn row(e: &Env) -> (String, i64, i64, Option<String>) {
    sqlx::query_as("SELECT status, attempts, next_attempt_at, last_error FROM outbox")
        .fetch_one(e.s.db.pool())
        .await
        .unwrap()
}

fn now(e: &Env) -> i64 {
    use server::services::Clock;
    e.clock.now().timestamp_millis()
}

/// A message split into unfolded headers and its decoded body.
struct Parsed {
    headers: Vec<(String, String)>,
    body: String,
}

impl Parsed {
    fn of(data: &str) -> Parsed {
        let (head, body) = data.split_once("\r\n\r\n").unwrap();
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                headers.last_mut().unwrap().1 += line;
            } else {
                let (k, v) = line.split_once(':').unwrap();
                headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let mut p = Parsed { headers, body: String::new() };
        p.body = match p.header("content-transfer-encoding").to_ascii_lowercase().as_str() {
            "quoted-printable" => String::from_utf8(quoted_printable(body)).unwrap(),
            "base64" => String::from_utf8(base64(&body.replace("\r\n", ""))).unwrap(),
            _ => body.to_string(),
        };
        // The transport ends the data with a line break of its own.
        p.body = p.body.strip_suffix("\r\n").unwrap_or(&p.body).to_string();
        p
    }

    fn header(&self, name: &str) -> String {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// A header with its RFC 2047 encoded words decoded.
    fn text(&self, name: &str) -> String {
        let raw = self.header(name);
        let mut out = Vec::new();
        for word in raw.split_whitespace() {
            let parts: Vec<&str> = word.split('?').collect();
            match parts.as_slice() {
                ["=", charset, enc, text, "="] if charset.eq_ignore_ascii_case("utf-8") => {
                    let bytes = if enc.eq_ignore_ascii_case("b") {
                        base64(text)
                    } else {
                        quoted_printable(&text.replace('_', " "))
                    };
                    out.push((true, String::from_utf8(bytes).unwrap()));
                }
                _ => out.push((false, word.to_string())),
            }
        }
        // Space between two encoded words is not part of the text.
        let mut text = String::new();
        for (i, (encoded, w)) in out.iter().enumerate() {
            if i > 0 && !(*encoded && out[i - 1].0) {
                text.push(' ');
            }
            text += w;
        }
        text
    }
}

fn base64(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

fn quoted_printable(s: &str) -> Vec<u8> {
    let s = s.replace("=\r\n", "");
    let (bytes, mut out, mut i) = (s.as_bytes(), Vec::new(), 0);
    while i < bytes.len() {
        if bytes[i] == b'=' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[tokio::test]
async fn a_queued_message_is_marked_sent_only_after_the_server_accepted_it() {
    let e = env().await;
    let (peer, port) = Peer::start().await;
    e.s.request_code(&email("liisa@example.com"), IP, "fi", Default::default()).await.unwrap();
    let (subject, body): (String, String) =
        sqlx::query_as("SELECT subject, body FROM outbox").fetch_one(e.s.db.pool()).await.unwrap();

    peer.hold.store(true, Ordering::SeqCst);
    let (db, clock, m) = (e.s.db.clone(), e.clock.clone(), mailer(port));
    let sender = tokio::spawn(async move { deliver_due(&db, clock.as_ref(), m.as_ref()).await.unwrap() });
    tokio::time::timeout(std::time::Duration::from_secs(10), peer.data_arrived.notified()).await.unwrap();
    // The peer has the whole message but has not said 250 yet.
    assert_eq!(row(&e).await.0, "pending");
    peer.release.notify_one();
    assert_eq!(sender.await.unwrap(), 1);
    let (status, attempts, _, error) = row(&e).await;
    assert_eq!((status.as_str(), attempts, error), ("sent", 1, None));

    let got = peer.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].mail_from, "noreply@rtw.example");
    assert_eq!(got[0].rcpt_to, ["liisa@example.com"]);
    let mail = Parsed::of(&got[0].data);
    assert_eq!(mail.text("from"), "rtw-portal <noreply@rtw.example>");
    assert_eq!(mail.header("to"), "liisa@example.com");
    assert_eq!(mail.text("subject"), subject);
    assert_eq!(mail.body, body, "the Finnish text arrives as written");
    assert!(body.contains('ä'), "{body}");
    // Nothing is sent twice.
    assert_eq!(deliver(&e, &mailer(port)).await, 0);
    assert_eq!(peer.received().len(), 1);
}

#[tokio::test]
async fn utf8_text_and_headers_arrive_intact() {
    let (peer, port) = Peer::start().await;
    let body = "Hej Åsa! Du har något nytt i rtw-portal.\nSinulla on jotain uutta: avaa linkki, jatka työhön paluuta.\n\n\
                En lång rad som är längre än sjuttiosex tecken, så att kodningen måste bryta den mjukt någonstans.\n.\n";
    let subject = "Nytt i rtw-portal – uutta sinulle";
    let m = Message { to: "asa@example.com", subject, body };
    mailer(port).send(&m).await.unwrap();

    let raw = &peer.received()[0].data;
    assert!(raw.is_ascii(), "encoded for any relay, 8-bit clean or not");
    let mail = Parsed::of(raw);
    let encoding = mail.header("content-transfer-encoding");
    assert!(["quoted-printable", "base64"].contains(&encoding.as_str()), "{encoding}");
    assert_eq!(mail.text("subject"), subject);
    assert_eq!(mail.body.replace("\r\n", "\n"), body);
    assert_eq!(mail.header("content-type").to_ascii_lowercase(), "text/plain; charset=utf-8");
    let id = mail.header("message-id");
    assert!(id.starts_with('<') && id.ends_with("@rtw.example>"), "{id}");
    assert!(chrono::DateTime::parse_from_rfc2822(&mail.header("date")).is_ok(), "{}", mail.header("date"));

    // Every message gets an id of its own.
    mailer(port).send(&m).await.unwrap();
    assert_ne!(Parsed::of(&peer.received()[1].data).header("message-id"), id);
}

#[tokio::test]
async fn a_deferral_keeps_the_message_pending_until_a_later_attempt() {
    let e = env().await;
    let (peer, port) = Peer::start().await;
    peer.answer_rcpt(Some("451 4.7.1 <tuuli@example.com>: greylisted, try again later"));
    e.s.request_code(&email("tuuli@example.com"), IP, "fi", Default::default()).await.unwrap();
    let m = mailer(port);

    assert_eq!(deliver(&e, &m).await, 0);
    let (status, attempts, next, error) = row(&e).await;
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert!(next > now(&e), "retried later, not at once");
    let error = error.unwrap();
    assert!(error.contains("451"), "{error}");
    assert!(!error.contains("tuuli"), "no recipient in what is stored and logged: {error}");

    peer.answer_rcpt(None);
    assert_eq!(deliver(&e, &m).await, 0, "not before its back-off");
    e.clock.advance(Duration::minutes(2));
    assert_eq!(deliver(&e, &m).await, 1);
    assert_eq!(row(&e).await.0, "sent");
    assert_eq!(peer.received()[0].rcpt_to, ["tuuli@example.com"]);
}

#[tokio::test]
async fn repeated_deferral_ends_failed_and_is_listed_for_the_operator() {
    let e = env().await;
    let (peer, port) = Peer::start().await;
    peer.answer_rcpt(Some("451 4.3.0 mailbox busy"));
    e.s.request_code(&email("tuomas@example.com"), IP, "en", Default::default()).await.unwrap();
    let m = mailer(port);
    assert_eq!(server::outbox_admin::failed_report(&e.s.db).await.unwrap(), "no failed messages\n");

    for attempt in 1..=MAX_ATTEMPTS {
        assert_eq!(row(&e).await.0, "pending", "attempt {attempt}");
        assert_eq!(deliver(&e, &m).await, 0);
        e.clock.advance(Duration::days(1));
    }
    let (status, attempts, _, _) = row(&e).await;
    assert_eq!((status.as_str(), attempts), ("failed", MAX_ATTEMPTS));
    assert_eq!(deliver(&e, &m).await, 0, "a failed message is not tried again by itself");

    let id: i64 = sqlx::query_scalar("SELECT id FROM outbox").fetch_one(e.s.db.pool()).await.unwrap();
    let report = server::outbox_admin::failed_report(&e.s.db).await.unwrap();
    let line = report.lines().find(|l| l.trim_start().starts_with(&id.to_string())).expect(&report);
    assert!(line.contains("t***@example.com") && line.contains("451"), "{report}");
    assert!(line.contains("2026-11-24 09:00:00"), "created time: {report}");
    assert!(!report.contains("tuomas"), "the recipient is masked: {report}");

    // The operator queues it again once the cause is gone.
    peer.answer_rcpt(None);
    assert!(server::outbox_admin::retry(&e.s.db, id, now(&e)).await.unwrap());
    assert!(!server::outbox_admin::retry(&e.s.db, id, now(&e)).await.unwrap(), "only a failed one");
    assert!(!server::outbox_admin::retry(&e.s.db, id + 1, now(&e)).await.unwrap());
    assert_eq!(deliver(&e, &m).await, 1);
    assert_eq!(row(&e).await.0, "sent");
    assert_eq!(server::outbox_admin::failed_report(&e.s.db).await.unwrap(), "no failed messages\n");
}

#[tokio::test]
async fn a_permanent_refusal_fails_at_once() {
    let e = env().await;
    let (peer, port) = Peer::start().await;
    peer.answer_rcpt(Some("550 5.1.1 <nobody@example.com>: no such user"));
    e.s.request_code(&email("nobody@example.com"), IP, "en", Default::default()).await.unwrap();
    assert_eq!(deliver(&e, &mailer(port)).await, 0);
    let (status, attempts, _, error) = row(&e).await;
    assert_eq!((status.as_str(), attempts), ("failed", 1));
    let error = error.unwrap();
    assert!(error.contains("550") && !error.contains("nobody"), "{error}");
    let report = server::outbox_admin::failed_report(&e.s.db).await.unwrap();
    assert!(report.contains("n***@example.com"), "{report}");
    assert!(peer.received().is_empty());
}

#[tokio::test]
async fn a_server_that_is_down_leaves_the_message_pending() {
    let e = env().await;
    // A port that was free a moment ago and has nobody listening now.
    let port = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
    e.s.request_code(&email("aino@example.com"), IP, "fi", Default::default()).await.unwrap();
    assert_eq!(deliver(&e, &mailer(port)).await, 0);
    let (status, attempts, next, error) = row(&e).await;
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert!(next > now(&e));
    assert!(error.unwrap().contains("could not be reached"));
}

/// The real binary: `rtw-portal outbox` lists, `outbox retry <id>` requeues.
#[tokio::test]
async fn the_outbox_command_lists_and_requeues_failed_mail() {
    let (url, _dir) = fresh_database().await;
    let e = env_at(&url).await;
    let (peer, port) = Peer::start().await;
    peer.answer_rcpt(Some("550 5.7.1 relaying denied"));
    e.s.request_code(&email("hanna@example.com"), IP, "en", Default::default()).await.unwrap();
    assert_eq!(deliver(&e, &mailer(port)).await, 0);
    let id: i64 = sqlx::query_scalar("SELECT id FROM outbox").fetch_one(e.s.db.pool()).await.unwrap();

    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_rtw-portal"))
            .arg("outbox")
            .args(args)
            .env("DATABASE_URL", &url)
            .output()
            .unwrap()
    };
    let listed = run(&[]);
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success(), "{listed:?}");
    assert!(stdout.contains("h***@example.com") && stdout.contains("550"), "{stdout}");
    assert!(!stdout.contains("hanna"), "{stdout}");

    assert!(run(&["retry", &id.to_string()]).status.success());
    assert_eq!(row(&e).await.0, "pending");
    let again = run(&["retry", &id.to_string()]);
    assert!(!again.status.success(), "no longer failed");
    assert!(String::from_utf8_lossy(&again.stderr).contains(&format!("no failed message with id {id}")));
    assert!(!run(&["retry", "seven"]).status.success());
    assert!(!run(&["purge"]).status.success());
}
