//! "Sharing with Dr X": choose categories, purpose and period; see what is
//! shared now and stop any of it with one tap.

pub mod history;
pub mod overview;
pub mod preview;
pub mod protection;

use crate::api::directory::load_directory_settings;
use crate::api::kept;
use crate::api::sharing::{Grant as GrantAction, Revoke};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::islands::{GrantPeriod, PeriodTexts};
use crate::pages::case::team_member;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn SharingPage() -> impl IntoView {
    let (case_id, pid) = (param("case_id"), param("pid"));
    let grant = ServerAction::<GrantAction>::new();
    let revoke = ServerAction::<Revoke>::new();
    let found = Resource::new(
        move || (case_id.get(), pid.get()),
        |(case_id, pid)| async move {
            let (case, p) = team_member(&case_id, &pid).await?;
            let directory = load_directory_settings(case_id, pid).await?;
            Ok((case, p, directory))
        },
    );
    signed_in_page(found, move |(case_id, p, directory)| view! { <Sharing case_id p directory grant revoke/> })
}

#[component]
fn Sharing(
    case_id: CaseId,
    p: ParticipantView,
    directory: DirectorySettings,
    grant: ServerAction<GrantAction>,
    revoke: ServerAction<Revoke>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(grant);
    let revoke_error = action_error(revoke);
    let name = p.contact.name.clone();
    let (_, preset_purpose) = p.role.preset();
    let ticked: Vec<String> =
        kept::value::<GrantAction>("categories").unwrap_or_default().split(',').map(str::to_string).collect();
    let chosen_purpose = kept::or::<GrantAction>("purpose", preset_purpose.id());
    let forever = kept::value::<GrantAction>("until_revoked").is_some_and(|v| v == "on");
    let category_errors = field_messages(error, "categories".into());
    let purpose_errors = field_messages(error, "purpose".into());
    let (case_s, pid_s) = (case_id.to_string(), p.id.to_string());
    let grants = p.grants.clone();
    let no_grants = grants.is_empty();
    let preview_href = format!("/case/{case_id}/preview/{}", p.id);
    let period_texts = PeriodTexts {
        until_label: t_string!(i18n, until_label).to_string(),
        until_hint: t_string!(i18n, until_hint).to_string(),
        until_revoked: t_string!(i18n, until_revoked).to_string(),
        no_end_date: t_string!(i18n, no_end_date).to_string(),
    };
    view! {
        <p><a href=format!("/case/{case_id}/sharing")>{t!(i18n, back_to_sharing)}</a></p>
        <h1>{t!(i18n, sharing_title, name = name.clone())}</h1>
        <crate::pages::case::PersonActions case_id p=p.clone()/>
        <p>{t!(i18n, sharing_intro, name = name.clone())}</p>

        <section class="card" aria-labelledby="shared-now">
            <h2 id="shared-now">{t!(i18n, shared_now)}</h2>
            {no_grants.then(|| view! { <p data-testid="nothing-shared">{t!(i18n, nothing_shared)}</p> })}
            <ul class="plain grants">
                {grants.into_iter().map(|g| {
                    let (case_s, pid_s) = (case_s.clone(), pid_s.clone());
                    let purpose = text::purpose_for(i18n, g.purpose);
                    let period = text::period(i18n, g.until);
                    view! {
                        <li class="grant" data-testid="grant" data-category=g.category.id()>
                            <div>
                                <strong>{text::category_name(i18n, g.category)}</strong>
                                <p class="hint">{t!(i18n, shared_for, purpose, period)}</p>
                            </div>
                            <ActionForm action=revoke>
                                <Here/>
                                <input type="hidden" name="case_id" value=case_s/>
                                <input type="hidden" name="participant_id" value=pid_s/>
                                <input type="hidden" name="category" value=g.category.id()/>
                                <input type="hidden" name="purpose" value=g.purpose.id()/>
                                <button type="submit" class="secondary">{t!(i18n, stop)}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <FormError error=revoke_error/>
            <p><a href=preview_href>{t!(i18n, preview_link, name = name.clone())}</a></p>
        </section>

        <ActionForm action=grant attr:class="card form" attr:novalidate=true>
            <Here/>
            <input type="hidden" name="case_id" value=case_s/>
            <input type="hidden" name="participant_id" value=pid_s/>
            <fieldset aria-describedby="categories-error">
                <legend>{t!(i18n, categories_label)}</legend>
                {(p.role == Role::Employer).then(|| view! { <p class="hint">{t!(i18n, employer_only)}</p> })}
                // The grant screen never offers an employer more than the ceiling.
                {p.role.offered().into_iter().map(|c| {
                    let id = format!("cat-{}", c.id());
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() name=format!("categories[{}]", c.id()) checked=ticked.iter().any(|t| t == c.id())/>
                            <label for=id>
                                {text::category_name(i18n, c)}
                                <span class="hint block">{text::category_about(i18n, c)}</span>
                            </label>
                        </div>
                    }
                }).collect_view()}
                <p class="error" id="categories-error" aria-live="polite">{move || category_errors.get().join(" ")}</p>
            </fieldset>
            <div class="field">
                <label for="grant-purpose">{t!(i18n, purpose_label)}</label>
                <select id="grant-purpose" name="purpose" aria-describedby="grant-purpose-error">
                    {Purpose::ALL.iter().copied().map(|pp| view! {
                        <option value=pp.id() selected=chosen_purpose == pp.id()>{text::purpose_name(i18n, pp)}</option>
                    }).collect_view()}
                </select>
                <p class="error" id="grant-purpose-error" aria-live="polite">{move || purpose_errors.get().join(" ")}</p>
            </div>
            <GrantPeriod texts=period_texts until={kept::or::<GrantAction>("until", "")} until_revoked=forever
                errors=field_messages(error, "until".into()).get_untracked()/>
            <FormError error/>
            <button type="submit">{t!(i18n, grant_button)}</button>
        </ActionForm>
        {p.role.may_be_marked_mental_health().then(|| view! {
            <protection::MentalHealthMark case_id participant=p.id name=name.clone() marked=p.mental_health_care/>
        })}
        <crate::pages::directory::DirectorySettingsSection case_id participant=p.id name=name.clone() s=directory/>
        <Places case_id here=Place::Sharing/>
    }
}
