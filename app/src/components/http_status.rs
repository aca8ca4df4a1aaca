//! Lets a server-rendered page choose its HTTP status (404 for a missing case).

use leptos::prelude::*;

#[component]
pub fn HttpStatus(code: u16) -> impl IntoView {
    set_status(code);
}

#[cfg(feature = "ssr")]
fn set_status(code: u16) {
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
}

#[cfg(not(feature = "ssr"))]
fn set_status(_code: u16) {}
