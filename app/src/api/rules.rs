use crate::error::AppError;
use crate::views::RulesPage;
use leptos::prelude::*;

/// Data-driven rules and their latest firings, for ops and admins.
#[server]
pub async fn get_rules() -> Result<RulesPage, AppError> {
    let (portal, member, _now) = super::context::signed_in_staff().await?;
    crate::service::rules::page(&portal, &member).await
}

/// The early-warning desk, for every member of staff.
#[server]
pub async fn get_early_warning() -> Result<crate::views::EarlyWarningDesk, AppError> {
    let (portal, _member, now) = super::context::signed_in_staff().await?;
    crate::service::early_warning::desk(&portal, now).await
}
