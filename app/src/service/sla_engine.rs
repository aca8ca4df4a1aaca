//! The SLA engine's sweep: fire the warnings, breaches and escalations that
//! are due, each exactly once.

use super::{Portal, SlaSettings, notify, raci};
use crate::domain::Actor;
use crate::domain::sla::alerts::alerts_for;
use crate::error::AppError;
use crate::store::cases::StoredCase;
use crate::store::{Conn, Store, StoreError, cases, events, outbox, set_aside};
use jiff::Timestamp;

/// How many due cases one transaction takes on.
pub const BATCH: i64 = 500;
/// Batches per sweep, so one sweep after long downtime still ends.
const MAX_BATCHES: usize = 200;

/// Fires everything due at `now`, batch after batch; returns how many cases changed.
pub async fn sweep(portal: &Portal, now: Timestamp) -> Result<usize, AppError> {
    let mut changed = 0;
    for _ in 0..MAX_BATCHES {
        let (seen, fired) = sweep_batch(portal, now, BATCH).await?;
        changed += fired;
        if seen < BATCH as usize || fired == 0 {
            break;
        }
    }
    Ok(changed)
}

/// When the engine has work next: the soonest stored deadline, if any.
pub async fn next_due(portal: &Portal) -> Result<Option<Timestamp>, AppError> {
    let mut conn = portal.store.read().await?;
    Ok(cases::next_due(&mut conn).await?)
}

/// Claims up to `limit` due cases and fires their steps in one transaction
/// (one commit for the batch). Returns the cases looked at and changed.
pub async fn sweep_batch(
    portal: &Portal,
    now: Timestamp,
    limit: i64,
) -> Result<(usize, usize), AppError> {
    let settings = portal.settings();
    let mut tx = portal.store.begin().await?;
    let claimed = cases::claim_due_for_sla(&mut tx, portal.store.backend(), now, limit).await?;
    if claimed.is_empty() {
        return Ok((0, 0));
    }
    let seen = claimed.len();
    let mut due = Vec::with_capacity(seen);
    for row in claimed {
        match row {
            Ok(stored) => due.push(stored),
            Err(unreadable) => {
                let error = unreadable.error.detail();
                tracing::error!(%error, case_id = unreadable.case_id, "SLA engine: unreadable case set aside");
                set_aside::sla_case(&mut tx, unreadable.case_id, &error, now).await?;
            }
        }
    }
    let mut changed = 0;
    for stored in &due {
        // Each case in a savepoint of its own: one that fails is undone and
        // set aside, and the batch goes on.
        let mut one = Store::savepoint(&mut tx).await?;
        match fire(portal, &mut one, &settings, stored, now).await {
            Ok(fired) => {
                one.commit().await.map_err(StoreError::from)?;
                changed += usize::from(fired);
            }
            // Another instance fired it first: the version check refused ours
            // before anything was written.
            Err(StoreError::Conflict(_)) => one.rollback().await.map_err(StoreError::from)?,
            Err(error) => {
                one.rollback().await.map_err(StoreError::from)?;
                let error = error.detail();
                tracing::error!(%error, reference = %stored.case.reference, "SLA engine: case set aside");
                set_aside::sla_case(&mut tx, stored.id, &error, now).await?;
            }
        }
    }
    tx.commit().await.map_err(StoreError::from)?;
    // Each claimed case was written (its guarantee may have moved even when
    // no step fired); the hub sends nothing where the version stayed.
    for stored in &due {
        portal.committed(stored.case.reference.as_str());
    }
    Ok((seen, changed))
}

/// Decides and stores one case's due steps. The case's version check comes
/// first and makes the claim: if anyone changed the case since we read it,
/// nothing is written and nothing fires twice; a crash before the batch
/// commits fires nothing at all.
async fn fire(
    portal: &Portal,
    conn: &mut Conn,
    settings: &SlaSettings,
    stored: &StoredCase,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let mut fired = stored
        .case
        .on_deadlines(&settings.rules, &*settings.calendar, now);
    let mut case = stored.case.clone();
    fired.iter().for_each(|e| case.evolve(e));
    // A breach that moved the case up gives it to that tier's Responsible.
    let matrix = raci::matrix(conn).await?;
    if let Some(assign) = raci::owner_command(conn, &matrix, &case, &fired).await? {
        let assigned = case
            .decide(assign, &Actor::System, now, &settings.rules)
            .unwrap_or_default();
        assigned.iter().for_each(|e| case.evolve(e));
        fired.extend(assigned);
    }
    let next = case.next_deadline(&settings.rules, &*settings.calendar);
    cases::update(conn, stored, &case, next, now).await?;
    events::append(conn, stored.id, &fired).await?;
    // Alerts are stored with their cause, so none is lost or sent for nothing.
    let alerts = alerts_for(&case, &fired, matrix.accountable(&case.escalation_type));
    outbox::add_alerts(conn, stored.id, &alerts, now).await?;
    notify::staff_alerts(portal, conn, stored.id, &case, &alerts, now).await?;
    notify::case_changed(portal, conn, stored.id, &case, &fired, now).await?;
    raci::notify_roles(portal, conn, &matrix, stored.id, &case, &fired, now).await?;
    for event in &fired {
        tracing::info!(reference = %case.reference, event = event.kind.code(), "SLA engine");
    }
    Ok(!fired.is_empty())
}
