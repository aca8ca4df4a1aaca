use super::dto::{QueueItem, StaffCase, StaffIdentity};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffQueue {
    pub me: StaffIdentity,
    pub cases: Vec<QueueItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCaseView {
    pub me: StaffIdentity,
    pub case: StaffCase,
}

/// Open cases (or those that pass the filter), soonest due first. Needs a
/// staff session.
#[server]
pub async fn get_staff_queue(
    tier: Option<String>,
    stage: Option<String>,
    severity: Option<String>,
) -> Result<StaffQueue, AppError> {
    use crate::service::staff_desk;
    let (portal, member, now) = super::context::signed_in_staff().await?;
    let filter =
        staff_desk::parse_queue_filter(tier.as_deref(), stage.as_deref(), severity.as_deref())?;
    let cases = staff_desk::queue_filtered(&portal, &filter, now).await?;
    Ok(StaffQueue {
        me: (&member).into(),
        cases,
    })
}

/// One case with its whole history. Needs a staff session.
#[server]
pub async fn get_staff_case(reference: String) -> Result<StaffCaseView, AppError> {
    let (portal, member, _) = super::context::signed_in_staff().await?;
    let case = crate::service::staff_desk::case_detail(&portal, &reference).await?;
    Ok(StaffCaseView {
        me: (&member).into(),
        case,
    })
}
