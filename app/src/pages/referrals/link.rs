//! The page a referral e-mail's link opens. Showing it changes nothing
//! (mail scanners open links); only "Continue", a POST, acts. It says
//! nothing about the case: whoever holds the link learns only that it
//! works, and a code goes to the recipient's own address.

use crate::api::referrals::{load_link, OpenLink};
use crate::components::*;
use crate::domain::LinkState;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn LinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = param("token");
    let state = Resource::new(move || token.get(), load_link);
    let open = ServerAction::<OpenLink>::new();
    let error = action_error(open);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(LinkState::Usable) => view! {
                        <Page signed_in=false>
                            <h1>{t!(i18n, link_title)}</h1>
                            <p>{t!(i18n, link_intro)}</p>
                            <ActionForm action=open attr:class="card form" attr:data-testid="link-form">
                                <Here/>
                                <input type="hidden" name="token" value=token.get_untracked()/>
                                <FormError error fields=&["link"]/>
                                <button type="submit">{t!(i18n, link_continue)}</button>
                            </ActionForm>
                        </Page>
                    }.into_any(),
                    _ => view! { <DeadLink/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
