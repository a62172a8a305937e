//! What a participant sees: their cases, and per case only what is granted.
//! The worker's preview (`sharing/preview.rs`) renders the same `SharedBody`
//! from the same `SharedView`, built by one code path on the server.

mod adjustments;

use crate::api::shared::{load_invitations, load_shared_page};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `top`: the view is the participant's own page (its title is the page's
/// h1, and its forms act), not a preview inside the worker's page. The
/// page opens with what waits for the reader (`children`, their own page's
/// only) and what the worker shared; who else is involved comes after, as
/// a compact list.
#[component]
pub fn SharedBody(
    v: SharedView,
    #[prop(optional)] top: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (case_id, viewer_role, today) = (v.case_id, v.role, v.today);
    let named = v.named_concerns.clone();
    let worker = v.worker_first_name.clone();
    let role = text::role_name(i18n, v.role);
    let nothing = v.sections.is_empty() && v.closed_on.is_none();
    let closed_on = v.closed_on;
    let own = v.own_statements.clone();
    let road = v.road.clone();
    let plan = v.plan;
    let writes = if top { v.writes.clone() } else { Vec::new() };
    // Whom a note may go to: named care professionals of the directory.
    let addressees: Vec<(ParticipantId, String)> = v
        .directory
        .iter()
        .filter_map(|e| match &e.listing {
            Listing::Named { name, role, .. } if may_address(v.participant, e.id, *role) => {
                Some((e.id, format!("{name}, {}", text::role_name(i18n, *role))))
            }
            _ => None,
        })
        .collect();
    view! {
        <div class="shared" data-testid="shared-view">
            {if top {
                view! { <h1>{t!(i18n, shared_title, name = worker.clone())}</h1> }.into_any()
            } else {
                view! { <h2>{t!(i18n, shared_title, name = worker.clone())}</h2> }.into_any()
            }}
            <p>{t!(i18n, shared_invited, worker = worker.clone(), role)}</p>
            {children.map(|c| c())}
            {nothing.then(|| view! { <p class="card" data-testid="shared-nothing">{t!(i18n, shared_nothing, worker = worker.clone())}</p> })}
            {closed_on.map(|day| view! {
                <p class="card" data-testid="shared-closed">{t!(i18n, shared_closed, name = worker.clone(), date = text::date(i18n, day))}</p>
            })}
            {v.sections.into_iter().map(|s| {
                let purpose = text::purpose_for(i18n, s.purpose);
                let period = text::period(i18n, s.until);
                view! {
                    <section class="card" data-testid="shared-section" data-category=s.category.id() data-grant=s.grant.to_string()>
                        {section_title(top, text::category_name(i18n, s.category).to_string())}
                        {match s.content {
                            SectionContent::Absence(d) => view! {
                                <dl>
                                    <dt>{t!(i18n, since)}</dt>
                                    <dd>{text::date(i18n, d.sick_leave_start)}</dd>
                                    <dt>{t!(i18n, expected_back)}</dt>
                                    <dd>{match d.expected_return {
                                        Some(r) => text::date(i18n, r),
                                        None => t_string!(i18n, not_known).to_string(),
                                    }}</dd>
                                </dl>
                            }.into_any(),
                            SectionContent::Adjustments(list) => view! {
                                <adjustments::SentAdjustments case_id role=viewer_role list act=top today/>
                            }.into_any(),
                            SectionContent::Stigma(c) => view! { <ConcernsSeen c/> }.into_any(),
                            SectionContent::Notes(list) => view! {
                                <crate::pages::notes::NotesSection case_id list addressees=addressees.clone() act=top/>
                            }.into_any(),
                            SectionContent::Statements(list) => view! {
                                <crate::pages::statements::StatementSection case_id list worker=worker.clone()/>
                            }.into_any(),
                            SectionContent::NothingYet => view! { <p>{t!(i18n, nothing_recorded)}</p> }.into_any(),
                        }}
                        <p class="hint">{t!(i18n, shared_for, purpose, period)}</p>
                    </section>
                }
            }).collect_view()}
            {(!own.is_empty()).then(|| view! {
                <section class="card" data-testid="own-statements">
                    {section_title(top, t_string!(i18n, st_you_wrote).to_string())}
                    <p class="hint">{t!(i18n, st_you_wrote_hint, name = worker.clone())}</p>
                    <crate::pages::statements::StatementSection case_id list=own.clone() worker=worker.clone()/>
                </section>
            })}
            {(!writes.is_empty()).then(|| view! {
                <nav class="card links" aria-label=t_string!(i18n, st_write_title) data-testid="write-links">
                    {section_title(top, t_string!(i18n, st_write_title).to_string())}
                    {writes.iter().map(|k| view! {
                        <a href=format!("/shared/{case_id}/write/{}", k.id())>{text::statement_kind(i18n, *k)}</a>
                    }).collect_view()}
                </nav>
            })}
            {(!named.is_empty()).then(|| view! {
                <section class="card" data-testid="named-concerns">
                    {section_title(top, t_string!(i18n, concerns_shared_with_you).to_string())}
                    <ConcernsSeen c=SharedConcerns { concerns: named.clone(), plan: None, names: Vec::new() }/>
                </section>
            })}
            {road.map(|road| view! { <crate::pages::timeline::RoadSection case_id road worker=worker.clone() act=top/> })}
            {(plan && top).then(|| view! {
                <p class="card"><a href=format!("/shared/{case_id}/plan") data-testid="plan-link">{t!(i18n, poa_title)}</a></p>
            })}
            <crate::pages::directory::DirectoryList entries=v.directory.clone() employer=viewer_role == Role::Employer/>
        </div>
    }
}

/// A section's title: right under the page's h1 on the participant's own
/// page, one level further down in the worker's preview (under its h2).
pub(crate) fn section_title(top: bool, text: String) -> AnyView {
    match top {
        true => view! { <h2>{text}</h2> }.into_any(),
        false => view! { <h3>{text}</h3> }.into_any(),
    }
}

/// Concerns a clinician may see, and with a `stigma` grant the plan that
/// tells them who may know what.
#[component]
fn ConcernsSeen(c: SharedConcerns) -> impl IntoView {
    let i18n = use_i18n();
    let names = c.names.clone();
    view! {
        {c.concerns.is_empty().then(|| view! { <p>{t!(i18n, nothing_recorded)}</p> })}
        <ul class="plain">
            {c.concerns.into_iter().map(|x| view! {
                <li class="concern">
                    <p><strong>{text::concern_kind(i18n, x.kind)}</strong>" · "{text::weight(i18n, x.weight)}</p>
                    <p class="words">{x.what}</p>
                    {(!x.helps.is_empty()).then(|| view! { <p class="label">{t!(i18n, concern_helps_label)}</p><p class="words">{x.helps.clone()}</p> })}
                </li>
            }).collect_view()}
        </ul>
        {c.plan.map(|plan| view! {
            <h4>{t!(i18n, plan_title)}</h4>
            <dl>
                {plan.comfort.iter().filter_map(|(p, comfort)| {
                    let (_, name, role) = names.iter().find(|(id, _, _)| id == p)?.clone();
                    Some(view! { <dt>{format!("{name} ({})", text::role_name(i18n, role))}</dt><dd>{text::comfort(i18n, *comfort)}</dd> })
                }).collect_view()}
            </dl>
            {(!plan.colleague_words.is_empty()).then(|| view! {
                <p class="label">{t!(i18n, plan_words_label)}</p>
                <blockquote class="words">{plan.colleague_words.clone()}</blockquote>
            })}
        })}
    }
}

/// A participant's own view of a case they are invited to; a care
/// professional's also holds their requests and referrals, loaded here with
/// the view (not by resources inside it, which Suspense could start twice).
#[component]
pub fn SharedCasePage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let view = Resource::new(move || case_id.get(), |case_id| async move { load_shared_page(case_id).await });
    signed_in_page(view, move |SharedPage { view: v, care }| {
        let (case_id, refresh_in_ms, following) = (v.case_id, v.refresh_in_ms, !v.sections.is_empty());
        let to_take = care.as_ref().map(|c| c.referrals.clone());
        view! {
            <p><a href="/shared">{t!(i18n, invitations_title)}</a></p>
            <div data-live="case">
                <SharedBody v top=true>
                    {to_take.map(|page| view! { <crate::pages::referrals::ToTake page/> })}
                </SharedBody>
                {care.map(|CareLists { requests, referrals }| view! {
                    <crate::pages::requests::OnSharedCase page=requests/>
                    <crate::pages::referrals::OnSharedCase page=referrals/>
                })}
            </div>
            // Following the case needs something shared (the table):
            // without, the stream would only be refused.
            {following.then(|| view! { <crate::islands::LiveUpdates case_id=case_id.0 part="case".to_string() refresh_in_ms/> })}
        }
    })
}

/// A professional's list of cases they are part of, newest first, a page
/// at a time, each case with what changed since they last opened it.
#[component]
pub fn InvitationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let older = move || query.with(|m| m.get("older"));
    let list = Resource::new(older, load_invitations);
    signed_in_page(list, move |list: Invitations| {
        let Invitations { cases, older: next } = list;
        let first_page = older().is_none();
        view! {
            <h1>{t!(i18n, invitations_title)}</h1>
            {(cases.is_empty() && first_page).then(|| view! { <p class="card">{t!(i18n, invitations_empty)}</p> })}
            <ul class="plain">
                {cases.into_iter().map(|inv| view! {
                    <li class="card" data-testid="my-case">
                        <a href=format!("/shared/{}", inv.case_id)>{t!(i18n, open_case_of, name = inv.worker_first_name.clone())}</a>
                        <p class="hint">{t!(i18n, cases_your_role, role = text::role_name(i18n, inv.role))}</p>
                        {if inv.closed {
                            view! { <p data-testid="case-closed">{t!(i18n, cases_closed)}</p> }.into_any()
                        } else if inv.sees.is_empty() {
                            view! { <p>{t!(i18n, cases_nothing_shared)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="chips" aria-label=t_string!(i18n, cases_shared_with_you)>
                                    {inv.sees.iter().map(|c| view! { <li class="chip">{text::category_name(i18n, *c)}</li> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <News news=inv.news/>
                    </li>
                }).collect_view()}
            </ul>
            <Pager older=next first_page/>
            <p class="join-link"><a href="/join" data-testid="join-enter-link">{t!(i18n, join_enter_link)}</a></p>
        }
    })
}

/// What changed in one case on the list, one line per kind: what waits
/// for them plainly, what is new since their last visit marked "New".
#[component]
fn News(news: WhatsNew) -> impl IntoView {
    let i18n = use_i18n();
    let waits = |count: u32, testid: &'static str, text: String| {
        (count > 0).then(|| view! { <p data-testid=testid>{text}</p> })
    };
    let new = |count: u32, testid: &'static str, text: String| {
        (count > 0)
            .then(|| view! { <p data-testid=testid><span class="chip new">{t!(i18n, st_new)}</span>" "{text}</p> })
    };
    view! {
        {waits(news.open_items, "open-items", t_string!(i18n, cases_open_items, count = news.open_items).to_string())}
        {waits(news.proposals, "proposals", t_string!(i18n, cases_proposals, count = news.proposals).to_string())}
        {waits(news.reviews_due, "reviews-due", t_string!(i18n, cases_reviews_due, count = news.reviews_due).to_string())}
        {new(news.statements, "new-statements", t_string!(i18n, cases_new_statements, count = news.statements).to_string())}
        {new(news.notes, "new-notes", t_string!(i18n, cases_new_notes, count = news.notes).to_string())}
        {new(news.answers, "new-answers", t_string!(i18n, cases_answers, count = news.answers).to_string())}
    }
}
