use crate::error::AppError;
use crate::views::CaseStatus;
use leptos::prelude::*;

/// The customer's view of one case; needs the case's private token.
#[server]
pub async fn get_case_status(reference: String, token: String) -> Result<CaseStatus, AppError> {
    let portal = super::context::portal()?;
    crate::service::escalations::status(&portal, &reference, &token, crate::service::now()).await
}
