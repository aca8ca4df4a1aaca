//! The war room for staff, and the wider-problem notice on a linked
//! case's status page for its customer.

use crate::domain::incident::{
    IncidentReference, IncidentState, SituationUpdate, keywords, match_score,
};
use crate::domain::template::{
    Locale, TemplateChannel, TemplateContext, TemplateKind, unescape_html,
};
use crate::domain::{StaffMember, wording};
use crate::error::AppError;
use crate::service::{Portal, present, templates};
use crate::store::incidents::{self, Entry, PublishedUpdate};
use crate::store::{Conn, StoreError};
use crate::views::{
    CustomerUpdateView, DrillStepView, IncidentEntryView, IncidentNotice, IncidentSummary,
    IncidentTaskView, IncidentView, IncidentsPage, LinkedCaseView, ReviewView, RoleHolderView,
    SituationUpdateView, SuggestedCaseView,
};
use jiff::Timestamp;

/// The latest incidents for the console, open ones first, and the
/// playbooks one may declare with.
pub async fn list(portal: &Portal, now: Timestamp) -> Result<IncidentsPage, AppError> {
    let mut conn = portal.store.read().await?;
    let rows = incidents::list(&mut conn, 100).await?;
    let playbooks = super::playbooks::settings(&mut conn)
        .await?
        .playbooks
        .into_iter()
        .map(|p| (p.kind, p.name))
        .collect();
    drop(conn);
    let label = |at: Timestamp| {
        format!(
            "{} {}",
            wording::format_time(at, &portal.zone),
            present::zone_label(&portal.zone)
        )
    };
    let incidents = rows
        .into_iter()
        .map(|(stored, linked_cases)| IncidentSummary {
            reference: stored.incident.reference.to_string(),
            title: stored.incident.title.clone(),
            drill: stored.incident.drill,
            state: stored.incident.state().code().to_owned(),
            declared_label: label(stored.incident.declared_at),
            linked_cases,
            next_update_label: stored.incident.next_update_at.map(label),
            promise_missed: stored.incident.promise_missed(now),
        })
        .collect();
    Ok(IncidentsPage {
        incidents,
        playbooks,
    })
}

/// The open incidents as (reference, title), a drill marked so, for the
/// queue's "link selected cases" choice.
pub async fn open_to_link(portal: &Portal) -> Result<Vec<(String, String)>, AppError> {
    let mut conn = portal.store.read().await?;
    let open = incidents::open_ones(&mut conn).await?;
    Ok(open
        .into_iter()
        .map(|stored| {
            let drill = if stored.incident.drill {
                " (drill)"
            } else {
                ""
            };
            (
                stored.incident.reference.to_string(),
                format!("{}{drill}", stored.incident.title),
            )
        })
        .collect())
}

/// Everything the war room shows, read in one go.
pub async fn war_room(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    now: Timestamp,
) -> Result<IncidentView, AppError> {
    let reference = IncidentReference::parse(reference).ok_or(AppError::NotFound)?;
    let mut conn = portal.store.read().await?;
    // The version first: a change while reading shows up as one more event.
    let version = incidents::version_of(&mut conn, &reference).await?;
    let stored = incidents::find(&mut conn, &reference).await?;
    let can_run = super::in_charge(portal, &mut conn, member, &stored)
        .await
        .is_ok();
    let settings = super::playbooks::settings(&mut conn).await?;
    let tasks = incidents::tasks(&mut conn, stored.id).await?;
    let holdings = incidents::holdings(&mut conn, stored.id).await?;
    let entries = incidents::entries(&mut conn, stored.id).await?;
    let updates = incidents::updates(&mut conn, stored.id).await?;
    let cases = incidents::linked(&mut conn, stored.id).await?;
    let suggestions = if stored.incident.state() == IncidentState::Open {
        let since = stored
            .incident
            .declared_at
            .checked_sub(SUGGEST_BEFORE)
            .unwrap_or(stored.incident.declared_at);
        let candidates = incidents::candidates(&mut conn, stored.id, since, 500).await?;
        suggest(&stored.incident, &cases, candidates)
    } else {
        Vec::new()
    };
    let rehearsed = if stored.incident.drill {
        incidents::rehearsals(&mut conn, stored.id).await?
    } else {
        Vec::new()
    };
    drop(conn);
    let label = |at: Timestamp| {
        format!(
            "{} {}",
            wording::format_time(at, &portal.zone),
            present::zone_label(&portal.zone)
        )
    };
    let incident = &stored.incident;
    Ok(IncidentView {
        reference: incident.reference.to_string(),
        title: incident.title.clone(),
        impact: incident.impact.clone(),
        drill: incident.drill,
        state: incident.state().code().to_owned(),
        declared_by: stored.declared_by.clone(),
        declared_at: incident.declared_at,
        declared_label: label(incident.declared_at),
        next_update_at: incident.next_update_at,
        next_update_label: incident.next_update_at.map(label),
        promise_missed: incident.promise_missed(now),
        roles: holdings
            .iter()
            .map(|h| {
                let card = settings.card(h.role);
                RoleHolderView {
                    role: h.role.code().to_owned(),
                    label: h.role.label().to_owned(),
                    name: h.person.name.clone(),
                    email: h.person.email.clone(),
                    since: h.since,
                    until: h.until,
                    card_now: card.now,
                    card_next: card.next,
                    card_never: card.never,
                }
            })
            .collect(),
        timeline: entries
            .iter()
            .map(|e| IncidentEntryView {
                kind: e.kind.clone(),
                body: e.body.clone(),
                author: e.author.clone(),
                at: e.at,
                at_label: label(e.at),
            })
            .collect(),
        updates: updates
            .iter()
            .map(|u| SituationUpdateView {
                affected: u.update.affected.clone(),
                known: u.update.known.clone(),
                doing: u.update.doing.clone(),
                next_update_at: u.update.next_update_at,
                next_update_label: label(u.update.next_update_at),
                published_by: u.published_by.clone(),
                published_at: u.published_at,
                published_label: label(u.published_at),
            })
            .collect(),
        cases: cases
            .into_iter()
            .map(|c| LinkedCaseView {
                reference: c.reference,
                subject: c.subject,
                stage: c.stage,
                customer_email: c.customer_email,
            })
            .collect(),
        resolution: incident.resolution.clone(),
        review: incident.review.as_ref().map(|r| ReviewView {
            what_happened: r.what_happened.clone(),
            went_well: r.went_well.clone(),
            we_change: r.we_change.clone(),
        }),
        drill_report: if incident.drill {
            drill_report(incident.declared_at, &entries)
        } else {
            Vec::new()
        },
        rehearsed,
        suggestions,
        kind: stored.kind.clone(),
        tasks: tasks
            .into_iter()
            .map(|t| IncidentTaskView {
                id: t.id,
                title: t.title,
                owner: t.owner.as_ref().map(|o| o.name.clone()),
                owner_email: t.owner.map(|o| o.email),
                done: t.done_at.is_some(),
                done_label: t.done_at.map(|at| match &t.done_by {
                    Some(by) => format!("done by {by}, {}", label(at)),
                    None => format!("done {}", label(at)),
                }),
            })
            .collect(),
        raise_notice: stored.raise_notice,
        version,
        can_run,
        review_draft: review_draft(&entries, &label),
    })
}

/// The war room's timeline, one line per entry with its time, as the
/// blameless review's first draft: the earliest lines that fit the field.
fn review_draft(entries: &[Entry], label: &impl Fn(Timestamp) -> String) -> String {
    let mut draft = String::new();
    for entry in entries {
        let line = format!("{}: {}\n", label(entry.at), entry.body);
        if draft.chars().count() + line.chars().count() > crate::domain::incident::MAX_TEXT {
            break;
        }
        draft.push_str(&line);
    }
    draft.trim_end().to_owned()
}

/// Cases raised this long before the declaration may be part of it: the
/// problem starts before anyone declares it.
const SUGGEST_BEFORE: jiff::SignedDuration = jiff::SignedDuration::from_hours(6);

/// The candidates that share the incident's words, best first, at most 20;
/// a customer domain that already has a linked case counts for more.
fn suggest(
    incident: &crate::domain::incident::Incident,
    linked: &[incidents::LinkedCase],
    candidates: Vec<incidents::Candidate>,
) -> Vec<SuggestedCaseView> {
    let words = keywords(&incident.title, &incident.impact);
    let domain = |email: &str| email.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase());
    let accounts: std::collections::HashSet<String> = linked
        .iter()
        .filter_map(|c| domain(&c.customer_email))
        .collect();
    let mut scored: Vec<(usize, SuggestedCaseView)> = candidates
        .into_iter()
        .filter_map(|c| {
            let same_account = domain(&c.customer_email).is_some_and(|d| accounts.contains(&d));
            let score = match_score(&words, &c.subject, &c.description, same_account);
            (score > 0).then(|| {
                let why = if same_account {
                    "shares the incident's words; its customer's company already has a linked case"
                } else {
                    "shares the incident's words"
                };
                let view = SuggestedCaseView {
                    reference: c.reference,
                    subject: c.subject,
                    customer_email: c.customer_email,
                    channel: c.channel,
                    why: why.to_owned(),
                };
                (score, view)
            })
        })
        .collect();
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored.into_iter().take(20).map(|(_, v)| v).collect()
}

/// The first time each step happened, in minutes from the declaration.
fn drill_report(declared_at: Timestamp, entries: &[Entry]) -> Vec<DrillStepView> {
    let steps = [
        ("role", "Roles staffed"),
        ("linked", "First cases linked"),
        ("update", "First update published"),
        ("resolved", "Resolved"),
        ("review", "Review written"),
        ("closed", "Closed"),
    ];
    steps
        .iter()
        .filter_map(|(kind, step)| {
            let first = entries.iter().find(|e| e.kind == *kind)?;
            Some(DrillStepView {
                step: (*step).to_owned(),
                minutes_from_declaration: first.at.duration_since(declared_at).as_mins(),
            })
        })
        .collect()
}

/// The notice on a linked case's page: the wider problem, every update
/// worded by the live template, and when the next comes. Never names staff.
pub async fn notice(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    reference: &str,
    now: Timestamp,
) -> Result<Option<IncidentNotice>, StoreError> {
    let Some(stored) = incidents::for_case(conn, case_id).await? else {
        return Ok(None);
    };
    let updates = incidents::updates(conn, stored.id).await?;
    let incident = &stored.incident;
    let zone = present::zone_label(&portal.zone);
    let mut views = Vec::with_capacity(updates.len());
    for update in updates.iter().rev() {
        views.push(customer_update(portal, reference, &incident.title, update, &zone, now).await);
    }
    let open = incident.state() == IncidentState::Open;
    let next = incident.next_update_at.filter(|at| open && *at > now);
    let lead = match next {
        Some(_) => next_update_lead(portal, now).await,
        None => String::new(),
    };
    Ok(Some(IncidentNotice {
        title: incident.title.clone(),
        impact: incident.impact.clone(),
        updates: views,
        next_update_by: next
            .map(|at| format!("{lead} {} ({zone})", wording::format_time(at, &portal.zone))),
        next_update_at: next,
        resolved: !open,
    }))
}

/// Who reads an update, and where their case is.
pub(crate) struct UpdateReader<'a> {
    pub customer_name: &'a str,
    pub reference: &'a str,
    pub status_url: &'a str,
}

/// The values of one `incident_update` message, for the page and the email
/// alike; `next_update_time` and `zone` come worded.
pub(crate) fn update_context(
    title: &str,
    update: &SituationUpdate,
    next_update_time: &str,
    zone: &str,
    reader: &UpdateReader<'_>,
) -> TemplateContext {
    let values = [
        ("customer_name", reader.customer_name),
        ("reference", reader.reference),
        ("title", title),
        ("affected", update.affected.as_str()),
        ("known", update.known.as_str()),
        ("doing", update.doing.as_str()),
        ("next_update_time", next_update_time),
        ("zone", zone),
        ("status_url", reader.status_url),
    ];
    let mut context = TemplateContext::new(TemplateKind::IncidentUpdate);
    for (name, value) in values {
        if let Err(error) = context.set(name, value) {
            tracing::error!(%error, "incident update placeholders are out of step");
        }
    }
    context
}

/// "We'll send you an update by", from the live `guarantee_lead` template.
async fn next_update_lead(portal: &Portal, now: Timestamp) -> String {
    match TemplateContext::new(TemplateKind::GuaranteeLead).with("guarantee", "next_update") {
        Ok(context) => unescape_html(
            &templates::render_live(
                portal,
                TemplateKind::GuaranteeLead,
                TemplateChannel::Web,
                &Locale::english(),
                &context,
                now,
            )
            .await,
        ),
        Err(error) => {
            tracing::error!(%error, "guarantee lead placeholders are out of step");
            String::new()
        }
    }
}

async fn customer_update(
    portal: &Portal,
    reference: &str,
    title: &str,
    published: &PublishedUpdate,
    zone: &str,
    now: Timestamp,
) -> CustomerUpdateView {
    let update = &published.update;
    let next = wording::format_time(update.next_update_at, &portal.zone);
    // The page is the customer's own: no name or link needed.
    let reader = UpdateReader {
        customer_name: "",
        reference,
        status_url: "",
    };
    let context = update_context(title, update, &next, zone, &reader);
    let text = templates::render_live(
        portal,
        TemplateKind::IncidentUpdate,
        TemplateChannel::Web,
        &Locale::english(),
        &context,
        now,
    )
    .await;
    CustomerUpdateView {
        at: published.published_at,
        at_label: format!(
            "{} ({zone})",
            wording::format_time(published.published_at, &portal.zone)
        ),
        affected: update.affected.clone(),
        known: update.known.clone(),
        doing: update.doing.clone(),
        // The page escapes it again.
        text: unescape_html(&text),
    }
}
