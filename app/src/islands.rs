//! The only parts of the portal that run in the browser ("islands"). Every
//! page is rendered on the server and works as plain HTML forms and links;
//! an island adds behaviour where it helps on a phone. Islands get their
//! texts already translated, as props, so the browser's wasm carries no
//! translation tables and no page code.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the grant form's period fields say, in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodTexts {
    pub until_label: String,
    pub until_hint: String,
    pub until_revoked: String,
    /// Shown in place of the date while "until I stop it" is ticked.
    pub no_end_date: String,
}

/// A grant's end: a date, or "until I stop it". Ticking the box greys out the
/// date, which no longer counts (the server lets "until I stop it" win), so
/// nobody picks a date that will be ignored. Without JavaScript both stay
/// editable and the server's rule decides.
#[island]
pub fn GrantPeriod(
    texts: PeriodTexts,
    /// The date typed before a refused post, `YYYY-MM-DD` or empty.
    until: String,
    until_revoked: bool,
    /// Translated errors for the date.
    errors: Vec<String>,
) -> impl IntoView {
    let forever = RwSignal::new(until_revoked);
    let checkbox = NodeRef::<leptos::html::Input>::new();
    // Effects run only in the browser: the server's HTML never disables the
    // date, so the page stays usable when the wasm does not arrive. The box
    // may have been ticked before the wasm arrived: start from what it shows.
    let enhanced = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(el) = checkbox.get_untracked() {
            forever.set(el.checked());
        }
        enhanced.set(true);
    });
    let date_off = move || enhanced.get() && forever.get();
    let has_error = !errors.is_empty();
    let described = if has_error { "grant-until-hint grant-until-error" } else { "grant-until-hint" };
    let PeriodTexts { until_label, until_hint, until_revoked: revoked_label, no_end_date } = texts;
    view! {
        <div class="field" class:field-invalid=has_error class:field-off=date_off>
            <label for="grant-until">{until_label}</label>
            <p class="hint" id="grant-until-hint">
                {move || if date_off() { no_end_date.clone() } else { until_hint.clone() }}
            </p>
            <input
                id="grant-until"
                name="until"
                type="date"
                value=until
                disabled=date_off
                aria-invalid=has_error.then_some("true")
                aria-describedby=described
            />
            <p class="error" id="grant-until-error" aria-live="polite">{errors.join(" ")}</p>
        </div>
        <div class="check">
            <input
                type="checkbox"
                id="grant-forever"
                name="until_revoked"
                checked=until_revoked
                node_ref=checkbox
                on:change=move |ev| forever.set(event_target_checked(&ev))
            />
            <label for="grant-forever">{revoked_label}</label>
        </div>
    }
}

/// What the sign-out warning says, in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionTexts {
    pub warning: String,
    pub stay: String,
}

/// Warns two minutes before an idle session ends and offers to stay signed
/// in with one tap (WCAG 2.2.1), so nobody loses what they were typing to a
/// silent sign-out. When the time is up the page goes to the sign-in page
/// (which sends someone still signed in, from another tab, back to their
/// case), so a phone left on a table stops showing the case.
#[island]
pub fn SessionTimer(texts: SessionTexts) -> impl IntoView {
    let warning = RwSignal::new(false);
    // Each (re)start of the clock gets a number; a timer of an older one
    // does nothing.
    let round = StoredValue::new(0u32);
    let leave = || {
        let _ = window().location().set_href("/");
    };
    let start = move || {
        let (warn_ms, end_ms) = crate::domain::session::idle_schedule();
        round.update_value(|r| *r += 1);
        let this = round.get_value();
        warning.set(false);
        let after = |ms: i64| std::time::Duration::from_millis(ms as u64);
        set_timeout(
            move || {
                if round.get_value() == this {
                    warning.set(true);
                }
            },
            after(warn_ms),
        );
        set_timeout(
            move || {
                if round.get_value() == this {
                    leave();
                }
            },
            after(end_ms),
        );
    };
    Effect::new(move |_| start());
    // Any request that reaches the server refreshes the session.
    let stay = move |_| {
        leptos::task::spawn_local(async move {
            match crate::api::sign_in::signed_in().await {
                Ok(true) => start(),
                _ => leave(),
            }
        })
    };
    let SessionTexts { warning: text, stay: stay_label } = texts;
    view! {
        <div class="session-timer" class:open=move || warning.get() role="alert">
            <Show when=move || warning.get()>
                <p>{text.clone()}</p>
                <button type="button" on:click=stay>{stay_label.clone()}</button>
            </Show>
        </div>
    }
}

/// What the draft saver says, in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutosaveTexts {
    pub saving: String,
    pub saved: String,
    pub failed: String,
}

/// Saves the adjustment draft of the form it sits in a moment after the
/// worker stops typing, so nothing is lost when the phone locks or the
/// connection drops; says "Saved" when it is. The first save creates the
/// draft and writes its id into the form, so later saves and the form's
/// own "Save" change that draft. Without JavaScript the form's button saves.
#[island]
pub fn DraftAutosave(texts: AutosaveTexts) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let status = RwSignal::new(String::new());
    let anchor = NodeRef::<leptos::html::P>::new();
    let round = StoredValue::new(0u32);
    // One save at a time, so a new draft is created once and later saves
    // find its id: a save asked for meanwhile runs when the first ends.
    let busy = StoredValue::new(false);
    let again = StoredValue::new(false);
    let form =
        move || -> Option<web_sys::HtmlFormElement> { anchor.get_untracked()?.closest("form").ok()??.dyn_into().ok() };
    let AutosaveTexts { saving, saved, failed } = texts;
    let save = move || {
        if busy.get_value() {
            again.set_value(true);
            return;
        }
        let Some(form) = form() else { return };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
        busy.set_value(true);
        // The form's own Save waits too: tapped now, it would post the form
        // before the new draft's id is in it, and write a second draft.
        let button = form
            .query_selector("button[type=submit]")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<web_sys::HtmlButtonElement>().ok());
        if let Some(b) = &button {
            b.set_disabled(true);
        }
        let field = |name: &str| data.get(name).as_string().unwrap_or_default();
        let (saved, failed) = (saved.clone(), failed.clone());
        status.set(saving.clone());
        let args = (
            field("case_id"),
            field("adjustment_id"),
            field("kind"),
            field("help"),
            field("benefit"),
            field("from"),
            field("until"),
        );
        leptos::task::spawn_local(async move {
            let (case_id, adjustment_id, kind, help, benefit, from, until) = args;
            match crate::api::work::write_adjustment(case_id, adjustment_id, kind, help, benefit, from, until).await {
                Ok(id) => {
                    let hidden = form
                        .elements()
                        .named_item("adjustment_id")
                        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
                    if let Some(input) = hidden {
                        input.set_value(&id);
                    }
                    status.set(saved);
                }
                Err(_) => status.set(failed),
            }
            busy.set_value(false);
            if let Some(b) = &button {
                b.set_disabled(false);
            }
            if again.get_value() {
                // Typed while saving: go round once more, as if typed now.
                again.set_value(false);
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
                    let _ = form.dispatch_event(&ev);
                }
            }
        });
    };
    // Typing anywhere in this form restarts a short wait; the save runs
    // when the wait ends undisturbed.
    let _ = window_event_listener(leptos::ev::input, move |ev| {
        let Some(form) = form() else { return };
        let inside =
            ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()).is_some_and(|n| form.contains(Some(&n)));
        if !inside {
            return;
        }
        round.update_value(|r| *r += 1);
        let this = round.get_value();
        let save = save.clone();
        set_timeout(
            move || {
                if round.get_value() == this {
                    save();
                }
            },
            std::time::Duration::from_millis(1200),
        );
    });
    view! {
        <p class="autosave hint" node_ref=anchor role="status" aria-live="polite" data-testid="autosave">
            {move || status.get()}
        </p>
    }
}

/// Keeps one part of a page current (the element `[data-live=part]`): the
/// server's event stream for the case says only "changed"; the page is then
/// fetched again and that part swapped in, so whatever a revocation no
/// longer allows is gone within moments, and a new referral or request
/// appears as it arrives. The server decides again what the part may hold.
/// `refresh_in_ms`: when a grant shown here ends by itself, refresh then
/// too. Renders nothing; without JavaScript the next page load does the same.
#[island]
pub fn LiveUpdates(case_id: i64, part: String, refresh_in_ms: Option<i64>) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| live::start(case_id, part.clone(), refresh_in_ms));
    #[cfg(not(feature = "hydrate"))]
    let _ = (case_id, part, refresh_in_ms);
}

#[cfg(feature = "hydrate")]
mod live {
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// Longest wait a browser timer takes reliably (a little under 2^31 ms).
    const MAX_TIMER_MS: i64 = 7 * 24 * 3600 * 1000;

    pub fn start(case_id: i64, part: String, refresh_in_ms: Option<i64>) {
        let Ok(events) = web_sys::EventSource::new(&format!("/events/{case_id}")) else { return };
        let busy = StoredValue::new(false);
        let run = {
            let part = part.clone();
            move || {
                if busy.get_value() {
                    return;
                }
                busy.set_value(true);
                let part = part.clone();
                leptos::task::spawn_local(async move {
                    refresh(&part).await;
                    busy.set_value(false);
                });
            }
        };
        let on_change = {
            let run = run.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| run())
        };
        let _ = events.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
        // The stream ended for good (signed out, expired, removed, nothing
        // shared any more): no reconnecting; the part is fetched again a
        // moment later, unless the page is being left anyway (the sign-out
        // form of this very page is on its way: no reload may cut across it).
        let leaving = StoredValue::new(false);
        let on_leave = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| leaving.set_value(true));
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("pagehide", on_leave.as_ref().unchecked_ref());
            let _ = w.add_event_listener_with_callback("beforeunload", on_leave.as_ref().unchecked_ref());
        }
        let on_end = {
            let events = events.clone();
            let run = run.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
                events.close();
                let run = run.clone();
                set_timeout(
                    move || {
                        if !leaving.get_value() {
                            run()
                        }
                    },
                    std::time::Duration::from_millis(1500),
                );
            })
        };
        let _ = events.add_event_listener_with_callback("ended", on_end.as_ref().unchecked_ref());
        // They live as long as the page.
        on_change.forget();
        on_leave.forget();
        on_end.forget();
        std::mem::forget(events);
        if let Some(ms) = refresh_in_ms.filter(|ms| *ms < MAX_TIMER_MS) {
            set_timeout(run, std::time::Duration::from_millis(ms.max(0) as u64 + 500));
        }
    }

    /// Fetches this page again and swaps in its part; when the page has no
    /// such part any more (signed out, removed from the case), reloads it.
    async fn refresh(part: &str) {
        let Some(w) = web_sys::window() else { return };
        let Some(doc) = w.document() else { return };
        let href = w.location().href().unwrap_or_default();
        let request = gloo_net::http::Request::get(&href).header("Accept", "text/html");
        let Ok(res) = request.send().await else { return };
        let Ok(html) = res.text().await else { return };
        let selector = format!("[data-live=\"{part}\"]");
        let fresh = doc
            .create_element("template")
            .ok()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTemplateElement>().ok())
            .and_then(|t| {
                t.set_inner_html(&html);
                t.content().query_selector(&selector).ok().flatten()
            });
        match (fresh, doc.query_selector(&selector).ok().flatten()) {
            (Some(fresh), Some(now)) => {
                let _ = now.replace_with_with_node_1(&fresh);
            }
            _ => {
                let _ = w.location().reload();
            }
        }
    }
}

/// What the passkey button says, in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasskeyTexts {
    pub button: String,
    /// The name field's label when adding one; `None` when signing in.
    pub name_label: Option<String>,
    /// The browser has no passkeys (no WebAuthn JSON methods).
    pub cannot: String,
    /// The person cancelled, or the phone timed out.
    pub cancelled: String,
    /// The server refused the answer.
    pub failed: String,
    /// Shown until the wasm runs (and for good without JavaScript).
    pub needs_js: String,
}

/// The browser's part of a passkey ceremony: asks the server for a
/// challenge, has the phone or computer make (`name_label` given) or use a
/// passkey, and sends the answer back; then reloads the page (added) or
/// goes on where sign-in was going. Hidden until the wasm runs; until then
/// (for good without JavaScript) it says passkeys need JavaScript.
#[island]
pub fn PasskeyCeremony(texts: PasskeyTexts) -> impl IntoView {
    let enhanced = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    Effect::new(move |_| enhanced.set(true));
    let PasskeyTexts { button, name_label, cannot, cancelled, failed, needs_js } = texts;
    let adding = name_label.is_some();
    let go = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        message.set(String::new());
        let (cannot, cancelled, failed) = (cannot.clone(), cancelled.clone(), failed.clone());
        leptos::task::spawn_local(async move {
            #[cfg(feature = "hydrate")]
            {
                let outcome = if adding { passkey::add(name.get_untracked()).await } else { passkey::sign_in().await };
                match outcome {
                    Ok(next) => {
                        let _ = window().location().set_href(&next);
                        return;
                    }
                    Err(passkey::Failure::Cannot) => message.set(cannot),
                    Err(passkey::Failure::Cancelled) => message.set(cancelled),
                    Err(passkey::Failure::Refused) => message.set(failed),
                }
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (cannot, cancelled, failed, adding);
            busy.set(false);
        });
    };
    view! {
        <p class="hint" hidden=move || enhanced.get() data-testid="passkey-needs-js">{needs_js}</p>
        <div class="passkey-ceremony" hidden=move || !enhanced.get()>
            {name_label.map(|label| view! {
                <div class="field">
                    <label for="passkey-name">{label}</label>
                    <input
                        id="passkey-name"
                        name="name"
                        maxlength=crate::domain::PASSKEY_NAME_MAX
                        autocomplete="off"
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
            })}
            <button type="button" on:click=go disabled=move || busy.get()>{button}</button>
            <p class="error" role="alert" aria-live="polite">{move || message.get()}</p>
        </div>
    }
}

/// WebAuthn through the browser's JSON methods
/// (`PublicKeyCredential.parseCreationOptionsFromJSON`, `toJSON`), called
/// by name so no web-sys feature (and no rebuild of it) is needed.
#[cfg(feature = "hydrate")]
mod passkey {
    use js_sys::{Function, Object, Promise, Reflect, JSON};
    use wasm_bindgen::{JsCast, JsValue};

    pub enum Failure {
        /// The browser cannot do it.
        Cannot,
        /// The person said no, or took too long.
        Cancelled,
        /// The server refused.
        Refused,
    }

    /// Adds a passkey under `name`; the page to show next.
    pub async fn add(name: String) -> Result<String, Failure> {
        let options = crate::api::passkeys::start_passkey().await.map_err(|_| Failure::Refused)?;
        let credential = ceremony("create", "parseCreationOptionsFromJSON", &options).await?;
        crate::api::passkeys::add_passkey(name, credential).await.map_err(|_| Failure::Refused)?;
        Ok("/passkeys?added=1".into())
    }

    /// Signs in with a passkey; where the sign-in goes on.
    pub async fn sign_in() -> Result<String, Failure> {
        let options = crate::api::passkeys::start_passkey_sign_in().await.map_err(|_| Failure::Refused)?;
        let credential = ceremony("get", "parseRequestOptionsFromJSON", &options).await?;
        crate::api::passkeys::finish_passkey_sign_in(credential).await.map_err(|_| Failure::Refused)
    }

    fn get(target: &JsValue, name: &str) -> Result<JsValue, Failure> {
        Reflect::get(target, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined()).ok_or(Failure::Cannot)
    }

    /// `navigator.credentials[call]({ publicKey })` with the server's
    /// options, answered as the credential's JSON text.
    async fn ceremony(call: &str, parse: &str, options: &str) -> Result<String, Failure> {
        let class = get(&js_sys::global(), "PublicKeyCredential")?;
        let parse: Function = get(&class, parse)?.dyn_into().map_err(|_| Failure::Cannot)?;
        let options = JSON::parse(options).map_err(|_| Failure::Refused)?;
        let public_key = parse.call1(&class, &get(&options, "publicKey")?).map_err(|_| Failure::Cannot)?;
        let wrapped = Object::new();
        Reflect::set(&wrapped, &JsValue::from_str("publicKey"), &public_key).map_err(|_| Failure::Cannot)?;
        let credentials = get(&leptos::prelude::window().navigator().into(), "credentials")?;
        let call: Function = get(&credentials, call)?.dyn_into().map_err(|_| Failure::Cannot)?;
        let promise: Promise =
            call.call1(&credentials, &wrapped).map_err(|_| Failure::Cannot)?.dyn_into().map_err(|_| Failure::Cannot)?;
        let credential = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| Failure::Cancelled)?;
        let to_json: Function = get(&credential, "toJSON")?.dyn_into().map_err(|_| Failure::Cannot)?;
        let json = to_json.call0(&credential).map_err(|_| Failure::Cannot)?;
        JSON::stringify(&json).ok().and_then(|s| s.as_string()).ok_or(Failure::Cannot)
    }
}

/// The page of someone waiting to be let in by a join code: asks every few
/// seconds whether the worker answered, and shows the answer (the page
/// again) only once there is one, so nothing moves while they read.
/// Without JavaScript the page's "Check again" link does the same.
#[island]
pub fn JoinWait(join_id: i64) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        fn ask(join_id: i64) {
            set_timeout(
                move || {
                    leptos::task::spawn_local(async move {
                        match crate::api::joining::joiner_waiting(join_id.to_string()).await {
                            Ok(true) => ask(join_id),
                            // Answered (or gone, or signed out): the page says which.
                            Ok(false)
                            | Err(crate::error::AppError::NotFound | crate::error::AppError::SignInRequired) => {
                                if let Some(w) = web_sys::window() {
                                    let _ = w.location().reload();
                                }
                            }
                            // A network blip: ask again.
                            Err(_) => ask(join_id),
                        }
                    })
                },
                std::time::Duration::from_secs(3),
            );
        }
        ask(join_id);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = join_id;
}

/// Tells the portal the browser's time zone, once, for a person who has not
/// chosen one: the next page shows times in it. (The account's own choice,
/// if it has one, wins: the server answers with that instead.) Renders
/// nothing; without JavaScript times follow the person's language until
/// they choose on "Your time zone".
#[island]
pub fn ZoneFromBrowser() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
        let zone = js_sys::Reflect::get(&options, &"timeZone".into()).ok().and_then(|z| z.as_string());
        // The server checks the name (the wasm carries no zone table).
        if let Some(zone) = zone {
            leptos::task::spawn_local(async move {
                let _ = crate::api::sign_in::set_time_zone(zone, Some("browser".into())).await;
            });
        }
    });
}
