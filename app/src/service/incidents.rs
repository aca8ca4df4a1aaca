//! Major incidents: declare, staff the roles, link the affected cases,
//! publish situation updates to all of them on a promised cadence, resolve
//! every linked case at once, and close with a blameless review. Each step
//! is one transaction: the incident row first, then the linked case rows.

use super::{Portal, authority, secrets};
use crate::domain::authority::Power;
use crate::domain::incident::{
    Declaration, IncidentError, IncidentReference, IncidentRole, Review,
};
use crate::domain::validation::bounded_text;
use crate::domain::{Actor, FieldError, FieldErrors, StaffMember};
use crate::error::AppError;
use crate::store::incidents::{self, NewIncident, StoredIncident};
use crate::store::{Conn, StoreError, outbox, staff};
use jiff::Timestamp;

mod checklist;
mod known_problems;
mod linked_cases;
pub mod playbooks;
mod preview;
mod reminders;
mod sponsors_told;
mod view;

pub use checklist::{TaskChange, add_task, change_task};
pub use known_problems::{known_problems, show_on_raise_form};
pub(crate) use linked_cases::leave_on_reopen;
use linked_cases::still_open;
pub use linked_cases::{Linked, MAX_LINKS, UpdateRequest, link, publish, resolve};
pub use preview::{UpdatePreview, preview};
pub use reminders::remind;
pub(crate) use view::{UpdateReader, update_context};
pub use view::{list, notice, open_to_link, war_room};

/// What a commander sends to declare.
#[derive(Clone, Debug, Default)]
pub struct DeclareRequest {
    pub title: String,
    pub impact: String,
    pub commander_email: Option<String>,
    pub drill: bool,
    /// The playbook whose tasks become the checklist (`outage`, ...).
    pub kind: Option<String>,
}

/// Declares a major incident; the declarer commands unless they name
/// someone else. Executives hear of it at once. A kind brings its
/// playbook's tasks, owned by the commander until handed on.
pub async fn declare(
    portal: &Portal,
    member: &StaffMember,
    request: DeclareRequest,
    now: Timestamp,
) -> Result<IncidentReference, AppError> {
    let declaration = Declaration::parse(&request.title, &request.impact, request.drill)?;
    let mut tx = portal.store.begin().await?;
    may_declare(portal, &mut tx, member).await?;
    let settings = playbooks::settings(&mut tx).await?;
    let playbook = playbooks::chosen(&settings, request.kind.as_deref())?;
    let commander = match request.commander_email.as_deref().map(str::trim) {
        // Given but empty is a mistake, not "me": leaving it out means me.
        Some("") => {
            return Err(invalid(
                "commander_email",
                "Give the commander's staff email, or leave it out to command it yourself.",
            ));
        }
        Some(email) => staff_by_email(&mut tx, "commander_email", email).await?,
        _ => member.clone(),
    };
    let reference = loop {
        let candidate = IncidentReference::from_random(secrets::random_bytes());
        if !incidents::reference_taken(&mut tx, &candidate).await? {
            break candidate;
        }
    };
    let id = incidents::insert(
        &mut tx,
        &NewIncident {
            reference: &reference,
            title: &declaration.title,
            impact: &declaration.impact,
            drill: declaration.drill,
            kind: playbook.map(|p| p.kind.as_str()),
            declared_by: member.staff_id,
            declared_at: now,
        },
    )
    .await?;
    let drill = if declaration.drill { " (drill)" } else { "" };
    let declared = format!(
        "Declared{drill}: {}. {}",
        declaration.title, declaration.impact
    );
    incidents::add_entry(
        &mut tx,
        id,
        "declared",
        &declared,
        Some(member.staff_id),
        now,
    )
    .await?;
    give_role(
        &mut tx,
        id,
        IncidentRole::Commander,
        &commander,
        member,
        now,
    )
    .await?;
    if let Some(playbook) = playbook {
        incidents::add_tasks(&mut tx, id, &playbook.tasks, Some(commander.staff_id), now).await?;
        let body = format!(
            "Checklist from the {} playbook: {} tasks.",
            playbook.name,
            playbook.tasks.len()
        );
        incidents::add_entry(&mut tx, id, "task", &body, Some(member.staff_id), now).await?;
    }
    let message = format!(
        "Major incident {reference}{drill} declared by {}: {}",
        member.name, declaration.title
    );
    outbox::add_general_alert(&mut tx, "role:executive", "major_incident", &message, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(reference.as_str());
    tracing::info!(%reference, by = %member.email, drill = declaration.drill, "major incident declared");
    Ok(reference)
}

/// Hands a role to the member with `email`; the previous holder's time
/// stays on record.
pub async fn hand_role(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    role: &str,
    email: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let role = IncidentRole::parse(role).map_err(|e| FieldErrors(vec![e]))?;
    let mut tx = portal.store.begin().await?;
    let stored = find_for_change(&mut tx, reference).await?;
    in_charge(portal, &mut tx, member, &stored).await?;
    stored.incident.check_not_closed().map_err(conflict)?;
    let holder = staff_by_email(&mut tx, "email", email.trim()).await?;
    give_role(&mut tx, stored.id, role, &holder, member, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.incident.reference.as_str());
    Ok(())
}

/// A decision or a note for the war room's timeline.
pub async fn add_entry(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    kind: &str,
    body: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let kind = match kind.trim() {
        "decision" | "note" | "task" => kind.trim().to_owned(),
        _ => {
            return Err(FieldErrors(vec![FieldError::new(
                "kind",
                "Choose decision, note or task.",
            )])
            .into());
        }
    };
    let body = bounded_text(
        "body",
        body,
        crate::domain::incident::MAX_TEXT,
        "Please write it down.",
    )
    .map_err(|e| FieldErrors(vec![e]))?;
    let mut tx = portal.store.begin().await?;
    let stored = find_for_change(&mut tx, reference).await?;
    stored.incident.check_not_closed().map_err(conflict)?;
    incidents::add_entry(&mut tx, stored.id, &kind, &body, Some(member.staff_id), now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.incident.reference.as_str());
    Ok(())
}

/// Saves the blameless review (again, if it changes).
pub async fn review(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    what_happened: &str,
    went_well: &str,
    we_change: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let review = Review::parse(what_happened, went_well, we_change)?;
    let mut tx = portal.store.begin().await?;
    let stored = find_for_change(&mut tx, reference).await?;
    stored.incident.check_not_closed().map_err(conflict)?;
    incidents::save_review(&mut tx, stored.id, &review, now).await?;
    incidents::add_entry(
        &mut tx,
        stored.id,
        "review",
        "Post-incident review written.",
        Some(member.staff_id),
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.incident.reference.as_str());
    Ok(())
}

/// Closes a resolved, reviewed incident. Linked cases still open keep it
/// open: they are never left behind silently.
pub async fn close(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    let stored = find_for_change(&mut tx, reference).await?;
    in_charge(portal, &mut tx, member, &stored).await?;
    stored.incident.check_close().map_err(conflict)?;
    if !stored.incident.drill {
        let open: Vec<String> = incidents::linked(&mut tx, stored.id)
            .await?
            .into_iter()
            .filter(|c| still_open(&c.stage))
            .map(|c| c.reference)
            .collect();
        if !open.is_empty() {
            return Err(AppError::Conflict(format!(
                "These linked cases are still open: {}. Resolve them or take them out of the incident first.",
                listed(&open)
            )));
        }
    }
    incidents::close(&mut tx, stored.id, now).await?;
    incidents::add_entry(
        &mut tx,
        stored.id,
        "closed",
        "Incident closed.",
        Some(member.staff_id),
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.incident.reference.as_str());
    Ok(())
}

async fn find_for_change(tx: &mut Conn, reference: &str) -> Result<StoredIncident, AppError> {
    let reference = IncidentReference::parse(reference).ok_or(AppError::NotFound)?;
    Ok(incidents::find_for_change(tx, &reference).await?)
}

/// Declaring needs the authority matrix's power, at any tier.
async fn may_declare(
    portal: &Portal,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<(), AppError> {
    let matrix = authority::matrix(conn).await?;
    let tiers: Vec<_> = portal.rules().tiers.all().collect();
    matrix
        .check_anywhere(member.role, Power::DeclareMajorIncident, &tiers)
        .map_err(AppError::NotAllowed)
}

/// Running an incident is for its role holders and for whoever may declare one.
async fn in_charge(
    portal: &Portal,
    conn: &mut Conn,
    member: &StaffMember,
    stored: &StoredIncident,
) -> Result<(), AppError> {
    let holds = incidents::holdings(conn, stored.id)
        .await?
        .iter()
        .any(|h| h.until.is_none() && h.person.staff_id == member.staff_id);
    if holds {
        return Ok(());
    }
    may_declare(portal, conn, member).await.map_err(|_| {
        AppError::NotAllowed(
            "Only the incident's role holders, and those who may declare a major incident, run it."
                .to_owned(),
        )
    })
}

async fn give_role(
    tx: &mut Conn,
    incident_id: i64,
    role: IncidentRole,
    holder: &StaffMember,
    by: &StaffMember,
    now: Timestamp,
) -> Result<(), AppError> {
    let before = incidents::hand_role(tx, incident_id, role, holder.staff_id, now).await?;
    if before == Some(holder.staff_id) {
        return Ok(());
    }
    let name = &holder.name;
    let body = match before {
        Some(_) => format!("{} handed over to {name}.", role.label()),
        None => format!("{}: {name}.", role.label()),
    };
    incidents::add_entry(tx, incident_id, "role", &body, Some(by.staff_id), now).await?;
    let card = playbooks::settings(tx).await?.card(role);
    let message = format!(
        "You are now {} of a major incident. Now: {} Next: {} Never: {}",
        role.label().to_lowercase(),
        card.now,
        card.next,
        card.never
    );
    outbox::add_general_alert(
        tx,
        &format!("staff:{}", holder.staff_id),
        "incident_role",
        &message,
        now,
    )
    .await?;
    Ok(())
}

async fn staff_by_email(
    conn: &mut Conn,
    field: &str,
    email: &str,
) -> Result<StaffMember, AppError> {
    match staff::find_by_email(conn, email).await {
        Ok(member) => Ok(member),
        Err(StoreError::NotFound) => Err(invalid(field, "No member of staff has that email.")),
        Err(other) => Err(other.into()),
    }
}

fn actor(member: &StaffMember) -> Actor {
    Actor::Staff {
        id: member.staff_id,
        name: member.name.clone(),
    }
}

fn conflict(error: IncidentError) -> AppError {
    AppError::Conflict(error.to_string())
}

fn invalid(field: &str, message: &str) -> AppError {
    FieldErrors(vec![FieldError::new(field, message)]).into()
}

/// At most ten references, then how many more.
fn listed(references: &[String]) -> String {
    let shown: Vec<&str> = references.iter().take(10).map(String::as_str).collect();
    match references.len().saturating_sub(10) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}
