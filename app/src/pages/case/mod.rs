//! "My case": the worker's overview. First everything waiting for her,
//! from every area, by due date; then her dates and where she is on the
//! road back; then the team as a compact list (who, role, coordinator,
//! what each can see), each person's controls a tap away on their page.

mod contact;
mod team;
mod waiting;

use crate::api::case::*;
use crate::api::kept;
use crate::components::*;
use crate::domain::*;
use crate::error::AppError;
use crate::i18n::*;
use crate::text;
pub use contact::ContactPage;
use leptos::prelude::*;
use leptos_router::components::Redirect;
pub use team::PersonActions;
use team::{AddParticipantForm, TeamList};
use waiting::WaitingList;

/// The server functions this page's own forms post to.
#[derive(Clone, Copy)]
pub struct Actions {
    pub start: ServerAction<StartCase>,
    pub dates: ServerAction<ChangeDates>,
    pub add: ServerAction<AddParticipant>,
    pub close: ServerAction<CloseCase>,
    pub reopen: ServerAction<ReopenCase>,
}

#[component]
pub fn CasePage() -> impl IntoView {
    let a = Actions {
        start: ServerAction::new(),
        dates: ServerAction::new(),
        add: ServerAction::new(),
        close: ServerAction::new(),
        reopen: ServerAction::new(),
    };
    let case = Resource::new(
        || (),
        |_| async {
            // No case of their own: a professional goes to the cases they
            // are part of; anyone else starts their case.
            match load_case_home().await? {
                // What waits for the worker comes with the case, in one read
                // (one log commit), not from resources inside the view:
                // Suspense walks a view more than once, and each walk would
                // start (and log) another read that nobody waits for.
                Some(home) => Ok(Landing::Case(Box::new(home))),
                None if !crate::api::shared::load_invitations(None).await?.cases.is_empty() => Ok(Landing::Invited),
                None => Ok(Landing::Start),
            }
        },
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match case.await {
                    Err(e) => failed(e),
                    Ok(Landing::Invited) => view! { <Redirect path="/shared"/> }.into_any(),
                    Ok(Landing::Start) => view! { <Page signed_in=true><Welcome a/></Page> }.into_any(),
                    Ok(Landing::Case(home)) => {
                        let CaseHome { case: c, waiting, road } = *home;
                        view! { <Page signed_in=true><CaseView c waiting road a/></Page> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Whose law sets the calendar of the return (the road back).
#[component]
fn CountrySelect(id: &'static str, chosen: String) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{t!(i18n, country_label)}</label>
            <p class="hint" id=hint_id.clone()>{t!(i18n, country_hint)}</p>
            <select id=id name="country" aria-describedby=hint_id>
                {Country::ALL.iter().map(|c| view! {
                    <option value=c.id() selected=chosen == c.id()>{text::country_name(i18n, *c)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The worker's own case and the member of its team that a page's address
/// names (`/case/{case}/…/{pid}`); `NotFound` for any other case or person.
pub async fn team_member(case_id: &str, pid: &str) -> Result<(CaseId, ParticipantView), AppError> {
    let c = my_case().await?.ok_or(AppError::NotFound)?;
    match c.participants.into_iter().find(|p| p.id.to_string() == pid) {
        Some(p) if c.id.to_string() == case_id => Ok((c.id, p)),
        _ => Err(AppError::NotFound),
    }
}

/// What /case shows the signed-in person.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
enum Landing {
    Case(Box<CaseHome>),
    Invited,
    Start,
}

/// Someone signed in with no case of their own and no invitation. The
/// portal cannot tell a worker from a professional or an employer yet, so
/// it asks: a worker opens the start form (a `details`: no JavaScript
/// needed), anyone else reads how they join a case.
#[component]
fn Welcome(a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    // A refused start comes back (without JavaScript, as a new page) open.
    let open = kept::value::<StartCase>("sick_leave_start").is_some();
    view! {
        <h1>{t!(i18n, welcome_title)}</h1>
        <p>{t!(i18n, welcome_intro)}</p>
        <details class="card choice" open=open data-testid="start-choice">
            <summary>{t!(i18n, start_choice)}</summary>
            <StartCaseForm a/>
        </details>
        <section class="card choice" aria-labelledby="helper-title" data-testid="helper">
            <h2 id="helper-title">{t!(i18n, helper_title)}</h2>
            <p>{t!(i18n, helper_text)}</p>
            <p>{t!(i18n, helper_invite)}</p>
            <p><a href="/join" data-testid="join-enter-link">{t!(i18n, join_enter_link)}</a></p>
        </section>
    }
}

#[component]
fn StartCaseForm(a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.start);
    view! {
        <p>{t!(i18n, start_intro)}</p>
        <ActionForm action=a.start attr:class="form" attr:novalidate=true>
            <Here/>
            <Field id="start-name" label=t_string!(i18n, your_name).to_string() name="name" required=true value={kept::or::<StartCase>("name", "")}
                autocomplete="name" maxlength=NAME_MAX
                hint=t_string!(i18n, limit_hint, max = NAME_MAX).to_string() error/>
            <Field id="start-from" label=t_string!(i18n, sick_leave_start).to_string() name="sick_leave_start"
                kind="date" required=true value={kept::or::<StartCase>("sick_leave_start", "")} error/>
            <Field id="start-until" label=format!("{} ({})", t_string!(i18n, expected_return), t_string!(i18n, optional))
                name="expected_return" kind="date" value={kept::or::<StartCase>("expected_return", "")} error/>
            <ZoneSelect id="start-zone" label=t_string!(i18n, time_zone_label).to_string() hint=t_string!(i18n, time_zone_hint).to_string() chosen={kept::or::<StartCase>("time_zone", Zone::for_language(text::lang(i18n)).name())}/>
            <CountrySelect id="start-country" chosen={kept::or::<StartCase>("country", Country::for_language(text::lang(i18n)).id())}/>
            <FormError error/>
            <button type="submit">{t!(i18n, start_button)}</button>
        </ActionForm>
    }
}

#[component]
fn CaseView(c: CaseOverview, waiting: Vec<Waiting>, road: RoadView, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = c.id;
    let protection = c.protection.on;
    let closed_on = c.closed_on;
    view! {
        <h1>{t!(i18n, case_title)}</h1>
        {closed_on.map(|day| view! { <Closed case_id day a/> })}
        <div data-live="waiting">
            <WaitingList case_id waiting today=road.today/>
        </div>
        <crate::islands::LiveUpdates case_id=case_id.0 part="waiting".to_string() refresh_in_ms=None/>
        <DatesSection case_id dates=c.dates zone=c.zone road open_case=closed_on.is_none() a/>
        <section aria-labelledby="team-title" data-testid="team">
            <h2 id="team-title">{t!(i18n, team_title)}</h2>
            <TeamList case_id team=c.participants.clone()/>
            <p class="protection-line" data-testid="protection-line">
                <a href=format!("/case/{case_id}/sharing#protection-title")>
                    {if protection { t!(i18n, protection_is_on).into_any() } else { t!(i18n, protection_is_off).into_any() }}
                </a>
            </p>
            <AddParticipantForm case_id=case_id.to_string() error=action_error(a.add) add=a.add/>
        </section>
        <nav class="more" aria-labelledby="more-title">
            <h2 id="more-title" class="visually-hidden">{t!(i18n, more_about_case)}</h2>
            <ul class="plain link-grid">
                <li><a href=format!("/case/{case_id}/statements")>{t!(i18n, link_statements)}</a></li>
                <li><a href=format!("/case/{case_id}/plan")>{t!(i18n, poa_title)}</a></li>
                <li><a href=format!("/case/{case_id}/referrals")>{t!(i18n, referrals_link)}</a></li>
                <li><a href=format!("/case/{case_id}/requests")>{t!(i18n, link_requests)}</a></li>
                <li><a href=format!("/case/{case_id}/notes")>{t!(i18n, link_notes)}</a></li>
                <li><a href=format!("/case/{case_id}/history")>{t!(i18n, history_title)}</a></li>
            </ul>
        </nav>
        <Places case_id here=Place::Case/>
    }
}

/// Back at work: the worker closes the case on the day they went back.
#[component]
fn CloseForm(case_id: CaseId, today: chrono::NaiveDate, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.close);
    view! {
        <section aria-labelledby="close-title" data-testid="close-case">
            <h3 id="close-title">{t!(i18n, close_title)}</h3>
            <p>{t!(i18n, close_intro)}</p>
            <ActionForm action=a.close attr:class="form" attr:novalidate=true>
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <Field id="closed-on" label=t_string!(i18n, close_date).to_string() name="closed_on"
                    kind="date" value={kept::or::<CloseCase>("closed_on", today.to_string())} required=true error/>
                <FormError error/>
                <button type="submit">{t!(i18n, close_button)}</button>
            </ActionForm>
        </section>
    }
}

/// A closed case: since when, what it means, and the way back in.
#[component]
fn Closed(case_id: CaseId, day: chrono::NaiveDate, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.reopen);
    view! {
        <section class="card closed" aria-labelledby="closed-title" data-testid="case-closed">
            <h2 id="closed-title">{t!(i18n, closed_title)}</h2>
            <p>{t!(i18n, closed_text, date = text::date(i18n, day))}</p>
            <ActionForm action=a.reopen attr:class="form">
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <FormError error/>
                <button type="submit">{t!(i18n, reopen_button)}</button>
            </ActionForm>
        </section>
    }
}

/// The sick leave's dates and where the worker is on the road back, with
/// the next step; the dates, zone and country change behind one tap, and
/// there too an open case closes when she is back at work (My case stays
/// within three screens).
#[component]
fn DatesSection(
    case_id: CaseId,
    dates: CaseDates,
    zone: Zone,
    road: RoadView,
    open_case: bool,
    a: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.dates);
    let close_error = action_error(a.close);
    let open = move || error.get().is_some() || close_error.get().is_some();
    let today = road.today;
    let start = dates.sick_leave_start;
    let back = dates.expected_return;
    let country = road.country;
    let p = road.position;
    let next = road.next().cloned();
    // Her own late steps wait in the list above; the others' are said
    // here, with whose they are.
    let others_late: Vec<MilestoneLine> =
        road.overdue().filter(|l| l.responsible != Responsible::Worker).cloned().collect();
    view! {
        <section class="dates" aria-labelledby="dates-title" data-testid="road-summary">
            <h2 id="dates-title" class="visually-hidden">{t!(i18n, dates_title)}</h2>
            <p>{t!(i18n, since)}" "<strong data-testid="since">{move || text::date(i18n, start)}</strong>
                <span data-testid="road-where">" ("{t!(i18n, road_where_short, week = p.week, day = p.day)}")"</span>". "
                {t!(i18n, expected_back)}" "<strong data-testid="expected-back">
                    {move || match back {
                        Some(d) => text::date(i18n, d),
                        None => t_string!(i18n, not_known).to_string(),
                    }}
                </strong>"."
            </p>
            {others_late.into_iter().map(|l| view! {
                <p class="overdue" data-testid="road-overdue" data-milestone=l.milestone.id()>
                    {t!(i18n, road_overdue_line, name = text::milestone_name(i18n, l.milestone),
                        who = text::responsible_name(i18n, l.responsible), date = text::date(i18n, l.due))}
                </p>
            }).collect_view()}
            <p>
                {p.allowance_day.filter(|d| *d > 0).map(|d| view! { {t!(i18n, road_allowance_day_short, day = d)}". " })}
                {next.map(|l| {
                    let days = (l.due - road.today).num_days();
                    view! {
                        <span data-testid="road-next" data-milestone=l.milestone.id()>{t!(i18n, road_next_line,
                            name = text::milestone_name(i18n, l.milestone),
                            who = text::responsible_name(i18n, l.responsible), date = text::date(i18n, l.due))}</span>
                        ". "<span data-testid="road-next-days" data-days=days>{crate::pages::timeline::in_days(i18n, days)}</span>
                    }
                })}
            </p>
            <p class="links">
                <a href=format!("/case/{case_id}/road")>{t!(i18n, road_see_all)}</a>
                <a href=format!("/case/{case_id}/plan")>{t!(i18n, poa_title)}</a>
            </p>
            <details open=open>
                <summary>{t!(i18n, change_dates)}</summary>
                <ActionForm action=a.dates attr:class="form" attr:novalidate=true>
                    <Here/>
                    <input type="hidden" name="case_id" value=case_id.to_string()/>
                    <Field id="dates-from" label=t_string!(i18n, sick_leave_start).to_string() name="sick_leave_start"
                        kind="date" value={kept::or::<ChangeDates>("sick_leave_start", start.to_string())} required=true error/>
                    <Field id="dates-until" label=format!("{} ({})", t_string!(i18n, expected_return), t_string!(i18n, optional))
                        name="expected_return" kind="date" value={kept::or::<ChangeDates>("expected_return", back.map(|d| d.to_string()).unwrap_or_default())} error/>
                    <ZoneSelect id="dates-zone" label=t_string!(i18n, time_zone_label).to_string() hint=t_string!(i18n, time_zone_hint).to_string() chosen={kept::or::<ChangeDates>("time_zone", zone.name())}/>
                    <CountrySelect id="dates-country" chosen={kept::or::<ChangeDates>("country", country.id())}/>
                    <FormError error/>
                    <button type="submit">{t!(i18n, save)}</button>
                </ActionForm>
                {open_case.then(|| view! { <CloseForm case_id today a/> })}
            </details>
        </section>
    }
}
