//! Server functions of joining a case by a code at the appointment: the
//! worker's side (show a code, confirm the person) and the professional's
//! (enter it, see whether they were let in).

use crate::domain::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "join/page")]
pub async fn load_join_page(case_id: String) -> Result<JoinPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.join_page(&me, id(&case_id)?).await
}

/// A new code for the role the worker picked.
#[server(endpoint = "join/show")]
pub async fn show_join_code(case_id: String, role: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let role = role.parse::<Role>().map_err(|_| AppError::field("role", ErrorKey::Required))?;
    portal()?.show_join_code(&me, id(&case_id)?, role).await.map(|_| ())
}

/// `answer` is "yes" (add them) or anything else (not them).
#[server(endpoint = "join/answer")]
pub async fn answer_join(case_id: String, join_id: String, answer: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.answer_join(&me, id(&case_id)?, id(&join_id)?, answer == "yes").await
}

/// A professional enters the code the worker shows, and how the worker
/// will know them; they go on to the page that says whether they are in.
#[server(endpoint = "join/enter")]
pub async fn enter_join_code(code: String, name: String, organisation: String, phone: String) -> Result<(), AppError> {
    use super::context::*;
    let me = account().await?;
    let contact = Contact::parse(&name, &organisation, me.email.as_str(), &phone).map_err(AppError::Invalid);
    // The code is not kept with the rest (it would rest in the database):
    // `/join/{code}` fills it in again, typed it is typed again.
    let kept = [("name", name.as_str()), ("organisation", &organisation), ("phone", &phone)];
    let contact = super::kept::on_error::<EnterJoinCode, _>(contact, &kept).await?;
    let entered = portal()?.enter_join_code(&me, client_ip(), &code, contact).await;
    let join = super::kept::on_error::<EnterJoinCode, _>(entered, &kept).await?;
    if is_form_post() {
        leptos_axum::redirect(&format!("/joined/{join}"));
    }
    Ok(())
}

/// Whether the person who entered the code still waits for the worker's
/// answer (what the waiting page asks every few seconds: a yes or no, so
/// the browser's code holds no type that names a role).
#[server(endpoint = "join/waiting")]
pub async fn joiner_waiting(join_id: String) -> Result<bool, AppError> {
    let page = load_joiner_page(join_id).await?;
    Ok(matches!(page.status, JoinerStatus::Waiting { .. }))
}

#[server(endpoint = "join/joined")]
pub async fn load_joiner_page(join_id: String) -> Result<JoinerPage, AppError> {
    use super::context::*;
    let me = account().await?;
    portal()?.joiner_page(&me, id(&join_id)?).await
}

/// The signed-in person's name as the portal knows it, to fill in the
/// form (they may change it for this case).
#[server(endpoint = "join/me")]
pub async fn load_joiner_name() -> Result<String, AppError> {
    Ok(super::context::account().await?.display_name)
}
