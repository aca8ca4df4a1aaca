//! Phone calls staff log from the console, as a plain form post. Failures
//! render the form again with what was typed; success opens the new case.

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::service::{now, phone_calls};
use app::views::RaiseRequest;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

pub async fn log_call(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<RaiseRequest>,
) -> Response {
    let now = now();
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    match phone_calls::log_call(&state.portal, &member, &form, now).await {
        Ok(raised) => Redirect::to(&format!("/staff/cases/{}", raised.reference)).into_response(),
        Err(error) => {
            let values = vec![
                ("name", form.name),
                ("email", form.email),
                ("subject", form.subject),
                ("description", form.description),
                ("severity", form.severity.unwrap_or_default()),
            ];
            render_again(&state, "/staff/calls/new", &headers, "call", values, error).await
        }
    }
}
