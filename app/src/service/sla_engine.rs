//! The SLA engine's sweep: fire the warnings, breaches and escalations that
//! are due, each exactly once.

use super::Portal;
use crate::domain::CaseReference;
use crate::domain::sla::alerts::alerts_for;
use crate::error::AppError;
use crate::store::{StoreError, cases, events, outbox};
use jiff::Timestamp;

/// How many due cases one sweep takes on; the rest wait for the next.
const BATCH: i64 = 200;

/// Fires everything due at `now`; returns how many cases changed.
pub async fn sweep(portal: &Portal, now: Timestamp) -> Result<usize, AppError> {
    let due = {
        let mut conn = portal.store.read().await?;
        cases::due_for_sla(&mut conn, now, BATCH).await?
    };
    let mut changed = 0;
    for reference in due {
        match fire(portal, &reference, now).await {
            Ok(true) => changed += 1,
            Ok(false) => {}
            // Another instance fired it first: the version check refused ours.
            Err(StoreError::Conflict(_)) => {}
            Err(error) => tracing::error!(%reference, %error, "SLA sweep failed for a case"),
        }
    }
    Ok(changed)
}

/// Decides and stores one case's due steps in one transaction. The case's
/// version check makes the claim: if anyone changed the case since we read
/// it, nothing is written and nothing fires twice.
async fn fire(
    portal: &Portal,
    reference: &CaseReference,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let mut tx = portal.store.begin().await?;
    let stored = cases::find_by_reference(&mut tx, reference).await?;
    let fired = stored
        .case
        .on_deadlines(&portal.rules(), &*portal.calendar(), now);
    let mut case = stored.case.clone();
    fired.iter().for_each(|e| case.evolve(e));
    let next = case.next_deadline(&portal.rules(), &*portal.calendar());
    events::append(&mut tx, stored.id, &fired).await?;
    // Alerts are stored with their cause, so none is lost or sent for nothing.
    outbox::add_alerts(&mut tx, stored.id, &alerts_for(&case, &fired), now).await?;
    cases::update(&mut tx, &stored, &case, next, now).await?;
    tx.commit().await?;
    for event in &fired {
        tracing::info!(%reference, event = event.kind.code(), "SLA engine");
    }
    Ok(!fired.is_empty())
}
