//! "Sharing": per person, what they can see now, with the way to change it;
//! the mental-health switch; and the history of every grant.

use crate::api::case::my_case;
use crate::api::sharing::SetProtection;
use crate::components::*;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::sharing::protection::ProtectionSection;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn SharingOverviewPage() -> impl IntoView {
    let case_id = param("case_id");
    let protection = ServerAction::<SetProtection>::new();
    let case = Resource::new(
        move || case_id.get(),
        |case_id| async move {
            match my_case().await? {
                Some(c) if c.id.to_string() == case_id => Ok(c),
                _ => Err(AppError::NotFound),
            }
        },
    );
    signed_in_page(case, move |c| {
        let i18n = use_i18n();
        let case_id = c.id;
        view! {
            <h1>{t!(i18n, place_sharing)}</h1>
            <p>{t!(i18n, sharing_overview_intro)}</p>
            {c.participants.is_empty().then(|| view! { <p class="card">{t!(i18n, empty_team)}</p> })}
            <ul class="plain">
                {c.participants.iter().map(|p| {
                    let sees = if p.sees.is_empty() {
                        t_string!(i18n, sees_nothing).to_string()
                    } else {
                        text::category_list(i18n, &p.sees)
                    };
                    // "1 huoltasi" is wrong Finnish: one concern has a sentence of its own.
                    let named = match p.named_concerns {
                        0 => None,
                        1 => Some(t_string!(i18n, concerns_named_single).to_string()),
                        n => Some(t_string!(i18n, concerns_named_several, count = n).to_string()),
                    };
                    view! {
                        <li class="card" data-testid="sharing-person">
                            <p class="row"><strong>{p.contact.name.clone()}</strong></p>
                            <p class="hint">{text::role_name(i18n, p.role)}</p>
                            <p>{sees}</p>
                            {named.map(|n| view! { <p data-testid="named-concerns">{n}</p> })}
                            <a href=format!("/case/{case_id}/sharing/{}", p.id)>{t!(i18n, change_sharing, name = p.contact.name.clone())}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ProtectionSection case_id=case_id.to_string() protection=c.protection.clone() team=c.participants.clone() action=protection/>
            <p><a href=format!("/case/{case_id}/history")>{t!(i18n, history_title)}</a></p>
            <Places case_id here=Place::Sharing/>
        }
    })
}
