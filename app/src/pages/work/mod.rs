//! "Work": the worker's adjustment needs, from a private draft to an
//! adjustment in place. The list here; one adjustment in `adjustment.rs`.

pub mod adjustment;

use crate::api::work::load_work;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn WorkPage() -> impl IntoView {
    let case_id = param("case_id");
    let page = Resource::new(move || case_id.get(), load_work);
    signed_in_page(page, move |p| view! { <WorkList p/> })
}

#[component]
fn WorkList(p: WorkPage) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = p.case_id;
    let today = p.today;
    let due: Vec<Adjustment> = p.adjustments.iter().filter(|a| a.review_due(today)).cloned().collect();
    let group = |statuses: &[AdjustmentStatus]| -> Vec<Adjustment> {
        p.adjustments.iter().filter(|a| statuses.contains(&a.status)).cloned().collect()
    };
    let groups = [
        (
            t_string!(i18n, work_drafts).to_string(),
            Some(t_string!(i18n, only_you).to_string()),
            group(&[AdjustmentStatus::Draft]),
        ),
        (t_string!(i18n, work_sent).to_string(), None, group(&[AdjustmentStatus::Proposed])),
        (t_string!(i18n, work_agreed).to_string(), None, group(&[AdjustmentStatus::Agreed, AdjustmentStatus::InPlace])),
        (t_string!(i18n, work_closed).to_string(), None, group(&[AdjustmentStatus::Ended, AdjustmentStatus::Declined])),
    ];
    let empty = p.adjustments.is_empty();
    view! {
        <h1>{t!(i18n, place_work)}</h1>
        <p>{t!(i18n, work_intro)}</p>
        {(!due.is_empty()).then(|| view! {
            <section class="card notice" aria-labelledby="due-title" data-testid="reviews-due">
                <h2 id="due-title">{t!(i18n, work_review_due)}</h2>
                <ul class="plain">
                    {due.into_iter().map(|a| view! {
                        <li><a href=format!("/case/{case_id}/work/{}", a.id)>{text::adjustment_kind(i18n, a.text.kind)}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <p><a class="button" href=format!("/case/{case_id}/work/new") data-testid="new-adjustment">{t!(i18n, work_new)}</a></p>
        <p><a href=format!("/case/{case_id}/passport")>{t!(i18n, passport_link)}</a></p>
        {empty.then(|| view! { <p class="card">{t!(i18n, work_empty)}</p> })}
        {groups.into_iter().filter(|(_, _, list)| !list.is_empty()).map(|(title, note, list)| view! {
            <section>
                <h2>{title}</h2>
                {note.map(|n| view! { <p class="hint private">{n}</p> })}
                <ul class="plain">
                    {list.into_iter().map(|a| view! { <AdjustmentCard case_id a/> }).collect_view()}
                </ul>
            </section>
        }).collect_view()}
        <Places case_id here=Place::Work/>
    }
}

#[component]
fn AdjustmentCard(case_id: CaseId, a: Adjustment) -> impl IntoView {
    let i18n = use_i18n();
    let summary: String = a.text.help.lines().next().unwrap_or_default().chars().take(120).collect();
    view! {
        <li class="card adjustment" data-testid="adjustment" data-status=a.status.id()>
            <p class="row">
                <strong>{text::adjustment_kind(i18n, a.text.kind)}</strong>
                <span class="chip" data-testid="status">{text::adjustment_status(i18n, a.status)}</span>
            </p>
            {(!summary.is_empty()).then(|| view! { <p>{summary}</p> })}
            {a.agreement.map(|ag| view! {
                <p class="hint">{t!(i18n, work_dates, start = text::date(i18n, ag.start), review = text::date(i18n, ag.review))}</p>
            })}
            {a.pending.is_some().then(|| view! { <p class="hint">{t!(i18n, work_confirm_waiting)}</p> })}
            <p><a href=format!("/case/{case_id}/work/{}", a.id)>{t!(i18n, open)}</a></p>
        </li>
    }
}
