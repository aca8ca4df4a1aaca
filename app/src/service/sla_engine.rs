//! The SLA engine's sweep: fire the warnings, breaches and escalations that
//! are due, each exactly once.

use super::{Portal, SlaSettings, notify, raci};
use crate::domain::raci::RaciMatrix;
use crate::domain::sla::alerts::{SlaAlert, alerts_for};
use crate::domain::{Actor, Case, Event};
use crate::error::AppError;
use crate::store::cases::{CaseWrite, StoredCase};
use crate::store::{Backend, Conn, Store, StoreError, cases, events, outbox, set_aside};
use jiff::Timestamp;

/// How many due cases one transaction takes on.
pub const BATCH: i64 = 500;
/// Batches per sweep, so one sweep after long downtime still ends.
const MAX_BATCHES: usize = 200;

/// Fires everything due at `now`, batch after batch; returns how many cases changed.
pub async fn sweep(portal: &Portal, now: Timestamp) -> Result<usize, AppError> {
    // PostgreSQL spends most of a batch in its own backend (the update's
    // index entries, a foreign-key check per event and alert), one CPU per
    // connection: two lanes claim apart (`skip locked`) and use two. SQLite
    // has one writer.
    let lanes = match portal.store.backend() {
        Backend::Postgres => 2,
        Backend::Sqlite => 1,
    };
    let swept = futures_util::future::try_join_all((0..lanes).map(|_| sweep_lane(portal, now)));
    Ok(swept.await?.into_iter().sum())
}

/// One lane of a sweep: batches until nothing due is left to it.
async fn sweep_lane(portal: &Portal, now: Timestamp) -> Result<usize, AppError> {
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

/// What one look at the deadlines did: the cases changed, and the soonest
/// deadline left (when the engine has work next).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Looked {
    pub changed: usize,
    pub next: Option<Timestamp>,
}

/// Fires what is due at `now`, if anything is. A read comes first: most
/// wake-ups (a case was written) leave nothing due, and the writer is only
/// worth taking when something is.
pub async fn fire_due(portal: &Portal, now: Timestamp) -> Result<Looked, AppError> {
    let next = next_due(portal).await?;
    if next.is_none_or(|at| at > now) {
        return Ok(Looked { changed: 0, next });
    }
    let changed = sweep(portal, now).await?;
    Ok(Looked {
        changed,
        next: next_due(portal).await?,
    })
}

/// The soonest stored deadline, if any.
async fn next_due(portal: &Portal) -> Result<Option<Timestamp>, AppError> {
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
    let started = std::time::Instant::now();
    let settings = portal.settings();
    let mut tx = portal.store.begin().await?;
    let claimed = cases::claim_due_for_sla(&mut tx, portal.store.backend(), now, limit).await?;
    if claimed.is_empty() {
        return Ok((0, 0));
    }
    let claimed_at = started.elapsed();
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
    let matrix = raci::matrix(&mut tx).await?;
    let changed = match fire_together(portal, &mut tx, &settings, &matrix, &due, now).await {
        Ok(changed) => changed,
        // Undone already; case by case, the one that fails is set aside.
        Err(error) => {
            tracing::warn!(error = %error.detail(), "SLA engine: the batch failed; firing case by case");
            fire_each(portal, &mut tx, &settings, &matrix, &due, now).await?
        }
    };
    let fired_at = started.elapsed();
    tx.commit().await.map_err(StoreError::from)?;
    tracing::debug!(
        cases = seen,
        changed,
        claimed_us = claimed_at.as_micros() as u64,
        fired_us = (fired_at - claimed_at).as_micros() as u64,
        committed_us = (started.elapsed() - fired_at).as_micros() as u64,
        "SLA engine: a batch was fired"
    );
    // Each claimed case was written (its guarantee may have moved even when
    // no step fired); the hub sends nothing where the version stayed.
    for stored in &due {
        portal.committed(stored.case.reference.as_str());
    }
    Ok((seen, changed))
}

/// Fires every due case of the batch with one statement per kind of row
/// (cases, events, alerts) in a savepoint: if any case fails, the whole
/// savepoint is undone and the caller goes case by case.
async fn fire_together(
    portal: &Portal,
    tx: &mut Conn,
    settings: &SlaSettings,
    matrix: &RaciMatrix,
    due: &[StoredCase],
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut batch = Store::savepoint(tx).await?;
    match decide_and_write(portal, &mut batch, settings, matrix, due, now).await {
        Ok(changed) => {
            batch.commit().await?;
            Ok(changed)
        }
        Err(error) => {
            batch.rollback().await?;
            Err(error)
        }
    }
}

/// Each case in a savepoint of its own: one that fails is undone and set
/// aside, and the batch goes on.
async fn fire_each(
    portal: &Portal,
    tx: &mut Conn,
    settings: &SlaSettings,
    matrix: &RaciMatrix,
    due: &[StoredCase],
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut changed = 0;
    for stored in due {
        let mut one = Store::savepoint(tx).await?;
        let fired = decide_and_write(
            portal,
            &mut one,
            settings,
            matrix,
            std::slice::from_ref(stored),
            now,
        )
        .await;
        match fired {
            Ok(fired) => {
                one.commit().await?;
                changed += fired;
            }
            // Another instance fired it first: the version check refused ours
            // before anything was written.
            Err(StoreError::Conflict(_)) => one.rollback().await?,
            Err(error) => {
                one.rollback().await?;
                let error = error.detail();
                tracing::error!(%error, reference = %stored.case.reference, "SLA engine: case set aside");
                set_aside::sla_case(tx, stored.id, &error, now).await?;
            }
        }
    }
    Ok(changed)
}

/// One case's due steps, decided.
struct Fired<'a> {
    stored: &'a StoredCase,
    case: Case,
    events: Vec<Event>,
    next: Option<Timestamp>,
    alerts: Vec<SlaAlert>,
}

/// Decides the cases' due steps, then stores them. The versioned update
/// comes first and makes the claim: if anyone changed a case since we read
/// it, nothing is written and nothing fires twice; a crash before the batch
/// commits fires nothing at all. Returns how many cases had steps fire.
async fn decide_and_write(
    portal: &Portal,
    conn: &mut Conn,
    settings: &SlaSettings,
    matrix: &RaciMatrix,
    due: &[StoredCase],
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut owners = raci::OwnerPool::default();
    let mut decided = Vec::with_capacity(due.len());
    for stored in due {
        decided.push(decide(conn, settings, matrix, &mut owners, stored, now).await?);
    }
    let writes: Vec<CaseWrite<'_>> = decided
        .iter()
        .map(|f| CaseWrite {
            stored: f.stored,
            case: &f.case,
            next_due_at: f.next,
        })
        .collect();
    cases::update_many(conn, &writes, now).await?;
    let events: Vec<(i64, &[Event])> = decided
        .iter()
        .map(|f| (f.stored.id, &f.events[..]))
        .collect();
    events::append_many(conn, &events).await?;
    // Alerts are stored with their cause, so none is lost or sent for nothing.
    let alerts: Vec<(i64, &[SlaAlert])> = decided
        .iter()
        .map(|f| (f.stored.id, &f.alerts[..]))
        .collect();
    outbox::add_alerts_many(conn, &alerts, now).await?;
    let mut addresses = notify::StaffAddresses::default();
    for f in &decided {
        addresses
            .alert(portal, conn, f.stored.id, &f.case, &f.alerts, now)
            .await?;
        notify::case_changed(portal, conn, f.stored.id, &f.case, &f.events, now).await?;
        for event in &f.events {
            tracing::info!(reference = %f.case.reference, event = event.kind.code(), "SLA engine");
        }
    }
    Ok(decided.iter().filter(|f| !f.events.is_empty()).count())
}

/// What is due on one case: the steps, a new owner when it moved tier, its
/// next deadline and the alerts (SLA, matrix roles, management path).
async fn decide<'a>(
    conn: &mut Conn,
    settings: &SlaSettings,
    matrix: &RaciMatrix,
    owners: &mut raci::OwnerPool,
    stored: &'a StoredCase,
    now: Timestamp,
) -> Result<Fired<'a>, StoreError> {
    let mut events = stored
        .case
        .on_deadlines(&settings.rules, &*settings.calendar, now);
    let mut case = stored.case.clone();
    events.iter().for_each(|e| case.evolve(e));
    // A breach that moved the case up gives it to that tier's Responsible.
    if let Some(assign) = owners.owner_command(conn, matrix, &case, &events).await? {
        let assigned = case
            .decide(assign, &Actor::System, now, &settings.rules)
            .unwrap_or_default();
        assigned.iter().for_each(|e| case.evolve(e));
        events.extend(assigned);
    }
    let next = case.next_deadline(&settings.rules, &*settings.calendar);
    let mut alerts = alerts_for(&case, &events, matrix.accountable(&case.escalation_type));
    alerts.extend(raci::role_alerts(matrix, &case, &events));
    Ok(Fired {
        stored,
        case,
        events,
        next,
        alerts,
    })
}
