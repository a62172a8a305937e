//! The sharing history: every grant, when and why, and how it ended.

use crate::api::consent::history;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let rows = Resource::new(move || case_id.get(), history);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(e) => failed(e),
                    Ok(rows) => view! {
                        <Page signed_in=true>
                            <p><a href="/case">{t!(i18n, back_to_case)}</a></p>
                            <h1>{t!(i18n, history_title)}</h1>
                            {rows.is_empty().then(|| view! { <p class="card">{t!(i18n, history_empty)}</p> })}
                            <ul class="plain">
                                {rows.into_iter().map(|h| view! { <HistoryLine h/> }).collect_view()}
                            </ul>
                        </Page>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HistoryLine(h: GrantHistory) -> impl IntoView {
    let i18n = use_i18n();
    let category = text::category_name(i18n, h.grant.category);
    let name = h.name.clone();
    let date = text::moment(i18n, h.granted_at);
    let purpose = text::purpose_name(i18n, h.grant.purpose);
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
