//! The sharing history: every grant, when and why, and how it ended, newest
//! first, a page at a time (a plain link to the next page, with or without
//! JavaScript).

use crate::api::sharing::history;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let query = use_query_map();
    let older = move || query.with(|q| q.get("older").unwrap_or_default());
    let page = Resource::new(move || (case_id.get(), older()), |(c, o)| history(c, o));
    signed_in_page(page, move |h: SharingHistory| {
        let first_page = older().is_empty();
        let case_id = h.case_id;
        view! {
            <p><a href=format!("/case/{case_id}/sharing")>{t!(i18n, back_to_sharing)}</a></p>
            <h1>{t!(i18n, history_title)}</h1>
            {h.lines.is_empty().then(|| view! { <p class="card">{t!(i18n, history_empty)}</p> })}
            <ul class="plain">
                {h.lines.into_iter().map(|h| view! { <HistoryLine h/> }).collect_view()}
            </ul>
            <Pager older=h.older first_page/>
            <Places case_id here=Place::Sharing/>
        }
    })
}

#[component]
fn HistoryLine(h: GrantHistory) -> impl IntoView {
    let i18n = use_i18n();
    let category = text::category_name(i18n, h.grant.category);
    let name = h.name.clone();
    let date = text::moment(i18n, h.granted_at);
    let purpose = text::purpose_for(i18n, h.grant.purpose);
    let period = text::period(i18n, h.grant.until);
    let status = match h.status {
        GrantStatus::InForce => t_string!(i18n, status_in_force).to_string(),
        GrantStatus::Expired => t_string!(i18n, status_expired).to_string(),
        GrantStatus::Revoked { at } => {
            let date = text::moment(i18n, at);
            t_string!(i18n, status_revoked, date).to_string()
        }
        GrantStatus::Replaced { at } => {
            let date = text::moment(i18n, at);
            t_string!(i18n, status_replaced, date).to_string()
        }
    };
    let state = match h.status {
        GrantStatus::InForce => "in-force",
        GrantStatus::Expired => "expired",
        GrantStatus::Revoked { .. } => "revoked",
        GrantStatus::Replaced { .. } => "replaced",
    };
    view! {
        <li class="card" data-testid="history-line" data-state=state>
            <strong>{t!(i18n, history_line, category, name)}</strong>
            <p>{t!(i18n, history_granted, date, purpose, period)}</p>
            <p class="hint">{status}</p>
        </li>
    }
}
