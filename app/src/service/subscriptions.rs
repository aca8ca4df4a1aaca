//! Unsubscribing from a case's emails, by the private link an email carried.

use super::{Portal, secrets};
use crate::domain::CaseReference;
use crate::domain::StaffMember;
use crate::error::AppError;
use crate::store::{StoreError, cases, subscribers};
use crate::views::SubscriptionView;
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

/// Staff revoke every emailed link of a case (one was forwarded to the wrong
/// person, say): they stop opening the case at once. The customer keeps the
/// case's own link, and later emails carry new links.
pub async fn revoke_links(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    now: Timestamp,
) -> Result<u64, AppError> {
    let reference = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let mut tx = portal.store.begin().await?;
    let stored = cases::find_by_reference(&mut tx, &reference).await?;
    let revoked = subscribers::revoke_links(&mut tx, stored.id, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(%reference, staff_id = member.staff_id, revoked, "emailed links revoked");
    Ok(revoked)
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
