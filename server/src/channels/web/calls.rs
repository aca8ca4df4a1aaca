//! Phone calls staff log from the console, as a plain form post. Failures
//! render the form again with what was typed; success opens the new case.

use super::{render_again, session_token};
use crate::startup::AppState;
use app::api::dto::RaiseRequest;
use app::service::{now, phone_calls, staff_desk};
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
    let token = session_token(&headers);
    let Ok(member) = staff_desk::member_for_session(&state.portal, token.as_deref(), now).await
    else {
        return Redirect::to("/staff/sign-in").into_response();
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
