use crate::components::Page;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Page>
            <h1>{t!(i18n, not_found_title)}</h1>
            <p><a href="/">{t!(i18n, back_home)}</a></p>
        </Page>
    }
}
