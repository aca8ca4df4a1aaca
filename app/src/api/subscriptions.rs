use crate::error::AppError;
use crate::views::SubscriptionView;
use leptos::prelude::*;

/// The subscription behind an email's private link.
#[server]
pub async fn get_subscription(token: String) -> Result<SubscriptionView, AppError> {
    let portal = super::context::portal()?;
    crate::service::subscriptions::view(&portal, &token).await
}
