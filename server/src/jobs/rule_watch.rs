//! Runs the data-driven rules in shadow and active mode over the open
//! cases, opens the reviews now due (and alerts overdue review actions),
//! then flags the cases the early-warning desk should see and sends the
//! weekly digest when it is due, at the
//! SLA sweep's pace. Each firing and each flag is claimed once in the
//! database, so every process may run this at once.

use app::service::{Portal, digest, early_warning, now, reviews, rules};
use std::time::Duration;

pub async fn run(portal: Portal, every: Duration) {
    loop {
        if let Err(error) = rules::sweep(&portal, now()).await {
            tracing::error!(?error, "rule sweep failed");
        }
        match reviews::sweep(&portal, now()).await {
            Ok((0, 0)) => {}
            Ok((opened, alerted)) => {
                tracing::info!(opened, alerted, "reviews due and actions alerted")
            }
            Err(error) => tracing::error!(?error, "review sweep failed"),
        }
        match digest::send_due(&portal, now()).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "weekly digest queued for the managers"),
            Err(error) => tracing::error!(?error, "weekly digest failed"),
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
