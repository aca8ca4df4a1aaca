use app::service::{Portal, now, sla_engine};
use std::time::Duration;

/// Sweeps for due SLA deadlines at a steady pace until the server stops
/// (a sweep under way finishes first). A failed sweep is logged and retried
/// on the next tick; nothing it does can fire twice.
pub async fn run(portal: Portal, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = portal.live.closed() => return,
            _ = ticks.tick() => {}
        }
        match sla_engine::sweep(&portal, now()).await {
            Ok(0) => {}
            Ok(changed) => tracing::info!(changed, "SLA sweep"),
            Err(error) => tracing::error!(?error, "SLA sweep failed"),
        }
    }
}
