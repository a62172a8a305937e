//! The care team on My case: one card per person, and adding someone.

use crate::api::case::*;
use crate::api::kept;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn ParticipantCard(case_id: String, p: ParticipantView, a: super::Actions) -> impl IntoView {
    let i18n = use_i18n();
    let pid = p.id;
    let prefix = contact_prefix(pid);
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
    let contact_href = format!("/case/{case_id}/contact/{pid}");
    let case_for_coordinator = case_id.clone();
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
                    <Here/>
                    <input type="hidden" name="case_id" value=case_for_preset/>
                    <input type="hidden" name="participant_id" value=pid.to_string()/>
                    <button type="submit" aria-describedby=preset_id.clone()>{t!(i18n, share_preset)}</button>
                    <p class="hint" id=preset_id>{preset_hint}</p>
                </ActionForm>
                {shares_anything.then(|| view! {
                    <ActionForm action=a.revoke>
                        <Here/>
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
            <p class="links">
                <a href=contact_href>{t!(i18n, change_contact)}</a>
            </p>
            <div class="actions">
                {(!p.is_coordinator).then(|| {
                    view! {
                        <ActionForm action=a.coordinator>
                            <Here/>
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
                        <Here/>
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
pub fn AddParticipantForm(case_id: String, a: super::Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.add);
    let open = move || error.get().is_some();
    let role_errors = field_messages(error, "role".into());
    view! {
        <details class="card add" open=open>
            <summary>{t!(i18n, add_person)}</summary>
            <ActionForm action=a.add attr:class="form" attr:novalidate=true>
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
