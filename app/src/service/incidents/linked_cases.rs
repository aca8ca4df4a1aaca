//! What an incident does to its linked cases: linking them, carrying each
//! situation update to their pages and inboxes, resolving them together,
//! and letting one go when its customer reopens it.

use super::{actor, conflict, find_for_change, in_charge, invalid, listed};
use crate::domain::customer::UpdateBody;
use crate::domain::incident::SituationUpdate;
use crate::domain::validation::bounded_text;
use crate::domain::{CaseReference, Command, Event, EventKind, FieldErrors, StaffMember, Stage};
use crate::error::AppError;
use crate::service::{Portal, escalations, notify};
use crate::store::incidents;
use crate::store::{Conn, StoreError, cases, events};
use jiff::Timestamp;

/// The most cases one request may link.
pub const MAX_LINKS: usize = 10_000;

/// What linking did: how many cases joined now, how many were linked already.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linked {
    pub linked: usize,
    pub already: usize,
}

/// Links cases by reference. Every reference must name a case; the whole
/// request is refused otherwise, naming the ones that do not.
pub async fn link(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    references: &[String],
    now: Timestamp,
) -> Result<Linked, AppError> {
    if references.is_empty() || references.len() > MAX_LINKS {
        return Err(invalid(
            "references",
            &format!("Give between 1 and {MAX_LINKS} case references."),
        ));
    }
    let mut parsed = Vec::with_capacity(references.len());
    let mut unreadable = Vec::new();
    for raw in references {
        match CaseReference::parse(raw) {
            Some(r) => parsed.push(r),
            None => unreadable.push(raw.trim().to_owned()),
        }
    }
    if !unreadable.is_empty() {
        return Err(invalid(
            "references",
            &format!("These are not case references: {}.", listed(&unreadable)),
        ));
    }
    let mut tx = portal.store.begin().await?;
    let stored = find_for_change(&mut tx, reference).await?;
    in_charge(portal, &mut tx, member, &stored).await?;
    stored.incident.check_open().map_err(conflict)?;
    let found = cases::ids_by_reference(&mut tx, &parsed).await?;
    let missing: Vec<String> = parsed
        .iter()
        .filter(|r| !found.iter().any(|(_, f)| f == r.as_str()))
        .map(|r| r.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(invalid(
            "references",
            &format!("No case has these references: {}.", listed(&missing)),
        ));
    }
    let ids: Vec<i64> = found.iter().map(|(id, _)| *id).collect();
    let drill = stored.incident.drill;
    // Case rows before the links (one lock order with a customer's reopen).
    if !drill {
        cases::touch_many(&mut tx, &ids).await?;
    }
    let fresh = incidents::link(&mut tx, stored.id, &ids, member.staff_id, now).await?;
    let mut touched = Vec::new();
    if !fresh.is_empty() {
        let joined: Vec<&str> = found
            .iter()
            .filter(|(id, _)| fresh.contains(id))
            .map(|(_, r)| r.as_str())
            .collect();
        incidents::add_entry(
            &mut tx,
            stored.id,
            "linked",
            &format!("Linked {}.", joined.join(", ")),
            Some(member.staff_id),
            now,
        )
        .await?;
        if !drill {
            let event = [Event {
                at: now,
                actor: actor(member),
                kind: EventKind::IncidentLinked {
                    incident: stored.incident.reference.to_string(),
                    title: stored.incident.title.clone(),
                },
            }];
            let batch: Vec<(i64, &[Event])> = fresh.iter().map(|id| (*id, &event[..])).collect();
            events::append_many(&mut tx, &batch).await?;
            touched = joined.iter().map(|r| (*r).to_owned()).collect();
            super::sponsors_told::tell_sponsors(portal, &mut tx, stored.id, &stored.incident, now)
                .await?;
        }
    }
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.incident.reference.as_str());
    for reference in &touched {
        portal.committed(reference);
    }
    Ok(Linked {
        linked: fresh.len(),
        already: ids.len() - fresh.len(),
    })
}

/// The fields of a situation update, as typed.
#[derive(Clone, Debug, Default)]
pub struct UpdateRequest {
    pub affected: String,
    pub known: String,
    pub doing: String,
    pub next_update_at: String,
}

impl UpdateRequest {
    /// The update as publishing (or previewing) checks it.
    pub fn checked(&self, now: Timestamp) -> Result<SituationUpdate, FieldErrors> {
        SituationUpdate::parse(
            &self.affected,
            &self.known,
            &self.doing,
            &self.next_update_at,
            now,
        )
    }
}

/// Publishes an update to every linked case's page and, once per address,
/// by email; its promise becomes the incident's clock. Returns how many
/// addresses it reached (a drill: how many emails it kept).
pub async fn publish(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    request: UpdateRequest,
    now: Timestamp,
) -> Result<usize, AppError> {
    let update = request.checked(now)?;
    let mut tx = portal.store.begin().await?;
    let stored = find_for_change(&mut tx, reference).await?;
    in_charge(portal, &mut tx, member, &stored).await?;
    stored.incident.check_open().map_err(conflict)?;
    incidents::add_update(&mut tx, stored.id, &update, member.staff_id, now).await?;
    let summary = format!(
        "Update published. Affected: {} Known: {} Doing: {}",
        update.affected, update.known, update.doing
    );
    incidents::add_entry(
        &mut tx,
        stored.id,
        "update",
        &summary,
        Some(member.staff_id),
        now,
    )
    .await?;
    let linked = incidents::linked(&mut tx, stored.id).await?;
    if !stored.incident.drill {
        let ids: Vec<i64> = linked.iter().map(|c| c.case_id).collect();
        // Open pages see the new version and show the update.
        cases::touch_many(&mut tx, &ids).await?;
    }
    let reached =
        notify::situation_update(portal, &mut tx, stored.id, &stored.incident, &update, now)
            .await?;
    if !stored.incident.drill {
        notify::incident_webhooks(portal, &mut tx, &stored.incident, &update, &linked, now).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.incident.reference.as_str());
    if !stored.incident.drill {
        for case in &linked {
            portal.committed(&case.reference);
        }
    }
    // The new promise is a deadline for the reminders.
    portal.deadlines.notify_one();
    portal.notify.wake.notify_one();
    Ok(reached)
}

/// Resolves the incident and writes its resolution into every linked case
/// that is still open: each customer confirms or reopens their own case.
pub async fn resolve(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    summary: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let summary = bounded_text(
        "summary",
        summary,
        crate::domain::incident::MAX_TEXT,
        "Please say what fixed it, in words customers read.",
    )
    .map_err(|e| FieldErrors(vec![e]))?;
    let solved_words = UpdateBody::parse(&summary).map_err(|mut e| {
        e.field = "summary".to_owned();
        FieldErrors(vec![e])
    })?;
    let mut tx = portal.store.begin().await?;
    let stored = find_for_change(&mut tx, reference).await?;
    in_charge(portal, &mut tx, member, &stored).await?;
    stored.incident.check_open().map_err(conflict)?;
    incidents::resolve(&mut tx, stored.id, &summary, now).await?;
    incidents::add_entry(
        &mut tx,
        stored.id,
        "resolved",
        &summary,
        Some(member.staff_id),
        now,
    )
    .await?;
    let linked = incidents::linked(&mut tx, stored.id).await?;
    let mut solved = Vec::new();
    if !stored.incident.drill {
        for case in linked.iter().filter(|c| still_open(&c.stage)) {
            let Some(case_reference) = CaseReference::parse(&case.reference) else {
                continue;
            };
            let command = Command::MarkSolved {
                summary: solved_words.clone(),
            };
            escalations::apply_in(
                portal,
                &mut tx,
                &case_reference,
                &actor(member),
                command,
                now,
            )
            .await?;
            solved.push(case.reference.clone());
        }
    }
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.incident.reference.as_str());
    for reference in &solved {
        portal.committed(reference);
    }
    Ok(())
}

/// A customer reopened a linked case: it leaves the incident, with a note
/// in both timelines. Runs inside the reopen's transaction, after its case row.
pub(crate) async fn leave_on_reopen(
    tx: &mut Conn,
    case_id: i64,
    reason: &str,
    now: Timestamp,
) -> Result<Option<EventKind>, StoreError> {
    let Some(stored) = incidents::for_case(tx, case_id).await? else {
        return Ok(None);
    };
    incidents::leave(tx, stored.id, case_id, now).await?;
    let note = format!("A customer reopened a linked case, so it left the incident: {reason}");
    incidents::add_entry(tx, stored.id, "left", &note, None, now).await?;
    Ok(Some(EventKind::IncidentLeft {
        incident: stored.incident.reference.to_string(),
        reason: "The customer reopened the case.".to_owned(),
    }))
}

pub(super) fn still_open(stage: &str) -> bool {
    Stage::parse(stage).is_some_and(|s| !matches!(s, Stage::Resolved | Stage::Closed))
}
