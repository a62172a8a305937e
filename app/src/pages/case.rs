//! "My case": the worker's dates and the care team, with who coordinates
//! and what each person can see.

use crate::api::case::*;
use crate::api::consent::{GrantPreset, Revoke, SetProtection};
use crate::api::kept;
use crate::components::*;
use crate::domain::*;
use crate::error::AppError;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// The server functions this page's forms post to, shared by its parts.
#[derive(Clone, Copy)]
struct Actions {
    start: ServerAction<StartCase>,
    dates: ServerAction<ChangeDates>,
    add: ServerAction<AddParticipant>,
    contact: ServerAction<ChangeContact>,
    remove: ServerAction<RemoveParticipant>,
    coordinator: ServerAction<SetCoordinator>,
    preset: ServerAction<GrantPreset>,
    revoke: ServerAction<Revoke>,
    protection: ServerAction<SetProtection>,
}

#[component]
pub fn CasePage() -> impl IntoView {
    let a = Actions {
        start: ServerAction::new(),
        dates: ServerAction::new(),
        add: ServerAction::new(),
        contact: ServerAction::new(),
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
            match my_case().await? {
                Some(c) => Ok(Landing::Case(Box::new(c))),
                None if !crate::api::consent::invitations().await?.is_empty() => Ok(Landing::Invited),
                None => Ok(Landing::Start),
            }
        },
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match case.await {
                    Err(AppError::SignInRequired) => view! { <Redirect path="/"/> }.into_any(),
                    Err(e) => view! { <Page signed_in=true><FormError error=Signal::derive(move || Some(e.clone()))/></Page> }.into_any(),
                    Ok(Landing::Invited) => view! { <Redirect path="/shared"/> }.into_any(),
                    Ok(Landing::Start) => view! { <Page signed_in=true><StartCaseForm a/></Page> }.into_any(),
                    Ok(Landing::Case(c)) => view! { <Page signed_in=true><CaseView c=*c a/></Page> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What /case shows the signed-in person.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
enum Landing {
    Case(Box<CaseOverview>),
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
            <Field id="start-name" label=t_string!(i18n, your_name).to_string() name="name" required=true value=kept::or("start.name", "")
                autocomplete="name" maxlength=NAME_MAX
                hint=t_string!(i18n, limit_hint, max = NAME_MAX).to_string() error/>
            <Field id="start-from" label=t_string!(i18n, sick_leave_start).to_string() name="sick_leave_start"
                kind="date" required=true value=kept::or("start.sick_leave_start", "") error/>
            <Field id="start-until" label=format!("{} ({})", t_string!(i18n, expected_return), t_string!(i18n, optional))
                name="expected_return" kind="date" value=kept::or("start.expected_return", "") error/>
            <FormError error/>
            <button type="submit">{t!(i18n, start_button)}</button>
        </ActionForm>
    }
}

#[component]
fn CaseView(c: CaseOverview, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = c.id.to_string();
    let coordinator = c.coordinator().cloned();
    let worlds = [World::CurativeCare, World::WorkFocusedCare, World::Workplace];
    let team = c.participants.clone();
    let is_empty = team.is_empty();
    view! {
        <h1>{t!(i18n, case_title)}</h1>
        <DatesSection case_id=case_id.clone() dates=c.dates a/>
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
        <ProtectionSection case_id=case_id.clone() protection=c.protection.clone() team=c.participants.clone() a/>
        <nav class="card places" aria-label=t_string!(i18n, more_about_sharing)>
            <a href=format!("/case/{case_id}/history")>{t!(i18n, history_title)}</a>
            <a href=format!("/case/{case_id}/activity")>{t!(i18n, activity_title)}</a>
        </nav>
    }
}

#[component]
fn DatesSection(case_id: String, dates: CaseDates, a: Actions) -> impl IntoView {
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
            </dl>
            <details open=open>
                <summary>{t!(i18n, change_dates)}</summary>
                <ActionForm action=a.dates attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="case_id" value=case_id/>
                    <Field id="dates-from" label=t_string!(i18n, sick_leave_start).to_string() name="sick_leave_start"
                        kind="date" value=kept::or("dates.sick_leave_start", start.to_string()) required=true error/>
                    <Field id="dates-until" label=format!("{} ({})", t_string!(i18n, expected_return), t_string!(i18n, optional))
                        name="expected_return" kind="date" value=kept::or("dates.expected_return", back.map(|d| d.to_string()).unwrap_or_default()) error/>
                    <FormError error/>
                    <button type="submit">{t!(i18n, save)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn ParticipantCard(case_id: String, p: ParticipantView, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let pid = p.id;
    let prefix = format!("p{pid}");
    // Errors of the shared contact form belong to this card only if they name it.
    let error = action_error(a.contact);
    let mine = {
        let prefix = prefix.clone();
        move || {
            error
                .get()
                .map(|e| match e {
                    AppError::Invalid(v) => v.iter().any(|f| f.field.starts_with(&format!("{prefix}."))),
                    _ => false,
                })
                .unwrap_or(false)
        }
    };
    let c = p.contact.clone();
    let sees = (!p.sees.is_empty()).then(|| text::category_list(i18n, &p.sees));
    // Granted but held back by the mental-health switch: say so, never hide it.
    let mut blocked: Vec<Category> = p.grants.iter().map(|g| g.category).filter(|c| !p.sees.contains(c)).collect();
    blocked.dedup();
    let (preset_categories, preset_purpose) = p.role.preset();
    let preset_hint = {
        let categories = text::category_list(i18n, preset_categories);
        let purpose = text::purpose_name(i18n, preset_purpose);
        t_string!(i18n, preset_hint, categories, purpose).to_string()
    };
    let shares_anything = !p.grants.is_empty();
    let name = p.contact.name.clone();
    let preset_id = format!("{prefix}-preset");
    let sharing_href = format!("/case/{case_id}/sharing/{pid}");
    let preview_href = format!("/case/{case_id}/preview/{pid}");
    let (case_for_preset, case_for_revoke) = (case_id.clone(), case_id.clone());
    let heading_id = format!("{prefix}-name");
    let labelled_by = heading_id.clone();
    let (case_for_contact, case_for_coordinator) = (case_id.clone(), case_id.clone());
    view! {
        <li class="card person" data-testid="participant" data-role=p.role.id() aria-labelledby=labelled_by>
            <div class="person-head">
                <h4 id=heading_id>{c.name.clone()}</h4>
                {p.is_coordinator.then(|| view! { <span class="badge">{t!(i18n, coordinator_badge)}</span> })}
            </div>
            <p class="role">{text::role_name(i18n, p.role)}</p>
            {(!c.organisation.is_empty()).then(|| view! { <p class="org">{c.organisation.clone()}</p> })}
            <p class="does">{text::role_does(i18n, p.role)}</p>
            <ul class="reach">
                <li>{t!(i18n, email_short)} ": " <a href=format!("mailto:{}", c.email.as_str())>{c.email.as_str().to_string()}</a></li>
                {c.phone.clone().map(|ph| view! {
                    <li>{t!(i18n, phone_short)} ": " <a href=format!("tel:{}", ph.replace(' ', ""))>{ph.clone()}</a></li>
                })}
            </ul>
            <p class="sees" data-testid="sees">
                <strong>{t!(i18n, can_see)} ": "</strong>
                {match sees {
                    Some(s) => s.into_any(),
                    None => t!(i18n, sees_nothing_yet).into_any(),
                }}
            </p>
            {(!blocked.is_empty()).then(|| {
                let categories = text::category_list(i18n, &blocked);
                view! { <p class="hint" data-testid="blocked">{t!(i18n, blocked_note, categories)}</p> }
            })}
            <div class="sharing">
                <ActionForm action=a.preset>
                    <input type="hidden" name="case_id" value=case_for_preset/>
                    <input type="hidden" name="participant_id" value=pid.to_string()/>
                    <button type="submit" aria-describedby=preset_id.clone()>{t!(i18n, share_preset)}</button>
                    <p class="hint" id=preset_id>{preset_hint}</p>
                </ActionForm>
                {shares_anything.then(|| view! {
                    <ActionForm action=a.revoke>
                        <input type="hidden" name="case_id" value=case_for_revoke.clone()/>
                        <input type="hidden" name="participant_id" value=pid.to_string()/>
                        <input type="hidden" name="category" value=""/>
                        <input type="hidden" name="purpose" value=""/>
                        <button type="submit" class="secondary">{t!(i18n, stop_all)}</button>
                    </ActionForm>
                })}
                <p class="links">
                    <a href=sharing_href>{t!(i18n, choose_sharing)}</a>
                    <a href=preview_href>{t!(i18n, preview_link, name)}</a>
                </p>
            </div>
            <details open=mine.clone()>
                <summary>{t!(i18n, change_contact)}</summary>
                <ActionForm action=a.contact attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="case_id" value=case_for_contact/>
                    <input type="hidden" name="participant_id" value=pid.to_string()/>
                    <Field id=format!("{prefix}-name-input") label=t_string!(i18n, name_label).to_string() name="name"
                        error_field=format!("{prefix}.name") value=kept::or(&format!("{prefix}.name"), c.name.clone()) required=true maxlength=NAME_MAX error/>
                    <Field id=format!("{prefix}-org") label=format!("{} ({})", t_string!(i18n, organisation_label), t_string!(i18n, optional))
                        name="organisation" error_field=format!("{prefix}.organisation") value=kept::or(&format!("{prefix}.organisation"), c.organisation.clone())
                        maxlength=ORGANISATION_MAX error/>
                    <Field id=format!("{prefix}-email") label=t_string!(i18n, email_label).to_string() name="email" kind="email"
                        error_field=format!("{prefix}.email") value=kept::or(&format!("{prefix}.email"), c.email.as_str()) required=true error/>
                    <Field id=format!("{prefix}-phone") label=format!("{} ({})", t_string!(i18n, phone_label), t_string!(i18n, optional))
                        name="phone" kind="tel" error_field=format!("{prefix}.phone") value=kept::or(&format!("{prefix}.phone"), c.phone.clone().unwrap_or_default()) error/>
                    <button type="submit">{t!(i18n, save)}</button>
                </ActionForm>
            </details>
            <div class="actions">
                {(!p.is_coordinator).then(|| {
                    view! {
                        <ActionForm action=a.coordinator>
                            <input type="hidden" name="case_id" value=case_for_coordinator/>
                            <input type="hidden" name="participant_id" value=pid.to_string()/>
                            <button type="submit" class="secondary">{t!(i18n, make_coordinator)}</button>
                        </ActionForm>
                    }
                })}
                <details class="remove">
                    <summary>{t!(i18n, remove)}</summary>
                    <p>{t!(i18n, remove_explained)}</p>
                    <ActionForm action=a.remove>
                        <input type="hidden" name="case_id" value=case_id/>
                        <input type="hidden" name="participant_id" value=pid.to_string()/>
                        <button type="submit" class="secondary">{t!(i18n, remove)}</button>
                    </ActionForm>
                </details>
            </div>
        </li>
    }
}

#[component]
fn ProtectionSection(case_id: String, protection: Protection, team: Vec<ParticipantView>, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.protection);
    // Ticked by default: those named already, or else the curative-care team.
    let named = if protection.on {
        protection.named.clone()
    } else {
        team.iter().filter(|p| p.role.world() == World::CurativeCare).map(|p| p.id).collect()
    };
    let names: Vec<String> =
        team.iter().filter(|p| protection.named.contains(&p.id)).map(|p| p.contact.name.clone()).collect();
    let on = protection.on;
    let case_for_off = case_id.clone();
    let has_team = !team.is_empty();
    view! {
        <section class="card protection" aria-labelledby="protection-title" data-testid="protection">
            <h2 id="protection-title">{t!(i18n, protection_title)}</h2>
            <p>{t!(i18n, protection_intro)}</p>
            <p class="state" data-testid="protection-state">
                <strong>{if on { t_string!(i18n, protection_on) } else { t_string!(i18n, protection_off) }}</strong>
                {on.then(|| if names.is_empty() {
                    view! { " " {t!(i18n, protection_nobody)} }.into_any()
                } else {
                    view! { " " {t!(i18n, protection_named)} " " {names.join(", ")} }.into_any()
                })}
            </p>
            // With nobody in the team there is nobody to name yet.
            <ActionForm action=a.protection attr:class="form" attr:hidden=!has_team>
                <input type="hidden" name="case_id" value=case_id/>
                <input type="hidden" name="on" value="1"/>
                <fieldset>
                    <legend>{t!(i18n, protection_named)}</legend>
                    {team.iter().map(|p| {
                        let field = format!("named[{}]", p.id);
                        let input_id = format!("named-{}", p.id);
                        view! {
                            <div class="check">
                                <input type="checkbox" id=input_id.clone() name=field checked=named.contains(&p.id)/>
                                <label for=input_id>{p.contact.name.clone()} " (" {text::role_name(i18n, p.role)} ")"</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <FormError error/>
                <button type="submit">{if on { t!(i18n, protection_save).into_any() } else { t!(i18n, protection_turn_on).into_any() }}</button>
            </ActionForm>
            {on.then(|| view! {
                <ActionForm action=a.protection>
                    <input type="hidden" name="case_id" value=case_for_off/>
                    <input type="hidden" name="on" value="0"/>
                    <button type="submit" class="secondary">{t!(i18n, protection_turn_off)}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn AddParticipantForm(case_id: String, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.add);
    let open = move || error.get().is_some();
    let role_errors = field_messages(error, "role".into());
    view! {
        <details class="card add" open=open>
            <summary>{t!(i18n, add_person)}</summary>
            <ActionForm action=a.add attr:class="form" attr:novalidate=true>
                <input type="hidden" name="case_id" value=case_id/>
                <div class="field">
                    <label for="add-role">{t!(i18n, role_label)}</label>
                    <select id="add-role" name="role" required aria-describedby="add-role-error">
                        <option value="">{t!(i18n, choose_role)}</option>
                        {Role::ALL
                            .into_iter()
                            .map(|r| {
                                let chosen = kept::value("add.role").as_deref() == Some(r.id());
                                view! { <option value=r.id() selected=chosen>{text::role_name(i18n, r)}</option> }
                            })
                            .collect_view()}
                    </select>
                    <p class="error" id="add-role-error" aria-live="polite">{move || role_errors.get().join(" ")}</p>
                </div>
                <Field id="add-name" label=t_string!(i18n, name_label).to_string() name="name" required=true value=kept::or("add.name", "")
                    maxlength=NAME_MAX hint=t_string!(i18n, limit_hint, max = NAME_MAX).to_string() error/>
                <Field id="add-org" label=format!("{} ({})", t_string!(i18n, organisation_label), t_string!(i18n, optional))
                    name="organisation" maxlength=ORGANISATION_MAX value=kept::or("add.organisation", "") error/>
                <Field id="add-email" label=t_string!(i18n, email_label).to_string() name="email" kind="email" required=true value=kept::or("add.email", "") error/>
                <Field id="add-phone" label=format!("{} ({})", t_string!(i18n, phone_label), t_string!(i18n, optional))
                    name="phone" kind="tel" value=kept::or("add.phone", "") error/>
                <FormError error/>
                <button type="submit">{t!(i18n, add_button)}</button>
            </ActionForm>
        </details>
    }
}
