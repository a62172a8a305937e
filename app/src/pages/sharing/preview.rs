//! "What Dr X sees": the worker's preview, rendered by the same `SharedBody`
//! from the same server-side view as the participant's own page.

use crate::api::sharing::preview;
use crate::components::*;
use crate::i18n::*;
use crate::pages::shared::SharedBody;
use leptos::prelude::*;

#[component]
pub fn PreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let (case_id, pid) = (param("case_id"), param("pid"));
    let view = Resource::new(move || (case_id.get(), pid.get()), |(c, p)| preview(c, p));
    signed_in_page(view, move |v| {
        let name = v.participant_name.clone();
        let (case_id, pid) = (v.case_id, v.participant);
        view! {
            <p><a href=format!("/case/{case_id}/sharing/{pid}")>{t!(i18n, back_to_person, name = name.clone())}</a></p>
            <h1>{t!(i18n, preview_title, name = name.clone())}</h1>
            <p class="card note">{t!(i18n, preview_note, name)}</p>
            <SharedBody v/>
            <Places case_id here=Place::Sharing/>
        }
    })
}
