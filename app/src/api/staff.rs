use crate::error::AppError;
use crate::views::{QueueQuery, StaffCaseView, StaffIdentity, StaffQueue};
use leptos::prelude::*;

/// Open cases (or those that pass the filter), soonest due first. Needs a
/// staff session.
#[server]
pub async fn get_staff_queue(query: QueueQuery) -> Result<StaffQueue, AppError> {
    use crate::service::staff_desk;
    let (portal, member, now) = super::context::signed_in_staff().await?;
    let selection = staff_desk::parse_queue_filter(&query, &portal.rules().tiers, member.staff_id)?;
    let version = crate::service::live::queue_version(&portal).await?;
    let cases = staff_desk::queue_filtered(&portal, &selection, now).await?;
    let choices = staff_desk::choices(&portal).await?;
    Ok(StaffQueue {
        me: (&member).into(),
        cases,
        types: choices.types,
        teams: choices.teams,
        tiers: choices.tiers,
        open_incidents: crate::service::incidents::open_to_link(&portal).await?,
        views: crate::service::saved_views::list(&portal, &member).await?,
        version,
    })
}

/// One case with its whole history. Needs a staff session.
#[server]
pub async fn get_staff_case(reference: String) -> Result<StaffCaseView, AppError> {
    let (portal, member, now) = super::context::signed_in_staff().await?;
    let case = crate::service::staff_desk::case_detail(&portal, &reference).await?;
    let swarm = crate::service::swarms::panel(&portal, &reference).await?;
    let types = crate::service::staff_desk::choices(&portal).await?.types;
    let came_back = crate::service::reviews::case_recurrences(&portal, &reference, now).await?;
    let articles = crate::service::knowledge::for_staff(&portal, &case.subject).await?;
    Ok(StaffCaseView {
        me: (&member).into(),
        case,
        swarm,
        types,
        came_back,
        articles,
    })
}

/// Who is signed in, for console pages that load nothing else. Needs a staff
/// session.
#[server]
pub async fn get_signed_in_staff() -> Result<StaffIdentity, AppError> {
    let (_, member, _) = super::context::signed_in_staff().await?;
    Ok((&member).into())
}
