//! The authorization matrix: every route of the router (the Leptos pages,
//! every server function, every hand-written axum route such as the event
//! stream and `/healthz`, and the fallback), called over HTTP by every kind
//! of actor, against one table of expected outcomes written out by hand
//! here (independently of `app::domain::permissions`). The list of routes
//! is read from the axum router itself (`routes_of_the_router`): a route
//! missing from the table, or a row for one that no longer exists, fails
//! the test, so a new route cannot skip it. It runs with demo mode off, as
//! in production, where the development mailbox does not exist.
//!
//! Each row runs on a fresh copy of one fixture database, so what one row
//! changes never leaks into the next. A refused cell must look exactly like
//! the same request for a case that does not exist (status and body) and
//! must change nothing.
mod common;

use app::domain::*;
use app::ports::prelude::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::*;
use http_body_util::BodyExt;
use std::collections::BTreeSet;
use tower::ServiceExt;

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// The worker, on their own case.
    Worker,
    /// Another worker (with a case of their own), on this case.
    OtherWorker,
    /// The other worker naming their own case and a participant of this one
    /// (an id taken from elsewhere): never reaches that participant.
    OtherWorkerMixingIds,
    /// A professional in the care team, with or without their role's usual grant.
    Pro {
        role: Role,
        granted: bool,
    },
    /// Someone the worker removed from the team (they had a grant).
    Removed,
    /// Signed in, in no case at all.
    Stranger,
    SignedOut,
}

/// What a cell must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Allowed: 200.
    Ok,
    /// Allowed, and a page may send the person on (the sign-in page to the
    /// case, the case page to a professional's list): 200 or a redirect.
    OkOrOnward,
    /// Exactly what the same request for a case that does not exist gets (404).
    Hidden,
    /// Sign in first: 401 from a server function, a redirect to / from a page.
    SignIn,
    /// Public endpoints that answer the same whoever asks.
    Status(u16),
    /// Past authorization, and then the lifecycle may say it is too late
    /// (200, or 422 naming the step): for a step an earlier cell of the row
    /// already took.
    Authorized,
}

// The rules rows use. `OtherWorkerMixingIds` is decided in the runner: it
// acts on its own case, so it gets what the worker gets, except where a
// participant of this case is named.

fn worker_only(w: Who) -> Expect {
    match w {
        Who::Worker => Expect::Ok,
        Who::SignedOut => Expect::SignIn,
        Who::OtherWorker | Who::OtherWorkerMixingIds | Who::Pro { .. } | Who::Removed | Who::Stranger => Expect::Hidden,
    }
}

/// The worker's own call, answered 422 (bad input for this target); hidden from everyone else.
fn worker_only_refused(w: Who) -> Expect {
    match w {
        Who::Worker => Expect::Status(422),
        _ => worker_only(w),
    }
}

fn participants(w: Who) -> Expect {
    match w {
        Who::Pro { .. } => Expect::Ok,
        Who::SignedOut => Expect::SignIn,
        Who::Worker | Who::OtherWorker | Who::OtherWorkerMixingIds | Who::Removed | Who::Stranger => Expect::Hidden,
    }
}

fn signed_in(w: Who) -> Expect {
    match w {
        Who::SignedOut => Expect::SignIn,
        _ => Expect::Ok,
    }
}

fn signed_in_onward(w: Who) -> Expect {
    match w {
        Who::SignedOut => Expect::SignIn,
        _ => Expect::OkOrOnward,
    }
}

/// Ending an agreed adjustment: the worker, or the employer it was sent to
/// while their adjustments grant is in force (who goes first, so the
/// worker, last, finds it ended).
fn worker_or_granted_employer(w: Who) -> Expect {
    match w {
        Who::Pro { role: Role::Employer, granted: true } => Expect::Ok,
        Who::Worker => Expect::Authorized,
        Who::SignedOut => Expect::SignIn,
        _ => Expect::Hidden,
    }
}

/// A professional in curative or work-focused care (never an employer).
fn care_pros(w: Who) -> Expect {
    match w {
        Who::Pro { role, .. } if role != Role::Employer => Expect::Ok,
        Who::SignedOut => Expect::SignIn,
        _ => Expect::Hidden,
    }
}

fn worker_or_care_pros(w: Who) -> Expect {
    match w {
        Who::Worker => Expect::Ok,
        _ => care_pros(w),
    }
}

/// Nobody gets past: for an action the fixture leaves no one able to take
/// (the recipient of a referral the worker has not approved).
fn nobody(w: Who) -> Expect {
    match w {
        Who::SignedOut => Expect::SignIn,
        _ => Expect::Hidden,
    }
}

/// The roles that write each kind of statement, written out here by hand.
fn writers(w: Who, roles: &[Role]) -> Expect {
    match w {
        Who::Pro { role, .. } if roles.contains(&role) => Expect::Ok,
        Who::SignedOut => Expect::SignIn,
        _ => Expect::Hidden,
    }
}

fn work_ability_writers(w: Who) -> Expect {
    use Role::*;
    writers(
        w,
        &[Gp, Psychiatrist, MedicalSpecialist, OccupationalPhysician, OccupationalPhysiotherapist, InsurancePhysician],
    )
}

fn treatment_writers(w: Who) -> Expect {
    use Role::*;
    writers(w, &[Gp, Psychiatrist, Psychologist, MedicalSpecialist, OccupationalPhysiotherapist])
}

fn diagnosis_writers(w: Who) -> Expect {
    use Role::*;
    writers(w, &[Gp, Psychiatrist, MedicalSpecialist, OccupationalPhysician, InsurancePhysician])
}

/// The plan of action: the worker, and the employer and the occupational
/// physician while they see adjustments (the granted ones of the fixture).
fn plan_readers(w: Who) -> Expect {
    match w {
        Who::Worker | Who::Pro { role: Role::Employer | Role::OccupationalPhysician, granted: true } => Expect::Ok,
        Who::SignedOut => Expect::SignIn,
        _ => Expect::Hidden,
    }
}

/// Its two parties: the worker and the granted employer.
fn plan_parties(w: Who) -> Expect {
    match w {
        Who::Worker | Who::Pro { role: Role::Employer, granted: true } => Expect::Ok,
        Who::SignedOut => Expect::SignIn,
        _ => Expect::Hidden,
    }
}

fn not_found(_: Who) -> Expect {
    Expect::Status(404)
}

fn anyone(_: Who) -> Expect {
    Expect::Ok
}

fn anyone_onward(_: Who) -> Expect {
    Expect::OkOrOnward
}

/// Signed in, anyone gets the same 404 (a passport link nobody holds).
fn signed_in_not_found(w: Who) -> Expect {
    match w {
        Who::SignedOut => Expect::SignIn,
        _ => Expect::Status(404),
    }
}

/// Nobody gets past, and the worker's refusal looks like a missing case's
/// (a passport link that is not hers).
fn hidden_from_everyone(w: Who) -> Expect {
    match w {
        Who::SignedOut => Expect::SignIn,
        _ => Expect::Hidden,
    }
}

/// Only a session waiting for its passkey (after the code) may: everyone
/// here is signed in or out, never waiting, so all are sent to sign-in.
fn waiting_only(_: Who) -> Expect {
    Expect::SignIn
}

/// Signed in, the input is refused (422) whoever asks.
fn signed_in_refused(w: Who) -> Expect {
    match w {
        Who::SignedOut => Expect::SignIn,
        _ => Expect::Status(422),
    }
}

fn bad_request(_: Who) -> Expect {
    Expect::Status(400)
}

fn unprocessable(_: Who) -> Expect {
    Expect::Status(422)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    ServerFn,
    /// A route written by hand on the axum router (not a Leptos page).
    Route,
    /// What answers any path no route has.
    Fallback,
}

/// What an allowed cell's body must (not) show.
type Check = fn(&Fixture, Who, &str) -> Result<(), String>;

/// One row: an endpoint as the app lists it, how to call it (`{case}` and
/// `{p}` are filled in), the expected outcome per actor, and for allowed
/// cells what the body must (not) show.
struct Row {
    endpoint: &'static str,
    kind: Kind,
    call: &'static str,
    expect: fn(Who) -> Expect,
    check: Option<Check>,
}

const fn page(endpoint: &'static str, call: &'static str, expect: fn(Who) -> Expect) -> Row {
    Row { endpoint, kind: Kind::Page, call, expect, check: None }
}

const fn server_fn(endpoint: &'static str, form: &'static str, expect: fn(Who) -> Expect) -> Row {
    Row { endpoint, kind: Kind::ServerFn, call: form, expect, check: None }
}

/// A hand-written axum route; `call` is a GET of that path, or `POST path`.
const fn route(endpoint: &'static str, call: &'static str, expect: fn(Who) -> Expect) -> Row {
    Row { endpoint, kind: Kind::Route, call, expect, check: None }
}

impl Row {
    const fn checked(mut self, check: Check) -> Self {
        self.check = Some(check);
        self
    }
}

/// The table.
fn table() -> Vec<Row> {
    vec![
        // Pages.
        page("/", "/", anyone_onward),
        page("/sign-in/code", "/sign-in/code", anyone),
        page("/case", "/case", signed_in_onward).checked(check_my_case_page),
        page("/case/{case_id}/sharing", "/case/{case}/sharing", worker_only),
        page("/case/{case_id}/sharing/{pid}", "/case/{case}/sharing/{p}", worker_only),
        page("/case/{case_id}/work", "/case/{case}/work", worker_only),
        page("/case/{case_id}/work/{aid}", "/case/{case}/work/{a}", worker_only),
        page("/case/{case_id}/concerns", "/case/{case}/concerns", worker_only),
        page("/case/{case_id}/contact/{pid}", "/case/{case}/contact/{p}", worker_only),
        page("/case/{case_id}/preview/{pid}", "/case/{case}/preview/{p}", worker_only).checked(check_preview),
        page("/case/{case_id}/history", "/case/{case}/history", worker_only),
        page("/case/{case_id}/activity", "/case/{case}/activity", worker_only),
        page("/shared", "/shared", signed_in).checked(check_invitations),
        page("/shared/{case_id}", "/shared/{case}", participants).checked(check_shared_view),
        // Demo mode is off here, as in production: the mailbox does not exist.
        page("/dev/mailbox", "/dev/mailbox", not_found),
        page("/case/{case_id}/referrals", "/case/{case}/referrals", worker_only).checked(check_referral_seen),
        page("/case/{case_id}/referrals/{rid}", "/case/{case}/referrals/{r}", worker_only),
        page("/shared/{case_id}/refer", "/shared/{case}/refer", care_pros),
        // A link that was never issued: the one neutral page, whoever asks.
        page("/case/{case_id}/requests", "/case/{case}/requests", worker_only),
        page("/case/{case_id}/notes", "/case/{case}/notes", worker_only),
        page("/case/{case_id}/statements", "/case/{case}/statements", worker_only).checked(check_statements),
        page("/shared/{case_id}/write/{kind}", "/shared/{case}/write/work_ability", work_ability_writers),
        page("/case/{case_id}/road", "/case/{case}/road", worker_only),
        // The same plan under the worker's places; its readers may open either.
        page("/case/{case_id}/plan", "/case/{case}/plan", plan_readers).checked(check_plan),
        page("/shared/{case_id}/plan", "/shared/{case}/plan", plan_readers).checked(check_plan),
        // Any signed-in person; it names their own case, if they have one.
        page("/record", "/record", signed_in),
        page("/case/{case_id}/passport", "/case/{case}/passport", worker_only),
        // A passport link that was never issued, and one nobody holds.
        page("/passport/{token}", "/passport/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", not_found),
        page("/passport/view/{link_id}", "/passport/view/999999", signed_in_not_found),
        page("/referral/{token}", "/referral/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", not_found),
        // Passkeys: one's own (this server does not require them).
        page("/passkeys", "/passkeys", signed_in),
        page("/sign-in/passkey", "/sign-in/passkey", waiting_only),
        server_fn("passkeys/page", "", signed_in),
        server_fn("passkeys/start", "", signed_in),
        // No browser made this credential: refused, nothing stored.
        server_fn("passkeys/add", "name=Phone&credential=%7B%7D", signed_in_refused),
        server_fn("passkeys/remove", "passkey_id=999999", signed_in_not_found),
        server_fn("passkeys/step", "", waiting_only),
        server_fn("passkeys/sign-in/start", "", waiting_only),
        server_fn("passkeys/sign-in/finish", "credential=%7B%7D", waiting_only),
        server_fn("passkeys/lost", "", waiting_only),
        // Joining by a code: the worker's page and answer; anyone signed in
        // may enter a code (this one was never shown: refused, nothing kept).
        page("/case/{case_id}/join", "/case/{case}/join", worker_only),
        page("/join", "/join", signed_in),
        page("/join/{code}", "/join/ABCD-EFGH", signed_in),
        page("/joined/{join_id}", "/joined/999999", signed_in_not_found),
        server_fn("join/page", "case_id={case}", worker_only),
        server_fn("join/show", "case_id={case}&role=gp", worker_only),
        server_fn("join/answer", "case_id={case}&join_id=999999&answer=yes", hidden_from_everyone),
        server_fn("join/enter", "code=ABCD-EFGH&name=Dr+X&organisation=&phone=", signed_in_refused),
        server_fn("join/joined", "join_id=999999", signed_in_not_found),
        server_fn("join/waiting", "join_id=999999", signed_in_not_found),
        server_fn("join/me", "", signed_in),
        // One's own time zone.
        page("/time-zone", "/time-zone", signed_in),
        server_fn("sign-in/time-zone", "time_zone=Europe%2FAmsterdam", signed_in),
        // Sign-in (public by nature).
        server_fn("sign-in/request-code", "email=someone{n}%40example.com", anyone),
        server_fn("sign-in/verify-code", "code=123456", unprocessable),
        server_fn("sign-in/sign-out", "", anyone),
        server_fn("sign-in/me", "", anyone).checked(check_me),
        server_fn("sign-in/dev-mailbox", "", not_found),
        // Sign-in through an identity provider: none is configured here, so
        // both GETs send everyone to the page that says it did not finish.
        page("/sign-in/provider", "/sign-in/provider?why=failed", anyone),
        server_fn("sign-in/oidc", "GET ", anyone).checked(check_provider_refused),
        server_fn("sign-in/oidc/callback", "GET ?code=x&state=y", anyone).checked(check_provider_refused),
        server_fn("sign-in/oidc/link", "GET ", signed_in).checked(check_provider_refused),
        server_fn("sign-in/oidc/linked", "", signed_in),
        server_fn("sign-in/oidc/unlink", "", signed_in_not_found),
        server_fn("language", "lang=fi", anyone),
        // Case and team.
        server_fn("case/mine", "", signed_in).checked(check_my_case),
        server_fn("case/home", "", signed_in).checked(check_my_case),
        server_fn(
            "case/start",
            "name=Kim&sick_leave_start=2026-11-01&expected_return=&time_zone=Europe%2FOslo",
            signed_in,
        ),
        server_fn(
            "case/dates",
            "case_id={case}&sick_leave_start=2026-10-02&expected_return=&time_zone=Europe%2FParis",
            worker_only,
        ),
        server_fn(
            "case/participant/add",
            "case_id={case}&role=gp&name=New&organisation=&email=new%40example.com&phone=",
            worker_only,
        ),
        server_fn(
            "case/participant/contact",
            "case_id={case}&participant_id={p}&name=X&organisation=&email=x%40example.com&phone=",
            worker_only,
        ),
        server_fn("case/participant/remove", "case_id={case}&participant_id={p}", worker_only),
        server_fn("case/coordinator", "case_id={case}&participant_id={p}", worker_only),
        server_fn("case/close", "case_id={case}&closed_on=2026-11-20", worker_only),
        server_fn("case/reopen", "case_id={case}", worker_only),
        // Sharing.
        server_fn(
            "sharing/grant",
            "case_id={case}&participant_id={p}&categories%5Bdiagnosis%5D=on&purpose=referral&until=",
            worker_only,
        ),
        server_fn("sharing/preset", "case_id={case}&participant_id={p}", worker_only),
        server_fn("sharing/revoke", "case_id={case}&participant_id={p}&category=&purpose=", worker_only),
        server_fn("sharing/protection", "case_id={case}&on=1", worker_only),
        // The target, an occupational physician, cannot carry the mark: the
        // worker gets past authorization and is told so.
        server_fn("sharing/mental-health", "case_id={case}&participant_id={p}&on=1", worker_only_refused),
        server_fn("sharing/preview", "case_id={case}&participant_id={p}", worker_only).checked(check_preview),
        server_fn("sharing/history", "case_id={case}&older=", worker_only),
        // What a participant sees.
        server_fn("shared/case", "case_id={case}", participants).checked(check_shared_view),
        server_fn("shared/page", "case_id={case}", participants).checked(check_shared_page),
        server_fn("shared/list", "", signed_in).checked(check_invitations),
        // Work.
        server_fn("work/page", "case_id={case}", worker_only),
        server_fn("work/adjustment", "case_id={case}&adjustment_id={a}", worker_only),
        server_fn(
            "work/write",
            "case_id={case}&adjustment_id=&kind=remote_work&help=x&benefit=&from=&until=",
            worker_only,
        ),
        server_fn("work/step", "case_id={case}&adjustment_id={a}&step=ended&reason=", worker_or_granted_employer),
        // The fixture's adjustment was sent: the worker is told a draft only is deleted.
        server_fn("work/delete", "case_id={case}&adjustment_id={a}", worker_only_refused),
        // Concerns.
        server_fn("concerns/page", "case_id={case}", worker_only),
        server_fn("concerns/write", "case_id={case}&concern_id=&kind=other&what=x&weight=2&helps=", worker_only),
        server_fn("concerns/share", "case_id={case}&concern_id={c}", worker_only),
        server_fn("concerns/plan", "case_id={case}&colleague_words=hello", worker_only),
        server_fn("concerns/to-adjustment", "case_id={case}&concern_id={c}", worker_only),
        server_fn("concerns/delete", "case_id={case}&concern_id={c}", worker_only),
        // Referrals.
        server_fn("referrals/list", "case_id={case}", worker_only).checked(check_referral_seen),
        server_fn("referrals/mine", "case_id={case}", care_pros).checked(check_referral_seen),
        server_fn(
            "referrals/propose",
            "case_id={case}&role=gp&name=Dr+New&organisation=&email=ref{n}%40example.com&purpose=referral\
             &reason=x&categories%5Babsence%5D=on&until=",
            worker_or_care_pros,
        ),
        server_fn("referrals/answer", "case_id={case}&referral_id={r}&decision=decline", worker_only),
        server_fn("referrals/take", "case_id={case}&referral_id={r}&decision=accept", nobody),
        // The fixture's referral waits for the worker: no link ran out yet.
        server_fn("referrals/renew", "case_id={case}&referral_id={r}", worker_only_refused),
        server_fn("referrals/link", "token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", anyone),
        // A different unguessed token each time (one token alone is rate-limited).
        server_fn("referrals/open", "token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA{n}", not_found),
        // The care-team directory's settings.
        server_fn("directory/settings", "case_id={case}&participant_id={p}", worker_only),
        server_fn("directory/set", "case_id={case}&participant_id={p}", worker_only),
        // Notes (nobody in the fixture sees `notes`, so nobody may write one).
        server_fn("notes/list", "case_id={case}", worker_only),
        server_fn("notes/write", "case_id={case}&to={p}&text=x", nobody),
        // Statements.
        server_fn("statements/list", "case_id={case}", worker_only).checked(check_statements),
        server_fn("statements/form", "case_id={case}&kind=diagnosis", diagnosis_writers),
        server_fn("statements/write", "case_id={case}&kind=treatment&form%5Bwhat%5D=x", treatment_writers),
        server_fn("statements/view", "case_id={case}&statement_id={s}&stance=agree&words=", worker_only),
        server_fn("statements/adopt", "case_id={case}&statement_id={s}&item=0", worker_only),
        // The road back: the timeline and the plan of action. (Kela's
        // application is the worker's step; the plan waits for the worker.)
        server_fn("timeline/road", "case_id={case}", worker_only),
        server_fn("timeline/mark", "case_id={case}&milestone=fi_kela_application&done_on=2026-11-20", worker_only),
        server_fn("plan/page", "case_id={case}", plan_readers).checked(check_plan),
        server_fn(
            "plan/write",
            "case_id={case}&goal=own_work&steps=x&case_manager=&next_evaluation=&adjustments%5B{a}%5D=on",
            plan_parties,
        ),
        server_fn("plan/agree", "case_id={case}&version_id={v}", plan_parties),
        server_fn("plan/evaluate", "case_id={case}&text=x&next_evaluation=", plan_readers),
        // Information requests.
        server_fn("requests/list", "case_id={case}", worker_only),
        server_fn(
            "requests/ask",
            "case_id={case}&categories%5Bwork_ability%5D=on&purpose=work_capacity_assessment&why=x&until=",
            care_pros,
        ),
        server_fn("requests/answer", "case_id={case}&request_id={q}&decision=decline", worker_only),
        // Activity.
        server_fn("activity/log", "case_id={case}&participant=&from=&until=&own=1&before=", worker_only),
        // The record.
        server_fn("record/page", "", signed_in),
        server_fn("record/erase", "case_id={case}&confirm=1", worker_only),
        server_fn("record/keep", "case_id={case}", worker_only),
        server_fn("record/passport", "case_id={case}", worker_only),
        server_fn("record/passport/share", "case_id={case}&name=Noor+Bakker&email=noor%40example.com", worker_only),
        server_fn("record/passport/revoke", "case_id={case}&link_id=999999", hidden_from_everyone),
        server_fn("record/passport/link", "token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", anyone),
        server_fn("record/passport/open", "token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA{n}", not_found),
        server_fn("record/passport/view", "link_id=999999", signed_in_not_found),
        // Routes written by hand on the axum router.
        route("/healthz", "/healthz", anyone),
        route("/case/{case_id}/record/{format}", "/case/{case}/record/fhir", worker_only).checked(check_record),
        route(loader(), loader(), anyone),
        route("/events/{case}", "/events/{case}", followers),
        // The server functions' dispatcher, asked for one that does not exist.
        route("/api/{*fn_name}", "POST /api/no-such-function", bad_request),
        // Any other path: a file of the site, or the one neutral 404 page.
        Row { endpoint: "fallback", kind: Kind::Fallback, call: "/no/such/page", expect: not_found, check: None },
    ]
}

/// The islands' loader, whose name carries a hash of its content.
fn loader() -> &'static str {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| app::site::loader_path("pkg"))
}

/// An open page following the case's changes: the worker, and a
/// participant while something is shared with them.
fn followers(w: Who) -> Expect {
    match w {
        Who::Worker | Who::Pro { granted: true, .. } => Expect::Ok,
        Who::SignedOut => Expect::SignIn,
        Who::OtherWorker
        | Who::OtherWorkerMixingIds
        | Who::Pro { granted: false, .. }
        | Who::Removed
        | Who::Stranger => Expect::Hidden,
    }
}

/// The people and the case every row runs against.
struct Fixture {
    case: CaseId,
    other_case: CaseId,
    /// The occupational physician with a grant: the participant the
    /// worker's operations name.
    target: ParticipantId,
    /// An adjustment sent to the granted employer and occupational
    /// physician, agreed by the employer.
    adjustment: AdjustmentId,
    /// A concern shared by name with the granted psychologist only.
    concern: ConcernId,
    /// A referral by the granted psychiatrist to an insurance physician
    /// outside the team, waiting for the worker.
    referral: ReferralId,
    /// An information request by the plain insurance physician, pending.
    request: RequestId,
    /// A work-ability statement (with advice) by the granted occupational
    /// physician; the granted psychiatrist also wrote a diagnosis.
    statement: StatementId,
    /// The plan of action the granted employer wrote, linking the adjustment.
    version: PlanVersionId,
    sessions: Vec<(Who, Option<String>)>,
}

/// In the referral's reason: only the worker and the referrer may read it.
const REFERRAL_MARKER: &str = "Referral-canary-5R";

/// In the concern: no page but the worker's and the granted psychologist's may show it.
const CONCERN_MARKER: &str = "Concern-canary-7Q";

/// In the diagnosis: only the worker and its author, the granted
/// psychiatrist, may read it (no preset grants diagnosis).
const DIAGNOSIS_MARKER: &str = "Diagnosis-canary-3D";

/// In the work-ability statement: read by those granted work ability.
const ABILITY_MARKER: &str = "Ability-canary-4W";

/// In the plan of action: the worker, the granted employer and the granted
/// occupational physician read it.
const PLAN_MARKER: &str = "Plan-canary-8P";

const WORKER_NAME: &str = "Sanna Virtanen";
/// The name of a member of the worker's team (the target), as My case lists it.
const TEAM_MEMBER: &str = "occupational_physician granted";
/// Something only the worker's own case shows (a participant's organisation).
const TEAM_MARKER: &str = "Matrix Clinic";

fn pro_email(role: Role, granted: bool) -> String {
    format!("{}-{}@example.com", role.id(), if granted { "granted" } else { "plain" })
}

async fn fixture(e: &Env) -> Fixture {
    let worker_token = sign_in(e, "sanna@example.com").await;
    let worker = account(e, &worker_token).await;
    let dates = CaseDates::parse("2026-10-01", "2027-01-15").unwrap();
    let case =
        e.s.start_case(&worker, WORKER_NAME, NewCase { dates, zone: Zone::HELSINKI, country: Country::Finland })
            .await
            .unwrap();
    let mut sessions = vec![(Who::Worker, Some(worker_token))];
    let mut target = None;
    let mut pids = std::collections::HashMap::new();
    for &role in Role::ALL {
        for granted in [true, false] {
            let email = pro_email(role, granted);
            let name = format!("{} {}", role.id(), if granted { "granted" } else { "plain" });
            let p = NewParticipant::parse(role.id(), &name, TEAM_MARKER, &email, "").unwrap();
            let pid = e.s.add_participant(&worker, case, p).await.unwrap();
            if granted {
                e.s.grant(&worker, case, pid, None).await.unwrap();
            }
            if granted && role == Role::OccupationalPhysician {
                target = Some(pid);
            }
            pids.insert((role, granted), pid);
            if granted && role == Role::Employer {
                // A diagnosis grant to the employer written behind the
                // portal's back: the ceiling must hold all the same.
                sqlx::query(
                    "INSERT INTO grants (case_id, participant_id, category, purpose, valid_from, valid_until, granted_at, granted_by)
                     VALUES ($1, $2, 'diagnosis', 'referral', '2026-11-01', NULL, 0, $3)",
                )
                .bind(case)
                .bind(pid)
                .bind(worker.id)
                .execute(e.s.db.pool())
                .await
                .unwrap();
            }
            sessions.push((Who::Pro { role, granted }, Some(sign_in(e, &email).await)));
        }
    }
    // The mental-health switch, naming every granted care professional: the
    // plain ones must not learn that a psychiatrist or psychologist is involved.
    let named = pids.iter().filter(|((role, granted), _)| *granted && *role != Role::Employer).map(|(_, p)| *p);
    let protection = Protection { on: true, named: named.collect() };
    e.s.set_protection(&worker, case, protection).await.unwrap();
    let removed = NewParticipant::parse("gp", "Dr Removed", TEAM_MARKER, "removed@example.com", "").unwrap();
    let removed = e.s.add_participant(&worker, case, removed).await.unwrap();
    e.s.grant(&worker, case, removed, None).await.unwrap();
    e.s.remove_participant(&worker, case, removed).await.unwrap();
    sessions.push((Who::Removed, Some(sign_in(e, "removed@example.com").await)));

    let text = AdjustmentText::parse("remote_work", "Two days at home", "", "", "").unwrap();
    let adjustment = e.s.write_adjustment(&worker, case, None, text).await.unwrap();
    let to = vec![pids[&(Role::Employer, true)], pids[&(Role::OccupationalPhysician, true)]];
    e.s.take_step(&worker, case, adjustment, StepRequest::Send { to, grant: false }).await.unwrap();
    let boss = sessions.iter().find(|(w, _)| *w == Who::Pro { role: Role::Employer, granted: true }).unwrap();
    let boss = account(e, boss.1.as_deref().unwrap()).await;
    let agreed = StepRequest::Agree(Agreement::parse("2026-12-01", "").unwrap());
    e.s.take_step(&boss, case, adjustment, agreed).await.unwrap();
    let text = ConcernText::parse("supervisor_attitude", CONCERN_MARKER, "4", "").unwrap();
    let concern = e.s.write_concern(&worker, case, None, text).await.unwrap();
    e.s.share_concern(&worker, case, concern, vec![pids[&(Role::Psychologist, true)]]).await.unwrap();
    let psychiatrist = sessions.iter().find(|(w, _)| *w == Who::Pro { role: Role::Psychiatrist, granted: true });
    let psychiatrist = account(e, psychiatrist.unwrap().1.as_deref().unwrap()).await;
    // Someone outside the team (a professional cannot refer a team member).
    let to = "referred.elsewhere@example.com".to_string();
    let proposal = ReferralProposal::parse(
        "insurance_physician",
        "Dr Plain",
        "",
        &to,
        "referral",
        REFERRAL_MARKER,
        ["absence"],
        "",
    )
    .unwrap();
    let referral = e.s.refer(&psychiatrist, case, proposal).await.unwrap();
    let asker = sessions.iter().find(|(w, _)| *w == Who::Pro { role: Role::InsurancePhysician, granted: false });
    let asker = account(e, asker.unwrap().1.as_deref().unwrap()).await;
    let text = InfoRequestText::parse(["work_ability"], "work_capacity_assessment", "x", "").unwrap();
    let request = e.s.ask(&asker, case, text).await.unwrap();
    let pro = |role| {
        let token = sessions.iter().find(|(w, _)| *w == Who::Pro { role, granted: true }).unwrap().1.clone();
        async move { account(e, token.as_deref().unwrap()).await }
    };
    let form = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let mut ability: std::collections::BTreeMap<String, String> =
        AbilitySection::ALL.iter().map(|s| (section_fields(*s).0, "none".to_string())).collect();
    ability.extend(form(&[
        ("personal_limit", "slight"),
        ("personal_words", ABILITY_MARKER),
        ("advice1_kind", "remote_work"),
        ("advice1_words", "A quiet corner"),
    ]));
    let body = StatementBody::parse("work_ability", &ability).unwrap();
    let statement = e.s.write_statement(&pro(Role::OccupationalPhysician).await, case, body).await.unwrap();
    let body = StatementBody::parse("diagnosis", &form(&[("words", DIAGNOSIS_MARKER)])).unwrap();
    e.s.write_statement(&pro(Role::Psychiatrist).await, case, body).await.unwrap();
    let text = PlanText::parse("own_work", PLAN_MARKER, "", "", vec![adjustment]).unwrap();
    let version = e.s.write_plan(&pro(Role::Employer).await, case, text).await.unwrap();

    let other_token = sign_in(e, "other@example.com").await;
    let other = account(e, &other_token).await;
    let other_case =
        e.s.start_case(&other, "Olli Other", NewCase { dates, zone: Zone::AMSTERDAM, country: Country::Finland })
            .await
            .unwrap();
    let p = NewParticipant::parse("gp", "Dr Other", "", "other-gp@example.com", "").unwrap();
    e.s.add_participant(&other, other_case, p).await.unwrap();
    // A plan of their own, so the other worker's calls on their own case
    // get what the worker gets on hers.
    let own_plan = PlanText::parse("own_work", "Their own plan", "", "", vec![]).unwrap();
    e.s.write_plan(&other, other_case, own_plan).await.unwrap();
    sessions.push((Who::OtherWorker, Some(other_token.clone())));
    sessions.push((Who::OtherWorkerMixingIds, Some(other_token)));
    sessions.push((Who::Stranger, Some(sign_in(e, "stranger@example.com").await)));
    sessions.push((Who::SignedOut, None));
    // The worker last: their allowed calls change the case (remove the
    // target, revoke), which must not decide anyone else's cell.
    sessions.rotate_left(1);
    Fixture {
        case,
        other_case,
        target: target.unwrap(),
        adjustment,
        concern,
        referral,
        request,
        statement,
        version,
        sessions,
    }
}

// Checks of allowed cells: what the body must and must not show.

fn check_my_case_page(fx: &Fixture, w: Who, body: &str) -> Result<(), String> {
    // My case lists the team by name and role (the organisation is on each
    // person's page).
    let shows_team = body.contains(TEAM_MEMBER);
    match w {
        Who::Worker if shows_team => Ok(()),
        Who::Worker => Err("the worker's own case page lacks the team".into()),
        _ if shows_team || body.contains(WORKER_NAME) => Err(format!("{w:?} sees case {}", fx.case)),
        _ => Ok(()),
    }
}

fn check_my_case(fx: &Fixture, w: Who, body: &str) -> Result<(), String> {
    let own = match w {
        Who::Worker => Some(fx.case),
        Who::OtherWorker => Some(fx.other_case),
        _ => None,
    };
    match own {
        Some(c) if body.contains(&format!("\"id\":{c},")) && (w != Who::OtherWorker || !body.contains(TEAM_MARKER)) => {
            Ok(())
        }
        None if body.trim() == "null" => Ok(()),
        _ => Err(format!("{w:?}: unexpected case/mine answer")),
    }
}

/// The preview of the occupational physician shows exactly their grant.
fn check_preview(fx: &Fixture, w: Who, body: &str) -> Result<(), String> {
    if w != Who::Worker {
        return Ok(());
    }
    check_shared_view(fx, Who::Pro { role: Role::OccupationalPhysician, granted: true }, body)
}

/// The referral's reason reaches the worker and the referring psychiatrist only.
fn check_referral_seen(_: &Fixture, w: Who, body: &str) -> Result<(), String> {
    let may = matches!(w, Who::Worker | Who::Pro { role: Role::Psychiatrist, granted: true });
    match body.contains(REFERRAL_MARKER) == may {
        true => Ok(()),
        false => Err(format!("{w:?} reads the referral: {}", !may)),
    }
}

/// The case page's payload: the view, and the referral only where it may go.
fn check_shared_page(fx: &Fixture, w: Who, body: &str) -> Result<(), String> {
    check_shared_view(fx, w, body)?;
    check_referral_seen(fx, w, body)
}

fn check_me(_: &Fixture, w: Who, body: &str) -> Result<(), String> {
    let expected = if w == Who::SignedOut { "false" } else { "true" };
    (body.trim() == expected).then_some(()).ok_or(format!("{w:?}: me answered {body}"))
}

fn check_invitations(fx: &Fixture, w: Who, body: &str) -> Result<(), String> {
    let listed =
        body.contains(&format!("/shared/{}\"", fx.case)) || body.contains(&format!("\"case_id\":{},", fx.case));
    match (w, listed) {
        (Who::Pro { .. }, true) | (Who::Worker | Who::OtherWorker | Who::Removed | Who::Stranger, false) => Ok(()),
        (Who::SignedOut, _) => Ok(()),
        _ => Err(format!("{w:?}: listed = {listed}")),
    }
}

/// The plan's text reaches its readers, and nobody else's cell is allowed.
fn check_plan(_: &Fixture, w: Who, body: &str) -> Result<(), String> {
    match body.contains(PLAN_MARKER) {
        true => Ok(()),
        false => Err(format!("{w:?} is allowed the plan but does not read it")),
    }
}

/// The worker's FHIR download holds the case: the diagnosis, the statement,
/// the referral and the plan's adjustment, each as its resource.
fn check_record(fx: &Fixture, w: Who, body: &str) -> Result<(), String> {
    let holds = [
        DIAGNOSIS_MARKER.to_string(),
        ABILITY_MARKER.to_string(),
        format!("\"id\":\"worker-{}\"", fx.case),
        format!("\"id\":\"adjustment-{}\"", fx.adjustment),
        "\"resourceType\":\"Bundle\"".into(),
    ];
    match holds.iter().find(|h| !body.contains(h.as_str())) {
        Some(missing) if w == Who::Worker => Err(format!("the worker's record lacks {missing}")),
        _ => Ok(()),
    }
}

/// The worker reads everything written about her.
fn check_statements(_: &Fixture, w: Who, body: &str) -> Result<(), String> {
    match w != Who::Worker || (body.contains(DIAGNOSIS_MARKER) && body.contains(ABILITY_MARKER)) {
        true => Ok(()),
        false => Err("the worker does not read every entry".into()),
    }
}

fn check_shared_view(_: &Fixture, w: Who, body: &str) -> Result<(), String> {
    let Who::Pro { role, granted } = w else { return Ok(()) };
    // The switch names the granted care professionals; mental-health care
    // knows of itself; nobody else learns that it is involved.
    let learns = (granted && role != Role::Employer) || role.is_mental_health();
    let lower = body.to_lowercase();
    let mentions = lower.contains("psychiatrist") || lower.contains("psycholog");
    if mentions != learns {
        return Err(format!("{role} (granted: {granted}) learns of mental-health care: {mentions}"));
    }
    // A diagnosis reaches its author only (nobody is granted diagnosis).
    let author = role == Role::Psychiatrist && granted;
    if body.contains(DIAGNOSIS_MARKER) != author {
        return Err(format!("{role} (granted: {granted}) reads the diagnosis: {}", !author));
    }
    let ability = granted && role.preset().0.contains(&Category::WorkAbility);
    if body.contains(ABILITY_MARKER) != ability {
        return Err(format!("{role} (granted: {granted}) reads the work-ability statement: {}", !ability));
    }
    let psychologist = role == Role::Psychologist && granted;
    if body.contains(CONCERN_MARKER) != psychologist {
        return Err(format!("{role} (granted: {granted}) sees the concern: {}", !psychologist));
    }
    // The adjustment reaches exactly those it was sent to, while granted.
    let sent_to = granted && matches!(role, Role::Employer | Role::OccupationalPhysician);
    if body.contains("Two days at home") != sent_to {
        return Err(format!("{role} (granted: {granted}) sees the adjustment: {}", !sent_to));
    }
    let shows = |c: Category| {
        body.contains(&format!("data-category=\"{}\"", c.id()))
            || body.contains(&format!("\"category\":\"{}\"", c.id()))
    };
    let (preset, _) = role.preset();
    for &c in Category::ALL {
        let expected = granted && preset.contains(&c);
        if shows(c) != expected {
            return Err(format!("{role} (granted: {granted}) sees {c}: {}", shows(c)));
        }
    }
    Ok(())
}

/// The ids a call names.
#[derive(Clone, Copy)]
struct Ids {
    case: CaseId,
    p: ParticipantId,
    a: AdjustmentId,
    c: ConcernId,
    r: ReferralId,
    q: RequestId,
    s: StatementId,
    v: PlanVersionId,
}

impl Fixture {
    /// The fixture's ids, with `case` as the case a call names.
    fn ids(&self, case: CaseId) -> Ids {
        Ids {
            case,
            p: self.target,
            a: self.adjustment,
            c: self.concern,
            r: self.referral,
            q: self.request,
            s: self.statement,
            v: self.version,
        }
    }
}

async fn call(r: &Router, row: &Row, session: Option<&str>, ids: Ids) -> (StatusCode, String) {
    let Ids { case, p, a, c, r: rid, q, s: sid, v } = ids;
    // `{n}`: a number unique to the call (per-address limits stay out of the way).
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let fill = |s: &str| {
        s.replace("{case}", &case.to_string())
            .replace("{p}", &p.to_string())
            .replace("{a}", &a.to_string())
            .replace("{c}", &c.to_string())
            .replace("{r}", &rid.to_string())
            .replace("{q}", &q.to_string())
            .replace("{s}", &sid.to_string())
            .replace("{v}", &v.to_string())
            .replace("{n}", &n.to_string())
    };
    let mut req = match row.kind {
        Kind::Page => Request::get(fill(row.call)).header(header::ACCEPT, "text/html"),
        Kind::Route | Kind::Fallback => match row.call.strip_prefix("POST ") {
            Some(path) => Request::post(fill(path)).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            None => Request::get(fill(row.call)),
        },
        // A server function read by GET (`input = GetUrl`): "GET ?query".
        Kind::ServerFn => match row.call.strip_prefix("GET ") {
            Some(query) => Request::get(format!("/api/{}{}", row.endpoint, fill(query))),
            None => Request::post(format!("/api/{}", row.endpoint))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
        },
    };
    if let Some(token) = session {
        req = req.header(header::COOKIE, format!("__Host-rtw-session={token}"));
    }
    let posted = row.kind == Kind::ServerFn && !row.call.starts_with("GET ");
    let body = if posted { Body::from(fill(row.call)) } else { Body::empty() };
    let what = format!("{} as {:?}", row.endpoint, session.map(|_| "signed in"));
    let exchange = async {
        let res = r.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let status = res.status();
        headers_checked(row, res.headers());
        let location = res.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_string());
        // An event stream does not end: its status and headers are the answer.
        if status == StatusCode::OK && row.endpoint == "/events/{case}" {
            return (status, String::new());
        }
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&body).into_owned();
        (status, format!("{}{}", location.map(|l| format!("location: {l}\n")).unwrap_or_default(), body))
    };
    tokio::time::timeout(std::time::Duration::from_secs(30), exchange)
        .await
        .unwrap_or_else(|_| panic!("{what} did not answer within 30 s"))
}

/// Sent on to the page saying the sign-in through the provider did not finish.
fn check_provider_refused(_: &Fixture, _: Who, body: &str) -> Result<(), String> {
    match body.starts_with("location: /sign-in/provider?why=failed\n") {
        true => Ok(()),
        false => Err(format!("not sent to the provider's refusal page: {}", head(body))),
    }
}

/// The headers every answer carries, whoever asks and whatever the outcome
/// (the crawl of every route as every kind of person): no sniffing, no
/// Referer, no framing, nothing stored by the browser's cache; a page also
/// has its Content-Security-Policy. A missing one fails the whole test.
fn headers_checked(row: &Row, h: &axum::http::HeaderMap) {
    let has = |name: &str, value: &str| h.get(name).and_then(|v| v.to_str().ok()) == Some(value);
    let mut missing = Vec::new();
    // The site's own files (content-hashed names) may be kept for good.
    let cache = match h.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()) {
        Some("public, max-age=31536000, immutable") if row.endpoint.starts_with("/pkg/") => {
            "public, max-age=31536000, immutable"
        }
        _ => "no-store",
    };
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cache-control", cache),
    ] {
        if !has(name, value) {
            missing.push(name);
        }
    }
    let html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if html && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        missing.push("content-security-policy");
    }
    assert!(missing.is_empty(), "{} answered without {missing:?}", row.endpoint);
}

/// A page's body without what differs per response by design: the CSP
/// nonce, and the address the page was asked at, which its forms carry back
/// (`name="here"`: the request's own path, nothing from the case).
fn normalized(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("nonce") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let skip = rest.find([' ', '>']).unwrap_or(rest.len());
        rest = &rest[skip..];
    }
    out.push_str(rest);
    let mut plain = String::with_capacity(out.len());
    let mut rest = out.as_str();
    const HERE: &str = "name=\"here\" value=\"";
    while let Some(i) = rest.find(HERE) {
        plain.push_str(&rest[..i + HERE.len()]);
        rest = &rest[i + HERE.len()..];
        rest = &rest[rest.find('"').unwrap_or(rest.len())..];
    }
    plain.push_str(rest);
    plain
}

/// What the data tables hold: a refused request must leave it unchanged.
async fn fingerprint(e: &Env) -> String {
    let pool = e.s.db.pool();
    let cases: Vec<(i64, String, Option<String>, i64)> =
        sqlx::query_as("SELECT id, sick_leave_start, expected_return, mh_protection FROM cases ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap();
    type Person = (i64, String, String, String, Option<String>, String, Option<i64>, i64, i64);
    let people: Vec<Person> = sqlx::query_as(
        "SELECT id, role, name, organisation, phone, email, removed_at, is_coordinator, mental_health_care
         FROM participants ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let zones: Vec<String> =
        sqlx::query_scalar("SELECT time_zone || ' ' || country FROM cases ORDER BY id").fetch_all(pool).await.unwrap();
    let accounts: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, email, display_name FROM accounts ORDER BY id").fetch_all(pool).await.unwrap();
    let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(pool).await.unwrap();
    let grants: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, ended_at FROM grants ORDER BY id").fetch_all(pool).await.unwrap();
    let named: Vec<(i64, i64)> = sqlx::query_as("SELECT case_id, participant_id FROM protected_viewers ORDER BY 1, 2")
        .fetch_all(pool)
        .await
        .unwrap();
    type Adjustment = (i64, String, String, Option<String>, Option<String>);
    let work: Vec<Adjustment> =
        sqlx::query_as("SELECT id, status, help, start_date, pending_start FROM adjustments ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap();
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM adjustment_recipients").fetch_one(pool).await.unwrap();
    let steps: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM adjustment_steps").fetch_one(pool).await.unwrap();
    let concerns: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, what FROM concerns ORDER BY id").fetch_all(pool).await.unwrap();
    let shares: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM concern_shares").fetch_one(pool).await.unwrap();
    let plan: Vec<(i64, String)> = sqlx::query_as("SELECT participant_id, comfort FROM disclosure_comfort ORDER BY 1")
        .fetch_all(pool)
        .await
        .unwrap();
    let words: Vec<String> =
        sqlx::query_scalar("SELECT colleague_words FROM cases ORDER BY id").fetch_all(pool).await.unwrap();
    type Referral = (i64, String, Option<i64>, String, Option<String>);
    let referrals: Vec<Referral> =
        sqlx::query_as("SELECT id, status, to_participant, approved, first_appointment FROM referrals ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap();
    let moves: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM referral_events").fetch_one(pool).await.unwrap();
    let notes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notes").fetch_one(pool).await.unwrap();
    let hidden: Vec<(i64, i64)> = sqlx::query_as("SELECT viewer_id, hidden_id FROM directory_hidden ORDER BY 1, 2")
        .fetch_all(pool)
        .await
        .unwrap();
    let contact: Vec<String> =
        sqlx::query_scalar("SELECT coordinator_contact FROM cases ORDER BY id").fetch_all(pool).await.unwrap();
    let requests: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, status, approved FROM info_requests ORDER BY id").fetch_all(pool).await.unwrap();
    let statements: (i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM statements), (SELECT COUNT(*) FROM own_views), (SELECT COUNT(*) FROM advice_drafts),
                (SELECT COUNT(*) FROM milestone_marks), (SELECT COUNT(*) FROM plan_versions),
                (SELECT COUNT(*) FROM plan_agreements), (SELECT COUNT(*) FROM plan_evaluations)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let joins: Vec<(i64, Option<i64>, Option<String>)> =
        sqlx::query_as("SELECT id, entered_by, outcome FROM join_codes ORDER BY id").fetch_all(pool).await.unwrap();
    format!(
        "{cases:?}\n{zones:?}\n{people:?}\n{grants:?}\n{named:?}\n{accounts:?}\n{outbox}\n\
         {work:?}\n{sent} {steps}\n{concerns:?}\n{shares}\n{plan:?}\n{words:?}\n{referrals:?} {moves}\n{requests:?}\n{hidden:?} {contact:?} {notes}\n{statements:?}\n{joins:?}"
    )
}

impl PartialOrd for Kind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self as u8).cmp(&(*other as u8))
    }
}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Kind::Page => "page",
            Kind::ServerFn => "server fn",
            Kind::Route => "axum route",
            Kind::Fallback => "fallback",
        })
    }
}

/// Every route the axum router serves, read from the router itself: its
/// `Debug` lists each path it routes (the Leptos pages are routes of it too,
/// and so is every hand-written `.route`), whether a fallback is set, and
/// the server functions behind `/api/{*fn_name}` are listed by Leptos.
async fn routes_of_the_router() -> BTreeSet<(Kind, String)> {
    let e = env().await;
    let dump = format!("{:?}", router(&e));
    let start = dump.find("path_router").expect("the router's own paths");
    let end = dump.find("fallback_router").expect("the router's fallback");
    let own = &dump[start..end];
    let pages: BTreeSet<String> = server::routes().iter().map(|r| r.path().to_string()).collect();
    let functions: BTreeSet<String> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, _method)| path.to_string()).collect();
    let mut out = BTreeSet::new();
    let mut rest = own;
    while let Some(i) = rest.find("RouteId(") {
        rest = &rest[i..];
        let Some(close) = rest.find("): \"") else { break };
        rest = &rest[close + 4..];
        let path = &rest[..rest.find('"').expect("a quoted path")];
        let entry = if pages.contains(path) {
            (Kind::Page, path.to_string())
        } else if functions.contains(path) {
            (Kind::ServerFn, path.trim_start_matches("/api/").to_string())
        } else {
            (Kind::Route, path.to_string())
        };
        out.insert(entry);
    }
    assert!(out.iter().any(|(_, p)| p == "/healthz"), "the router's paths were not read: {own}");
    // Every server function the app registers is routed.
    for f in &functions {
        let name = f.trim_start_matches("/api/").to_string();
        assert!(out.contains(&(Kind::ServerFn, name)), "{f} is registered but not routed");
    }
    if dump.contains("default_fallback: false") {
        out.insert((Kind::Fallback, "fallback".to_string()));
    }
    out
}

/// Rows that list a person's cases without naming one (a professional's
/// My case is their list): a professional without the passkey they need
/// is refused these too.
const CASE_LISTS: &[&str] = &["/shared", "shared/list", "/case"];

/// A route added anywhere (a page, a server function, a hand-written
/// axum route, the fallback) without a row fails here.
#[tokio::test]
async fn the_table_covers_every_route_of_the_router() {
    let listed: BTreeSet<(Kind, String)> = table().iter().map(|r| (r.kind, r.endpoint.to_string())).collect();
    let served = routes_of_the_router().await;
    let missing: Vec<_> = served.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&served).collect();
    assert!(missing.is_empty(), "routes without a row in the matrix: {missing:?}");
    assert!(stale.is_empty(), "rows for routes the router does not have: {stale:?}");
    assert_eq!(listed.len(), table().len(), "one row per route");
}

#[tokio::test]
async fn every_endpoint_answers_every_actor_as_the_table_says() {
    let (url, _dir) = fresh_database().await;
    let fx_env = env_at(&url).await;
    let fx = fixture(&fx_env).await;
    let mut copies = Copies::new(&url, fx_env).await;
    let mut failures = Vec::new();
    let mut cells = 0;
    for row in table() {
        // Production: demo mode off (the development mailbox must not exist).
        let mut e = copies.next().await;
        e.s.demo = false;
        let r = router(&e);
        for (who, session) in &fx.sessions {
            let case = if *who == Who::OtherWorkerMixingIds { fx.other_case } else { fx.case };
            let ids = fx.ids(case);
            let expect = match who {
                // Nothing to mix where no id is sent.
                Who::OtherWorkerMixingIds if !row.call.contains("{case}") => continue,
                Who::OtherWorkerMixingIds
                    if ["{p}", "{a}", "{c}", "{r}", "{q}", "{s}", "{v}"].iter().any(|i| row.call.contains(i)) =>
                {
                    Expect::Hidden
                }
                Who::OtherWorkerMixingIds => (row.expect)(Who::Worker),
                _ => (row.expect)(*who),
            };
            let before = if expect == Expect::Hidden { Some(fingerprint(&e).await) } else { None };
            let logged_before = last_log_id(&e).await;
            let (status, body) = call(&r, &row, session.as_deref(), ids).await;
            cells += 1;
            if row.kind == Kind::Page {
                if let Some(p) = logged_once_before_answering(&e, logged_before).await {
                    failures.push(format!("{} × {:?}: {p}", row.endpoint, who));
                }
            }
            let problem = match expect {
                Expect::Ok | Expect::OkOrOnward => {
                    let onward = expect == Expect::OkOrOnward && status == StatusCode::FOUND;
                    let ok = status == StatusCode::OK || onward;
                    match (ok, row.check) {
                        (false, _) => Some(format!("expected OK, got {status}: {}", head(&body))),
                        (true, Some(check)) if who != &Who::OtherWorkerMixingIds => check(&fx, *who, &body).err(),
                        (true, _) => None,
                    }
                }
                Expect::Status(s) => (status.as_u16() != s).then(|| format!("expected {s}, got {status}")),
                Expect::Authorized => {
                    let late = status == StatusCode::UNPROCESSABLE_ENTITY && body.contains("step_not_allowed");
                    (status != StatusCode::OK && !late)
                        .then(|| format!("expected OK or too late, got {status}: {}", head(&body)))
                }
                Expect::SignIn => {
                    let ok = match row.kind {
                        Kind::ServerFn | Kind::Route | Kind::Fallback => status == StatusCode::UNAUTHORIZED,
                        Kind::Page => status == StatusCode::FOUND && body.starts_with("location: /\n"),
                    };
                    (!ok).then(|| format!("expected sign-in, got {status}: {}", head(&body)))
                }
                Expect::Hidden => {
                    let nowhere = Ids { case: CaseId(999_999), p: ParticipantId(999_998), ..ids };
                    let missing = call(&r, &row, session.as_deref(), nowhere).await;
                    if status != StatusCode::NOT_FOUND {
                        Some(format!("expected 404, got {status}: {}", head(&body)))
                    } else if (status, normalized(&body)) != (missing.0, normalized(&missing.1)) {
                        Some(format!("refused and nonexistent differ:\n{}\n---\n{}", head(&body), head(&missing.1)))
                    } else if before.as_deref() != Some(fingerprint(&e).await.as_str()) {
                        Some("a refused request changed data".to_string())
                    } else {
                        None
                    }
                }
            };
            if let Some(p) = problem {
                failures.push(format!("{} × {:?}: {p}", row.endpoint, who));
            }
        }

        // The same row where passkeys are required (the default outside a
        // demo): a professional who reads health information, signed in by
        // code alone, is told to add one (403) wherever the table lets them
        // act on a case or list their cases, is shown nothing of the case,
        // and changes nothing. Where the table refuses them they get that
        // refusal or the same 403 (which comes first depends on the
        // endpoint; they are in the case either way, so it tells nothing).
        let mut p = copies.next().await;
        p.s.demo = false;
        p.s.passkeys_required = true;
        let pr = router(&p);
        for (who, session) in &fx.sessions {
            let Who::Pro { role, .. } = *who else { continue };
            if !needs_passkey(role) {
                continue;
            }
            let about_cases = row.call.contains("{case}") || CASE_LISTS.contains(&row.endpoint);
            let regular = (row.expect)(*who);
            let expect = match regular {
                Expect::Ok | Expect::OkOrOnward | Expect::Authorized if about_cases => Expect::Status(403),
                other => other,
            };
            let before = fingerprint(&p).await;
            let ids = fx.ids(fx.case);
            let (status, body) = call(&pr, &row, session.as_deref(), ids).await;
            cells += 1;
            let problem = match expect {
                Expect::Status(403) if status != StatusCode::FORBIDDEN => {
                    Some(format!("expected 403 (add a passkey), got {status}: {}", head(&body)))
                }
                Expect::Status(403) => {
                    match [WORKER_NAME, DIAGNOSIS_MARKER, ABILITY_MARKER].iter().find(|m| body.contains(**m)) {
                        Some(m) => Some(format!("told to add a passkey, and shown {m}")),
                        None => {
                            (fingerprint(&p).await != before).then(|| "told to add a passkey, and data changed".into())
                        }
                    }
                }
                Expect::Ok | Expect::OkOrOnward => (status != StatusCode::OK && status != StatusCode::FOUND)
                    .then(|| format!("expected OK, got {status}: {}", head(&body))),
                Expect::Status(s) => (status.as_u16() != s).then(|| format!("expected {s}, got {status}")),
                Expect::Hidden if about_cases && status == StatusCode::FORBIDDEN => {
                    (fingerprint(&p).await != before).then(|| "refused, and data changed".into())
                }
                Expect::Hidden => (status != StatusCode::NOT_FOUND).then(|| format!("expected 404, got {status}")),
                Expect::SignIn | Expect::Authorized => None,
            };
            if let Some(problem) = problem {
                failures.push(format!("{} × {:?}, passkeys required: {problem}", row.endpoint, who));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {cells} cells failed:\n{}", failures.len(), failures.join("\n"));
    println!("{cells} cells of the authorization matrix hold");
}

async fn last_log_id(e: &Env) -> i64 {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM access_log").fetch_one(e.s.db.pool()).await.unwrap()
}

/// A page logs each read once, and all of it before it answers. Two equal
/// rows mean some part of the page read twice: a resource created inside a
/// Suspense's view, which Leptos may walk more than once, each walk starting
/// a read that the answer does not wait for (its row may come after the
/// page, or after a failure the page reported).
async fn logged_once_before_answering(e: &Env, after: i64) -> Option<String> {
    type Row = (Option<i64>, String, Option<i64>, Option<String>, Option<i64>, String);
    let rows = || async {
        sqlx::query_as::<_, Row>(
            "SELECT actor_account_id, action, case_id, category, grant_id, outcome FROM access_log WHERE id > $1 ORDER BY id",
        )
        .bind(after)
        .fetch_all(e.s.db.pool())
        .await
        .unwrap()
    };
    let answered = rows().await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let settled = rows().await;
    let mut seen = BTreeSet::new();
    if let Some(twice) = settled.iter().find(|r| !seen.insert(*r)) {
        Some(format!("one page view logged {twice:?} twice: {settled:?}"))
    } else if settled != answered {
        Some(format!("rows logged after the answer: {answered:?} then {settled:?}"))
    } else {
        None
    }
}

fn head(body: &str) -> &str {
    &body[..body.len().min(300)]
}

/// Fresh copies of the fixture database, one per row: `VACUUM INTO` on
/// SQLite, a template database on PostgreSQL.
struct Copies {
    url: String,
    n: u32,
    _fixture: Option<Env>,
    dir: tempfile::TempDir,
}

impl Copies {
    async fn new(url: &str, fixture: Env) -> Self {
        let keep = if on_postgres() {
            // A template database must have no other connections.
            fixture.s.db.pool().close().await;
            None
        } else {
            Some(fixture)
        };
        Copies { url: url.to_string(), n: 0, _fixture: keep, dir: tempfile::tempdir().unwrap() }
    }

    async fn next(&mut self) -> Env {
        self.n += 1;
        if let Some(fx) = &self._fixture {
            let path = self.dir.path().join(format!("row{}.db", self.n));
            sqlx::query(&format!("VACUUM INTO '{}'", path.display())).execute(fx.s.db.pool()).await.unwrap();
            env_at(&format!("sqlite://{}", path.display())).await
        } else {
            use sqlx::Connection;
            let admin = std::env::var("RTW_TEST_POSTGRES").unwrap();
            let (base, template) = self.url.rsplit_once('/').unwrap();
            let name = format!("{template}_row{}", self.n);
            let mut c = sqlx::postgres::PgConnection::connect(&admin).await.unwrap();
            sqlx::Executor::execute(&mut c, format!("CREATE DATABASE {name} TEMPLATE {template}").as_str())
                .await
                .unwrap();
            env_at(&format!("{base}/{name}")).await
        }
    }
}
