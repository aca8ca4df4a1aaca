//! Live status: open status pages learn that their case changed.
//!
//! Whoever commits a change to a case calls [`Live::changed`] afterwards (a
//! one-liner, from any channel). When somebody watches that case, the hub
//! reads the case's version once and hands it to every watcher through a
//! `watch` channel, so one update costs one read however many pages are
//! open. Nothing is kept for cases nobody watches.
//!
//! Changes made by other Baton processes on the same PostgreSQL arrive as
//! change notices (`LISTEN`/`NOTIFY`, see `store::notices`): every change is
//! announced after its commit, and each process's listener wakes its own
//! watchers. The cluster job also re-reads every watched case's version
//! every [`RECHECK`] (once per case, not per page), the safety net for a
//! notice lost while a connection was down.

use super::Portal;
use crate::domain::CaseReference;
use crate::domain::incident::IncidentReference;
use crate::error::AppError;
use crate::store::{Store, StoreError, cases, events, incidents};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// How often the watched cases' versions are read again, should a notice be lost.
pub const RECHECK: Duration = Duration::from_secs(20);

/// The hub every open status page listens to.
#[derive(Clone)]
pub struct Live {
    store: Store,
    /// The latest version seen per watched case (by reference).
    watched: Arc<Mutex<HashMap<String, watch::Sender<i64>>>>,
    /// Set when the server stops, so open feeds end and shutdown can finish.
    closing: Arc<watch::Sender<bool>>,
    /// Where this process's announcements go once it tells the cluster
    /// (PostgreSQL); unset, they stay in this process.
    announcements: Arc<OnceLock<mpsc::UnboundedSender<Announcement>>>,
    /// A read of the queues' version is on its way: a sweep that changes
    /// thousands of cases asks for one read, not one per case.
    queue_read_pending: Arc<AtomicBool>,
}

/// What one process tells the others after a commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Announcement {
    /// A case changed (its reference).
    Case(String),
    /// Settings or customer templates were saved: the others read their
    /// SLA settings again and drop their kept templates.
    Settings,
}

impl Live {
    pub fn new(store: Store) -> Self {
        Live {
            store,
            watched: Arc::default(),
            closing: Arc::new(watch::channel(false).0),
            announcements: Arc::default(),
            queue_read_pending: Arc::default(),
        }
    }

    /// From now on every announcement is handed to the returned receiver,
    /// which sends it to the other processes.
    pub fn announce_to_cluster(&self) -> mpsc::UnboundedReceiver<Announcement> {
        let (sender, receiver) = mpsc::unbounded_channel();
        if self.announcements.set(sender).is_err() {
            tracing::warn!("live: the cluster is told already");
        }
        receiver
    }

    /// Tells the other processes, when there are any.
    pub fn announce(&self, announcement: Announcement) {
        if let Some(sender) = self.announcements.get() {
            // The receiver lives as long as the server; a send after it
            // ended has nobody left to tell.
            let _ = sender.send(announcement);
        }
    }

    /// Ends every open feed: the server is stopping.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Whether the server is stopping.
    pub fn is_closing(&self) -> bool {
        *self.closing.borrow()
    }

    /// Resolves once the server is stopping.
    pub async fn closed(&self) {
        let mut closing = self.closing.subscribe();
        // An error means the hub is gone, which is as final as closing.
        let _ = closing.wait_for(|closed| *closed).await;
    }

    /// Tells the pages open on this case, here and in every other process,
    /// that it changed. Call it after the commit; it returns at once and
    /// never fails the caller.
    pub fn changed(&self, reference: &str) {
        self.changed_here(reference);
        self.announce(Announcement::Case(reference.to_owned()));
    }

    /// Every watched case may have changed (notices were missed): each
    /// re-reads its version, and only the changed ones move.
    pub fn recheck_all(&self) {
        let watched: Vec<String> = {
            let watched = self.watched.lock().unwrap_or_else(PoisonError::into_inner);
            watched.keys().cloned().collect()
        };
        for reference in watched {
            self.changed_here(&reference);
        }
    }

    /// Tells the pages open on this case in this process only (a change
    /// another process announced), and the open queues.
    pub fn changed_here(&self, reference: &str) {
        self.refresh(reference);
        if reference != QUEUE && IncidentReference::parse(reference).is_none() {
            self.refresh(QUEUE);
        }
    }

    /// Reads the version of what is watched under `key` again, for its pages.
    fn refresh(&self, key: &str) {
        let Some(sender) = self.sender(key) else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let pending = (key == QUEUE).then(|| self.queue_read_pending.clone());
        if pending
            .as_ref()
            .is_some_and(|p| p.swap(true, Ordering::AcqRel))
        {
            return;
        }
        let store = self.store.clone();
        let reference = key.to_owned();
        runtime.spawn(async move {
            // Cleared before reading: a change after this point asks again.
            if let Some(pending) = pending {
                pending.store(false, Ordering::Release);
            }
            match read_version(&store, &reference).await {
                Ok(version) => offer(&sender, version),
                Err(error) => tracing::warn!(%error, %reference, "live: cannot read the version"),
            }
        });
    }

    /// Starts watching a case; the value is the latest version seen (or -1).
    pub fn watch(&self, reference: &str) -> watch::Receiver<i64> {
        let mut watched = self.watched.lock().unwrap_or_else(PoisonError::into_inner);
        // Pages that closed leave senders nobody listens to: drop them here.
        watched.retain(|_, sender| sender.receiver_count() > 0);
        watched
            .entry(reference.to_owned())
            .or_insert_with(|| watch::channel(-1).0)
            .subscribe()
    }

    fn sender(&self, reference: &str) -> Option<watch::Sender<i64>> {
        let watched = self.watched.lock().unwrap_or_else(PoisonError::into_inner);
        watched
            .get(reference)
            .filter(|s| s.receiver_count() > 0)
            .cloned()
    }
}

/// Versions only grow: a late read never hides a newer one.
pub fn offer(sender: &watch::Sender<i64>, version: i64) {
    sender.send_if_modified(|seen| {
        let newer = version > *seen;
        if newer {
            *seen = version;
        }
        newer
    });
}

/// A case's version, or a major incident's (the live war room): the hub
/// keys both by reference, and the two never look alike.
async fn read_version(store: &Store, reference: &str) -> Result<i64, StoreError> {
    if reference == QUEUE {
        let mut conn = store.read().await?;
        let found = events::latest_id(&mut conn).await;
        return conn.finish(found);
    }
    if let Some(incident) = IncidentReference::parse(reference) {
        let mut conn = store.read().await?;
        let found = incidents::version_of(&mut conn, &incident).await;
        return conn.finish(found);
    }
    let reference = CaseReference::parse(reference).ok_or(StoreError::NotFound)?;
    let mut conn = store.read().await?;
    let found = cases::version_of(&mut conn, &reference).await;
    conn.finish(found)
}

/// A status page's live feed of one case.
pub struct CaseFeed {
    pub reference: CaseReference,
    /// The version when the feed opened.
    pub version: i64,
    pub changes: watch::Receiver<i64>,
}

/// Opens the live feed of a case for the holder of its token. A wrong token
/// is `NotFound`, like a missing case.
pub async fn open(portal: &Portal, reference: &str, token: &str) -> Result<CaseFeed, AppError> {
    let mut conn = portal.store.read().await?;
    let found =
        super::case_access::find(&mut conn, portal.links, reference, token, super::now()).await;
    let (stored, _) = conn.finish(found)?;
    let reference = stored.case.reference;
    // Watch first, then read: a change in between is seen by one or the other.
    let changes = portal.live.watch(reference.as_str());
    let version = version(portal, &reference).await?;
    Ok(CaseFeed {
        reference,
        version,
        changes,
    })
}

/// The war room's live feed of an incident, for any signed-in staff member
/// (who may read every war room).
pub async fn open_incident(portal: &Portal, reference: &str) -> Result<Feed, AppError> {
    let reference = IncidentReference::parse(reference).ok_or(AppError::NotFound)?;
    let changes = portal.live.watch(reference.as_str());
    let mut conn = portal.store.read().await?;
    let version = incidents::version_of(&mut conn, &reference).await?;
    Ok(Feed { version, changes })
}

/// The hub's key for open queues: their "version" is the newest case
/// event's number, which any change to any case moves.
const QUEUE: &str = "queue";

/// A case workspace's live feed, for signed-in staff (who may read any case).
pub async fn open_for_staff(portal: &Portal, reference: &str) -> Result<Feed, AppError> {
    let reference = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let changes = portal.live.watch(reference.as_str());
    let version = version(portal, &reference).await?;
    Ok(Feed { version, changes })
}

/// An open queue's live feed: it moves whenever any case changes.
pub async fn open_queue(portal: &Portal) -> Result<Feed, AppError> {
    let changes = portal.live.watch(QUEUE);
    let mut conn = portal.store.read().await?;
    let version = events::latest_id(&mut conn).await?;
    Ok(Feed { version, changes })
}

/// The number an open queue was rendered at (see [`open_queue`]).
pub async fn queue_version(portal: &Portal) -> Result<i64, AppError> {
    let mut conn = portal.store.read().await?;
    Ok(events::latest_id(&mut conn).await?)
}

/// What a live stream follows: the version it opened at, then every newer one.
pub struct Feed {
    pub version: i64,
    pub changes: watch::Receiver<i64>,
}

impl From<CaseFeed> for Feed {
    fn from(feed: CaseFeed) -> Self {
        Feed {
            version: feed.version,
            changes: feed.changes,
        }
    }
}

/// The case's version now: the periodic re-check of an open feed.
pub async fn version(portal: &Portal, reference: &CaseReference) -> Result<i64, AppError> {
    let mut conn = portal.store.read().await?;
    let found = cases::version_of(&mut conn, reference).await;
    Ok(conn.finish(found)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_read_never_hides_a_newer_version() {
        let (sender, mut receiver) = watch::channel(-1);
        offer(&sender, 3);
        assert!(receiver.has_changed().unwrap());
        assert_eq!(*receiver.borrow_and_update(), 3);
        offer(&sender, 2);
        offer(&sender, 3);
        assert!(
            !receiver.has_changed().unwrap(),
            "nothing newer, no wake-up"
        );
        offer(&sender, 4);
        assert_eq!(*receiver.borrow_and_update(), 4);
    }
}
