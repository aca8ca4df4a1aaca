//! Calls staff take for a customer: the case is the customer's, raised on the
//! phone channel, and an internal note says who took the call.

use super::staff_desk::{self, StaffAction};
use super::{Portal, escalations};
use crate::domain::Channel;
use crate::domain::StaffMember;
use crate::error::AppError;
use crate::views::{RaiseRequest, RaisedCase};
use jiff::Timestamp;

/// Parses the call by the web form's rules, raises the case and notes who
/// logged it.
pub async fn log_call(
    portal: &Portal,
    member: &StaffMember,
    request: &RaiseRequest,
    now: Timestamp,
) -> Result<RaisedCase, AppError> {
    let new = escalations::parse_raise(portal, request, Channel::Phone, now).await?;
    let raised = escalations::raise(portal, new, now).await?;
    let note = StaffAction::AddInternalNote {
        body: format!("Logged from a phone call by {}.", member.name),
    };
    // The case stands either way; a failed note must not make staff log the
    // call twice.
    if let Err(error) = staff_desk::act(portal, member, &raised.reference, note, now).await {
        tracing::error!(%error, reference = %raised.reference, "cannot note who logged the call");
    }
    Ok(raised)
}
