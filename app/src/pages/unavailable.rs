use crate::components::Page;
use crate::i18n::*;
use leptos::prelude::*;

/// What a page shows when the database cannot be read or written (a full
/// disk, a read-only file, PostgreSQL restarting): 503 with a hint to try
/// again. Nothing was shown, because a read that cannot be logged is not
/// made (promise 5), and nothing was changed.
#[component]
pub fn Unavailable() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::SERVICE_UNAVAILABLE);
        response.insert_header(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("30"));
    }
    let i18n = use_i18n();
    view! {
        <Page signed_in=true>
            <h1>{t!(i18n, unavailable_title)}</h1>
            <p role="alert" data-testid="unavailable">{t!(i18n, unavailable_body)}</p>
            <p><a href="">{t!(i18n, unavailable_retry)}</a></p>
        </Page>
    }
}
