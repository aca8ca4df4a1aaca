use crate::error::AppError;
use crate::views::TiersPage;
use leptos::prelude::*;

/// The tiers, their members and objectives, and every member's place.
#[server]
pub async fn get_tiers() -> Result<TiersPage, AppError> {
    let (portal, member, _) = super::context::signed_in_staff().await?;
    crate::service::tiers::page(&portal, &member).await
}
