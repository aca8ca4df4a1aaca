//! Group commit: concurrent writes share one durable commit.
//!
//! SQLite has one writer, and each commit waits for its fsync, so cases
//! raised at the same time queued for a disk flush each. Here writers hand
//! their work to one committer task. It takes whatever work is waiting, runs
//! each piece in a savepoint of one transaction (a piece that fails is undone
//! alone), commits once, and only then answers every writer: nobody hears
//! "done" before their rows are on disk, and a crash before the commit loses
//! only answers nobody got.
//!
//! PostgreSQL already flushes the write-ahead log for all backends that
//! commit together, so there each piece runs in a transaction of its own.

use super::{Conn, Store, StoreError};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use sqlx::AnyPool;
use std::panic::AssertUnwindSafe;
use tokio::sync::{mpsc, oneshot};

/// Pieces of work one commit takes at most: enough to cover a burst from
/// every connection, small enough that one commit stays short.
const MOST_PER_COMMIT: usize = 64;

/// A piece of work on the shared transaction. It answers whether it
/// succeeded (its savepoint is kept) and how to tell its writer once the
/// commit's outcome is known.
pub type Work = Box<dyn for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Piece> + Send>;

/// What one piece did, and who to tell.
pub struct Piece {
    kept: bool,
    tell: Tell,
}

/// The committer's queue; cloned with the store.
#[derive(Clone, Debug)]
pub(super) struct GroupCommit {
    queue: mpsc::UnboundedSender<Work>,
}

impl GroupCommit {
    /// Starts the committer task on the writer pool.
    pub(super) fn start(writer: AnyPool) -> GroupCommit {
        let (queue, waiting) = mpsc::unbounded_channel();
        tokio::spawn(committer(writer, waiting));
        GroupCommit { queue }
    }
}

impl Store {
    /// Runs `work` in a transaction and answers once it is durably committed,
    /// sharing the commit with whatever other writes are waiting (SQLite).
    /// An error from `work` undoes only its own writes.
    pub async fn write_grouped<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let Some(group) = &self.group else {
            let mut tx = self.begin().await?;
            let value = work(&mut tx).await?;
            tx.commit().await.map_err(StoreError::from)?;
            return Ok(value);
        };
        let (answer, answered) = oneshot::channel::<Result<T, E>>();
        let piece: Work = Box::new(move |conn| {
            Box::pin(async move {
                let outcome = work(conn).await;
                Piece {
                    kept: outcome.is_ok(),
                    tell: Box::new(move |committed| {
                        let _ = answer.send(match (outcome, committed) {
                            (Ok(value), Ok(())) => Ok(value),
                            (Ok(_), Err(error)) => Err(error.into()),
                            (Err(error), _) => Err(error),
                        });
                    }),
                }
            })
        });
        group
            .queue
            .send(piece)
            .map_err(|_| StoreError::from(sqlx::Error::PoolClosed))?;
        answered
            .await
            .unwrap_or_else(|_| Err(StoreError::from(sqlx::Error::WorkerCrashed).into()))
    }
}

async fn committer(writer: AnyPool, mut waiting: mpsc::UnboundedReceiver<Work>) {
    let mut batch = Vec::with_capacity(MOST_PER_COMMIT);
    while waiting.recv_many(&mut batch, MOST_PER_COMMIT).await > 0 {
        let pieces = std::mem::take(&mut batch);
        let told = run_batch(&writer, pieces).await;
        if let Err(error) = told {
            tracing::error!(error = %error.detail(), "group commit failed; its writers were told");
        }
    }
}

/// One transaction for `pieces`; every piece's writer is told the outcome.
async fn run_batch(writer: &AnyPool, pieces: Vec<Work>) -> Result<(), StoreError> {
    // If the transaction cannot even start, the pieces are dropped unrun and
    // their writers see the committer's answer go missing (an error).
    let mut tx = super::begin_immediate(writer).await?;
    if pieces.len() == 1 {
        return run_alone(tx, pieces).await;
    }
    let mut kept: Vec<Tell> = Vec::with_capacity(pieces.len());
    let mut refused = Refused(Vec::new());
    for work in pieces {
        let mut savepoint = match Store::savepoint(&mut tx).await {
            Ok(savepoint) => savepoint,
            Err(error) => {
                tell_failed(kept, &error);
                return Err(error);
            }
        };
        // A panicking piece must not take the committer (and every later
        // write) down with it: its savepoint is undone and its writer told.
        let ran = AssertUnwindSafe(work(&mut savepoint)).catch_unwind().await;
        let Ok(piece) = ran else {
            tracing::error!("a grouped write panicked; its work was undone");
            match savepoint.rollback().await {
                Ok(()) => continue,
                Err(error) => return give_up(tx, kept, error.into()).await,
            }
        };
        if piece.kept {
            kept.push(piece.tell);
            if let Err(error) = savepoint.commit().await {
                return give_up(tx, kept, error.into()).await;
            }
        } else {
            // Its own error is what its writer hears, whatever the commit
            // does; but only after the commit, so that what it hears about
            // (say, a key another piece took) is there to read.
            refused.push(piece.tell);
            if let Err(error) = savepoint.rollback().await {
                return give_up(tx, kept, error.into()).await;
            }
        }
    }
    match tx.commit().await {
        Ok(()) => {
            kept.into_iter().for_each(|tell| tell(Ok(())));
            Ok(())
        }
        Err(error) => {
            let error = StoreError::from(error);
            tell_failed(kept, &error);
            Err(error)
        }
    }
}

/// A piece with nobody to share its commit: the transaction is its own,
/// so no savepoint is needed (two fewer round trips to the database).
async fn run_alone(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    pieces: Vec<Work>,
) -> Result<(), StoreError> {
    let Some(work) = pieces.into_iter().next() else {
        return Ok(());
    };
    let Ok(piece) = AssertUnwindSafe(work(&mut tx)).catch_unwind().await else {
        tracing::error!("a grouped write panicked; its work was undone");
        return tx.rollback().await.map_err(StoreError::from);
    };
    if !piece.kept {
        let undone = tx.rollback().await.map_err(StoreError::from);
        (piece.tell)(Ok(()));
        return undone;
    }
    match tx.commit().await {
        Ok(()) => {
            (piece.tell)(Ok(()));
            Ok(())
        }
        Err(error) => {
            let error = StoreError::from(error);
            tell_failed(vec![piece.tell], &error);
            Err(error)
        }
    }
}

type Tell = Box<dyn FnOnce(Result<(), StoreError>) + Send>;

/// The writers whose own work failed: told when this is dropped, after
/// the commit (or the failure) that its fellow pieces hear about.
struct Refused(Vec<Tell>);

impl Refused {
    fn push(&mut self, tell: Tell) {
        self.0.push(tell);
    }
}

impl Drop for Refused {
    fn drop(&mut self) {
        // `Ok` here means nothing: their own error is what they hear.
        self.0.drain(..).for_each(|tell| tell(Ok(())));
    }
}

/// The transaction cannot go on: nothing of it is kept, and the writers
/// whose work had run are told so.
async fn give_up(
    tx: sqlx::Transaction<'static, sqlx::Any>,
    kept: Vec<Tell>,
    error: StoreError,
) -> Result<(), StoreError> {
    let _ = tx.rollback().await;
    tell_failed(kept, &error);
    Err(error)
}

fn tell_failed(kept: Vec<Tell>, error: &StoreError) {
    let detail = error.detail();
    kept.into_iter()
        .for_each(|tell| tell(Err(StoreError::GroupCommit(detail.clone()))));
}
