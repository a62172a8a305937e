//! The adjustment passport: the worker's page (print it, send it to a new
//! manager, take a link back), the neutral page a passport e-mail's link
//! opens, and the passport as the new manager reads it, read-only. The
//! sheet itself is the one thing printed (A4, one column, no navigation:
//! `@media print` in the stylesheet).

use crate::api::kept;
use crate::api::record::{
    load_passport, load_passport_link, load_passport_view, OpenPassport, RevokePassport, SharePassport,
};
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

/// The passport itself: whose it is and each agreed adjustment with its dates.
#[component]
fn Sheet(worker_name: String, items: Vec<PassportItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="passport" aria-labelledby="passport-of" data-testid="passport">
            <h2 id="passport-of">{t!(i18n, passport_of, name = worker_name)}</h2>
            {items.is_empty().then(|| view! { <p>{t!(i18n, passport_none)}</p> })}
            <ul class="plain">
                {items.into_iter().map(|a| view! {
                    <li class="card passport-item" data-testid="passport-item">
                        <h3>{text::adjustment_kind(i18n, a.kind)}</h3>
                        <p class="words">{a.help}</p>
                        {(!a.benefit.is_empty()).then(|| view! { <p>{a.benefit}</p> })}
                        <p class="meta">
                            {a.start.map(|d| view! { <span class="block">{t!(i18n, passport_since, date = text::date(i18n, d))}</span> })}
                            {a.review.map(|d| view! { <span class="block">{t!(i18n, passport_review, date = text::date(i18n, d))}</span> })}
                        </p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The worker's passport page.
#[component]
pub fn PassportPage() -> impl IntoView {
    let i18n = use_i18n();
    let case_id = param("case_id");
    let passport = Resource::new(move || case_id.get(), load_passport);
    signed_in_page(passport, move |p: Passport| {
        let case = case_id.get_untracked().parse().map(CaseId).unwrap_or(CaseId(0));
        let share = ServerAction::<SharePassport>::new();
        let revoke = ServerAction::<RevokePassport>::new();
        let error = action_error(share);
        let revoke_error = action_error(revoke);
        let zone = p.zone;
        let now = p.now;
        view! {
            <h1 class="no-print">{t!(i18n, passport_title)}</h1>
            <p class="no-print">{t!(i18n, passport_intro)}</p>
            <Sheet worker_name=p.worker_name items=p.items/>
            <p class="hint no-print">{t!(i18n, passport_print)}</p>
            <section class="card no-print" aria-labelledby="share-title">
                <h2 id="share-title">{t!(i18n, passport_share_title)}</h2>
                <p>{t!(i18n, passport_share_intro)}</p>
                <ActionForm action=share attr:class="form" attr:novalidate=true>
                    <Here/>
                    <input type="hidden" name="case_id" value=case.to_string()/>
                    <Field id="passport-name" label=t_string!(i18n, passport_name).to_string() name="name"
                        value={kept::or::<SharePassport>("name", String::new())} autocomplete="off" required=true error/>
                    <Field id="passport-email" label=t_string!(i18n, passport_email).to_string() name="email" kind="email"
                        value={kept::or::<SharePassport>("email", String::new())} autocomplete="off" required=true error/>
                    <FormError error/>
                    <button type="submit">{t!(i18n, passport_send)}</button>
                </ActionForm>
                {(!p.links.is_empty()).then(|| view! {
                    <h3>{t!(i18n, passport_sent_to)}</h3>
                    <FormError error=revoke_error/>
                    <ul class="plain">
                        {p.links.into_iter().map(|l| {
                            let live = !l.revoked && l.expires_at > now;
                            let until = zone.local(l.expires_at).map(|t| t.date()).unwrap_or_default();
                            let who = format!("{} ({})", l.name, l.email);
                            view! {
                                <li class="passport-link" data-testid="passport-link">
                                    {if live {
                                        view! { <p>{t!(i18n, passport_until, name = who, date = text::date(i18n, until))}</p> }.into_any()
                                    } else {
                                        view! { <p class="hint">{t!(i18n, passport_ended, name = who)}</p> }.into_any()
                                    }}
                                    {live.then(|| view! {
                                        <ActionForm action=revoke>
                                            <Here/>
                                            <input type="hidden" name="case_id" value=case.to_string()/>
                                            <input type="hidden" name="link_id" value=l.id.to_string()/>
                                            <button type="submit" class="secondary">{t!(i18n, passport_revoke)}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </section>
            <div class="no-print"><Places case_id=case here=Place::Work/></div>
        }
    })
}

/// The page a passport e-mail's link opens: it says only that the link
/// works; "Continue" (a POST) acts.
#[component]
pub fn PassportLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = param("token");
    let state = Resource::new(move || token.get(), load_passport_link);
    let open = ServerAction::<OpenPassport>::new();
    let error = action_error(open);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(LinkState::Usable) => view! {
                        <Page signed_in=false>
                            <h1>{t!(i18n, passport_link_title)}</h1>
                            <p>{t!(i18n, passport_link_intro)}</p>
                            <ActionForm action=open attr:class="card form" attr:data-testid="passport-link-form">
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

/// The passport as the new manager reads it.
#[component]
pub fn PassportViewPage() -> impl IntoView {
    let i18n = use_i18n();
    let link = param("link_id");
    let view = Resource::new(move || link.get(), load_passport_view);
    signed_in_page(view, move |v: PassportView| {
        view! {
            <h1 class="no-print">{t!(i18n, passport_title)}</h1>
            <p class="hint no-print">{t!(i18n, passport_read_only)}</p>
            <Sheet worker_name=v.worker_name items=v.items/>
        }
    })
}
