//! Runs the data-driven rules in shadow and active mode over the open
//! cases, then flags the cases the early-warning desk should see, at the
//! SLA sweep's pace. Each firing and each flag is claimed once in the
//! database, so every process may run this at once.

use app::service::{Portal, early_warning, now, rules};
use std::time::Duration;

pub async fn run(portal: Portal, every: Duration) {
    loop {
        if let Err(error) = rules::sweep(&portal, now()).await {
            tracing::error!(?error, "rule sweep failed");
        }
        match early_warning::flag_sweep(&portal, now()).await {
            Ok(0) => {}
            Ok(flagged) => tracing::info!(flagged, "early warning flagged cases"),
            Err(error) => tracing::error!(?error, "early-warning sweep failed"),
        }
        tokio::select! {
            () = portal.live.closed() => return,
            () = tokio::time::sleep(every) => {}
        }
    }
}
