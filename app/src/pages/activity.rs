//! "Who looked at my information": the access log of the worker's case,
//! other people's accesses first, newest first, a page at a time,
//! filterable by person and period. The filter and the pages are plain GET
//! forms and links, so they work the same with and without JavaScript.

use crate::api::activity::access_log;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let query = use_query_map();
    let q = move |k: &str| query.with(|m| m.get(k).unwrap_or_default());
    let log = Resource::new(
        move || (case_id.get(), q("participant"), q("from"), q("until"), q("own"), q("older")),
        |(c, p, f, u, own, older)| access_log(c, p, f, u, own, older),
    );
    signed_in_page(log, move |a: Activity| {
        let chosen = q("participant");
        let own = q("own") == "1";
        // The filter stays folded away until someone uses it.
        let filtered = !(chosen.is_empty() && q("from").is_empty() && q("until").is_empty() && !own);
        let places = case_id.get_untracked().parse::<CaseId>().ok();
        view! {
            <h1>{t!(i18n, activity_title)}</h1>
            <p>{t!(i18n, activity_intro)}</p>
            {places.map(|case_id| view! { <Places case_id here=Place::Activity/> })}
            <details class="card filter" open=filtered>
                <summary>{t!(i18n, filter_title)}</summary>
                <form method="get" class="form">
                    <div class="field">
                        <label for="f-person">{t!(i18n, filter_person)}</label>
                        <select id="f-person" name="participant">
                            <option value="">{t!(i18n, everyone)}</option>
                            {a.people.iter().map(|(id, name)| view! {
                                <option value=id.to_string() selected=chosen == id.to_string()>{name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-from">{t!(i18n, filter_from)}</label>
                        <input id="f-from" type="date" name="from" value=q("from")/>
                    </div>
                    <div class="field">
                        <label for="f-until">{t!(i18n, filter_until)}</label>
                        <input id="f-until" type="date" name="until" value=q("until")/>
                    </div>
                    <div class="check">
                        <input type="checkbox" id="f-own" name="own" value="1" checked=own/>
                        <label for="f-own">{t!(i18n, show_own)}</label>
                    </div>
                    <button type="submit">{t!(i18n, filter_button)}</button>
                </form>
            </details>
            {a.lines.is_empty().then(|| if filtered {
                view! { <p class="card">{t!(i18n, activity_empty)}</p> }.into_any()
            } else {
                view! { <p class="card">{t!(i18n, activity_nobody_else)}</p> }.into_any()
            })}
            <ol class="plain log">
                {a.lines.into_iter().map(|l| view! { <LogRow l/> }).collect_view()}
            </ol>
            <Pager older=a.older first_page=q("older").is_empty()/>
        }
    })
}

#[component]
fn LogRow(l: LogLine) -> impl IntoView {
    let i18n = use_i18n();
    let who = match &l.who {
        Who::You => t_string!(i18n, who_you).to_string(),
        Who::Participant { name, role, .. } => format!("{name} ({})", text::role_name(i18n, *role)),
        Who::Outsider => t_string!(i18n, who_outsider).to_string(),
        Who::Portal => t_string!(i18n, who_portal).to_string(),
    };
    let grant = l.purpose.map(|p| {
        let purpose = text::purpose_for(i18n, p);
        t_string!(i18n, on_grant, purpose).to_string()
    });
    view! {
        <li class="card log-line" data-testid="log-line" data-action=l.action.id()
            data-category=l.category.map(|c| c.id()) data-grant=l.grant.map(|g| g.to_string())>
            <p class="meta">{text::moment(i18n, l.at)}</p>
            <p><strong>{who}</strong> ": " {text::action(i18n, &l)}</p>
            {grant.map(|g| view! { <p class="hint">{g}</p> })}
            {(!l.allowed).then(|| view! { <p class="refused">{t!(i18n, refused)}</p> })}
        </li>
    }
}
