//! The SLA engine's clock: it sleeps until the soonest stored deadline and
//! fires what is due then, so a warning, breach or escalation happens on
//! its second rather than at the next poll. Any change that may move a
//! deadline wakes it early: a case written in this process
//! (`Portal::committed`) or, through the cluster's change notices, in
//! another one. Major incidents' next-update reminders ride on it.

use app::service::{Portal, incidents, now, sla_engine};
use std::time::Duration;

/// The pause when something is still due after a sweep (another process
/// holds it, or the sweep stopped at its batch limit), so the engine does
/// not spin while that process finishes.
const STILL_DUE_PAUSE: Duration = Duration::from_millis(50);
/// How long a wake-up waits for the ones right behind it: every case
/// written wakes the engine, and under a burst of writes one look at the
/// deadlines covers them all. A small part of the second a step may be late.
const SETTLE: Duration = Duration::from_millis(20);

/// Runs until the server stops (a sweep under way finishes first). A
/// failed sweep is logged and retried after `longest_sleep`; nothing it does
/// can fire twice. `longest_sleep` also bounds each sleep, as a safety net
/// should a wake-up be lost.
pub async fn run(portal: Portal, longest_sleep: Duration) {
    loop {
        let wait = match sweep_once(&portal).await {
            Ok(wait) => wait.min(longest_sleep),
            Err(()) => longest_sleep,
        };
        tokio::select! {
            () = portal.live.closed() => return,
            () = tokio::time::sleep(wait) => {}
            () = portal.deadlines.notified() => tokio::time::sleep(SETTLE).await,
        }
    }
}

/// Fires what is due now; returns how long to sleep until the next deadline.
async fn sweep_once(portal: &Portal) -> Result<Duration, ()> {
    // A read first: most wake-ups (a case written) leave nothing due, and
    // the writer is only worth taking when something is.
    let mut next = next_due(portal).await?;
    let mut changed = 0;
    if next.is_some_and(|at| at <= now()) {
        changed = match sla_engine::sweep(portal, now()).await {
            Ok(changed) => changed,
            Err(error) => {
                tracing::error!(?error, "SLA sweep failed");
                return Err(());
            }
        };
        if changed > 0 {
            tracing::info!(changed, "SLA sweep");
        }
        next = next_due(portal).await?;
    }
    // Major incidents' next-update promises run on the same clock.
    let promise = match incidents::remind(portal, now()).await {
        Ok(next) => next,
        Err(error) => {
            tracing::error!(?error, "incident reminders failed");
            None
        }
    };
    let next = match (next, promise) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Ok(match next {
        None => Duration::MAX,
        Some(at) => match Duration::try_from(at.duration_since(now())) {
            Ok(wait) if !wait.is_zero() => wait,
            // Due already: at once if this sweep got somewhere, else after a pause.
            _ if changed > 0 => Duration::ZERO,
            _ => STILL_DUE_PAUSE,
        },
    })
}

async fn next_due(portal: &Portal) -> Result<Option<jiff::Timestamp>, ()> {
    sla_engine::next_due(portal).await.map_err(|error| {
        tracing::error!(?error, "SLA engine cannot read the next deadline");
    })
}
