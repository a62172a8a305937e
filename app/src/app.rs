//! The HTML shell, the root component and the routes.

use crate::i18n::*;
use crate::pages::{
    activity::ActivityPage,
    case::{CasePage, ContactPage},
    concerns::ConcernsPage,
    joining::{JoinCodePage, JoinEnterPage, JoinedPage},
    not_found::NotFound,
    notes::NotesPage,
    passkeys::{PasskeyStepPage, PasskeysPage},
    plan::PlanPage,
    record::{PassportLinkPage, PassportPage, PassportViewPage, RecordPage},
    referrals::*,
    requests::RequestsPage,
    shared::*,
    sharing::history::HistoryPage,
    sharing::overview::SharingOverviewPage,
    sharing::preview::PreviewPage,
    sharing::SharingPage,
    sign_in::mailbox::MailboxPage,
    sign_in::*,
    statements::{form::StatementFormPage, StatementsPage},
    timeline::RoadPage,
    work::adjustment::AdjustmentPage,
    work::WorkPage,
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1d4f5e"/>
                <meta name="description" content="rtw-portal: your return to work, in one place"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icon-192.png"/>
                <ContentSecurityPolicy/>
                <crate::site::SiteHead options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Scripts run only from this site, plus the inline islands loader
/// (`site::SiteHead`) and Leptos' own inline scripts, which carry this
/// response's nonce, so injected markup cannot run script; no inline
/// styles, no framing, forms post only here. Pages are rendered on the server
/// only, so the header is set while rendering, beside the script it allows.
#[cfg(feature = "ssr")]
#[component]
fn ContentSecurityPolicy() -> impl IntoView {
    if let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
             base-uri 'none'; object-src 'none'"
        );
        if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
            res.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // The reader's zone and the session's account are the request's own,
    // provided with its other contexts (`api::context::provide_request_contexts`).
    // The session's account, looked up once for all the page's resources.
    #[cfg(feature = "ssr")]
    provide_context(crate::api::context::PageAccount::default());
    view! {
        <I18nContextProvider>
            <Title text="rtw-portal"/>
            <Router>
                // Async: the whole page is rendered before it is sent, so it
                // works without JavaScript and redirects can set the status.
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in/code") view=CodePage ssr=SsrMode::Async/>
                    <Route path=path!("/case") view=CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/sharing") view=SharingOverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/sharing/:pid") view=SharingPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/work") view=WorkPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/work/:aid") view=AdjustmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/concerns") view=ConcernsPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/contact/:pid") view=ContactPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/preview/:pid") view=PreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/history") view=HistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/activity") view=ActivityPage ssr=SsrMode::Async/>
                    <Route path=path!("/shared") view=InvitationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/shared/:case_id") view=SharedCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/shared/:case_id/refer") view=ReferPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/referrals") view=ReferralsPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/referrals/:rid") view=AnswerPage ssr=SsrMode::Async/>
                    <Route path=path!("/referral/:token") view=LinkPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/requests") view=RequestsPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/notes") view=NotesPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/statements") view=StatementsPage ssr=SsrMode::Async/>
                    <Route path=path!("/shared/:case_id/write/:kind") view=StatementFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/road") view=RoadPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/plan") view=|| view! { <PlanPage worker=true/> } ssr=SsrMode::Async/>
                    <Route path=path!("/shared/:case_id/plan") view=|| view! { <PlanPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("/record") view=RecordPage ssr=SsrMode::Async/>
                    <Route path=path!("/passkeys") view=PasskeysPage ssr=SsrMode::Async/>
                    <Route path=path!("/time-zone") view=crate::pages::sign_in::zone::TimeZonePage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/join") view=JoinCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/join") view=JoinEnterPage ssr=SsrMode::Async/>
                    <Route path=path!("/join/:code") view=JoinEnterPage ssr=SsrMode::Async/>
                    <Route path=path!("/joined/:join_id") view=JoinedPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in/passkey") view=PasskeyStepPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in/provider") view=crate::pages::oidc::ProviderRefusedPage ssr=SsrMode::Async/>
                    <Route path=path!("/case/:case_id/passport") view=PassportPage ssr=SsrMode::Async/>
                    <Route path=path!("/passport/:token") view=PassportLinkPage ssr=SsrMode::Async/>
                    <Route path=path!("/passport/view/:link_id") view=PassportViewPage ssr=SsrMode::Async/>
                    <Route path=path!("/dev/mailbox") view=MailboxPage ssr=SsrMode::Async/>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}
