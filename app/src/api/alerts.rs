use crate::error::AppError;
use crate::views::AlertView;
use leptos::prelude::*;

/// SLA warnings and breaches for the signed-in member and their role.
#[server]
pub async fn get_staff_alerts() -> Result<Vec<AlertView>, AppError> {
    let (portal, member, _) = super::context::signed_in_staff().await?;
    crate::service::alerts::for_member(&portal, &member).await
}
