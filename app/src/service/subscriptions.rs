//! Unsubscribing from a case's emails, by the private link an email carried.

use super::{Portal, secrets};
use crate::api::dto::SubscriptionView;
use crate::error::AppError;
use crate::store::{StoreError, subscribers};
use jiff::Timestamp;

/// What the unsubscribe page shows. A wrong link is `NotFound`, like a
/// missing case.
pub async fn view(portal: &Portal, token: &str) -> Result<SubscriptionView, AppError> {
    let mut conn = portal.store.read().await?;
    let link = subscribers::find_link(&mut conn, &secrets::hash_token(token))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(SubscriptionView {
        reference: link.reference,
        email: mask(&link.subscriber.email),
        subscribed: !link.subscriber.unsubscribed,
    })
}

/// Stops the emails to the link's recipient; doing it twice is fine.
pub async fn unsubscribe(portal: &Portal, token: &str, now: Timestamp) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    let link = subscribers::find_link(&mut tx, &secrets::hash_token(token))
        .await?
        .ok_or(AppError::NotFound)?;
    subscribers::unsubscribe(&mut tx, link.subscriber.subscriber_id, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(reference = %link.reference, "a subscriber stopped emails");
    Ok(())
}

/// `k***@example.com`: enough to recognise, not enough to harvest.
fn mask(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_masked() {
        assert_eq!(mask("kim@example.com"), "k***@example.com");
        assert_eq!(mask("odd"), "***");
    }
}
