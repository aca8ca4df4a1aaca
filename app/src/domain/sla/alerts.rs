//! Who hears about SLA warnings and breaches: the case's assignee and the
//! role its escalation type's RACI matrix holds accountable.

use crate::domain::{Case, Event, EventKind, StaffRole};

/// One notification to send, written to the outbox with the events that caused it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlaAlert {
    /// `staff:{id}` or `role:{role}`.
    pub recipient: String,
    /// `sla_warning` or `sla_breach`.
    pub kind: &'static str,
    pub message: String,
}

/// The alerts a batch of SLA events calls for, `case` being the state after them.
pub fn alerts_for(case: &Case, fired: &[Event], accountable: StaffRole) -> Vec<SlaAlert> {
    let mut recipients = vec![format!("role:{}", accountable.code())];
    if let Some(assignee) = &case.assignee {
        recipients.insert(0, format!("staff:{}", assignee.staff_id));
    }
    let about = format!(
        "{} ({}, {}): {}",
        case.reference, case.severity, case.tier, case.subject
    );
    let mut alerts = Vec::new();
    for event in fired {
        let (kind, message) = match &event.kind {
            EventKind::SlaWarned { target } => (
                "sla_warning",
                format!("At risk: {} for {about}", target.label()),
            ),
            EventKind::SlaBreached { target } => (
                "sla_breach",
                format!("Breached: {} for {about}", target.label()),
            ),
            _ => continue,
        };
        alerts.extend(recipients.iter().map(|r| SlaAlert {
            recipient: r.clone(),
            kind,
            message: message.clone(),
        }));
    }
    alerts
}
