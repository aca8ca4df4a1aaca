//! `POST /staff/views` saves the queue's filters under a name and opens
//! them; `POST /staff/views/{id}/removal` removes one of the member's views.

use super::{not_found, render_again, signed_in_member};
use crate::startup::AppState;
use app::service::{now, saved_views};
use app::views::QueueQuery;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ViewForm {
    #[serde(default)]
    name: String,
    #[serde(flatten)]
    filters: QueueQuery,
}

pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<ViewForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    match saved_views::save(&state.portal, &member, &form.name, &form.filters, now()).await {
        Ok(saved) => Redirect::to(&saved.href).into_response(),
        Err(error) => {
            let back = form.filters.href();
            render_again(
                &state,
                &back,
                &headers,
                "saved-view",
                vec![("name", form.name)],
                error,
            )
            .await
        }
    }
}

pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let Ok(id) = id.parse::<i64>() else {
        return not_found(&state, &headers).await;
    };
    match saved_views::remove(&state.portal, &member, id).await {
        Ok(()) => Redirect::to("/staff").into_response(),
        Err(error) => {
            render_again(&state, "/staff", &headers, "saved-view", Vec::new(), error).await
        }
    }
}
