//! "My cases" in the browser: ask for a sign-in link, open it, sign out.

use super::{render_again, render_with};
use crate::channels::client::ClientIp;
use crate::startup::AppState;
use app::api::context::SessionCookie;
use app::domain::FieldErrors;
use app::domain::customer::CustomerEmail;
use app::error::AppError;
use app::pages::my_cases::SignInLinkRefused;
use app::service::{my_cases, now};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    email: String,
}

/// `POST /my-cases`: the same answer whether or not the address has cases.
pub async fn ask_for_link(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Form(form): Form<LinkForm>,
) -> Response {
    let result = match CustomerEmail::parse(&form.email) {
        Ok(email) => match state.limits.intake(client, Some(email.as_str())) {
            Ok(()) => my_cases::request_link(&state.portal, &email, now()).await,
            Err(refused) => Err(refused.into()),
        },
        Err(error) => Err(AppError::Invalid(FieldErrors(vec![error]))),
    };
    match result {
        Ok(()) => Redirect::to("/my-cases?sent=1").into_response(),
        Err(error) => {
            let values = vec![("email", form.email)];
            render_again(&state, "/my-cases", &headers, "sign-in-link", values, error).await
        }
    }
}

/// `GET /my-cases/{token}`: the emailed link. It signs in once and shows the
/// list at once (no redirect, so it works in any client); used, expired or
/// unknown, it shows the form again with 410.
pub async fn open_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let cookie = SessionCookie::customer(&state.portal);
    let mut response = match my_cases::sign_in(&state.portal, &token, now()).await {
        Ok(Some(session)) => {
            let mut signed_in = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_str(&format!("{}={session}", cookie.name)) {
                signed_in.insert(header::COOKIE, value);
            }
            let mut page = render_with::<()>(&state, "/my-cases", &signed_in, None).await;
            let max_age = my_cases::SESSION_VALID.as_secs();
            if let Ok(value) = HeaderValue::from_str(&cookie.set(&session, max_age)) {
                page.headers_mut().append(header::SET_COOKIE, value);
            }
            page
        }
        Ok(None) => render_with(&state, "/my-cases", &headers, Some(SignInLinkRefused)).await,
        Err(error) => {
            tracing::error!(?error, "customer sign-in failed");
            let values = Vec::new();
            render_again(&state, "/my-cases", &headers, "sign-in-link", values, error).await
        }
    };
    // The token is in this page's address: keep it out of caches and of
    // the Referer of every link on the page.
    let page_headers = response.headers_mut();
    page_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    page_headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// `POST /my-cases/sign-out`
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let cookie = SessionCookie::customer(&state.portal);
    if let Some(session) = cookie.read_headers(&headers)
        && let Err(error) = my_cases::sign_out(&state.portal, session).await
    {
        tracing::error!(?error, "customer sign-out failed");
    }
    (
        [(header::SET_COOKIE, cookie.clear())],
        Redirect::to("/my-cases"),
    )
        .into_response()
}
