//! The worker's answer to a referral: approve what was proposed or less of
//! it (fewer categories, an earlier last day), or decline. Nothing was
//! shared and nothing was sent before this.

use super::ReferralCard;
use crate::api::kept;
use crate::api::referrals::{load_referrals, AnswerReferral};
use crate::components::*;
use crate::domain::*;
use crate::error::AppError;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn AnswerPage() -> impl IntoView {
    let i18n = use_i18n();
    let (case_id, rid) = (param("case_id"), param("rid"));
    let answer = ServerAction::<AnswerReferral>::new();
    let data = Resource::new(
        move || (case_id.get(), rid.get()),
        |(case_id, rid)| async move {
            let page = load_referrals(case_id).await?;
            let r = page.referrals.iter().find(|r| r.id.to_string() == rid).cloned().ok_or(AppError::NotFound)?;
            Ok::<_, AppError>((page, r))
        },
    );
    signed_in_page(data, move |(page, r)| {
        let case_id = page.case_id;
        let waiting = r.status == ReferralStatus::AwaitingWorker;
        view! {
            <p><a href=format!("/case/{case_id}/referrals")>{t!(i18n, referrals_title)}</a></p>
            <h1>{t!(i18n, referral_answer_title)}</h1>
            // Answered meanwhile (in another tab): the forms are gone, the reason is said here.
            {(!waiting).then(|| view! { <FormError error=action_error(answer) fields=&["categories", "until"]/> })}
            <ReferralCard r=r.clone() page=page.clone()/>
            {waiting.then(|| view! { <AnswerForms case_id r=r.clone() answer/> })}
            <Places case_id here=Place::Case/>
        }
    })
}

#[component]
fn AnswerForms(case_id: CaseId, r: Referral, answer: ServerAction<AnswerReferral>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(answer);
    let cat_errors = field_messages(error, "categories".into());
    let until = kept::or::<AnswerReferral>("until", r.proposed_until.to_string());
    view! {
        <section class="card" aria-labelledby="answer-title">
            <h2 id="answer-title">{t!(i18n, referral_your_answer)}</h2>
            <p>{t!(i18n, referral_answer_intro)}</p>
            <ActionForm action=answer attr:class="form" attr:novalidate=true attr:data-testid="approve-form">
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="referral_id" value=r.id.to_string()/>
                <input type="hidden" name="decision" value="approve"/>
                <fieldset aria-describedby="answer-cats-error">
                    <legend>{t!(i18n, referral_share_label)}</legend>
                    {r.proposed.iter().map(|c| {
                        let id = format!("answer-cat-{}", c.id());
                        view! {
                            <div class="check">
                                <input type="checkbox" id=id.clone() name=format!("categories[{}]", c.id()) checked=true/>
                                <label for=id>{text::category_name(i18n, *c)}</label>
                            </div>
                        }
                    }).collect_view()}
                    <p class="error" id="answer-cats-error" aria-live="polite">{move || cat_errors.get().join(" ")}</p>
                </fieldset>
                <Field id="answer-until" label=t_string!(i18n, referral_until_label).to_string() name="until"
                    kind="date" value=until error/>
                <button type="submit">{t!(i18n, referral_approve)}</button>
            </ActionForm>
            <ActionForm action=answer attr:class="form" attr:data-testid="decline-referral-form">
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="referral_id" value=r.id.to_string()/>
                <input type="hidden" name="decision" value="decline"/>
                <button type="submit" class="secondary">{t!(i18n, referral_decline)}</button>
            </ActionForm>
            <FormError error fields=&["decision"]/>
        </section>
    }
}
