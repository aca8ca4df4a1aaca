//! SQLite's WAL checkpoints, off the writer's path. By default the commit
//! that takes the WAL past 1,000 pages also copies the WAL into the database
//! file and syncs it, so one unlucky case or sweep batch waits for work that
//! is not its own, with the write lock held. The writer's automatic
//! checkpoint is off instead, and this task checkpoints from a connection of
//! its own: woken when the writer's connection comes back to its pool,
//! at most once per `PAUSE`, and not at all while nothing is written.

use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The least time between two checkpoints: under steady writes the WAL
/// holds about this long's worth of changes.
const PAUSE: Duration = Duration::from_millis(500);

/// The writer's side: tells the checkpointer that something may have been written.
#[derive(Clone, Debug, Default)]
pub(super) struct Checkpoints {
    wake: Arc<Notify>,
}

impl Checkpoints {
    /// A write transaction ended (committed or not).
    pub(super) fn wrote(&self) {
        self.wake.notify_one();
    }

    /// Checkpoints through `pool` after writes, until it closes.
    pub(super) fn start(&self, pool: AnyPool) {
        let wake = self.wake.clone();
        tokio::spawn(async move {
            let closed = pool.close_event();
            tokio::pin!(closed);
            loop {
                tokio::select! {
                    () = wake.notified() => {}
                    () = &mut closed => return,
                }
                // PASSIVE copies what no reader still needs and never waits
                // for the writer; what it leaves, the next one takes.
                let done = sqlx::query("pragma wal_checkpoint(passive)")
                    .execute(&pool)
                    .await;
                if let Err(error) = done
                    && !pool.is_closed()
                {
                    tracing::warn!(%error, "SQLite checkpoint failed; the next write tries again");
                }
                tokio::select! {
                    () = tokio::time::sleep(PAUSE) => {}
                    () = &mut closed => return,
                }
            }
        });
    }
}
