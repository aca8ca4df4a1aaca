//! SLA alerts for the signed-in member: to them as assignee, or to their role.

use super::Portal;
use crate::domain::StaffMember;
use crate::domain::wording;
use crate::error::AppError;
use crate::store::outbox;
use crate::views::AlertView;

pub async fn for_member(portal: &Portal, member: &StaffMember) -> Result<Vec<AlertView>, AppError> {
    let mut conn = portal.store.read().await?;
    let notices = outbox::for_member(&mut conn, member.staff_id, member.role.code(), 100).await?;
    Ok(notices
        .into_iter()
        .map(|n| AlertView {
            kind: n.kind,
            message: n.message,
            at_label: wording::format_time(n.created_at, &portal.zone),
        })
        .collect())
}
