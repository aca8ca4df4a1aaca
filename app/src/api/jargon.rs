use crate::error::AppError;
use crate::views::JargonPage;
use leptos::prelude::*;

/// The jargon list, for ops and admins.
#[server]
pub async fn get_jargon() -> Result<JargonPage, AppError> {
    let (portal, member, _) = super::context::signed_in_staff().await?;
    crate::service::jargon::page(&portal, &member).await
}
