use crate::error::AppError;
use crate::views::SlaReport;
use leptos::prelude::*;

/// SLA attainment over a period, for every member of staff; the arguments
/// are the page's URL query as typed (empty for the defaults).
#[server]
pub async fn get_sla_report(
    from: String,
    to: String,
    by: String,
    key: String,
) -> Result<SlaReport, AppError> {
    use crate::service::reports::{self, ReportQuery};
    let (portal, _member, now) = super::context::signed_in_staff().await?;
    let some = |s: String| Some(s).filter(|s| !s.trim().is_empty());
    let query = ReportQuery {
        from: some(from),
        to: some(to),
        by: some(by),
        key: None,
    };
    let period = reports::parse(&query, &portal.zone, now).map_err(AppError::Invalid)?;
    let key = some(key);
    reports::sla(&portal, &period, key.as_deref()).await
}
