use crate::error::AppError;
use crate::views::RaciPage;
use leptos::prelude::*;

/// Escalation types and their RACI grid, for ops and admins.
#[server]
pub async fn get_raci() -> Result<RaciPage, AppError> {
    let (portal, member, _) = super::context::signed_in_staff().await?;
    crate::service::raci::page(&portal, &member).await
}
