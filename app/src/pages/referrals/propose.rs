//! Proposing a referral: to whom (a role, a name, an e-mail address), why,
//! and what the referrer proposes to share. The worker then decides.

use crate::api::kept;
use crate::api::referrals::{load_my_referrals, ProposeReferral};
use crate::api::shared::shared_case;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

/// A professional's page for referring the worker onwards.
#[component]
pub fn ReferPage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    // A care professional of this case: the case view, and the referrals
    // (which an employer may not read).
    let view = Resource::new(
        move || case_id.get(),
        |case_id| async move {
            let v = shared_case(case_id.clone()).await?;
            load_my_referrals(case_id).await?;
            Ok::<_, crate::error::AppError>(v)
        },
    );
    let propose = ServerAction::<ProposeReferral>::new();
    signed_in_page(view, move |v| {
        let case_id = v.case_id;
        view! {
            <p><a href=format!("/shared/{case_id}")>{t!(i18n, shared_title, name = v.worker_first_name.clone())}</a></p>
            <h1>{t!(i18n, referral_refer_title)}</h1>
            <p>{t!(i18n, referral_refer_intro)}</p>
            <div class="card"><ProposeForm case_id action=propose worker=false/></div>
        }
    })
}

/// The proposal form. `worker`: the worker refers themselves and goes on
/// to choose what to share; a professional's proposal asks the worker.
#[component]
pub fn ProposeForm(case_id: CaseId, action: ServerAction<ProposeReferral>, worker: bool) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let role = kept::or::<ProposeReferral>("role", Role::OccupationalPhysician.id());
    let purpose = kept::or::<ProposeReferral>("purpose", Purpose::Referral.id());
    let (preset, _) = Role::OccupationalPhysician.preset();
    let role_errors = field_messages(error, "role".into());
    let cat_errors = field_messages(error, "categories".into());
    let roles: Vec<Role> = Role::ALL.iter().copied().filter(|r| *r != Role::Employer).collect();
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true attr:data-testid="propose-form">
            <Here/>
            <input type="hidden" name="case_id" value=case_id.to_string()/>
            {worker.then(|| view! { <input type="hidden" name="then" value="answer"/> })}
            <div class="field">
                <label for="ref-role">{t!(i18n, referral_role_label)}</label>
                <select id="ref-role" name="role" aria-describedby="ref-role-error">
                    {roles.into_iter().map(|r| view! {
                        <option value=r.id() selected=role == r.id()>{text::role_name(i18n, r)}</option>
                    }).collect_view()}
                </select>
                <p class="error" id="ref-role-error" aria-live="polite">{move || role_errors.get().join(" ")}</p>
            </div>
            <Field id="ref-name" label=t_string!(i18n, referral_name_label).to_string() name="name"
                value={kept::or::<ProposeReferral>("name", "")} autocomplete="off" maxlength=NAME_MAX error/>
            <Field id="ref-org" label=t_string!(i18n, referral_org_label).to_string() name="organisation"
                value={kept::or::<ProposeReferral>("organisation", "")} autocomplete="off" error/>
            <Field id="ref-email" label=t_string!(i18n, referral_email_label).to_string() name="email" kind="email"
                value={kept::or::<ProposeReferral>("email", "")} autocomplete="off" error/>
            <div class="field">
                <label for="ref-purpose">{t!(i18n, referral_purpose_label)}</label>
                <select id="ref-purpose" name="purpose">
                    {[Purpose::Referral, Purpose::RtwPlanning].into_iter().map(|p| view! {
                        <option value=p.id() selected=purpose == p.id()>{text::purpose_name(i18n, p)}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextArea id="ref-reason" name="reason" label=t_string!(i18n, referral_reason_label).to_string()
                hint=t_string!(i18n, referral_reason_hint).to_string()
                value={kept::or::<ProposeReferral>("reason", "")} max=REFERRAL_REASON_MAX error/>
            <fieldset aria-describedby="ref-cats-error">
                <legend>{t!(i18n, referral_share_propose)}</legend>
                {Category::ALL.iter().map(|c| {
                    let id = format!("ref-cat-{}", c.id());
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() name=format!("categories[{}]", c.id())
                                checked=preset.contains(c)/>
                            <label for=id>{text::category_name(i18n, *c)}</label>
                        </div>
                    }
                }).collect_view()}
                <p class="error" id="ref-cats-error" aria-live="polite">{move || cat_errors.get().join(" ")}</p>
            </fieldset>
            <Field id="ref-until" label=t_string!(i18n, referral_until_label).to_string() name="until" kind="date"
                value={kept::or::<ProposeReferral>("until", "")} hint=t_string!(i18n, until_hint).to_string() error/>
            <FormError error/>
            <button type="submit">
                {if worker { t_string!(i18n, referral_send_self) } else { t_string!(i18n, referral_send) }}
            </button>
        </ActionForm>
    }
}
