//! Turns domain state into the worded data that pages and the API show.

use crate::api::dto::{CaseStatus, GuaranteeView, HistoryItem, QueueItem, StaffCase, TimelineItem};
use crate::domain::{Actor, Case, Event, EventKind, Promise, ResponsePolicy, countdown, wording};
use jiff::Timestamp;
use jiff::tz::TimeZone;

pub fn promise(case: &Case) -> Promise {
    Promise::for_case(case, &ResponsePolicy::default_for(case.severity))
}

pub fn zone_label(zone: &TimeZone) -> String {
    zone.iana_name().unwrap_or("UTC").to_owned()
}

pub fn guarantee_view(case: &Case, zone: &TimeZone, now: Timestamp) -> Option<GuaranteeView> {
    let guarantee = promise(case).guarantee()?;
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

pub fn case_status(case: &Case, events: &[Event], zone: &TimeZone, now: Timestamp) -> CaseStatus {
    let promise = promise(case);
    let timeline = events
        .iter()
        .filter_map(|event| {
            let (title, body) = wording::timeline_entry(event)?;
            Some(TimelineItem {
                at: event.at,
                at_label: format!(
                    "{} {}",
                    wording::format_time(event.at, zone),
                    zone_label(zone)
                ),
                kind: event.kind.code().to_owned(),
                title,
                body,
            })
        })
        .rev()
        .collect();
    CaseStatus {
        reference: case.reference.to_string(),
        subject: case.subject.clone(),
        severity_words: case.severity.customer_words().to_owned(),
        stage: case.stage,
        stage_label: wording::stage_label(case.stage).to_owned(),
        stage_explanation: wording::stage_explanation(case.stage).to_owned(),
        next_step: wording::next_step(&promise, zone),
        guarantee: guarantee_view(case, zone, now),
        timeline,
        awaiting_answer: promise == Promise::AwaitingConfirmation,
    }
}

pub fn queue_item(case: &Case, zone: &TimeZone, now: Timestamp) -> QueueItem {
    let due_at = promise(case).guarantee().map(|g| g.due_at);
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
        reopen_count: case.reopen_count,
    }
}

pub fn staff_case(case: &Case, events: &[Event], zone: &TimeZone) -> StaffCase {
    let history = events
        .iter()
        .map(|event| HistoryItem {
            at_label: wording::format_time(event.at, zone),
            who: match &event.actor {
                Actor::Customer => format!("{} (customer)", case.customer_name),
                Actor::Staff { name, .. } => name.clone(),
            },
            kind: event.kind.code().to_owned(),
            text: staff_text(&event.kind),
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
        next_step: wording::next_step(&promise(case), zone),
        history,
    }
}

/// How staff read an event: plain facts, internal words allowed.
fn staff_text(kind: &EventKind) -> String {
    match kind {
        EventKind::Created { channel, severity } => {
            format!("Raised through {} as {severity}.", channel.code())
        }
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
    }
}
