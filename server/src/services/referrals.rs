//! Referrals: proposed by a care professional or the worker, answered by
//! the worker (nothing is shared or sent before that), then taken on or
//! declined by the recipient, who arrives through a link that works for
//! them alone: its token has 256 bits from the OS, is stored only hashed,
//! expires, and dies when the grants behind it are revoked or the
//! recipient is removed.

use super::authz::{authorize, involvement, Allowed};
use super::sign_in::{hash, new_token, RATE_WINDOW_MS};
use super::{news, refuse, PortalService};
use crate::error::{Error, Result};
use crate::store::{access_log, case, referrals, sign_in as limits, Tx};
use app::domain::*;
use app::error::AppError;
use app::ports::{Account, ReferralsPort};
use std::net::IpAddr;

#[async_trait::async_trait]
impl ReferralsPort for PortalService {
    async fn referrals(&self, actor: &Account, c: CaseId) -> Result<ReferralsPage, AppError> {
        Ok(list(self, actor, c, Operation::ReadReferrals).await?)
    }
    async fn my_referrals(&self, actor: &Account, c: CaseId) -> Result<ReferralsPage, AppError> {
        Ok(list(self, actor, c, Operation::SeeReferrals).await?)
    }
    async fn refer(&self, actor: &Account, c: CaseId, p: ReferralProposal) -> Result<ReferralId, AppError> {
        Ok(refer(self, actor, c, p).await?)
    }
    async fn answer_referral(
        &self,
        actor: &Account,
        c: CaseId,
        id: ReferralId,
        a: WorkerReply,
    ) -> Result<(), AppError> {
        Ok(answer(self, actor, c, id, a).await?)
    }
    async fn take_referral(
        &self,
        actor: &Account,
        c: CaseId,
        id: ReferralId,
        a: RecipientAnswer,
    ) -> Result<(), AppError> {
        Ok(take(self, actor, c, id, a).await?)
    }
    async fn renew_referral(&self, actor: &Account, c: CaseId, id: ReferralId) -> Result<(), AppError> {
        Ok(renew(self, actor, c, id).await?)
    }
    async fn link_state(&self, token: &str) -> Result<LinkState, AppError> {
        Ok(link_state(self, token).await?)
    }
    async fn open_link(
        &self,
        actor: Option<&Account>,
        token: &str,
        ip: IpAddr,
        lang: &str,
        device: Option<&str>,
    ) -> Result<LinkOutcome, AppError> {
        Ok(open_link(self, actor, token, ip, lang, device).await?)
    }
}

/// An address the store holds was parsed when it was written.
fn stored_email(raw: &str) -> Result<Email> {
    Email::parse(raw).map_err(|_| AppError::Unavailable.into())
}

/// What a participant may read of the referrals of a case: those they made,
/// and those to them once the worker approved. Only the worker and the
/// recipient read what was approved.
fn for_reader(all: Vec<Referral>, me: Option<ParticipantId>) -> Vec<Referral> {
    let Some(me) = me else { return all };
    all.into_iter()
        .filter(|r| r.from.participant == Some(me) || (r.to.participant == Some(me) && !r.approved.is_empty()))
        .map(|mut r| {
            if r.to.participant != Some(me) {
                r.approved.clear();
                r.approved_until = None;
            }
            r
        })
        .collect()
}

#[tracing::instrument(skip_all)]
async fn list(s: &PortalService, actor: &Account, case: CaseId, op: Operation) -> Result<ReferralsPage> {
    let (tx, page) = list_in(s, s.db.begin_read().await?, actor, case, op).await?;
    tx.commit().await?;
    Ok(page)
}

/// The referrals `actor` may see, read in `tx`: a page that shows them
/// beside its own data reads both in one transaction, one log commit.
pub(crate) async fn list_in(
    s: &PortalService,
    tx: Tx,
    actor: &Account,
    case: CaseId,
    op: Operation,
) -> Result<(Tx, ReferralsPage)> {
    let (mut tx, ok) = authorize(s, tx, actor, case, op, None).await?;
    let mut all = for_reader(referrals::of_case(&mut tx, ok.case_id).await?, ok.acting);
    for r in &mut all {
        r.settle(ok.now.at);
    }
    // A participant reads of the other party only what the involvement rule
    // lets them learn (mental-health care, with the switch on).
    if let (Actor::Participant(role), Some(me)) = (ok.actor, ok.acting) {
        let involvement = involvement(&mut tx, ok.case_id).await?;
        let learns = |party: &ReferralParty| {
            // No role: the worker referred.
            party.role.is_none_or(|r| involvement.may_learn_of((me, role), (party.participant, r)))
        };
        all = all.into_iter().map(|r| r.cut_for(me, learns)).collect();
    }
    let page = ReferralsPage { case_id: ok.case_id, referrals: all, me: ok.acting, today: ok.now.today() };
    Ok((tx, page))
}

#[tracing::instrument(skip_all)]
async fn refer(s: &PortalService, actor: &Account, case: CaseId, mut p: ReferralProposal) -> Result<ReferralId> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::Refer, None).await?;
    let until = match super::grants::proposed_last_day(&p.share, ok.now.today()) {
        Ok(day) => day,
        Err(e) => return refuse(tx, e).await,
    };
    // Someone already in the team keeps their role; an employer is never a
    // recipient; nobody refers themselves or an address already referred.
    // A professional gets one and the same answer for all of these, so
    // refer() cannot tell them who the employer is, who is in the team
    // (perhaps hidden from them) or who was referred; the worker, who sees
    // all of it anyway, is told which.
    let not_possible = |specific: AppError| match ok.acting {
        Some(_) => AppError::field("email", ErrorKey::ReferralNotPossible),
        None => specific,
    };
    let to = case::current_with_email(&mut tx, ok.case_id, &p.contact.email).await?;
    if let Some(id) = to {
        let role = case::participant(&mut tx, ok.case_id, id).await?.map(|t| t.role);
        match role {
            Some(Role::Employer) | None => {
                return refuse(tx, not_possible(AppError::field("role", ErrorKey::ReferralNotToEmployer))).await
            }
            Some(r) => p.role = r,
        }
        if ok.acting.is_some() {
            // A professional's referral of a team member (themselves included).
            return refuse(tx, not_possible(AppError::field("email", ErrorKey::ParticipantUnknown))).await;
        }
    }
    if referrals::open_to(&mut tx, ok.case_id, &p.contact.email, ok.now.at).await? {
        return refuse(tx, not_possible(AppError::field("email", ErrorKey::ReferralAlreadyOpen))).await;
    }
    let new = referrals::NewReferral { case: ok.case_id, from: ok.acting, to, proposal: &p, until, at: ok.now.at };
    let id = referrals::insert(&mut tx, &new).await?;
    let by = if ok.acting.is_some() { ReferralMover::Referrer } else { ReferralMover::Worker };
    referrals::add_event(&mut tx, id, ReferralStatus::AwaitingWorker, by, ok.now.at).await?;
    if ok.acting.is_some() {
        // The worker is asked on their phone; the mail says nothing more.
        let worker = case::worker_email(&mut tx, ok.case_id).await?;
        news::tell(s, &mut tx, &worker, "/case").await?;
    }
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    s.outbox_wake.notify_one();
    Ok(id)
}

#[tracing::instrument(skip_all)]
async fn answer(s: &PortalService, actor: &Account, case: CaseId, id: ReferralId, reply: WorkerReply) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::AnswerReferral, None).await?;
    let Some(r) = referrals::one(&mut tx, ok.case_id, id).await? else {
        return refuse(tx, AppError::NotFound).await;
    };
    if r.status != ReferralStatus::AwaitingWorker {
        return refuse(tx, AppError::field("decision", ErrorKey::StepNotAllowed)).await;
    }
    let (mut tx, answer) =
        super::grants::held_to_proposal(tx, reply, &r.proposed, r.proposed_until, ok.now.today()).await?;
    let (categories, until) = match answer {
        WorkerAnswer::Decline => {
            referrals::move_status(
                &mut tx,
                id,
                &[ReferralStatus::AwaitingWorker],
                ReferralStatus::Declined,
                None,
                None,
            )
            .await?;
            referrals::add_event(&mut tx, id, ReferralStatus::Declined, ReferralMover::Worker, ok.now.at).await?;
            tell_referrer(s, &mut tx, &ok, &r).await?;
            super::events::commit_announcing(s, tx, ok.case_id).await?;
            s.outbox_wake.notify_one();
            return Ok(());
        }
        WorkerAnswer::Approve { categories, until } => (categories, until),
    };
    // The recipient joins the care team now (or is there already).
    let to = match r.to.participant {
        Some(p) => p,
        None => match case::current_with_email(&mut tx, ok.case_id, &stored_email(&r.to_email)?).await? {
            Some(p) => p,
            None => {
                let role = r.to.role.ok_or(AppError::NotFound)?;
                let contact =
                    Contact::parse(&r.to.name, &r.to.organisation, &r.to_email, "").map_err(AppError::Invalid)?;
                case::add_participant(&mut tx, ok.case_id, &NewParticipant { role, contact }, ok.now.at).await?
            }
        },
    };
    // The grants are grants like any other: through the table, logged.
    let req = GrantRequest { categories: categories.clone(), purpose: r.purpose, until: LastDay::On(until) };
    let (mut tx, grants) = super::grants::grant_approved(s, tx, actor, case, to, &req).await?;
    let token = new_token();
    let approval = referrals::Approval {
        to,
        categories: &categories,
        until,
        token_hash: &hash(&[&token]),
        link_expires: Timestamp(ok.now.at.0 + LINK_VALID_MS),
    };
    if !referrals::approve(&mut tx, id, &approval).await? {
        return refuse(tx, AppError::Conflict).await;
    }
    for g in grants {
        referrals::add_grant(&mut tx, id, g).await?;
    }
    referrals::add_event(&mut tx, id, ReferralStatus::Sent, ReferralMover::Worker, ok.now.at).await?;
    // The link is in this one e-mail and nowhere else.
    news::tell(s, &mut tx, &r.to_email, &format!("/referral/{token}")).await?;
    tell_referrer(s, &mut tx, &ok, &r).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    s.outbox_wake.notify_one();
    Ok(())
}

/// A new link for a referral whose link ran out before its recipient
/// answered: the worker sends it again, with what they approved then, as
/// long as that sharing still holds (else a new referral is the way) and
/// the recipient is still in the team. The recipient gets the neutral
/// e-mail with the new link; the old one stays dead.
#[tracing::instrument(skip_all)]
async fn renew(s: &PortalService, actor: &Account, case: CaseId, id: ReferralId) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::RenewReferral, None).await?;
    let Some(mut r) = referrals::one(&mut tx, ok.case_id, id).await? else {
        return refuse(tx, AppError::NotFound).await;
    };
    r.settle(ok.now.at);
    if r.status != ReferralStatus::Expired {
        return refuse(tx, AppError::field("referral", ErrorKey::StepNotAllowed)).await;
    }
    let link = referrals::link_of(&mut tx, id, ok.now.today()).await?;
    if link.as_ref().is_none_or(|l| !l.grant_alive || l.recipient_removed) {
        return refuse(tx, AppError::field("referral", ErrorKey::ReferralSharingEnded)).await;
    }
    let ran_out = r.link_expires.unwrap_or(ok.now.at);
    let token = new_token();
    let expires = Timestamp(ok.now.at.0 + LINK_VALID_MS);
    if !referrals::renew(&mut tx, id, &hash(&[&token]), expires, ok.now.at).await? {
        return refuse(tx, AppError::field("referral", ErrorKey::StepNotAllowed)).await;
    }
    // The timeline keeps that the first link ran out (read as "expired"
    // until now), then the new one.
    referrals::add_event(&mut tx, id, ReferralStatus::Expired, ReferralMover::Portal, ran_out).await?;
    referrals::add_event(&mut tx, id, ReferralStatus::Sent, ReferralMover::Worker, ok.now.at).await?;
    news::tell(s, &mut tx, &r.to_email, &format!("/referral/{token}")).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    s.outbox_wake.notify_one();
    Ok(())
}

/// The professional who referred hears that something changed, unless the
/// involvement rule keeps the recipient from them (then nothing they may
/// read changed: `Referral::cut_for`).
async fn tell_referrer(s: &PortalService, tx: &mut Tx, ok: &Allowed, r: &Referral) -> Result<()> {
    if let (Some(p), Some(role), Some(to_role)) = (r.from.participant, r.from.role, r.to.role) {
        if !involvement(tx, ok.case_id).await?.may_learn_of((p, role), (r.to.participant, to_role)) {
            return Ok(());
        }
        if let Some(email) = case::email_of(tx, p).await? {
            news::tell(s, tx, &email, &format!("/shared/{}", ok.case_id)).await?;
        }
    }
    Ok(())
}

#[tracing::instrument(skip_all)]
async fn take(s: &PortalService, actor: &Account, case: CaseId, id: ReferralId, a: RecipientAnswer) -> Result<()> {
    let tx = s.db.begin_write().await?;
    let (mut tx, ok) = authorize(s, tx, actor, case, Operation::TakeReferral, None).await?;
    // Only the recipient answers, and only what the worker approved.
    let found = referrals::one(&mut tx, ok.case_id, id).await?;
    let Some(mut r) = found.filter(|r| ok.acting.is_some() && r.to.participant == ok.acting && !r.approved.is_empty())
    else {
        return refuse(tx, AppError::NotFound).await;
    };
    r.settle(ok.now.at);
    let waiting = [ReferralStatus::Sent, ReferralStatus::Opened];
    if !waiting.contains(&r.status) {
        return refuse(tx, AppError::field("decision", ErrorKey::StepNotAllowed)).await;
    }
    if let Err(e) = a.check(ok.now.today()) {
        return refuse(tx, AppError::Invalid(e)).await;
    }
    let (to, day, reason) = match &a {
        RecipientAnswer::Accept { first_appointment } => (ReferralStatus::Accepted, *first_appointment, None),
        RecipientAnswer::Decline { reason } => (ReferralStatus::Declined, None, Some(reason.as_str())),
    };
    if !referrals::move_status(&mut tx, id, &waiting, to, day, reason).await? {
        return refuse(tx, AppError::Conflict).await;
    }
    referrals::add_event(&mut tx, id, to, ReferralMover::Recipient, ok.now.at).await?;
    if to == ReferralStatus::Declined {
        // Declined, the referral gives its recipient nothing: what the
        // worker approved for it ends now (ended by the recipient).
        for g in referrals::open_grants(&mut tx, id).await? {
            crate::store::sharing::end(&mut tx, g, EndReason::Revoked, actor.id, ok.now.at).await?;
        }
    }
    let worker = case::worker_email(&mut tx, ok.case_id).await?;
    news::tell(s, &mut tx, &worker, "/case").await?;
    tell_referrer(s, &mut tx, &ok, &r).await?;
    super::events::commit_announcing(s, tx, ok.case_id).await?;
    s.outbox_wake.notify_one();
    Ok(())
}

/// Whether this view is the first by the recipient of a referral still
/// `Sent`, which `opened` then marks: a view that writes.
pub(crate) async fn opens_any(tx: &mut Tx, ok: &Allowed) -> Result<bool> {
    // Only those who may take a referral are ever sent one (never the
    // workplace): nobody else's view needs to look.
    let Some(p) = ok.acting.filter(|_| permitted(ok.actor, Operation::TakeReferral, None, &[])) else {
        return Ok(false);
    };
    Ok(!referrals::sent_to(tx, ok.case_id, p, ok.now.at).await?.is_empty())
}

/// Marks referrals to the viewing participant as opened (they are looking
/// at the case now); called inside the view's transaction.
pub(crate) async fn opened(tx: &mut Tx, ok: &Allowed) -> Result<()> {
    let Some(p) = ok.acting else { return Ok(()) };
    for id in referrals::sent_to(tx, ok.case_id, p, ok.now.at).await? {
        if referrals::move_status(tx, id, &[ReferralStatus::Sent], ReferralStatus::Opened, None, None).await? {
            referrals::add_event(tx, id, ReferralStatus::Opened, ReferralMover::Recipient, ok.now.at).await?;
        }
    }
    Ok(())
}

fn usable(link: &referrals::Link, now: Timestamp) -> bool {
    // Once the recipient answered, the link is used up (they sign in as usual).
    let live = matches!(link.status, ReferralStatus::Sent | ReferralStatus::Opened);
    live && link.expires > now && link.grant_alive && !link.recipient_removed
}

async fn find_link(s: &PortalService, c: &mut crate::store::Conn, token: &str) -> Result<Option<referrals::Link>> {
    if !token_shape_ok(token) {
        return Ok(None);
    }
    let today = s.default_zone.local(s.now()).map(|t| t.date()).unwrap_or_default();
    let link = referrals::by_token(c, &hash(&[token]), today).await?;
    Ok(link.filter(|l| usable(l, s.now())))
}

#[tracing::instrument(skip_all)]
async fn link_state(s: &PortalService, token: &str) -> Result<LinkState> {
    let mut c = s.db.pool().acquire().await?;
    Ok(match find_link(s, &mut c, token).await? {
        Some(_) => LinkState::Usable,
        None => LinkState::Dead,
    })
}

#[tracing::instrument(skip_all)]
async fn open_link(
    s: &PortalService,
    actor: Option<&Account>,
    token: &str,
    ip: IpAddr,
    lang: &str,
    device: Option<&str>,
) -> Result<LinkOutcome> {
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    if too_many_tries(&mut tx, token, ip, now).await? {
        tx.commit().await?;
        return Err(AppError::TooManyRequests.into());
    }
    let link = find_link(s, &mut tx, token).await?;
    let Some(link) = link else {
        // Every try is logged; a dead link names no case.
        log_try(&mut tx, actor, None, None, now).await?;
        tx.commit().await?;
        return Err(AppError::NotFound.into());
    };
    let Some(account) = actor else {
        // Nothing is opened yet: the code goes to the recipient's own address.
        log_try(&mut tx, None, Some(link.case), Some(link.to), now).await?;
        tx.commit().await?;
        let email = stored_email(&link.to_email)?;
        let browser = app::ports::SignInBrowser { attempt: None, device };
        let attempt = super::sign_in::request_code(s, &email, ip, lang, browser).await?;
        return Ok(LinkOutcome::CodeSent { email, case: link.case, attempt });
    };
    // The table decides, with the recipient as the only possible target:
    // anyone else signed in is refused, and the refusal is in the worker's log.
    match authorize(s, tx, account, link.case, Operation::OpenReferralLink, Some(link.to)).await {
        Ok((tx, _)) => {
            tx.commit().await?;
            Ok(LinkOutcome::Enter(link.case))
        }
        Err(Error::Refused(AppError::NotFound)) => Err(AppError::field("link", ErrorKey::LinkForSomeoneElse).into()),
        Err(e) => Err(e),
    }
}

/// Counts one try of a mailed link (a referral's or a passport's) against
/// its token's and the client network's budgets; whether either is spent.
pub(crate) async fn too_many_tries(tx: &mut Tx, token: &str, ip: IpAddr, now: Timestamp) -> Result<bool> {
    let window = now.0 - now.0.rem_euclid(RATE_WINDOW_MS);
    let per_token = limits::hit_rate_limit(tx, &format!("link:token:{}", hash(&[token])), window).await?;
    let per_ip = limits::hit_rate_limit(tx, &format!("link:ip:{}", super::sign_in::client_net(ip)), window).await?;
    Ok(per_token > LINK_TRIES_PER_TOKEN || per_ip > LINK_TRIES_PER_IP)
}

/// A link followed by someone signed out, or a dead link: one log row.
async fn log_try(
    tx: &mut Tx,
    actor: Option<&Account>,
    case: Option<CaseId>,
    p: Option<ParticipantId>,
    at: Timestamp,
) -> Result<()> {
    let row = access_log::Entry {
        at,
        actor: actor.map(|a| a.id),
        on_behalf_of: None,
        role: if actor.is_some() { Actor::Outsider } else { Actor::SignedOut }.id().to_string(),
        action: Operation::OpenReferralLink,
        case_id: case,
        participant_id: p,
        category: None,
        purpose: None,
        grant_id: None,
        allowed: false,
    };
    access_log::append(tx, &row).await?;
    Ok(())
}
