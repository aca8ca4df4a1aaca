//! What server functions take from the request context.

use crate::error::AppError;
use crate::service::{Portal, now, staff_desk};
use crate::store::staff::StaffMember;
use jiff::Timestamp;
use leptos::prelude::use_context;

/// The name of the staff session cookie.
pub const STAFF_COOKIE: &str = "baton_staff";

pub fn portal() -> Result<Portal, AppError> {
    use_context::<Portal>().ok_or_else(|| {
        tracing::error!("the portal is missing from the request context");
        AppError::Unexpected
    })
}

/// The value of a cookie in a `Cookie` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub async fn signed_in_staff() -> Result<(Portal, StaffMember, Timestamp), AppError> {
    let portal = portal()?;
    let parts = use_context::<http::request::Parts>();
    let header = parts
        .as_ref()
        .and_then(|p| p.headers.get(http::header::COOKIE))
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let now = now();
    match staff_desk::member_for_session(&portal, cookie(header, STAFF_COOKIE), now).await {
        Ok(member) => Ok((portal, member, now)),
        Err(error) => {
            if error == AppError::SignInRequired {
                send_to_sign_in();
            }
            Err(error)
        }
    }
}

/// Makes the page being rendered a 303 to the sign-in page.
fn send_to_sign_in() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::SEE_OTHER);
        response.insert_header(
            http::header::LOCATION,
            http::HeaderValue::from_static("/staff/sign-in"),
        );
    }
}
