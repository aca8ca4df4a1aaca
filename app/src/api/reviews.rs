use crate::error::AppError;
use crate::views::{ReviewItem, ReviewPage};
use leptos::prelude::*;

/// The reviews queue: due ones first, for every member of staff.
#[server]
pub async fn get_reviews(state: String) -> Result<Vec<ReviewItem>, AppError> {
    let (portal, _member, now) = super::context::signed_in_staff().await?;
    crate::service::reviews::list(&portal, &state, now).await
}

/// One case's review.
#[server]
pub async fn get_review(reference: String) -> Result<ReviewPage, AppError> {
    let (portal, _member, now) = super::context::signed_in_staff().await?;
    crate::service::reviews::page(&portal, &reference, now).await
}
