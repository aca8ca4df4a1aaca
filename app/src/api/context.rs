//! What server functions take from the request context.

use crate::domain::StaffMember;
use crate::error::AppError;
use crate::service::signed_in::{self, Credential};
use crate::service::{Portal, now};
use http::HeaderMap;
use jiff::Timestamp;
use leptos::prelude::use_context;

/// A session cookie: staff's, or a customer's "my cases". Served over https
/// (`BATON_PUBLIC_URL`) it is `__Host-` prefixed and `Secure`, so no other
/// site or subdomain can set or read it; over plain http (a laptop)
/// browsers would drop a `Secure` cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionCookie {
    pub name: &'static str,
    secure: bool,
    same_site: &'static str,
}

impl SessionCookie {
    /// Staff never arrive from another site's link with work to do.
    pub fn staff(portal: &Portal) -> Self {
        let secure = portal.notify.public_url.starts_with("https://");
        Self {
            name: if secure {
                "__Host-baton_staff"
            } else {
                "baton_staff"
            },
            secure,
            same_site: "Strict",
        }
    }

    /// Customers arrive from the emailed link (another site, their mail):
    /// `Lax` keeps them signed in on that first visit. It only reads.
    pub fn customer(portal: &Portal) -> Self {
        let secure = portal.notify.public_url.starts_with("https://");
        Self {
            name: if secure {
                "__Host-baton_customer"
            } else {
                "baton_customer"
            },
            secure,
            same_site: "Lax",
        }
    }

    /// The session's value in a `Cookie` header.
    pub fn read<'a>(&self, header: &'a str) -> Option<&'a str> {
        cookie(header, self.name).filter(|v| !v.is_empty())
    }

    /// The session's value in a request's headers.
    pub fn read_headers<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        let header = headers.get(http::header::COOKIE)?.to_str().ok()?;
        self.read(header)
    }

    /// `Set-Cookie` for a new session.
    pub fn set(&self, token: &str, max_age_secs: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite={}; Max-Age={max_age_secs}{secure}",
            self.name, self.same_site
        )
    }

    /// `Set-Cookie` that ends the session in the browser.
    pub fn clear(&self) -> String {
        self.set("", 0)
    }
}

pub fn portal() -> Result<Portal, AppError> {
    use_context::<Portal>().ok_or_else(|| {
        // A client that goes away mid-page drops its request, and Leptos
        // clears the request's context while its data may still be read:
        // nobody waits for this answer, and it is no fault of ours.
        if use_context::<http::request::Parts>().is_some() {
            tracing::error!("the portal is missing from the request context");
        } else {
            tracing::debug!("a request ended before its data was read");
        }
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

/// The time zone the visitor's browser told us (an IANA name in
/// `ZONE_COOKIE`), if it is one we know.
pub fn viewer_zone(headers: &HeaderMap) -> Option<jiff::tz::TimeZone> {
    let header = headers.get(http::header::COOKIE)?.to_str().ok()?;
    let name = cookie(header, crate::views::ZONE_COOKIE)?;
    let plausible = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
    plausible
        .then(|| jiff::tz::TimeZone::get(name).ok())
        .flatten()
}

/// The request's headers, inside a server function.
pub fn request_headers() -> HeaderMap {
    use_context::<http::request::Parts>()
        .map(|parts| parts.headers)
        .unwrap_or_default()
}

/// Which credential a staff channel accepts: browsers carry the session
/// cookie, API clients a bearer token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Session,
    Token,
}

/// The credential in `headers` that a channel accepting `via` reads.
pub fn credential<'a>(portal: &Portal, headers: &'a HeaderMap, via: Via) -> Credential<'a> {
    let found = match via {
        Via::Session => SessionCookie::staff(portal)
            .read_headers(headers)
            .map(Credential::Session),
        Via::Token => bearer(headers).map(Credential::Token),
    };
    found.unwrap_or(Credential::Missing)
}

/// The member of staff who sent a request: the one way every staff channel
/// (pages, forms, server functions, the staff and admin APIs) finds them.
pub async fn signed_in_member(
    portal: &Portal,
    headers: &HeaderMap,
    via: Via,
    now: Timestamp,
) -> Result<StaffMember, AppError> {
    signed_in::member(portal, credential(portal, headers, via), now).await
}

/// The token of an `Authorization: Bearer` header.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The signed-in member behind a server function's request; a page with
/// no session becomes a redirect to the sign-in page.
pub async fn signed_in_staff() -> Result<(Portal, StaffMember, Timestamp), AppError> {
    let portal = portal()?;
    let headers = request_headers();
    let now = now();
    match signed_in_member(&portal, &headers, Via::Session, now).await {
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

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::{Owner, provide_context};
    use std::sync::{Arc, Mutex, PoisonError};

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let mut lines = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            lines.extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What `during` logs at the error level.
    fn errors_logged(during: impl FnOnce()) -> String {
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::ERROR)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, during);
        let bytes = lines.0.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn a_live_request_without_the_portal_is_logged_as_a_fault() {
        let logged = errors_logged(|| {
            Owner::new().with(|| {
                provide_context(http::Request::new(()).into_parts().0);
                assert_eq!(portal().err(), Some(AppError::Unexpected));
            });
        });
        assert!(logged.contains("the portal is missing"), "{logged}");
    }

    #[test]
    fn a_request_its_client_dropped_is_not_logged_as_a_fault() {
        // What is left of a dropped request: an owner whose context is gone.
        let logged = errors_logged(|| {
            Owner::new().with(|| {
                assert_eq!(portal().err(), Some(AppError::Unexpected));
            });
        });
        assert_eq!(logged, "");
    }
}
