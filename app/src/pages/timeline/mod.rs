//! The road back: the worker's page of the whole road, its summary on My
//! case, and the part a participant sees on their case page. Every
//! milestone says when it is due, whose it is, what "done" means and what
//! the worker should know; the person it belongs to marks it done.

use crate::api::kept;
use crate::api::timeline::{load_road, MarkMilestone};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn RoadPage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let page = Resource::new(move || case_id.get(), load_road);
    signed_in_page(page, move |RoadPage { case_id, road }| {
        view! {
            <h1>{t!(i18n, road_title)}</h1>
            <Where road=road.clone() worker=None/>
            <p>{t!(i18n, road_intro, country = text::country_name(i18n, road.country))}</p>
            <p class="hint">{t!(i18n, road_change_country)}" "<a href="/case#dates-title">{t!(i18n, road_change_link)}</a></p>
            <Milestones case_id lines=road.lines act=true worker=true/>
            <Places case_id here=Place::Case/>
        }
    })
}

/// "Week 7 of your sick leave (day 45)", or of the named worker's for a
/// participant; in Finland, for the worker and her care, the allowance day.
#[component]
fn Where(road: RoadView, worker: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let p = road.position;
    let own = worker.is_none();
    let allowance = p.allowance_day.filter(|_| road.whole);
    view! {
        <p class="big" data-testid="road-where">{match worker {
            None => t_string!(i18n, road_where, week = p.week, day = p.day).to_string(),
            Some(name) => t_string!(i18n, road_where_of, name, week = p.week, day = p.day).to_string(),
        }}</p>
        {allowance.filter(|d| *d > 0).map(|d| view! {
            <p data-testid="allowance-day">{t!(i18n, road_allowance_day, day = d)}</p>
        })}
        {(own && allowance == Some(0)).then(|| view! {
            <p data-testid="allowance-day">{t!(i18n, road_waiting_period)}</p>
        })}
    }
}

/// "Today.", "Tomorrow." or "In 11 days."
pub(crate) fn in_days(i18n: text::I18n, days: i64) -> String {
    match days {
        ..=0 => t_string!(i18n, road_due_today).to_string(),
        1 => t_string!(i18n, road_in_one_day).to_string(),
        n => t_string!(i18n, road_in_days, count = n).to_string(),
    }
}

/// The road as a participant sees it on their case page: the whole road,
/// or the employer's part.
/// `act`: on their own page (its steps can be marked, its title right
/// under the page's h1); not in the worker's preview of that page.
#[component]
pub fn RoadSection(case_id: CaseId, road: RoadView, worker: String, act: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="road-section">
            {crate::pages::shared::section_title(act, t_string!(i18n, road_title).to_string())}
            <Where road=road.clone() worker=Some(worker)/>
            <Milestones case_id lines=road.lines act worker=false/>
        </section>
    }
}

#[component]
fn Milestones(case_id: CaseId, lines: Vec<MilestoneLine>, act: bool, worker: bool) -> impl IntoView {
    let i18n = use_i18n();
    let mark = ServerAction::<MarkMilestone>::new();
    let error = action_error(mark);
    view! {
        <FormError error fields=&["milestone"]/>
        <ol class="plain road-lines">
            {lines.into_iter().map(|l| {
                let state = l.state;
                view! {
                    <li class="milestone" id=l.milestone.id() data-testid="milestone" data-milestone=l.milestone.id() data-state=format!("{state:?}").to_lowercase()>
                        <p class="row">
                            <strong>{text::milestone_name(i18n, l.milestone)}</strong>
                            <span class="chip" data-testid="milestone-state">{text::milestone_state(i18n, state)}</span>
                        </p>
                        <p>{t!(i18n, road_due, date = text::date(i18n, l.due), who = text::responsible_name(i18n, l.responsible))}</p>
                        {worker.then(|| view! { <p class="hint">{text::milestone_for_worker(i18n, l.milestone)}</p> })}
                        {l.done.clone().map(|m| {
                            let by = match &m.by {
                                MarkedBy::Worker => t_string!(i18n, road_by_worker).to_string(),
                                MarkedBy::Participant { name, role } => format!("{name}, {}", text::role_name(i18n, *role)),
                                MarkedBy::Portal => t_string!(i18n, road_by_portal).to_string(),
                            };
                            view! { <p data-testid="milestone-done">{t!(i18n, road_done_on, date = text::date(i18n, m.done_on), by)}</p> }
                        })}
                        {(act && l.may_mark && l.done.is_none()).then(|| view! { <MarkForm case_id milestone=l.milestone mark/> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn MarkForm(case_id: CaseId, milestone: Milestone, mark: ServerAction<MarkMilestone>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(mark);
    let kept = kept::value::<MarkMilestone>(&format!("{}.done_on", milestone.id()));
    let open = kept.is_some();
    view! {
        <details open=open>
            <summary>{t!(i18n, road_mark)}</summary>
            // What "done" means, where it is marked.
            <p class="hint">{text::milestone_done_means(i18n, milestone)}</p>
            <ActionForm action=mark attr:class="form" attr:novalidate=true attr:data-testid="mark-form">
                <Here/>
                <input type="hidden" name="case_id" value=case_id.to_string()/>
                <input type="hidden" name="milestone" value=milestone.id()/>
                <Field id=format!("done-on-{}", milestone.id()) label=t_string!(i18n, road_done_on_label).to_string()
                    name="done_on" error_field=format!("{}.done_on", milestone.id()) kind="date"
                    value=kept.unwrap_or_default() required=true error/>
                <button type="submit">{t!(i18n, road_mark_button)}</button>
            </ActionForm>
        </details>
    }
}
