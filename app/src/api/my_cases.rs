use crate::error::AppError;
use crate::views::MyCasesView;
use leptos::prelude::*;

/// The signed-in customer's cases ("my cases"), or `None` without a live
/// customer session.
#[server]
pub async fn get_my_cases() -> Result<Option<MyCasesView>, AppError> {
    let portal = super::context::portal()?;
    let headers = use_context::<http::request::Parts>()
        .map(|parts| parts.headers)
        .unwrap_or_default();
    let session = super::context::SessionCookie::customer(&portal)
        .read_headers(&headers)
        .unwrap_or_default()
        .to_owned();
    crate::service::my_cases::list(&portal, &session, crate::service::now()).await
}
