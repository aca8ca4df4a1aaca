//! The war room's forms, as plain form posts. Success goes back to the war
//! room (303); a failure renders it again with what was typed.

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::domain::StaffMember;
use app::error::AppError;
use app::service::incidents::{self, DeclareRequest, UpdateRequest};
use app::service::now;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct DeclareForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    impact: String,
    #[serde(default)]
    commander_email: String,
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    drill: Option<String>,
    /// The playbook; empty for none.
    #[serde(default)]
    kind: String,
}

pub async fn declare(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<DeclareForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let request = DeclareRequest {
        title: form.title.clone(),
        impact: form.impact.clone(),
        // The form's empty field means "I command it".
        commander_email: Some(form.commander_email.clone()).filter(|e| !e.trim().is_empty()),
        drill: form.drill.is_some(),
        kind: Some(form.kind.clone()).filter(|k| !k.trim().is_empty()),
    };
    match incidents::declare(&state.portal, &member, request, now()).await {
        Ok(reference) => Redirect::to(&format!("/staff/incidents/{reference}")).into_response(),
        Err(error) => {
            let values = vec![
                ("title", form.title),
                ("impact", form.impact),
                ("commander_email", form.commander_email),
                ("kind", form.kind),
            ];
            render_again(
                &state,
                "/staff/incidents",
                &headers,
                "incident-declare",
                values,
                error,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    email: String,
}

pub async fn hand_role(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<RoleForm>,
) -> Response {
    let values = vec![("email", form.email.clone())];
    let act = async |member: &StaffMember| {
        incidents::hand_role(
            &state.portal,
            member,
            &reference,
            &form.role,
            &form.email,
            now(),
        )
        .await
    };
    on_incident(&state, &reference, &headers, "incident-role", values, act).await
}

#[derive(Deserialize)]
pub struct UpdateForm {
    #[serde(default)]
    affected: String,
    #[serde(default)]
    known: String,
    #[serde(default)]
    doing: String,
    #[serde(default)]
    next_update_at: String,
    /// `preview` shows it as customers will read it; anything else publishes.
    #[serde(default)]
    action: String,
}

pub async fn publish(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<UpdateForm>,
) -> Response {
    let values = vec![
        ("affected", form.affected.clone()),
        ("known", form.known.clone()),
        ("doing", form.doing.clone()),
        ("next_update_at", form.next_update_at.clone()),
    ];
    let request = UpdateRequest {
        affected: form.affected,
        known: form.known,
        doing: form.doing,
        next_update_at: form.next_update_at,
    };
    if form.action == "preview" {
        return preview(&state, &reference, &headers, values, &request).await;
    }
    let act = async |member: &StaffMember| {
        incidents::publish(&state.portal, member, &reference, request, now())
            .await
            .map(|_| ())
    };
    on_incident(&state, &reference, &headers, "incident-update", values, act).await
}

/// The war room again, the form as typed, and the update worded as each
/// customer will read it (page, email subject, email body).
async fn preview(
    state: &AppState,
    reference: &str,
    headers: &HeaderMap,
    mut values: Vec<(&str, String)>,
    request: &UpdateRequest,
) -> Response {
    let page = match app::domain::incident::IncidentReference::parse(reference) {
        Some(reference) => format!("/staff/incidents/{reference}"),
        None => "/staff/incidents".to_owned(),
    };
    let form = "incident-update";
    if let Err(to_sign_in) = signed_in_member(state, headers).await {
        return to_sign_in;
    }
    match incidents::preview(&state.portal, reference, request, now()).await {
        Ok(preview) => {
            values.push(("preview_web", preview.web));
            values.push(("preview_subject", preview.email_subject));
            values.push(("preview_body", preview.email_body));
            let feedback = app::components::form_feedback::FormFeedback {
                form: form.to_owned(),
                values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                ..Default::default()
            };
            super::render_with(state, &page, headers, Some(feedback)).await
        }
        Err(error) => render_again(state, &page, headers, form, values, error).await,
    }
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    references: String,
}

pub async fn link(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<LinkForm>,
) -> Response {
    let references: Vec<String> = form
        .references
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    let values = vec![("references", form.references.clone())];
    let act = async |member: &StaffMember| {
        incidents::link(&state.portal, member, &reference, &references, now())
            .await
            .map(|_| ())
    };
    on_incident(&state, &reference, &headers, "incident-link", values, act).await
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
    let values = vec![("body", form.body.clone())];
    let act = async |member: &StaffMember| {
        incidents::add_entry(
            &state.portal,
            member,
            &reference,
            &form.kind,
            &form.body,
            now(),
        )
        .await
    };
    on_incident(&state, &reference, &headers, "incident-entry", values, act).await
}

#[derive(Deserialize)]
pub struct ResolveForm {
    #[serde(default)]
    summary: String,
}

pub async fn resolve(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ResolveForm>,
) -> Response {
    let values = vec![("summary", form.summary.clone())];
    let act = async |member: &StaffMember| {
        incidents::resolve(&state.portal, member, &reference, &form.summary, now()).await
    };
    on_incident(
        &state,
        &reference,
        &headers,
        "incident-resolve",
        values,
        act,
    )
    .await
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    what_happened: String,
    #[serde(default)]
    went_well: String,
    #[serde(default)]
    we_change: String,
}

pub async fn review(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ReviewForm>,
) -> Response {
    let values = vec![
        ("what_happened", form.what_happened.clone()),
        ("went_well", form.went_well.clone()),
        ("we_change", form.we_change.clone()),
    ];
    let act = async |member: &StaffMember| {
        incidents::review(
            &state.portal,
            member,
            &reference,
            &form.what_happened,
            &form.went_well,
            &form.we_change,
            now(),
        )
        .await
    };
    on_incident(&state, &reference, &headers, "incident-review", values, act).await
}

pub async fn close(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Response {
    let act = async |member: &StaffMember| {
        incidents::close(&state.portal, member, &reference, now()).await
    };
    on_incident(
        &state,
        &reference,
        &headers,
        "incident-close",
        Vec::new(),
        act,
    )
    .await
}

/// The signed-in member does `act`, then sees the war room again.
#[derive(Deserialize)]
pub struct TaskForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    owner_email: String,
}

pub async fn add_task(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<TaskForm>,
) -> Response {
    let values = vec![
        ("title", form.title.clone()),
        ("owner_email", form.owner_email.clone()),
    ];
    let act = async |member: &StaffMember| {
        let owner = Some(form.owner_email.as_str()).filter(|e| !e.trim().is_empty());
        incidents::add_task(&state.portal, member, &reference, &form.title, owner, now())
            .await
            .map(|_| ())
    };
    on_incident(&state, &reference, &headers, "incident-task", values, act).await
}

#[derive(Deserialize)]
pub struct TaskChangeForm {
    #[serde(default)]
    owner_email: Option<String>,
    /// "true" or "false"; absent leaves it as it is.
    #[serde(default)]
    done: Option<String>,
}

pub async fn change_task(
    State(state): State<AppState>,
    Path((reference, task)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<TaskChangeForm>,
) -> Response {
    let values = vec![("owner_email", form.owner_email.clone().unwrap_or_default())];
    let act = async |member: &StaffMember| {
        let task_id: i64 = task.parse().map_err(|_| AppError::NotFound)?;
        let change = incidents::TaskChange {
            owner_email: form.owner_email.clone(),
            done: form.done.as_deref().map(|d| d == "true"),
        };
        incidents::change_task(&state.portal, member, &reference, task_id, change, now()).await
    };
    on_incident(&state, &reference, &headers, "incident-task", values, act).await
}

#[derive(Deserialize)]
pub struct NoticeForm {
    #[serde(default)]
    shown: String,
}

pub async fn raise_notice(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<NoticeForm>,
) -> Response {
    let act = async |member: &StaffMember| {
        let shown = form.shown == "true";
        incidents::show_on_raise_form(&state.portal, member, &reference, shown, now()).await
    };
    on_incident(
        &state,
        &reference,
        &headers,
        "incident-notice",
        Vec::new(),
        act,
    )
    .await
}

/// `POST /staff/incidents/links`: the queue's picked rows (`references`,
/// repeated) linked to the chosen `incident`, then its war room.
pub async fn link_from_queue(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let pick = |name: &str| {
        fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect::<Vec<String>>()
    };
    let incident = pick("incident").into_iter().next().unwrap_or_default();
    let references = pick("references");
    let linked = if references.is_empty() {
        Err(app::domain::FieldErrors(vec![app::domain::FieldError::new(
            "references",
            "Pick the cases to link first.",
        )])
        .into())
    } else {
        incidents::link(&state.portal, &member, &incident, &references, now()).await
    };
    match linked {
        Ok(_) => match app::domain::incident::IncidentReference::parse(&incident) {
            Some(reference) => {
                Redirect::to(&format!("/staff/incidents/{reference}")).into_response()
            }
            None => Redirect::to("/staff").into_response(),
        },
        Err(error) => {
            render_again(&state, "/staff", &headers, "bulk-link", Vec::new(), error).await
        }
    }
}

async fn on_incident(
    state: &AppState,
    reference: &str,
    headers: &HeaderMap,
    form: &str,
    values: Vec<(&str, String)>,
    act: impl AsyncFnOnce(&StaffMember) -> Result<(), AppError>,
) -> Response {
    let member = match signed_in_member(state, headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    // The path comes back only as a reference that parses.
    let Some(reference) = app::domain::incident::IncidentReference::parse(reference) else {
        return render_again(
            state,
            "/staff/incidents",
            headers,
            form,
            values,
            AppError::NotFound,
        )
        .await;
    };
    let page = format!("/staff/incidents/{reference}");
    match act(&member).await {
        Ok(()) => Redirect::to(&page).into_response(),
        Err(error) => render_again(state, &page, headers, form, values, error).await,
    }
}
