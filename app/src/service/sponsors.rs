//! Executive sponsors in force: key accounts with their sponsor rotations,
//! kept with the other settings and edited by ops and admins. When a case
//! meets the rules, the sponsor on duty is called in once: an event in the
//! case history, a console alert, and a briefing by email from the
//! `sponsor_briefing` template.

use super::{Portal, templates};
use crate::domain::StaffMember;
use crate::domain::sla::alerts::SlaAlert;
use crate::domain::sponsor::SponsorSettings;
use crate::domain::template::{Locale, TemplateChannel, TemplateContext, TemplateKind};
use crate::domain::{Actor, Case, Event, EventKind, FieldError, FieldErrors, wording};
use crate::error::AppError;
use crate::store::outbox::{self, Delivery, Route};
use crate::store::{Conn, StoreError, events, sla_settings, staff};
use crate::views::{SponsorAccountView, SponsorPage};
use jiff::Timestamp;

/// The setting's name beside the SLA calendar, authority and RACI.
pub const SPONSORS: &str = "sponsors";

/// What configuring here means, for the refusal.
pub const CONFIGURING: &str = "change key accounts and their sponsors";

/// The settings in force: the saved ones, or none (no key accounts).
pub async fn settings(conn: &mut Conn) -> Result<SponsorSettings, StoreError> {
    let saved = sla_settings::get(conn, SPONSORS).await?;
    Ok(from_saved(saved.as_ref().map(|s| s.source.as_str())))
}

/// The settings a saved source (or none) puts in force.
pub fn from_saved(source: Option<&str>) -> SponsorSettings {
    match source {
        Some(source) => SponsorSettings::from_json(source).unwrap_or_else(|error| {
            // Saving validates, so this is a hand-edited database.
            tracing::error!(%error, "the saved sponsor settings are broken; using none");
            SponsorSettings::default()
        }),
        None => SponsorSettings::default(),
    }
}

pub fn parse(source: &str) -> Result<SponsorSettings, AppError> {
    SponsorSettings::from_json(source)
        .map_err(|e| AppError::Invalid(FieldErrors(vec![FieldError::new("json", &e)])))
}

/// Key accounts, who is on duty today, and the settings as JSON.
pub async fn page(
    portal: &Portal,
    member: &StaffMember,
    now: Timestamp,
) -> Result<SponsorPage, AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    let settings = settings(&mut conn).await?;
    let saved = sla_settings::get(&mut conn, SPONSORS).await?;
    let today = now.to_zoned(portal.zone.clone()).date();
    Ok(SponsorPage {
        accounts: settings
            .accounts
            .iter()
            .map(|a| SponsorAccountView {
                name: a.name.clone(),
                domain: a.domain.clone(),
                on_duty: a.sponsor_on(today).map(|r| r.email.clone()),
            })
            .collect(),
        json: settings.to_json(),
        updated: saved.map(|s| super::present::changed_label(&s, &portal.zone)),
    })
}

/// Puts new settings in force, with an audit record.
pub async fn save(
    portal: &Portal,
    member: &StaffMember,
    settings: &SponsorSettings,
    now: Timestamp,
) -> Result<(), AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut tx = portal.store.begin().await?;
    sla_settings::put(&mut tx, SPONSORS, &settings.to_json(), &member.email, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(by = %member.email, "sponsor settings changed");
    Ok(())
}

/// Calls in the sponsor when `case` (its state after `new_events`) first
/// meets the rules: appends the event to both, and queues the alert and
/// the briefing in the caller's transaction.
pub async fn engage_if_needed(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    case: &mut Case,
    new_events: &mut Vec<Event>,
    now: Timestamp,
) -> Result<(), StoreError> {
    if case.sponsor.is_some() {
        return Ok(());
    }
    let settings = settings(conn).await?;
    engage_with(portal, conn, &settings, case_id, case, new_events, now).await
}

/// `engage_if_needed` with the settings already read (once for a batch).
pub async fn engage_with(
    portal: &Portal,
    conn: &mut Conn,
    settings: &SponsorSettings,
    case_id: i64,
    case: &mut Case,
    new_events: &mut Vec<Event>,
    now: Timestamp,
) -> Result<(), StoreError> {
    if case.sponsor.is_some() {
        return Ok(());
    }
    let today = now.to_zoned(portal.zone.clone()).date();
    let Some(engagement) = settings.engagement(case, today) else {
        return Ok(());
    };
    let event = Event {
        at: now,
        actor: Actor::System,
        kind: EventKind::SponsorEngaged {
            email: engagement.sponsor.email.clone(),
            account: engagement.account.name.clone(),
            reason: engagement.reason.clone(),
        },
    };
    case.evolve(&event);
    new_events.push(event);

    let mut history = events::for_case(conn, case_id).await?;
    history.extend(new_events.iter().cloned());
    let case_url = format!(
        "{}/staff/cases/{}",
        portal.notify.public_url, case.reference
    );
    let context = briefing_context(
        portal,
        case,
        &history,
        &engagement.account.name,
        &engagement.reason,
        &settings.ask,
        &case_url,
    );
    let locale = Locale::english();
    let render = |channel| {
        templates::render_live(
            portal,
            TemplateKind::SponsorBriefing,
            channel,
            &locale,
            &context,
            now,
        )
    };
    let subject = render(TemplateChannel::EmailSubject).await;
    let body = render(TemplateChannel::EmailBody).await;
    let email = engagement.sponsor.email.clone();
    // A sponsor with a staff account also sees it in the console.
    if let Ok(member) = staff::find_by_email(conn, &email).await {
        let alert = SlaAlert {
            recipient: format!("staff:{}", member.staff_id),
            kind: "sponsor_briefing",
            message: format!("{}: {}", case.reference, engagement.reason),
        };
        outbox::add_alerts(conn, case_id, &[alert], now).await?;
    }
    if portal.notify.email {
        let delivery = Delivery {
            case_id: Some(case_id),
            route: Route::Email,
            kind: "sponsor_briefing".to_owned(),
            recipient: email,
            subject: subject.lines().next().unwrap_or_default().to_owned(),
            message: body,
            unsubscribe_url: String::new(),
        };
        outbox::enqueue(conn, &delivery, now).await?;
    }
    tracing::info!(reference = %case.reference, reason = %engagement.reason, "sponsor called in");
    Ok(())
}

/// Every placeholder of the briefing, from the case and its history.
fn briefing_context(
    portal: &Portal,
    case: &Case,
    history: &[Event],
    account: &str,
    reason: &str,
    ask: &str,
    case_url: &str,
) -> TemplateContext {
    let kind = TemplateKind::SponsorBriefing;
    let timeline = history
        .iter()
        .filter_map(|e| {
            let what = timeline_words(&e.kind)?;
            Some(format!(
                "{}: {what}",
                wording::format_time(e.at, &portal.zone)
            ))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut context = TemplateContext::new(kind);
    for placeholder in kind.placeholders() {
        let value = match placeholder.name {
            "account" => account.to_owned(),
            "customer_name" => case.customer_name.clone(),
            "reference" => case.reference.to_string(),
            "subject" => case.subject.clone(),
            "severity" => case.severity.code().to_owned(),
            "impact" => case.description.clone(),
            "timeline" => timeline.clone(),
            "reason" => reason.to_owned(),
            "ask" => ask.to_owned(),
            "case_url" => case_url.to_owned(),
            _ => String::new(),
        };
        if let Err(error) = context.set(placeholder.name, value) {
            tracing::error!(%error, "briefing placeholders are out of step with the template");
        }
    }
    context
}

/// The steps a sponsor cares about, in a few words each.
fn timeline_words(kind: &EventKind) -> Option<String> {
    Some(match kind {
        EventKind::Created {
            channel, severity, ..
        } => {
            format!("raised by {} as {severity}", channel.code())
        }
        EventKind::SeverityChanged { from, to } => format!("re-rated {from} → {to}"),
        EventKind::Escalated { to, reason, .. } => format!("escalated to {to}: {reason}"),
        EventKind::Deescalated { to, .. } => format!("handed back to {to}"),
        EventKind::PublicUpdate { .. } => "we updated the customer".to_owned(),
        EventKind::CustomerMessage { .. } => "the customer wrote to us".to_owned(),
        EventKind::Solved { .. } => "marked solved".to_owned(),
        EventKind::Reopened { reason } => format!("reopened by the customer: {reason}"),
        EventKind::SlaBreached { target } => format!("missed our {} promise", target.label()),
        EventKind::SwarmStarted { .. } => "swarm started".to_owned(),
        EventKind::SponsorEngaged { email, .. } => format!("sponsor {email} called in"),
        _ => return None,
    })
}
