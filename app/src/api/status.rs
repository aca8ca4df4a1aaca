use crate::error::AppError;
use crate::views::CaseStatus;
use leptos::prelude::*;

/// The customer's view of one case; needs the case's private token.
#[server]
pub async fn get_case_status(reference: String, token: String) -> Result<CaseStatus, AppError> {
    let portal = super::context::portal()?;
    crate::service::escalations::status(&portal, &reference, &token, crate::service::now()).await
}

/// The case's version, for the status page's live island; read before the
/// status itself, so the page never shows less than its version says.
#[server]
pub async fn get_case_version(reference: String, token: String) -> Result<i64, AppError> {
    let portal = super::context::portal()?;
    crate::service::live::version_for(&portal, &reference, &token).await
}
