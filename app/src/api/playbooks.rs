use crate::error::AppError;
use crate::views::{KnownProblem, PlaybookPage};
use leptos::prelude::*;

/// Incident role cards and playbooks, for ops and admins.
#[server]
pub async fn get_playbooks() -> Result<PlaybookPage, AppError> {
    let (portal, member, _now) = super::context::signed_in_staff().await?;
    crate::service::incidents::playbooks::page(&portal, &member).await
}

/// The problems we are working on that the raise form mentions: public,
/// customer words only.
#[server]
pub async fn get_known_problems() -> Result<Vec<KnownProblem>, AppError> {
    let portal = super::context::portal()?;
    crate::service::incidents::known_problems(&portal, crate::service::now()).await
}
