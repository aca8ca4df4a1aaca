//! A review's timeline, from the case's own events rather than memory: who
//! held it, each tier move with its handoff note, each clock.

use crate::domain::{Event, EventKind, wording};
use jiff::tz::TimeZone;

/// One line per event a reviewer needs, oldest first.
pub fn timeline_lines(events: &[Event], zone: &TimeZone) -> Vec<String> {
    events
        .iter()
        .filter_map(|event| {
            let what = match &event.kind {
                EventKind::Created {
                    channel, severity, ..
                } => format!("Raised by {} as {severity}.", channel.code()),
                EventKind::Assigned { name, .. } => format!("Held by {name}."),
                EventKind::Escalated {
                    from,
                    to,
                    reason,
                    handoff_note,
                } => {
                    let note = handoff_note
                        .as_ref()
                        .map(|n| {
                            n.lines()
                                .iter()
                                .map(|(label, text)| format!(" {label}: {text}"))
                                .collect::<String>()
                        })
                        .unwrap_or_default();
                    format!("Escalated {from} → {to}: {reason}.{note}")
                }
                EventKind::Deescalated {
                    from,
                    to,
                    reason,
                    handoff_note,
                } => {
                    let note: String = handoff_note
                        .lines()
                        .iter()
                        .map(|(label, text)| format!(" {label}: {text}"))
                        .collect();
                    format!("Handed back {from} → {to}: {reason}.{note}")
                }
                EventKind::SeverityChanged { .. } => "Severity changed.".to_owned(),
                EventKind::ClockStarted { target, .. } => {
                    format!("Clock started: {}.", target.label())
                }
                EventKind::ClockPaused { target, reason } => {
                    format!("Clock paused: {} ({reason}).", target.label())
                }
                EventKind::ClockResumed { target } => format!("Clock resumed: {}.", target.label()),
                EventKind::ClockStopped { target } => format!("Clock met: {}.", target.label()),
                EventKind::SlaWarned { target } => format!("SLA warning: {}.", target.label()),
                EventKind::SlaBreached { target } => format!("SLA missed: {}.", target.label()),
                EventKind::PublicUpdate { .. } => "Update to the customer.".to_owned(),
                EventKind::CustomerMessage { .. } => "The customer wrote.".to_owned(),
                EventKind::Worsened { .. } => "The customer said it got worse.".to_owned(),
                EventKind::Solved { .. } => "Solved.".to_owned(),
                EventKind::Reopened { .. } => "Reopened by the customer.".to_owned(),
                EventKind::Confirmed { .. } => "Confirmed solved by the customer.".to_owned(),
                EventKind::SwarmStarted { .. } => "A swarm started.".to_owned(),
                EventKind::IncidentLinked { .. } => "Linked to a major incident.".to_owned(),
                EventKind::ManagementEscalated { .. } => "Management brought in.".to_owned(),
                _ => return None,
            };
            let zone_name = zone.iana_name().unwrap_or("UTC");
            Some(format!(
                "{} {zone_name}: {what}",
                wording::format_time(event.at, zone)
            ))
        })
        .collect()
}
