//! Plain HTML form posts, so every journey works without JavaScript. Success
//! redirects (303) to the page to see; failure renders the same page again
//! with the person's input and the errors beside the fields.

pub mod articles;
pub mod authority;
pub mod authority_acts;
pub mod bulk;
pub mod calls;
pub mod console;
pub mod early_warning;
pub mod got_worse;
pub mod incidents;
pub mod jargon;
mod json_setting;
pub mod my_cases;
pub mod playbooks;
pub mod raci;
pub mod reports;
pub mod reviews;
pub mod rules;
pub mod saved_views;
pub mod sponsors;
pub mod staff_assets;
pub mod swarms;
pub mod tiers;
pub mod unsubscribe;

use super::client::ClientIp;
use crate::startup::AppState;
use app::api::context::{self, SessionCookie, Via};
use app::components::form_feedback::FormFeedback;
use app::domain::StaffMember;
use app::domain::{CaseReference, Channel};
use app::error::AppError;
use app::service::signed_in::Credential;
use app::service::staff_desk::{self, StaffAction};
use app::service::{Portal, escalations, now};
use app::shell;
use app::views::{RaiseRequest, ResolutionAnswer};
use axum::Form;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;
use serde::Deserialize;

pub async fn raise(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Form(form): Form<RaiseRequest>,
) -> Response {
    let result = match escalations::parse_raise(&state.portal, &form, Channel::Web, now()).await {
        Ok(new) => match state.limits.intake(client, Some(new.email.as_str())) {
            Ok(()) => escalations::raise(&state.portal, new, now()).await,
            Err(refused) => Err(refused.into()),
        },
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(raised) => Redirect::to(&raised.status_path).into_response(),
        Err(error) => {
            let values = vec![
                ("name", form.name),
                ("email", form.email),
                ("subject", form.subject),
                ("description", form.description),
                ("severity", form.severity.unwrap_or_default()),
            ];
            render_again(&state, "/", &headers, "raise", values, error).await
        }
    }
}

#[derive(Deserialize)]
pub struct FreshLinkForm {
    #[serde(default)]
    reference: String,
    #[serde(default)]
    email: String,
}

/// A customer asks for a new emailed link; the answer is the same whether
/// or not the address follows the case.
pub async fn fresh_link(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Form(form): Form<FreshLinkForm>,
) -> Response {
    let result =
        match escalations::parse_link_request(&state.portal, &form.reference, &form.email, now())
            .await
        {
            Ok((reference, email)) => match state.limits.intake(client, Some(email.as_str())) {
                Ok(()) => {
                    escalations::send_fresh_link(
                        &state.portal,
                        reference.as_str(),
                        email.as_str(),
                        now(),
                    )
                    .await
                }
                Err(refused) => Err(refused.into()),
            },
            Err(errors) => Err(AppError::Invalid(errors)),
        };
    match result {
        Ok(()) => Redirect::to("/links?sent=1").into_response(),
        Err(error) => {
            let values = vec![("reference", form.reference), ("email", form.email)];
            render_again(&state, "/links", &headers, "fresh-link", values, error).await
        }
    }
}

#[derive(Deserialize)]
pub struct FollowerForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    decision: String,
}

/// The customer says yes or no to someone they copied in following the case.
pub async fn answer_follower(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<FollowerForm>,
) -> Response {
    let agree = match form.decision.as_str() {
        "agree" => true,
        "decline" => false,
        _ => return (StatusCode::BAD_REQUEST, "Choose yes or no.").into_response(),
    };
    match escalations::answer_invitation(
        &state.portal,
        &reference,
        &form.token,
        &form.email,
        agree,
        now(),
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("/cases/{reference}?token={}", form.token)).into_response(),
        Err(AppError::NotFound) => not_found(&state, &headers).await,
        Err(error) => {
            let path = format!("/cases/{reference}?token={}", form.token);
            render_again(&state, &path, &headers, "followers", vec![], error).await
        }
    }
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    resolved: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    reason: String,
}

pub async fn answer(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<AnswerForm>,
) -> Response {
    let resolved = form.resolved == "true";
    let rating = app::domain::customer::Rating::parse_optional(&form.rating);
    let result = match rating {
        Err(error) => Err(AppError::Invalid(app::domain::FieldErrors(vec![error]))),
        Ok(rating) => {
            let answer = ResolutionAnswer {
                resolved,
                rating: rating.map(|r| i64::from(r.value())),
                comment: Some(form.comment.clone()),
                reason: Some(form.reason.clone()),
            };
            match escalations::parse_answer(&answer) {
                Ok(command) => {
                    escalations::answer(&state.portal, &reference, &form.token, command, now())
                        .await
                }
                Err(errors) => Err(errors.into()),
            }
        }
    };
    let Some(reference) = CaseReference::parse(&reference) else {
        return not_found(&state, &headers).await;
    };
    let page = escalations::status_path(&reference, &form.token);
    match result {
        Ok(()) => Redirect::to(&format!("{page}#case-title")).into_response(),
        Err(AppError::NotFound) => not_found(&state, &headers).await,
        Err(error) => {
            let (name, values) = if resolved {
                (
                    "confirm",
                    vec![("rating", form.rating), ("comment", form.comment)],
                )
            } else {
                ("reopen", vec![("reason", form.reason)])
            };
            render_again(&state, &page, &headers, name, values, error).await
        }
    }
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    body: String,
}

pub async fn reply(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ReplyForm>,
) -> Response {
    let Some(reference) = CaseReference::parse(&reference) else {
        return not_found(&state, &headers).await;
    };
    let result = escalations::reply(
        &state.portal,
        reference.as_str(),
        &form.token,
        &form.body,
        now(),
    )
    .await;
    let page = escalations::status_path(&reference, &form.token);
    match result {
        Ok(()) => Redirect::to(&format!("{page}#case-title")).into_response(),
        Err(AppError::NotFound) => not_found(&state, &headers).await,
        Err(error) => {
            render_again(
                &state,
                &page,
                &headers,
                "reply",
                vec![("body", form.body)],
                error,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let signed_in = match state.limits.sign_in(client, &form.email) {
        Ok(()) => staff_desk::sign_in(&state.portal, &form.email, &form.password, now()).await,
        Err(refused) => Err(refused.into()),
    };
    match signed_in {
        Ok(token) => {
            let max_age = staff_desk::SESSION_LIFETIME.as_secs();
            let cookie = SessionCookie::staff(&state.portal).set(&token, max_age);
            ([(header::SET_COOKIE, cookie)], Redirect::to("/staff")).into_response()
        }
        Err(error) => {
            render_again(
                &state,
                "/staff/sign-in",
                &headers,
                "sign-in",
                vec![("email", form.email)],
                error,
            )
            .await
        }
    }
}

pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Credential::Session(token) = context::credential(&state.portal, &headers, Via::Session)
        && let Err(error) = staff_desk::sign_out(&state.portal, token).await
    {
        tracing::error!(%error, "sign-out failed");
    }
    let expired = SessionCookie::staff(&state.portal).clear();
    (
        [(header::SET_COOKIE, expired)],
        Redirect::to("/staff/sign-in"),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct SolveForm {
    #[serde(default)]
    summary: String,
}

pub async fn mark_solved(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<SolveForm>,
) -> Response {
    let action = StaffAction::MarkSolved {
        summary: form.summary.clone(),
    };
    staff_act(
        &state,
        &reference,
        &headers,
        action,
        "solve",
        vec![("summary", form.summary)],
    )
    .await
}

async fn staff_act(
    state: &AppState,
    reference: &str,
    headers: &HeaderMap,
    action: StaffAction,
    form: &str,
    values: Vec<(&str, String)>,
) -> Response {
    let act = async |member: &StaffMember, reference: &CaseReference| {
        staff_desk::act(&state.portal, member, reference.as_str(), action, now()).await
    };
    on_case(state, reference, headers, form, values, "", act).await
}

/// A console form posted on a case: the signed-in member does `act`, then
/// goes back to the case page (at `anchor`), or sees it again with the
/// error and what they typed.
pub(crate) async fn on_case(
    state: &AppState,
    reference: &str,
    headers: &HeaderMap,
    form: &str,
    values: Vec<(&str, String)>,
    anchor: &str,
    act: impl AsyncFnOnce(&StaffMember, &CaseReference) -> Result<(), AppError>,
) -> Response {
    let member = match signed_in_member(state, headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let Some(reference) = CaseReference::parse(reference) else {
        return not_found(state, headers).await;
    };
    let page = format!("/staff/cases/{reference}");
    match act(&member, &reference).await {
        Ok(()) => Redirect::to(&format!("{page}{anchor}")).into_response(),
        Err(error) => render_again(state, &page, headers, form, values, error).await,
    }
}

/// The member of staff behind the session cookie, or the redirect to sign in.
pub(crate) async fn signed_in_member(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<StaffMember, Response> {
    context::signed_in_member(&state.portal, headers, Via::Session, now())
        .await
        .map_err(|_| Redirect::to("/staff/sign-in").into_response())
}

pub(crate) async fn not_found(state: &AppState, headers: &HeaderMap) -> Response {
    render(state, "/not-found", headers, FormFeedback::default()).await
}

/// Renders `path` again with what was typed and what was wrong.
pub(crate) async fn render_again(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    form: &str,
    values: Vec<(&str, String)>,
    error: AppError,
) -> Response {
    let status =
        StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let feedback = FormFeedback {
        form: form.to_owned(),
        values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        message: error.field_errors().is_none().then(|| error.to_string()),
        errors: error.field_errors().cloned().unwrap_or_default(),
    };
    let mut response = render(state, path, headers, feedback).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    if let Some(secs) = error.retry_after_secs() {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
    }
    response
}

/// Server-renders a page of the app for `path`, as a GET would, with the
/// form's feedback as context.
async fn render(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    feedback: FormFeedback,
) -> Response {
    render_with(state, path, headers, Some(feedback)).await
}

/// Server-renders `path` as a GET would (with the visitor's cookies), giving
/// the page `extra` as context: how every form answer shows a page again.
pub(crate) async fn render_with<C: Clone + Send + Sync + 'static>(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    extra: Option<C>,
) -> Response {
    let portal: Portal = state.portal.clone();
    let options = state.leptos_options.clone();
    let assets = state.assets.clone();
    let context_options = options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(portal.clone());
            provide_context(context_options.clone());
            if let Some(extra) = extra.clone() {
                provide_context(extra);
            }
        },
        move || shell(options.clone(), assets.clone()),
    );
    let mut request = Request::get(path).body(Body::empty()).unwrap_or_default();
    if let Some(cookie) = headers.get(header::COOKIE) {
        request.headers_mut().insert(header::COOKIE, cookie.clone());
    }
    handler(request).await.into_response()
}
