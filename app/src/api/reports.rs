use crate::error::AppError;
use crate::views::ReportPage;
use leptos::prelude::*;

/// Every report over a period, for every member of staff; the arguments
/// are the page's URL query as typed (empty for the defaults).
#[server]
pub async fn get_report_page(
    from: String,
    to: String,
    by: String,
    what: String,
    key: String,
) -> Result<ReportPage, AppError> {
    use crate::service::reports::{self, ReportQuery};
    let (portal, _member, now) = super::context::signed_in_staff().await?;
    let some = |s: String| Some(s).filter(|s| !s.trim().is_empty());
    let query = ReportQuery {
        from: some(from),
        to: some(to),
        by: some(by),
        key: some(key),
        what: some(what),
    };
    let period = reports::parse(&query, &portal.zone, now).map_err(AppError::Invalid)?;
    reports::page(&portal, &period, now).await
}
