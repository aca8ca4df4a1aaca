//! The chat widget: `/widget.js` for the customer's website, and the form
//! posts of the chat panel it frames (`/chat`). Like every form here, a
//! failure renders the panel again with what was typed; success redirects.

use super::client::ClientIp;
use super::web::render_again;
use crate::startup::AppState;
use app::error::AppError;
use app::service::chat::{self, ChatStart};
use app::service::{escalations, now};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The script a customer adds to their website; see the README.
const WIDGET_JS: &str = include_str!("chat_widget.js");

pub async fn widget_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        WIDGET_JS,
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct StartForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    severity: String,
}

pub async fn start(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Form(form): Form<StartForm>,
) -> Response {
    let start = ChatStart {
        name: &form.name,
        email: &form.email,
        problem: &form.description,
        severity: &form.severity,
    };
    let result = match chat::parse(&state.portal, &start, now()).await {
        Ok(new) => match state.limits.intake(client, Some(new.email.as_str())) {
            Ok(()) => escalations::raise(&state.portal, new, now()).await,
            Err(refused) => Err(refused.into()),
        },
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(raised) => {
            Redirect::to(&chat::chat_path(&raised.reference, &raised.token)).into_response()
        }
        Err(error) => {
            let values = vec![
                ("name", form.name),
                ("email", form.email),
                ("description", form.description),
                ("severity", form.severity),
            ];
            render_again(&state, "/chat", &headers, "chat", values, error).await
        }
    }
}

#[derive(Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    body: String,
}

pub async fn message(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<MessageForm>,
) -> Response {
    // Both go into a path below; anything but a plausible one is not found.
    let plain = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let (reference, token) = if plain(&reference) && plain(&form.token) {
        (reference, form.token)
    } else {
        ("not-found".to_owned(), String::new())
    };
    let result = escalations::reply(&state.portal, &reference, &token, &form.body, now()).await;
    let page = chat::chat_path(&reference, &token);
    match result {
        Ok(()) => Redirect::to(&format!("{page}#message")).into_response(),
        Err(error) => {
            let values = vec![("body", form.body)];
            render_again(&state, &page, &headers, "chat-message", values, error).await
        }
    }
}
