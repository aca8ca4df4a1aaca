//! Background work inside the `baton` process.

pub mod cluster;
pub mod outbox_sender;
pub mod rule_watch;
pub mod sla_sweeper;

use std::time::Duration;
use tokio::sync::Notify;

/// Resolves on a wake-up, `settle` after it: every commit wakes a job, and
/// under a burst of commits one look covers the wake-ups right behind the
/// first instead of one look each.
pub(crate) async fn woken(wake: &Notify, settle: Duration) {
    wake.notified().await;
    tokio::time::sleep(settle).await;
}
