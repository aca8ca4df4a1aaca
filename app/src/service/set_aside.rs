//! What background jobs set aside, for ops and admins to look into.

use super::Portal;
use super::sla_settings::CONFIGURING;
use crate::domain::StaffMember;
use crate::error::AppError;
use crate::store::set_aside::{self, SetAside};

/// The newest set-aside work (at most 200).
pub async fn recent(portal: &Portal, member: &StaffMember) -> Result<Vec<SetAside>, AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    Ok(set_aside::recent(&mut conn, 200).await?)
}
