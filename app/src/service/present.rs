//! Turns domain state into the worded data that pages and the API show.

use super::templates::StatusWords;
use crate::domain::ladder::TierLadder;
use crate::domain::management::ManagementLevel;
use crate::domain::sla::{BusinessTime, SlaClock};
use crate::domain::{Actor, Case, Event, EventKind, HandoffNote, Promise, countdown, wording};
use crate::views::{
    CaseStatus, ClockView, GuaranteeView, HandoffView, HistoryItem, QueueItem, StaffCase,
    TimelineItem,
};
use jiff::Timestamp;
use jiff::tz::TimeZone;

pub fn promise(case: &Case, calendar: &dyn BusinessTime) -> Promise {
    Promise::for_case(case, calendar)
}

pub fn zone_label(zone: &TimeZone) -> String {
    zone.iana_name().unwrap_or("UTC").to_owned()
}

/// "Fri 27 Nov, 01:16 by ops@example.com": who last changed a setting.
pub fn changed_label(saved: &crate::store::sla_settings::SavedSetting, zone: &TimeZone) -> String {
    format!(
        "{} by {}",
        wording::format_time(saved.updated_at, zone),
        saved.updated_by
    )
}

pub fn guarantee_view(
    case: &Case,
    calendar: &dyn BusinessTime,
    zone: &TimeZone,
    now: Timestamp,
) -> Option<GuaranteeView> {
    let guarantee = promise(case, calendar).guarantee()?;
    let remaining = guarantee.due_at.as_second() - now.as_second();
    Some(GuaranteeView {
        kind: guarantee.kind,
        due_at: guarantee.due_at,
        lead: wording::guarantee_lead(guarantee.kind).to_owned(),
        due_label: wording::format_time(guarantee.due_at, zone),
        zone_label: zone_label(zone),
        remaining: countdown::describe(remaining),
    })
}

/// `words` are the templated texts (see `templates::status_words`).
pub fn case_status(
    case: &Case,
    words: StatusWords,
    calendar: &dyn BusinessTime,
    zone: &TimeZone,
    now: Timestamp,
) -> CaseStatus {
    let promise = promise(case, calendar);
    let timeline = words
        .timeline
        .into_iter()
        .map(|line| TimelineItem {
            at: line.at,
            at_label: format!(
                "{} {}",
                wording::format_time(line.at, zone),
                zone_label(zone)
            ),
            kind: line.kind.to_owned(),
            title: line.title,
            body: line.body,
        })
        .rev()
        .collect();
    CaseStatus {
        reference: case.reference.to_string(),
        subject: case.subject.clone(),
        severity: case.severity,
        severity_words: case.severity.customer_words().to_owned(),
        stage: case.stage,
        stage_label: words.stage_label,
        stage_explanation: words.stage_explanation,
        acknowledgement: words.acknowledgement,
        next_step: words.next_step,
        guarantee: guarantee_view(case, calendar, zone, now).map(|mut g| {
            if let Some(lead) = words.guarantee_lead {
                g.lead = lead;
            }
            g
        }),
        timeline,
        awaiting_answer: promise == Promise::AwaitingConfirmation,
        invited: Vec::new(),
        version: -1,
        incident: None,
    }
}

pub fn queue_item(
    case: &Case,
    calendar: &dyn BusinessTime,
    zone: &TimeZone,
    now: Timestamp,
) -> QueueItem {
    let due_at = promise(case, calendar).guarantee().map(|g| g.due_at);
    QueueItem {
        reference: case.reference.to_string(),
        subject: case.subject.clone(),
        customer_name: case.customer_name.clone(),
        severity: case.severity,
        stage: case.stage,
        due_at,
        due_label: due_at
            .map(|at| format!("{} {}", wording::format_time(at, zone), zone_label(zone))),
        overdue: due_at.is_some_and(|at| at <= now),
        tier: case.tier.code().to_owned(),
        at_risk: clock_targets(case.clocks.at_risk()),
        breached: clock_targets(case.clocks.breached()),
        reopen_count: case.reopen_count,
        assignee_name: case.assignee.as_ref().map(|a| a.name.clone()),
        escalation_type: case.escalation_type.clone(),
        major_incident: case.major_incident_at.is_some(),
        overseen_by: case.management.map(|l| l.label().to_owned()),
    }
}

/// `next_step` is what the customer reads (see `templates::next_step`).
pub fn staff_case(
    case: &Case,
    events: &[Event],
    next_step: String,
    calendar: &dyn BusinessTime,
    zone: &TimeZone,
    ladder: &TierLadder,
) -> StaffCase {
    let history = events
        .iter()
        .map(|event| HistoryItem {
            at_label: wording::format_time(event.at, zone),
            // Clock bookkeeping is the SLA engine's, whoever's action caused it.
            who: if is_clock(&event.kind) {
                "SLA engine".to_owned()
            } else {
                actor_name(case, &event.actor)
            },
            kind: event.kind.code().to_owned(),
            text: staff_text(&event.kind),
            message: is_message(&event.kind),
            public: event.kind.is_public(),
            by_customer: matches!(event.actor, Actor::Customer),
        })
        .collect();
    StaffCase {
        reference: case.reference.to_string(),
        subject: case.subject.clone(),
        description: case.description.clone(),
        customer_name: case.customer_name.clone(),
        customer_email: case.customer_email.clone(),
        severity: case.severity,
        channel: case.channel.code().to_owned(),
        stage: case.stage,
        next_step,
        tier: case.tier.code().to_owned(),
        clocks: case
            .clocks
            .0
            .iter()
            .map(|clock| clock_view(clock, calendar, zone))
            .collect(),
        history,
        assignee_name: case.assignee.as_ref().map(|a| a.name.clone()),
        latest_handoff: latest_handoff(case, events, zone),
        tiers_above: ladder
            .above(case.tier)
            .iter()
            .map(|t| t.code().to_owned())
            .collect(),
        // The next tier down first: the usual hand-back.
        tiers_below: ladder
            .below(case.tier)
            .iter()
            .map(|t| t.code().to_owned())
            .collect(),
        escalation_type: case.escalation_type.clone(),
        raci: None,
        invited: Vec::new(),
        major_incident_since: case
            .major_incident_at
            .map(|at| wording::format_time(at, zone)),
        management: case.management.map(level_choice),
        version: 0,
        account: crate::domain::report::account_of(&case.customer_email),
        sponsor: case.sponsor.clone(),
        management_above: ManagementLevel::ALL
            .into_iter()
            .filter(|l| case.management.is_none_or(|now| *l > now))
            .map(level_choice)
            .collect(),
    }
}

fn actor_name(case: &Case, actor: &Actor) -> String {
    match actor {
        Actor::Customer => format!("{} (customer)", case.customer_name),
        Actor::Staff { name, .. } => name.clone(),
        Actor::System => "Baton".to_owned(),
    }
}

/// The newest tier move that carries a handoff note.
fn latest_handoff(case: &Case, events: &[Event], zone: &TimeZone) -> Option<HandoffView> {
    events.iter().rev().find_map(|event| {
        let level = |l: Option<ManagementLevel>| l.map_or("no management", ManagementLevel::label);
        let (movement, from, to, reason, note) = match &event.kind {
            EventKind::Escalated {
                from,
                to,
                reason,
                handoff_note: Some(note),
            } => ("Escalated", from.code(), to.code(), reason, note),
            EventKind::Deescalated {
                from,
                to,
                reason,
                handoff_note,
            } => ("Handed back", from.code(), to.code(), reason, handoff_note),
            EventKind::ManagementEscalated {
                from,
                to,
                reason,
                handoff_note,
            } => (
                "Management brought in",
                level(*from),
                to.label(),
                reason,
                handoff_note,
            ),
            EventKind::ManagementDeescalated {
                from,
                to,
                reason,
                handoff_note,
            } => (
                "Management stepped back",
                from.label(),
                level(*to),
                reason,
                handoff_note,
            ),
            _ => return None,
        };
        Some(HandoffView {
            movement: movement.to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
            by: actor_name(case, &event.actor),
            at_label: format!(
                "{} {}",
                wording::format_time(event.at, zone),
                zone_label(zone)
            ),
            reason: reason.clone(),
            lines: note
                .lines()
                .into_iter()
                .map(|(label, text)| (label.to_owned(), text.to_owned()))
                .collect(),
        })
    })
}

fn level_choice(level: ManagementLevel) -> (String, String) {
    (level.code().to_owned(), level.label().to_owned())
}

/// How staff read an event: plain facts, internal words allowed.
fn staff_text(kind: &EventKind) -> String {
    match kind {
        EventKind::Created {
            channel,
            severity,
            escalation_type,
        } => {
            format!(
                "Raised through {} as {severity}, type {escalation_type}.",
                channel.code()
            )
        }
        EventKind::SeverityChanged { from, to } => format!("Severity changed {from} → {to}."),
        EventKind::ManagementEscalated { to, reason, .. } => {
            format!("Brought in management ({}): {reason}", to.label())
        }
        EventKind::ManagementDeescalated { to, reason, .. } => format!(
            "Management stepped back to {}: {reason}",
            to.map_or("none", ManagementLevel::label)
        ),
        EventKind::TypeChanged { from, to } => format!("Type changed {from} → {to}."),
        EventKind::SponsorEngaged {
            email,
            account,
            reason,
        } => format!("Executive sponsor {email} for {account} briefed: {reason}."),
        EventKind::PublicUpdate {
            body,
            waits_for_customer: true,
        } => {
            format!("Public update, now waiting for the customer: {body}")
        }
        EventKind::PublicUpdate { body, .. } => format!("Public update: {body}"),
        EventKind::Solved { summary } => format!("Marked solved: {summary}"),
        EventKind::Confirmed { rating, comment } => format!(
            "Customer confirmed the fix (rating: {}). {}",
            rating.map_or("none".to_owned(), |r| format!("{r}/5")),
            comment.as_deref().unwrap_or("")
        )
        .trim_end()
        .to_owned(),
        EventKind::Reopened { reason } => format!("Customer reopened the case: {reason}"),
        EventKind::CustomerMessage { body } => format!("Customer wrote: {body}"),
        EventKind::Escalated {
            from,
            to,
            reason,
            handoff_note,
        } => format!(
            "Escalated {from} → {to}: {reason}.{}",
            handoff_note.as_ref().map(handoff_text).unwrap_or_default()
        ),
        EventKind::Deescalated {
            from,
            to,
            reason,
            handoff_note,
        } => format!(
            "Handed back {from} → {to}: {reason}.{}",
            handoff_text(handoff_note)
        ),
        EventKind::InternalNote { body } => format!("Internal note: {body}"),
        EventKind::Assigned { name, .. } => format!("Assigned to {name}."),
        EventKind::ClockStarted { target, budget } => {
            format!(
                "SLA clock started: {} ({} business minutes).",
                target.label(),
                budget.as_secs() / 60
            )
        }
        EventKind::ClockPaused { target, reason } => {
            format!("SLA clock paused: {} ({reason}).", target.label())
        }
        EventKind::ClockResumed { target } => format!("SLA clock resumed: {}.", target.label()),
        EventKind::ClockStopped { target } => format!("SLA clock stopped: {}.", target.label()),
        EventKind::SlaWarned { target } => format!("SLA at risk: {}.", target.label()),
        EventKind::SlaBreached { target } => format!("SLA breached: {}.", target.label()),
        EventKind::SwarmStarted { facilitator } => {
            format!("Swarm started; {facilitator} facilitates.")
        }
        EventKind::SwarmClosed { summary, minutes } => format!(
            "Swarm closed after {}: {summary}",
            crate::domain::swarm::duration_words(*minutes)
        ),
        EventKind::CreditGranted { amount, reason } => {
            format!("Credit of {amount} granted: {reason}")
        }
        EventKind::MajorIncidentDeclared { summary } => {
            format!("Declared a major incident: {summary}")
        }
        EventKind::Worsened {
            what_changed,
            from,
            asked,
            rerated,
        } => {
            let outcome = if *rerated {
                format!("re-rated {from} to {asked} at once")
            } else {
                format!("asks {asked}, stays {from} until a person looks")
            };
            format!("Customer says it got worse ({outcome}): {what_changed}")
        }
        EventKind::IncidentLinked { incident, title } => {
            format!("Linked to major incident {incident}: {title}")
        }
        EventKind::IncidentLeft { incident, reason } => {
            format!("Left major incident {incident}: {reason}")
        }
    }
}

fn handoff_text(note: &HandoffNote) -> String {
    note.lines()
        .iter()
        .map(|(label, text)| format!(" {label}: {text}"))
        .collect::<Vec<_>>()
        .join(" ·")
}

fn clock_targets<'c>(clocks: impl Iterator<Item = &'c SlaClock>) -> Vec<String> {
    clocks.map(|c| c.target.label().to_owned()).collect()
}

fn clock_view(clock: &SlaClock, calendar: &dyn BusinessTime, zone: &TimeZone) -> ClockView {
    let state = match (&clock.paused, clock.is_running()) {
        (Some((_, reason)), _) => format!("paused: {reason}"),
        (None, true) => "running".to_owned(),
        (None, false) => "stopped".to_owned(),
    };
    ClockView {
        target: clock.target.label().to_owned(),
        state,
        due_label: clock
            .due_at(calendar)
            .map(|at| format!("{} {}", wording::format_time(at, zone), zone_label(zone))),
        warned: clock.warned,
        breached: clock.breached,
        due_at_ms: clock
            .is_running()
            .then(|| clock.due_at(calendar))
            .flatten()
            .map(|at| at.as_millisecond()),
        left: None,
    }
}

/// Somebody's words on the case, which the workspace shows as messages.
fn is_message(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::CustomerMessage { .. }
            | EventKind::Worsened { .. }
            | EventKind::PublicUpdate { .. }
            | EventKind::InternalNote { .. }
            | EventKind::Solved { .. }
            | EventKind::Reopened { .. }
            | EventKind::Confirmed { .. }
    )
}

fn is_clock(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::ClockStarted { .. }
            | EventKind::ClockPaused { .. }
            | EventKind::ClockResumed { .. }
            | EventKind::ClockStopped { .. }
            | EventKind::SlaWarned { .. }
            | EventKind::SlaBreached { .. }
    )
}
