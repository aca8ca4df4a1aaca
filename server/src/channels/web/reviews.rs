//! Review forms: write a case's review, add an action, tick one off.

use super::{not_found, render_again, signed_in_member};
use crate::startup::AppState;
use app::domain::review::ReviewInput;
use app::error::AppError;
use app::service::{now, reviews};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// `POST /staff/reviews/{reference}`. Read as pairs: the contributing
/// factors are one checkbox each under the same name.
pub async fn write(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let one = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = ReviewInput {
        summary: one("summary"),
        impact: one("impact"),
        root_cause: one("root_cause"),
        factors: pairs
            .iter()
            .filter(|(k, _)| k == "factors")
            .map(|(_, v)| v.clone())
            .collect(),
        went_well: one("went_well"),
        went_wrong: one("went_wrong"),
        got_lucky: one("got_lucky"),
    };
    let page = format!("/staff/reviews/{reference}");
    match reviews::write(&state.portal, &member, &reference, &input, now()).await {
        Ok(()) => Redirect::to(&page).into_response(),
        Err(AppError::NotFound) => not_found(&state, &headers).await,
        Err(error) => {
            let values = vec![
                ("summary", input.summary),
                ("impact", input.impact),
                ("root_cause", input.root_cause),
                ("went_well", input.went_well),
                ("went_wrong", input.went_wrong),
                ("got_lucky", input.got_lucky),
            ];
            render_again(&state, &page, &headers, "review", values, error).await
        }
    }
}

#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    owner_email: String,
    #[serde(default)]
    due: String,
}

/// `POST /staff/reviews/{reference}/actions`
pub async fn add_action(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Response {
    if let Err(to_sign_in) = signed_in_member(&state, &headers).await {
        return to_sign_in;
    }
    let page = format!("/staff/reviews/{reference}");
    let added = reviews::add_action(
        &state.portal,
        &reference,
        &form.title,
        &form.owner_email,
        &form.due,
        now(),
    )
    .await;
    match added {
        Ok(_) => Redirect::to(&format!("{page}#actions-title")).into_response(),
        Err(AppError::NotFound) => not_found(&state, &headers).await,
        Err(error) => {
            let values = vec![
                ("title", form.title),
                ("owner_email", form.owner_email),
                ("due", form.due),
            ];
            render_again(&state, &page, &headers, "action", values, error).await
        }
    }
}

#[derive(Deserialize)]
pub struct ActionChange {
    #[serde(default)]
    reference: String,
    #[serde(default)]
    done: String,
}

/// `POST /staff/review-actions/{id}`
pub async fn set_action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ActionChange>,
) -> Response {
    if let Err(to_sign_in) = signed_in_member(&state, &headers).await {
        return to_sign_in;
    }
    let Ok(id) = id.parse::<i64>() else {
        return not_found(&state, &headers).await;
    };
    match reviews::set_action(&state.portal, id, form.done == "true", now()).await {
        Ok(_) => match app::domain::CaseReference::parse(&form.reference) {
            Some(reference) => {
                Redirect::to(&format!("/staff/reviews/{reference}#actions-title")).into_response()
            }
            None => Redirect::to("/staff/reviews").into_response(),
        },
        Err(_) => not_found(&state, &headers).await,
    }
}
