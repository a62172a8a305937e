//! The development mailbox: what the portal sent, readable without an SMTP
//! server. The server answers "not found" outside demo mode.

use crate::api::sign_in::dev_mailbox;
use crate::components::Page;
use crate::i18n::*;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;

#[component]
pub fn MailboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let mail = Resource::new(|| (), |_| dev_mailbox());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match mail.await {
                    Err(_) => view! { <NotFound/> }.into_any(),
                    Ok(messages) => view! {
                        <Page>
                            <h1>{t!(i18n, mailbox_title)}</h1>
                            <p>{t!(i18n, mailbox_intro)}</p>
                            {messages.is_empty().then(|| view! { <p>{t!(i18n, mailbox_empty)}</p> })}
                            <ul class="mailbox">
                                {messages
                                    .into_iter()
                                    .map(|m| view! {
                                        <li class="card mail">
                                            <p class="meta">{t!(i18n, mailbox_to)} ": " <span class="mail-to">{m.to}</span> " · " {m.created_at}</p>
                                            <h2>{m.subject}</h2>
                                            <pre class="mail-body">{m.body}</pre>
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                        </Page>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
