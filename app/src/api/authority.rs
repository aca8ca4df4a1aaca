use crate::error::AppError;
use crate::views::AuthorityPage;
use leptos::prelude::*;

/// The authority matrix, for admins.
#[server]
pub async fn get_authority() -> Result<AuthorityPage, AppError> {
    let (portal, member, _) = super::context::signed_in_staff().await?;
    crate::service::authority::page(&portal, &member).await
}
