//! The care team on My case as a compact list (who, role, coordinator,
//! what each can see), adding someone, and each person's controls, which
//! live on their own page (`/case/{case}/sharing/{pid}`), a tap away.

use crate::api::case::*;
use crate::api::kept;
use crate::api::sharing::{GrantPreset, Revoke};
use crate::components::*;
use crate::domain::*;
use crate::error::AppError;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

/// One row per person, by world (curative care, work-focused care, the
/// workplace), the coordinator marked; the row opens the person's page.
#[component]
pub fn TeamList(case_id: CaseId, team: Vec<ParticipantView>) -> impl IntoView {
    let i18n = use_i18n();
    let mut team = team;
    let worlds = [World::CurativeCare, World::WorkFocusedCare, World::Workplace];
    team.sort_by_key(|p| worlds.iter().position(|w| *w == p.role.world()));
    let empty = team.is_empty();
    let no_coordinator = !empty && !team.iter().any(|p| p.is_coordinator);
    view! {
        {empty.then(|| view! { <p class="card">{t!(i18n, empty_team)}</p> })}
        {no_coordinator.then(|| view! { <p class="hint">{t!(i18n, no_coordinator)}</p> })}
        <ul class="plain team-list card">
            {team.into_iter().map(|p| {
                let href = format!("/case/{case_id}/sharing/{}", p.id);
                let blocked = p.grants.iter().any(|g| !p.sees.contains(&g.category));
                view! {
                    <li class="person-row" data-testid="participant" data-role=p.role.id()>
                        <a class="person-link" href=href>
                            <span class="name">{p.contact.name.clone()}</span>
                            {p.is_coordinator.then(|| view! { " " <span class="badge" data-testid="coordinator">{t!(i18n, coordinator_badge)}</span> })}
                            <span class="line">
                                <span class="role">{text::role_name(i18n, p.role)}</span>
                                <span class="sees" data-testid="sees">
                                    {if p.sees.is_empty() {
                                        view! { <span class="hint">{t!(i18n, sees_nothing_yet)}</span> }.into_any()
                                    } else {
                                        p.sees.iter().map(|c| view! { <span class="chip">{text::category_name(i18n, *c)}</span> }).collect_view().into_any()
                                    }}
                                </span>
                            </span>
                            {blocked.then(|| view! { <span class="hint line" data-testid="blocked">{t!(i18n, blocked_short)}</span> })}
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn AddParticipantForm(
    case_id: String,
    error: Signal<Option<AppError>>,
    add: ServerAction<AddParticipant>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = move || error.get().is_some();
    let role_errors = field_messages(error, "role".into());
    view! {
        <details class="add" open=open>
            <summary>{t!(i18n, add_person)}</summary>
            <p class="join-link"><a href=format!("/case/{case_id}/join") data-testid="join-link">{t!(i18n, join_show_link)}</a></p>
            <ActionForm action=add attr:class="form" attr:novalidate=true>
                <Here/>
                <input type="hidden" name="case_id" value=case_id/>
                <div class="field">
                    <label for="add-role">{t!(i18n, role_label)}</label>
                    <select id="add-role" name="role" required aria-describedby="add-role-error">
                        <option value="">{t!(i18n, choose_role)}</option>
                        {Role::ALL
                            .iter().copied()
                            .map(|r| {
                                let chosen = kept::value::<AddParticipant>("role").as_deref() == Some(r.id());
                                view! { <option value=r.id() selected=chosen>{text::role_name(i18n, r)}</option> }
                            })
                            .collect_view()}
                    </select>
                    <p class="error" id="add-role-error" aria-live="polite">{move || role_errors.get().join(" ")}</p>
                </div>
                <Field id="add-name" label=t_string!(i18n, name_label).to_string() name="name" required=true value={kept::or::<AddParticipant>("name", "")}
                    maxlength=NAME_MAX hint=t_string!(i18n, limit_hint, max = NAME_MAX).to_string() error/>
                <Field id="add-org" label=format!("{} ({})", t_string!(i18n, organisation_label), t_string!(i18n, optional))
                    name="organisation" maxlength=ORGANISATION_MAX value={kept::or::<AddParticipant>("organisation", "")} error/>
                <Field id="add-email" label=t_string!(i18n, email_label).to_string() name="email" kind="email" required=true value={kept::or::<AddParticipant>("email", "")} error/>
                <Field id="add-phone" label=format!("{} ({})", t_string!(i18n, phone_label), t_string!(i18n, optional))
                    name="phone" kind="tel" value={kept::or::<AddParticipant>("phone", "")} error/>
                <FormError error/>
                <button type="submit">{t!(i18n, add_button)}</button>
            </ActionForm>
        </details>
    }
}

/// On a person's page: who they are and how to reach them, and what the
/// worker can do about them: share the usual in one tap, stop everything,
/// make them the coordinator, change their contact details, remove them.
#[component]
pub fn PersonActions(case_id: CaseId, p: ParticipantView) -> impl IntoView {
    let i18n = use_i18n();
    let preset = ServerAction::<GrantPreset>::new();
    let revoke = ServerAction::<Revoke>::new();
    let coordinator = ServerAction::<SetCoordinator>::new();
    let remove = ServerAction::<RemoveParticipant>::new();
    let pid = p.id;
    let c = p.contact.clone();
    let (preset_categories, preset_purpose) = p.role.preset();
    let preset_hint = {
        let categories = text::category_list(i18n, preset_categories);
        let purpose = text::purpose_for(i18n, preset_purpose);
        t_string!(i18n, preset_hint, categories, purpose).to_string()
    };
    let shares_anything = !p.grants.is_empty();
    let hidden = move |name: &'static str, value: String| view! { <input type="hidden" name=name value=value/> };
    view! {
        <section class="card person" aria-labelledby="person-title" data-testid="person">
            <h2 id="person-title" class="person-head">
                {c.name.clone()}
                {p.is_coordinator.then(|| view! { <span class="badge">{t!(i18n, coordinator_badge)}</span> })}
            </h2>
            <p class="role">{text::role_name(i18n, p.role)}</p>
            {(!c.organisation.is_empty()).then(|| view! { <p class="org">{c.organisation.clone()}</p> })}
            <p class="does">{text::role_does(i18n, p.role)}</p>
            <ul class="reach">
                <li>{t!(i18n, email_short)} ": " <a href=format!("mailto:{}", c.email.as_str())>{c.email.as_str().to_string()}</a></li>
                {c.phone.clone().map(|ph| view! {
                    <li>{t!(i18n, phone_short)} ": " <a href=format!("tel:{}", ph.replace(' ', ""))>{ph.clone()}</a></li>
                })}
            </ul>
            <p class="links"><a href=format!("/case/{case_id}/contact/{pid}")>{t!(i18n, change_contact)}</a></p>
            <FormError error=action_error(preset)/>
            <FormError error=action_error(revoke)/>
            <FormError error=action_error(coordinator)/>
            <FormError error=action_error(remove)/>
            <div class="actions">
                <ActionForm action=preset>
                    <Here/>
                    {hidden("case_id", case_id.to_string())}
                    {hidden("participant_id", pid.to_string())}
                    <button type="submit" aria-describedby="preset-hint">{t!(i18n, share_preset)}</button>
                </ActionForm>
                {shares_anything.then(|| view! {
                    <ActionForm action=revoke>
                        <Here/>
                        {hidden("case_id", case_id.to_string())}
                        {hidden("participant_id", pid.to_string())}
                        {hidden("category", String::new())}
                        {hidden("purpose", String::new())}
                        <button type="submit" class="secondary">{t!(i18n, stop_all)}</button>
                    </ActionForm>
                })}
            </div>
            <p class="hint" id="preset-hint">{preset_hint}</p>
            <div class="actions">
                {(!p.is_coordinator).then(|| view! {
                    <ActionForm action=coordinator>
                        <Here/>
                        {hidden("case_id", case_id.to_string())}
                        {hidden("participant_id", pid.to_string())}
                        <button type="submit" class="secondary">{t!(i18n, make_coordinator)}</button>
                    </ActionForm>
                })}
                <details class="remove">
                    <summary>{t!(i18n, remove)}</summary>
                    <p>{t!(i18n, remove_explained)}</p>
                    <ActionForm action=remove>
                        <Here/>
                        {hidden("case_id", case_id.to_string())}
                        {hidden("participant_id", pid.to_string())}
                        <button type="submit" class="secondary">{t!(i18n, remove)}</button>
                    </ActionForm>
                </details>
            </div>
        </section>
    }
}
