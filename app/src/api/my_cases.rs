use crate::error::AppError;
use crate::views::MyCasesView;
use leptos::prelude::*;

/// The signed-in customer's cases ("my cases"), or `None` without a live
/// customer session.
#[server]
pub async fn get_my_cases() -> Result<Option<MyCasesView>, AppError> {
    let headers = super::context::request_headers();
    let portal = super::context::portal()?.seen_from(super::context::viewer_zone(&headers));
    let session = super::context::SessionCookie::customer(&portal)
        .read_headers(&headers)
        .unwrap_or_default()
        .to_owned();
    crate::service::my_cases::list(&portal, &session, crate::service::now()).await
}
