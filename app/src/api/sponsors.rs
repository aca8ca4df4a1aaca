use crate::error::AppError;
use crate::views::SponsorPage;
use leptos::prelude::*;

/// Key accounts and their executive sponsors, for ops and admins.
#[server]
pub async fn get_sponsors() -> Result<SponsorPage, AppError> {
    let (portal, member, now) = super::context::signed_in_staff().await?;
    crate::service::sponsors::page(&portal, &member, now).await
}
