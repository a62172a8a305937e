//! Changing a care-team member's contact details: a page of its own, linked
//! from their page (`/case/{case}/sharing/{pid}`). (Inline on every card, the forms were a
//! fifth of My case's page and cost the phone a layout each when loaded.)

use crate::api::case::ChangeContact;
use crate::api::kept;
use crate::components::*;
use crate::domain::*;
use crate::i18n::*;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn ContactPage() -> impl IntoView {
    let (case_id, pid) = (param("case_id"), param("pid"));
    let action = ServerAction::<ChangeContact>::new();
    let found = Resource::new(
        move || (case_id.get(), pid.get()),
        |(case_id, pid)| async move { super::team_member(&case_id, &pid).await },
    );
    signed_in_page(found, move |(case_id, p)| view! { <ContactForm case_id p action/> })
}

#[component]
fn ContactForm(case_id: CaseId, p: ParticipantView, action: ServerAction<ChangeContact>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let prefix = contact_prefix(p.id);
    let c = p.contact;
    let field = move |f: &str| format!("{prefix}.{f}");
    view! {
        <p><a href=format!("/case/{case_id}/sharing/{}", p.id)>{t!(i18n, back_to_person, name = c.name.clone())}</a></p>
        <h1>{t!(i18n, change_contact)}</h1>
        <p class="role">{c.name.clone()} " · " {text::role_name(i18n, p.role)}</p>
        <ActionForm action attr:class="card form" attr:novalidate=true>
            <Here/>
            <input type="hidden" name="case_id" value=case_id.to_string()/>
            <input type="hidden" name="participant_id" value=p.id.to_string()/>
            <Field id="contact-name" label=t_string!(i18n, name_label).to_string() name="name"
                error_field=field("name") value={kept::or::<ChangeContact>(&field("name"), c.name.clone())} required=true maxlength=NAME_MAX error/>
            <Field id="contact-org" label=format!("{} ({})", t_string!(i18n, organisation_label), t_string!(i18n, optional))
                name="organisation" error_field=field("organisation") value={kept::or::<ChangeContact>(&field("organisation"), c.organisation.clone())}
                maxlength=ORGANISATION_MAX error/>
            <Field id="contact-email" label=t_string!(i18n, email_label).to_string() name="email" kind="email"
                error_field=field("email") value={kept::or::<ChangeContact>(&field("email"), c.email.as_str())} required=true error/>
            <Field id="contact-phone" label=format!("{} ({})", t_string!(i18n, phone_label), t_string!(i18n, optional))
                name="phone" kind="tel" error_field=field("phone") value={kept::or::<ChangeContact>(&field("phone"), c.phone.clone().unwrap_or_default())} error/>
            <FormError error/>
            <button type="submit">{t!(i18n, save)}</button>
        </ActionForm>
        <Places case_id here=Place::Sharing/>
    }
}
