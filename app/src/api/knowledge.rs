use crate::error::AppError;
use crate::views::{ArticleView, ArticlesPage, HelpPage};
use leptos::prelude::*;

/// `/help`: public articles for a search, or the newest.
#[server]
pub async fn get_help_page(query: String) -> Result<HelpPage, AppError> {
    let portal = super::context::portal()?;
    crate::service::knowledge::help_page(&portal, &query).await
}

/// One public article; an internal or unknown one is not found.
#[server]
pub async fn get_public_article(slug: String) -> Result<ArticleView, AppError> {
    let portal = super::context::portal()?;
    crate::service::knowledge::public_article(&portal, &slug).await
}

/// `/staff/articles`, for every member of staff.
#[server]
pub async fn get_articles_page(
    query: String,
    from_case: String,
    edit: String,
) -> Result<ArticlesPage, AppError> {
    let (portal, _member, now) = super::context::signed_in_staff().await?;
    crate::service::knowledge::staff_page(&portal, &query, &from_case, &edit, now).await
}
