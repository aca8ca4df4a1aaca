//! The staff console's swarm forms, as plain form posts. Failures render
//! the case page again with what was typed.

use super::on_case;
use crate::startup::AppState;
use app::domain::CaseReference;
use app::domain::StaffMember;
use app::service::now;
use app::service::swarms::{self, SwarmAction};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct StartForm {
    #[serde(default)]
    facilitator_email: String,
}

pub async fn start(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<StartForm>,
) -> Response {
    let action = SwarmAction::Start {
        facilitator_email: Some(form.facilitator_email.clone()),
    };
    let values = vec![("facilitator_email", form.facilitator_email)];
    swarm_act(&state, &reference, &headers, action, "swarm-start", values).await
}

#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    email: String,
}

pub async fn add_member(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<MemberForm>,
) -> Response {
    let action = SwarmAction::AddMember {
        email: form.email.clone(),
    };
    let values = vec![("email", form.email)];
    swarm_act(&state, &reference, &headers, action, "swarm-member", values).await
}

#[derive(Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    body: String,
}

pub async fn add_entry(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<EntryForm>,
) -> Response {
    let action = SwarmAction::AddEntry {
        kind: form.kind.clone(),
        body: form.body.clone(),
    };
    let values = vec![("kind", form.kind), ("body", form.body)];
    swarm_act(&state, &reference, &headers, action, "swarm-entry", values).await
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    summary: String,
}

pub async fn close(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CloseForm>,
) -> Response {
    let action = SwarmAction::Close {
        summary: form.summary.clone(),
    };
    let values = vec![("summary", form.summary)];
    swarm_act(&state, &reference, &headers, action, "swarm-close", values).await
}

/// Does `action` and goes back to the case's swarm, or shows the page again
/// with the form's values and errors.
async fn swarm_act(
    state: &AppState,
    reference: &str,
    headers: &HeaderMap,
    action: SwarmAction,
    form: &str,
    values: Vec<(&str, String)>,
) -> Response {
    let act = async |member: &StaffMember, reference: &CaseReference| {
        swarms::act(&state.portal, member, reference.as_str(), action, now()).await
    };
    on_case(state, reference, headers, form, values, "#swarm", act).await
}
