use crate::error::AppError;
use crate::views::SlaSettingsPage;
use leptos::prelude::*;

/// The SLA calendar and policies, for ops and admins.
#[server]
pub async fn get_sla_settings() -> Result<SlaSettingsPage, AppError> {
    let (portal, member, _) = super::context::signed_in_staff().await?;
    crate::service::sla_settings::page(&portal, &member).await
}
