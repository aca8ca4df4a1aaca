//! Runs the data-driven rules in shadow and active mode over the open
//! cases, at the SLA sweep's pace. Each firing is claimed once per episode
//! in the database, so every process may run this at once.

use app::service::{Portal, now, rules};
use std::time::Duration;

pub async fn run(portal: Portal, every: Duration) {
    loop {
        if let Err(error) = rules::sweep(&portal, now()).await {
            tracing::error!(?error, "rule sweep failed");
        }
        tokio::select! {
            () = portal.live.closed() => return,
            () = tokio::time::sleep(every) => {}
        }
    }
}
