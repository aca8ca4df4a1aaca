//! What server functions take from the request context.

use crate::domain::StaffMember;
use crate::error::AppError;
use crate::service::{Portal, now, staff_desk};
use jiff::Timestamp;
use leptos::prelude::use_context;

/// The staff session cookie. Served over https (`BATON_PUBLIC_URL`) it is
/// `__Host-` prefixed and `Secure`, so no other site or subdomain can set or
/// read it; over plain http (a laptop) browsers would drop a `Secure` cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StaffCookie {
    pub name: &'static str,
    secure: bool,
}

impl StaffCookie {
    pub fn for_portal(portal: &Portal) -> Self {
        if portal.notify.public_url.starts_with("https://") {
            Self {
                name: "__Host-baton_staff",
                secure: true,
            }
        } else {
            Self {
                name: "baton_staff",
                secure: false,
            }
        }
    }

    /// The session's value in a `Cookie` header.
    pub fn read<'a>(&self, header: &'a str) -> Option<&'a str> {
        cookie(header, self.name)
    }

    /// `Set-Cookie` for a new session.
    pub fn set(&self, token: &str, max_age_secs: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}",
            self.name
        )
    }

    /// `Set-Cookie` that ends the session in the browser.
    pub fn clear(&self) -> String {
        self.set("", 0)
    }
}

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
    let session = StaffCookie::for_portal(&portal).read(header);
    match staff_desk::member_for_session(&portal, session, now).await {
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
