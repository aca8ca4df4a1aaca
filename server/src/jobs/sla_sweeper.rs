//! The SLA engine's clock: it sleeps until the soonest stored deadline and
//! fires what is due then, so a warning, breach or escalation happens on
//! its second rather than at the next poll. Any change that may move a
//! deadline wakes it early: a case written in this process
//! (`Portal::committed`) or, through the cluster's change notices, in
//! another one. Major incidents' next-update reminders ride on it.

use app::service::sla_engine::{self, Looked};
use app::service::{Portal, incidents, now};
use std::time::Duration;

/// The pause when something is still due after a sweep (another process
/// holds it, or the sweep stopped at its batch limit), so the engine does
/// not spin while that process finishes.
const STILL_DUE_PAUSE: Duration = Duration::from_millis(50);
/// How long a wake-up waits for the ones right behind it (`super::woken`):
/// a small part of the second a step may be late.
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
            () = super::woken(&portal.deadlines, SETTLE) => {}
        }
    }
}

/// Fires what is due now; returns how long to sleep until the next deadline.
async fn sweep_once(portal: &Portal) -> Result<Duration, ()> {
    let Looked { changed, next } = sla_engine::fire_due(portal, now())
        .await
        .map_err(|error| tracing::error!(?error, "SLA sweep failed"))?;
    if changed > 0 {
        tracing::info!(changed, "SLA sweep");
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
