//! The incident's checklist in the war room: add a task, give it an owner,
//! tick it off (or open it again). Each change is a timeline entry.

use super::{find_for_change, in_charge, invalid, staff_by_email};
use crate::domain::FieldErrors;
use crate::domain::StaffMember;
use crate::domain::incident_playbook::MAX_TASK;
use crate::domain::validation::bounded_text;
use crate::error::AppError;
use crate::service::Portal;
use crate::store::{StoreError, incidents};
use jiff::Timestamp;

/// Adds a task, owned by `owner_email` or by nobody yet; returns its id.
pub async fn add_task(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    title: &str,
    owner_email: Option<&str>,
    now: Timestamp,
) -> Result<i64, AppError> {
    let title = bounded_text("title", title, MAX_TASK, "Say what needs doing.")
        .map_err(|e| FieldErrors(vec![e]))?;
    let mut tx = portal.store.begin().await?;
    let stored = find_for_change(&mut tx, reference).await?;
    in_charge(portal, &mut tx, member, &stored).await?;
    stored
        .incident
        .check_not_closed()
        .map_err(super::conflict)?;
    let owner = match owner_email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(email) => Some(staff_by_email(&mut tx, "owner_email", email).await?),
        None => None,
    };
    let ids = incidents::add_tasks(
        &mut tx,
        stored.id,
        std::slice::from_ref(&title),
        owner.as_ref().map(|o| o.staff_id),
        now,
    )
    .await?;
    let body = match &owner {
        Some(owner) => format!("Task added: {title} (owner: {}).", owner.name),
        None => format!("Task added: {title}."),
    };
    incidents::add_entry(
        &mut tx,
        stored.id,
        "task",
        &body,
        Some(member.staff_id),
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.incident.reference.as_str());
    Ok(ids.first().copied().unwrap_or_default())
}

/// What to change on a task: its owner, whether it is done, or both.
#[derive(Clone, Debug, Default)]
pub struct TaskChange {
    pub owner_email: Option<String>,
    pub done: Option<bool>,
}

pub async fn change_task(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    task_id: i64,
    change: TaskChange,
    now: Timestamp,
) -> Result<(), AppError> {
    if change.owner_email.is_none() && change.done.is_none() {
        return Err(invalid("done", "Give an owner_email, done, or both."));
    }
    let mut tx = portal.store.begin().await?;
    let stored = find_for_change(&mut tx, reference).await?;
    in_charge(portal, &mut tx, member, &stored).await?;
    stored
        .incident
        .check_not_closed()
        .map_err(super::conflict)?;
    let task = match incidents::task(&mut tx, stored.id, task_id).await {
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        other => other?,
    };
    let mut notes = Vec::new();
    if let Some(email) = change.owner_email.as_deref() {
        let email = email.trim();
        if email.is_empty() {
            return Err(invalid("owner_email", "Give the new owner's staff email."));
        }
        let owner = staff_by_email(&mut tx, "owner_email", email).await?;
        if task.owner.as_ref().map(|o| o.staff_id) != Some(owner.staff_id) {
            incidents::assign_task(&mut tx, task.id, owner.staff_id).await?;
            notes.push(format!("Task “{}” is now {}'s.", task.title, owner.name));
        }
    }
    if let Some(done) = change.done
        && done != task.done_at.is_some()
    {
        let finished = done.then_some((member.staff_id, now));
        incidents::finish_task(&mut tx, task.id, finished).await?;
        notes.push(if done {
            format!("Task done: {}.", task.title)
        } else {
            format!("Task open again: {}.", task.title)
        });
    }
    if notes.is_empty() {
        // Nothing changed: nothing to record.
        return Ok(());
    }
    let body = notes.join(" ");
    incidents::add_entry(
        &mut tx,
        stored.id,
        "task",
        &body,
        Some(member.staff_id),
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.incident.reference.as_str());
    Ok(())
}
