//! "My case": the worker's dates and the care team, with who coordinates
//! and what each person can see.

mod contact;
mod team;

use crate::api::case::*;
use crate::api::kept;
use crate::api::sharing::{GrantPreset, Revoke, SetProtection};
use crate::components::*;
use crate::domain::*;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::sharing::protection::ProtectionSection;
use crate::text;
pub use contact::ContactPage;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use team::{AddParticipantForm, ParticipantCard};

/// The server functions this page's forms post to, shared by its parts.
#[derive(Clone, Copy)]
pub struct Actions {
    pub start: ServerAction<StartCase>,
    pub dates: ServerAction<ChangeDates>,
    pub add: ServerAction<AddParticipant>,
    pub remove: ServerAction<RemoveParticipant>,
    pub coordinator: ServerAction<SetCoordinator>,
    pub preset: ServerAction<GrantPreset>,
    pub revoke: ServerAction<Revoke>,
    pub protection: ServerAction<SetProtection>,
}

#[component]
pub fn CasePage() -> impl IntoView {
    let a = Actions {
        start: ServerAction::new(),
        dates: ServerAction::new(),
        add: ServerAction::new(),
        remove: ServerAction::new(),
        coordinator: ServerAction::new(),
        preset: ServerAction::new(),
        revoke: ServerAction::new(),
        protection: ServerAction::new(),
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
                None if !crate::api::shared::invitations().await?.is_empty() => Ok(Landing::Invited),
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
                    Ok(Landing::Start) => view! { <Page signed_in=true><StartCaseForm a/></Page> }.into_any(),
                    Ok(Landing::Case(home)) => {
                        let CaseHome { case: c, referrals, requests, new_statements, road } = *home;
                        view! { <Page signed_in=true><CaseView c referrals requests new_statements road a/></Page> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Where the worker lives: the day a grant ends and every time shown follow it.
#[component]
fn ZoneSelect(id: &'static str, chosen: String) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{t!(i18n, time_zone_label)}</label>
            <p class="hint" id=hint_id.clone()>{t!(i18n, time_zone_hint)}</p>
            <select id=id name="time_zone" aria-describedby=hint_id>
                {Zone::CHOICES.iter().map(|z| view! {
                    <option value=z.name() selected=chosen == z.name()>{z.city()}</option>
                }).collect_view()}
            </select>
        </div>
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

#[component]
fn StartCaseForm(a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.start);
    view! {
        <h1>{t!(i18n, start_title)}</h1>
        <p>{t!(i18n, start_intro)}</p>
        <ActionForm action=a.start attr:class="card form" attr:novalidate=true>
            <Here/>
            <Field id="start-name" label=t_string!(i18n, your_name).to_string() name="name" required=true value={kept::or::<StartCase>("name", "")}
                autocomplete="name" maxlength=NAME_MAX
                hint=t_string!(i18n, limit_hint, max = NAME_MAX).to_string() error/>
            <Field id="start-from" label=t_string!(i18n, sick_leave_start).to_string() name="sick_leave_start"
                kind="date" required=true value={kept::or::<StartCase>("sick_leave_start", "")} error/>
            <Field id="start-until" label=format!("{} ({})", t_string!(i18n, expected_return), t_string!(i18n, optional))
                name="expected_return" kind="date" value={kept::or::<StartCase>("expected_return", "")} error/>
            <ZoneSelect id="start-zone" chosen={kept::or::<StartCase>("time_zone", Zone::for_language(text::lang(i18n)).name())}/>
            <CountrySelect id="start-country" chosen={kept::or::<StartCase>("country", Country::for_language(text::lang(i18n)).id())}/>
            <FormError error/>
            <button type="submit">{t!(i18n, start_button)}</button>
        </ActionForm>
    }
}

#[component]
fn CaseView(
    c: CaseOverview,
    referrals: ReferralsPage,
    requests: RequestsPage,
    new_statements: u32,
    road: RoadView,
    a: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let places = c.id;
    let case_id = c.id.to_string();
    let coordinator = c.coordinator().cloned();
    let worlds = [World::CurativeCare, World::WorkFocusedCare, World::Workplace];
    let team = c.participants.clone();
    let is_empty = team.is_empty();
    view! {
        <h1>{t!(i18n, case_title)}</h1>
        <div data-live="waiting">
            <crate::pages::referrals::Waiting page=referrals/>
            <crate::pages::requests::Waiting page=requests/>
            {(new_statements > 0).then(|| view! {
                <p class="card waiting" data-testid="statements-new">
                    <a href=format!("/case/{places}/statements")>{t!(i18n, st_new_on_case, count = new_statements)}</a>
                </p>
            })}
        </div>
        <crate::islands::LiveUpdates case_id=places.0 part="waiting".to_string() refresh_in_ms=None/>
        <crate::pages::timeline::RoadSummary case_id=places road=road.clone()/>
        <DatesSection case_id=case_id.clone() dates=c.dates zone=c.zone country=road.country a/>
        <section aria-labelledby="team-title">
            <h2 id="team-title">{t!(i18n, team_title)}</h2>
            <p>{t!(i18n, team_intro)}</p>
            <FormError error=action_error(a.preset)/>
            <FormError error=action_error(a.revoke)/>
            <div class="card coordinator" data-testid="coordinator">
                <p class="label">{t!(i18n, coordinator_is)}</p>
                {match coordinator {
                    Some(p) => view! {
                        <p class="big">{p.contact.name.clone()}</p>
                        <p>{text::role_name(i18n, p.role)}</p>
                        <p class="hint">{t!(i18n, coordinator_explained)}</p>
                    }.into_any(),
                    None => view! { <p>{t!(i18n, no_coordinator)}</p> }.into_any(),
                }}
            </div>
            {is_empty.then(|| view! { <p class="card">{t!(i18n, empty_team)}</p> })}
            {worlds
                .into_iter()
                .filter_map(|w| {
                    let people: Vec<_> = team.iter().filter(|p| p.role.world() == w).cloned().collect();
                    (!people.is_empty()).then(|| {
                        let case_id = case_id.clone();
                        view! {
                            <h3 class="world">{text::world_name(i18n, w)}</h3>
                            <ul class="team">
                                {people
                                    .into_iter()
                                    .map(|p| view! { <ParticipantCard case_id=case_id.clone() p a/> })
                                    .collect_view()}
                            </ul>
                        }
                    })
                })
                .collect_view()}
            <AddParticipantForm case_id=case_id.clone() a/>
        </section>
        <ProtectionSection case_id=case_id.clone() protection=c.protection.clone() team=c.participants.clone() action=a.protection/>
        <nav class="card places" aria-label=t_string!(i18n, more_about_sharing)>
            <a href=format!("/case/{case_id}/statements")>{t!(i18n, st_title)}</a>
            <a href=format!("/case/{case_id}/road")>{t!(i18n, road_title)}</a>
            <a href=format!("/case/{case_id}/plan")>{t!(i18n, poa_title)}</a>
            <a href=format!("/case/{case_id}/referrals")>{t!(i18n, referrals_link)}</a>
            <a href=format!("/case/{case_id}/requests")>{t!(i18n, requests_link)}</a>
            <a href=format!("/case/{case_id}/notes")>{t!(i18n, notes_title)}</a>
            <a href=format!("/case/{case_id}/history")>{t!(i18n, history_title)}</a>
            <a href=format!("/case/{case_id}/activity")>{t!(i18n, activity_title)}</a>
        </nav>
        <Places case_id=places here=Place::Case/>
    }
}

#[component]
fn DatesSection(case_id: String, dates: CaseDates, zone: Zone, country: Country, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.dates);
    let open = move || error.get().is_some();
    let start = dates.sick_leave_start;
    let back = dates.expected_return;
    view! {
        <section class="card dates" aria-labelledby="dates-title">
            <h2 id="dates-title">{t!(i18n, dates_title)}</h2>
            <dl>
                <dt>{t!(i18n, since)}</dt>
                <dd data-testid="since">{move || text::date(i18n, start)}</dd>
                <dt>{t!(i18n, expected_back)}</dt>
                <dd data-testid="expected-back">
                    {move || match back {
                        Some(d) => text::date(i18n, d),
                        None => t_string!(i18n, not_known).to_string(),
                    }}
                </dd>
                <dt>{t!(i18n, time_zone_short)}</dt>
                <dd data-testid="time-zone">{zone.city()}</dd>
                <dt>{t!(i18n, country_label)}</dt>
                <dd data-testid="country">{text::country_name(i18n, country)}</dd>
            </dl>
            <details open=open>
                <summary>{t!(i18n, change_dates)}</summary>
                <ActionForm action=a.dates attr:class="form" attr:novalidate=true>
                    <Here/>
                    <input type="hidden" name="case_id" value=case_id/>
                    <Field id="dates-from" label=t_string!(i18n, sick_leave_start).to_string() name="sick_leave_start"
                        kind="date" value={kept::or::<ChangeDates>("sick_leave_start", start.to_string())} required=true error/>
                    <Field id="dates-until" label=format!("{} ({})", t_string!(i18n, expected_return), t_string!(i18n, optional))
                        name="expected_return" kind="date" value={kept::or::<ChangeDates>("expected_return", back.map(|d| d.to_string()).unwrap_or_default())} error/>
                    <ZoneSelect id="dates-zone" chosen={kept::or::<ChangeDates>("time_zone", zone.name())}/>
                    <CountrySelect id="dates-country" chosen={kept::or::<ChangeDates>("country", country.id())}/>
                    <FormError error/>
                    <button type="submit">{t!(i18n, save)}</button>
                </ActionForm>
            </details>
        </section>
    }
}
