use crate::error::AppError;
use crate::views::{IncidentView, IncidentsPage};
use leptos::prelude::*;

/// The latest major incidents, open ones first.
#[server]
pub async fn get_incidents() -> Result<IncidentsPage, AppError> {
    let (portal, _member, now) = super::context::signed_in_staff().await?;
    crate::service::incidents::list(&portal, now).await
}

/// One incident's war room.
#[server]
pub async fn get_incident(reference: String) -> Result<IncidentView, AppError> {
    let (portal, member, now) = super::context::signed_in_staff().await?;
    crate::service::incidents::war_room(&portal, &member, &reference, now).await
}
