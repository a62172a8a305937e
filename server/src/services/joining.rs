//! Joining a case by a code shown at the appointment
//! (`app::domain::joining`). Every step goes through `authorize` on the
//! code's case: the worker shows and answers; the one who enters is
//! outside the case until the worker lets them in. A wrong code has no
//! case: it is counted against the person's hourly tries and written in
//! their own log of sign-in steps.

use super::authz::authorize;
use super::sign_in::{client_net, new_token};
use super::{refuse, PortalService};
use crate::error::Result;
use crate::store::{case, joining, passkeys as account_log, sign_in, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, JoiningPort};
use joining::Outcome;
use std::net::IpAddr;

const HOUR_MS: i64 = 3600 * 1000;

#[async_trait::async_trait]
impl JoiningPort for PortalService {
    async fn join_page(&self, actor: &Account, case: CaseId) -> Result<JoinPage, AppError> {
        Ok(page(self, actor, case).await?)
    }
    async fn show_join_code(&self, actor: &Account, case: CaseId, role: Role) -> Result<JoinId, AppError> {
        Ok(show(self, actor, case, role).await?)
    }
    async fn answer_join(&self, actor: &Account, case: CaseId, join: JoinId, yes: bool) -> Result<(), AppError> {
        Ok(answer(self, actor, case, join, yes).await?)
    }
    async fn enter_join_code(
        &self,
        actor: &Account,
        ip: IpAddr,
        code: &str,
        contact: Contact,
    ) -> Result<JoinId, AppError> {
        Ok(enter(self, actor, ip, code, contact).await?)
    }
    async fn joiner_page(&self, actor: &Account, join: JoinId) -> Result<JoinerPage, AppError> {
        Ok(joiner(self, actor, join).await?)
    }
}

/// The code a seed stands for under the server's key: the database holds
/// the seed, and a copy of it without the key tells no code.
fn code_of(s: &PortalService, seed: &str) -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    let mac = URL_SAFE_NO_PAD.decode(s.keys.short_secret(&["join code", seed])).unwrap_or_default();
    join_code_from(&mac)
}

/// How a code is found: its own HMAC (never the code itself).
fn code_hash(s: &PortalService, code: &str) -> String {
    s.keys.short_secret(&["join code hash", code])
}

/// The QR code of `link`, as SVG to place in the page (without the XML
/// prologue a standalone file has).
fn qr_svg(link: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(link.as_bytes()) {
        Ok(qr) => {
            let image = qr.render::<svg::Color>().min_dimensions(240, 240).build();
            image.find("<svg").map(|at| image[at..].to_string()).unwrap_or_default()
        }
        Err(_) => String::new(),
    }
}

/// Where a code stands at `now`, for the worker.
fn status(stored: &joining::Stored, now: Timestamp) -> (JoinStatus, Timestamp) {
    match (&stored.outcome, &stored.entered) {
        (Some(Outcome::Joined), Some((_, at, contact))) => (JoinStatus::Joined(contact.clone()), *at),
        (Some(Outcome::Declined), _) => (JoinStatus::Declined, stored.expires_at),
        (Some(_), _) => (JoinStatus::Expired, stored.expires_at),
        (None, Some((_, at, contact))) => {
            let until = Timestamp(at.0 + JOIN_CODE_MS);
            (if now < until { JoinStatus::Entered(contact.clone()) } else { JoinStatus::Expired }, until)
        }
        (None, None) => {
            (if now < stored.expires_at { JoinStatus::Waiting } else { JoinStatus::Expired }, stored.expires_at)
        }
    }
}

#[tracing::instrument(skip_all)]
async fn page(s: &PortalService, actor: &Account, case: CaseId) -> Result<JoinPage> {
    let tx = s.db.begin_read().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ReadJoinCodes, None).await?;
    // What became of a code stays on the page a while, not for ever.
    let latest = joining::latest(&mut tx, ok.case_id, Timestamp(ok.now.at.0 - 2 * JOIN_CODE_MS)).await?;
    tx.commit().await?;
    let current = latest.map(|stored| {
        let (status, until) = status(&stored, ok.now.at);
        // The code and its QR only while it may be entered.
        let code = (status == JoinStatus::Waiting).then(|| code_of(s, &stored.seed));
        let link = code.as_ref().map(|c| format!("{}/join/{c}", s.public_url)).unwrap_or_default();
        JoinView {
            id: stored.id,
            role: stored.role,
            code: code.as_deref().map(show_join_code).unwrap_or_default(),
            qr_svg: if link.is_empty() { String::new() } else { qr_svg(&link) },
            link,
            until,
            status,
        }
    });
    Ok(JoinPage { case_id: ok.case_id, current })
}

#[tracing::instrument(skip_all)]
async fn show(s: &PortalService, actor: &Account, case: CaseId, role: Role) -> Result<JoinId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::ShowJoinCode, None).await?;
    let seed = new_token();
    let hash = code_hash(s, &code_of(s, &seed));
    let id = joining::create(&mut tx, ok.case_id, role, &seed, &hash, ok.now.at).await?;
    tx.commit().await?;
    Ok(id)
}

#[tracing::instrument(skip_all)]
async fn answer(s: &PortalService, actor: &Account, case: CaseId, join: JoinId, yes: bool) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::AnswerJoin, None).await?;
    let answered = || AppError::field("join", ErrorKey::JoinAnswered);
    let Some(stored) = joining::of_case(&mut tx, ok.case_id, join).await? else {
        return refuse(tx, AppError::NotFound).await;
    };
    let (JoinStatus::Entered(contact), _) = status(&stored, ok.now.at) else {
        // Answered already, or too late: the page shows which.
        return refuse(tx, answered()).await;
    };
    if yes && case::current_with_email(&mut tx, ok.case_id, &contact.email).await?.is_some() {
        return refuse(tx, AppError::field("join", ErrorKey::AlreadyInTeam)).await;
    }
    // Marked answered before anything else: a second answer (another tab)
    // finds it taken and changes nothing.
    let outcome = if yes { Outcome::Joined } else { Outcome::Declined };
    if !joining::answer(&mut tx, join, outcome, ok.now.at).await? {
        return refuse(tx, answered()).await;
    }
    if yes {
        // In the team with nothing shared: the worker grants as for anyone.
        let new = NewParticipant { role: stored.role, contact };
        let p = case::add_participant(&mut tx, ok.case_id, &new, ok.now.at).await?;
        joining::joined_as(&mut tx, join, p).await?;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await
}

#[tracing::instrument(skip_all)]
async fn enter(s: &PortalService, actor: &Account, ip: IpAddr, raw: &str, contact: Contact) -> Result<JoinId> {
    let now = s.now();
    let window = now.0 - now.0.rem_euclid(HOUR_MS);
    let network = format!("join:ip:{}", client_net(ip));
    let mut tx = s.db.begin_write().await?;
    // Tries are counted before any code is compared: once spent, the right
    // code is refused too, so a guess tells nothing. Every try of a person
    // counts; of a network only the refused ones (a clinic behind one
    // address joins as often as it needs; a guesser on its Wi-Fi is stopped).
    let mine = sign_in::hit_rate_limit(&mut tx, &format!("join:account:{}", actor.id), window).await?;
    let ours = sign_in::rate_count(&mut tx, &network, window).await?;
    if mine > JOIN_TRIES_PER_HOUR || ours >= JOIN_TRIES_PER_IP || s.refusals.slowed(actor.id, now) {
        return refuse(tx, AppError::TooManyRequests).await;
    }
    let found = match parse_join_code(raw) {
        Some(code) => joining::enterable(&mut tx, &code_hash(s, &code), now).await?,
        None => None,
    };
    let Some(stored) = found else {
        return refused(s, tx, actor, &network, window).await;
    };
    let (mut tx, ok) = match authorize(s, tx, actor, stored.case, Operation::EnterJoinCode, None).await {
        Ok(allowed) => allowed,
        // The worker herself, someone already in the team, a closed case:
        // the table refuses (logged on the case), answered as a wrong code.
        Err(crate::error::Error::Refused(AppError::NotFound)) => {
            return refused(s, s.db.begin_write().await?, actor, &network, window).await;
        }
        Err(e) => return Err(e),
    };
    // The address is the account's, whatever the form said.
    let contact = Contact { email: actor.email.clone(), ..contact };
    if !joining::enter(&mut tx, stored.id, actor.id, &contact, ok.now.at).await? {
        return refused(s, tx, actor, &network, window).await;
    }
    // The worker's open page shows who entered it.
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    Ok(stored.id)
}

/// A code that is wrong, spent, expired or not the person's to enter: one
/// answer whichever, counted against their network and written in their
/// own log of sign-in steps.
async fn refused(s: &PortalService, mut tx: Tx, actor: &Account, network: &str, window: i64) -> Result<JoinId> {
    sign_in::hit_rate_limit(&mut tx, network, window).await?;
    account_log::log(&mut tx, actor.id, s.now().0, AccountEvent::JoinCodeRefused, "").await?;
    refuse(tx, AppError::field("code", ErrorKey::JoinCodeInvalid)).await
}

#[tracing::instrument(skip_all)]
async fn joiner(s: &PortalService, actor: &Account, join: JoinId) -> Result<JoinerPage> {
    let mut tx = s.db.begin_read().await?;
    let Some(stored) = joining::entered_by(&mut tx, join, actor.id).await? else {
        tx.rollback().await?;
        return Err(AppError::NotFound.into());
    };
    tx.rollback().await?;
    let now = s.now();
    let status = match status(&stored, now) {
        (JoinStatus::Joined(_), _) => JoinerStatus::Joined(stored.case),
        (JoinStatus::Entered(_), until) => JoinerStatus::Waiting { until },
        _ => JoinerStatus::NotJoined,
    };
    Ok(JoinerPage { id: stored.id, role: stored.role, status })
}
