use app::service::{Portal, now, sla_engine};
use std::time::Duration;

/// Sweeps for due SLA deadlines forever, at a steady pace. A failed sweep is
/// logged and retried on the next tick; nothing it does can fire twice.
pub async fn run(portal: Portal, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match sla_engine::sweep(&portal, now()).await {
            Ok(0) => {}
            Ok(changed) => tracing::info!(changed, "SLA sweep"),
            Err(error) => tracing::error!(?error, "SLA sweep failed"),
        }
    }
}
