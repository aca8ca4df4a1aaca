use crate::error::AppError;
use crate::views::CaseStatus;
use leptos::prelude::*;

/// The customer's view of one case; needs the case's private token. Times
/// are in the zone the customer's browser told us, once it has.
#[server]
pub async fn get_case_status(reference: String, token: String) -> Result<CaseStatus, AppError> {
    let headers = super::context::request_headers();
    let portal = super::context::portal()?.seen_from(super::context::viewer_zone(&headers));
    crate::service::escalations::status(&portal, &reference, &token, crate::service::now()).await
}
