//! The next-update promise as a clock: the comms lead is reminded before
//! it falls due, and a promise that passes without an update is recorded
//! and put to the commander. Each mark is claimed by one statement, so with
//! several processes each fires once.

use crate::domain::incident::{IncidentRole, REMINDER_LEAD};
use crate::domain::wording;
use crate::service::Portal;
use crate::store::incidents::{self, DuePromise};
use crate::store::{Conn, StoreError, outbox};
use jiff::Timestamp;

/// Sends the reminders and records the missed promises due at `now`;
/// returns when the next one falls due, for the caller's sleep.
pub async fn remind(portal: &Portal, now: Timestamp) -> Result<Option<Timestamp>, StoreError> {
    // A read first: the engine wakes on every case change, and the writer
    // is only worth taking when a promise needs attention.
    let mut conn = portal.store.read().await?;
    let next = incidents::next_promise(&mut conn, REMINDER_LEAD).await?;
    drop(conn);
    if next.is_none_or(|at| at > now) {
        return Ok(next);
    }
    let mut tx = portal.store.begin().await?;
    let until = now.checked_add(REMINDER_LEAD).unwrap_or(now);
    for due in incidents::claim_reminders(&mut tx, now, until).await? {
        let when = wording::format_time(due.next_update_at, &portal.zone);
        let message = format!(
            "The next update on major incident {} ({}) is promised by {when}. Publish it before then.",
            due.reference, due.title
        );
        alert(
            &mut tx,
            &due,
            IncidentRole::CommsLead,
            "incident_update_due",
            &message,
            now,
        )
        .await?;
    }
    for due in incidents::claim_missed(&mut tx, now).await? {
        let when = wording::format_time(due.next_update_at, &portal.zone);
        let note = format!("The update promised by {when} was missed.");
        incidents::add_entry(&mut tx, due.incident_id, "missed_update", &note, None, now).await?;
        let message = format!(
            "Major incident {} ({}): the update promised by {when} was missed. Customers are waiting.",
            due.reference, due.title
        );
        alert(
            &mut tx,
            &due,
            IncidentRole::Commander,
            "incident_update_missed",
            &message,
            now,
        )
        .await?;
    }
    let next = incidents::next_promise(&mut tx, REMINDER_LEAD).await?;
    tx.commit().await?;
    Ok(next)
}

/// To the role's holder, or to the commander when the role is empty.
async fn alert(
    tx: &mut Conn,
    due: &DuePromise,
    role: IncidentRole,
    kind: &str,
    message: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let holder = match incidents::holder(tx, due.incident_id, role).await? {
        Some(holder) => Some(holder),
        None => incidents::holder(tx, due.incident_id, IncidentRole::Commander).await?,
    };
    let recipient = match holder {
        Some(person) => format!("staff:{}", person.staff_id),
        None => "role:manager".to_owned(),
    };
    outbox::add_general_alert(tx, &recipient, kind, message, now).await
}
