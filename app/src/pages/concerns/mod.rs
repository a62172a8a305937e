//! "Concerns": worries about stigma at work, in the worker's own words,
//! private unless they share one with named clinicians; and the disclosure
//! plan (who may know what, and what colleagues should hear).

use crate::api::concerns::{
    load_concerns, AdjustmentFromConcern, DeleteConcern, SetDisclosurePlan, ShareConcern, WriteConcern,
};
use crate::api::kept;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Actions {
    write: ServerAction<WriteConcern>,
    share: ServerAction<ShareConcern>,
    plan: ServerAction<SetDisclosurePlan>,
    to_adjustment: ServerAction<AdjustmentFromConcern>,
    delete: ServerAction<DeleteConcern>,
}

#[component]
pub fn ConcernsPage() -> impl IntoView {
    let case_id = param("case_id");
    let a = Actions {
        write: ServerAction::new(),
        share: ServerAction::new(),
        plan: ServerAction::new(),
        to_adjustment: ServerAction::new(),
        delete: ServerAction::new(),
    };
    let page = Resource::new(move || case_id.get(), load_concerns);
    signed_in_page(page, move |p| view! { <Concerns p a/> })
}

#[component]
fn Concerns(p: ConcernsPage, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = p.case_id;
    let clinicians: Vec<TeamMember> = p.team.iter().filter(|m| m.role.may_receive(Category::Stigma)).cloned().collect();
    let everyone_sees: Vec<String> = clinicians.iter().filter(|m| m.sees_all).map(|m| m.name.clone()).collect();
    let empty = p.concerns.is_empty();
    view! {
        <h1>{t!(i18n, place_concerns)}</h1>
        <p>{t!(i18n, concerns_intro)}</p>
        <p class="hint">{t!(i18n, concerns_coordinator)}</p>
        {(!everyone_sees.is_empty()).then(|| view! {
            <p class="card" data-testid="stigma-grant">{t!(i18n, concerns_all_shared_with, names = everyone_sees.join(", "))}</p>
        })}
        {empty.then(|| view! { <p class="card">{t!(i18n, concerns_empty)}</p> })}
        <ul class="plain">
            {p.concerns.into_iter().map(|c| view! { <ConcernCard case_id c clinicians=clinicians.clone() a/> }).collect_view()}
        </ul>
        <ConcernForm case_id a/>
        <FormError error=action_error(a.delete)/>
        <PlanForm case_id plan=p.plan team=p.team a/>
        <Places case_id here=Place::Concerns/>
    }
}

#[component]
fn ConcernCard(case_id: CaseId, c: Concern, clinicians: Vec<TeamMember>, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let shared: Vec<String> =
        clinicians.iter().filter(|m| c.shared_with.contains(&m.id)).map(|m| m.name.clone()).collect();
    let private = shared.is_empty() && !clinicians.iter().any(|m| m.sees_all);
    let share_error = action_error(a.share);
    // A change refused comes back with its form open, what was typed kept.
    let editing = kept::value::<WriteConcern>(&format!("{}.what", c.id)).is_some();
    let (id, whole) = (c.id, c.clone());
    view! {
        <li class="card concern" data-testid="concern" id=format!("concern-{}", c.id)>
            <p class="row"><strong>{text::concern_kind(i18n, c.text.kind)}</strong></p>
            <p class="words">{c.text.what.clone()}</p>
            {(!c.text.helps.is_empty()).then(|| view! {
                <p class="label">{t!(i18n, concern_helps_label)}</p>
                <p class="words">{c.text.helps.clone()}</p>
            })}
            {if private {
                view! { <p class="private" data-testid="only-you">{t!(i18n, only_you)}</p> }.into_any()
            } else if shared.is_empty() {
                ().into_any()
            } else {
                view! { <p class="hint" data-testid="shared-with">{t!(i18n, concern_shared_with, names = shared.join(", "))}</p> }.into_any()
            }}
            <details>
                <summary>{t!(i18n, concern_share)}</summary>
                {clinicians.is_empty().then(|| view! { <p>{t!(i18n, concern_no_clinicians)}</p> })}
                {(!clinicians.is_empty()).then(|| view! {
                    <ActionForm action=a.share attr:class="form">
                        <Here/>
                        <input type="hidden" name="case_id" value=case_id.to_string()/>
                        <input type="hidden" name="concern_id" value=c.id.to_string()/>
                        <fieldset>
                            <legend>{t!(i18n, concern_share_with)}</legend>
                            {clinicians.iter().map(|m| {
                                let id = format!("share-{}-{}", c.id, m.id);
                                view! {
                                    <div class="check">
                                        <input type="checkbox" id=id.clone() name=format!("with[{}]", m.id) checked=c.shared_with.contains(&m.id)/>
                                        <label for=id>{m.name.clone()}<span class="hint block">{text::role_name(i18n, m.role)}</span></label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <p class="hint">{t!(i18n, concern_never_employer)}</p>
                        <FormError error=share_error/>
                        <button type="submit" class="secondary">{t!(i18n, save)}</button>
                    </ActionForm>
                })}
            </details>
            <details open=editing data-testid="change-concern">
                <summary>{t!(i18n, concern_change)}</summary>
                <ConcernFields case_id c=Some(whole) a/>
            </details>
            <ActionForm action=a.to_adjustment>
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="concern_id" value=id.to_string()/>
                <button type="submit" class="secondary" data-testid="to-adjustment">{t!(i18n, concern_to_adjustment)}</button>
            </ActionForm>
            <details data-testid="delete-concern">
                <summary>{t!(i18n, concern_delete)}</summary>
                <p>{t!(i18n, concern_delete_explained)}</p>
                <ActionForm action=a.delete>
                    <Here/>
                    <input type="hidden" name="case_id" value=case_id.to_string()/>
                    <input type="hidden" name="concern_id" value=id.to_string()/>
                    <button type="submit" class="secondary">{t!(i18n, concern_delete)}</button>
                </ActionForm>
            </details>
        </li>
    }
}

#[component]
fn ConcernForm(case_id: CaseId, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="concern-new-title">
            <h2 id="concern-new-title">{t!(i18n, concern_new)}</h2>
            <p class="private">{t!(i18n, only_you)}</p>
            <ConcernFields case_id c=None a/>
        </section>
    }
}

/// Writing a concern: a new one (`c` None), or changing one. A change's
/// fields and errors are named by the concern (`7.what`), so the page's
/// forms never show each other's errors or typed text.
#[component]
fn ConcernFields(case_id: CaseId, c: Option<Concern>, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.write);
    let id = c.as_ref().map(|c| c.id);
    let (prefix, ids) = match id {
        Some(id) => (format!("{id}."), format!("concern-{id}")),
        None => (String::new(), "concern".to_string()),
    };
    let t = c.map(|c| c.text);
    let kept = |f: &str, default: String| kept::or::<WriteConcern>(&format!("{prefix}{f}"), default);
    let kind = kept("kind", t.as_ref().map(|t| t.kind.id().to_string()).unwrap_or_default());
    let weight = kept("weight", t.as_ref().map(|t| t.weight.to_string()).unwrap_or_default());
    let what = kept("what", t.as_ref().map(|t| t.what.clone()).unwrap_or_default());
    let helps = kept("helps", t.as_ref().map(|t| t.helps.clone()).unwrap_or_default());
    let kind_errors = field_messages(error, format!("{prefix}kind"));
    let weight_errors = field_messages(error, format!("{prefix}weight"));
    let (kind_id, kind_error_id, weight_error_id) =
        (format!("{ids}-kind"), format!("{ids}-kind-error"), format!("{ids}-weight-error"));
    let (what_id, helps_id, weight_ids) = (format!("{ids}-what"), format!("{ids}-helps"), ids.clone());
    let weight_described = weight_error_id.clone();
    let testid = if id.is_some() { "concern-change-form" } else { "concern-form" };
    view! {
        <ActionForm action=a.write attr:class="form" attr:novalidate=true attr:data-testid=testid>
            <Here/>
            <input type="hidden" name="case_id" value=case_id.to_string()/>
            <input type="hidden" name="concern_id" value=id.map(|i| i.to_string()).unwrap_or_default()/>
            <div class="field">
                <label for=kind_id.clone()>{t!(i18n, concern_kind_label)}</label>
                <select id=kind_id name="kind" aria-describedby=kind_error_id.clone()>
                    {ConcernKind::ALL.iter().map(|k| view! {
                        <option value=k.id() selected=kind == k.id()>{text::concern_kind(i18n, *k)}</option>
                    }).collect_view()}
                </select>
                <p class="error" id=kind_error_id aria-live="polite">{move || kind_errors.get().join(" ")}</p>
            </div>
            <TextArea id=what_id name="what" error_field=format!("{prefix}what") label=t_string!(i18n, concern_what_label).to_string()
                hint=t_string!(i18n, limit_hint, max = CONCERN_TEXT_MAX).to_string()
                value=what max=CONCERN_TEXT_MAX required=true error/>
            <fieldset aria-describedby=weight_described>
                <legend>{t!(i18n, concern_weight_label)}</legend>
                {(1..=5u8).map(|w| {
                    let radio = format!("{weight_ids}-weight-{w}");
                    view! {
                        <div class="check">
                            <input type="radio" id=radio.clone() name="weight" value=w.to_string() checked=weight == w.to_string()/>
                            <label for=radio>{text::weight(i18n, w)}</label>
                        </div>
                    }
                }).collect_view()}
                <p class="error" id=weight_error_id aria-live="polite">{move || weight_errors.get().join(" ")}</p>
            </fieldset>
            <TextArea id=helps_id name="helps" error_field=format!("{prefix}helps")
                label=format!("{} ({})", t_string!(i18n, concern_helps_label), t_string!(i18n, optional))
                hint=t_string!(i18n, limit_hint, max = CONCERN_TEXT_MAX).to_string()
                value=helps max=CONCERN_TEXT_MAX error/>
            <FormError error/>
            <button type="submit">{t!(i18n, save)}</button>
        </ActionForm>
    }
}

#[component]
fn PlanForm(case_id: CaseId, plan: DisclosurePlan, team: Vec<TeamMember>, a: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(a.plan);
    let words = kept::or::<SetDisclosurePlan>("colleague_words", plan.colleague_words.clone());
    view! {
        <section class="card" aria-labelledby="plan-title" data-testid="plan">
            <h2 id="plan-title">{t!(i18n, plan_title)}</h2>
            <p>{t!(i18n, plan_intro)}</p>
            <ActionForm action=a.plan attr:class="form" attr:novalidate=true>
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                {team.iter().map(|m| {
                    let id = format!("comfort-{}", m.id);
                    let chosen = plan.comfort_with(m.id);
                    view! {
                        <div class="field">
                            <label for=id.clone()>{m.name.clone()}<span class="hint block">{text::role_name(i18n, m.role)}</span></label>
                            <select id=id name=format!("comfort[{}]", m.id)>
                                {Comfort::ALL.iter().map(|c| view! {
                                    <option value=c.id() selected=chosen.unwrap_or(Comfort::Nothing) == *c>{text::comfort(i18n, *c)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
                <TextArea id="plan-words" name="colleague_words" label=t_string!(i18n, plan_words_label).to_string()
                    hint=t_string!(i18n, plan_words_hint, max = COLLEAGUE_WORDS_MAX).to_string() value=words max=COLLEAGUE_WORDS_MAX error/>
                <p class="hint">{t!(i18n, plan_who_sees)}</p>
                <FormError error/>
                <button type="submit">{t!(i18n, save)}</button>
            </ActionForm>
        </section>
    }
}
