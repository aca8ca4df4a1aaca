//! Keeps this process in step with the others on the same PostgreSQL: what
//! it changes is announced after the commit, and what the others announce
//! wakes its open status pages and its SLA engine, or reloads its settings
//! and drops its kept templates. Settings are also read again (and templates
//! dropped) every [`SETTINGS_RECHECK`], and the watched cases' versions every
//! [`RECHECK`] (one read per case, however many pages watch it), should a
//! notice be lost. On SQLite (one process) there is nothing to do.

use app::service::Portal;
use app::service::live::{Announcement, RECHECK};
use app::service::sla_settings;
use app::store::notices::{self, CASE_CHANGED, Listener, Notice, SETTINGS_CHANGED};
use std::time::Duration;
use tokio::sync::mpsc;

/// The safety net for a lost settings notice.
const SETTINGS_RECHECK: Duration = Duration::from_secs(30);
/// The wait before listening again after the connection failed.
const RECONNECT: Duration = Duration::from_secs(1);

pub async fn run(portal: Portal) {
    if portal.store.postgres_url().is_none() {
        return;
    }
    let announcements = portal.live.announce_to_cluster();
    tokio::spawn(announce(portal.clone(), announcements));
    let mut recheck = tokio::time::interval(SETTINGS_RECHECK);
    let mut pages = tokio::time::interval(RECHECK);
    loop {
        let mut listener = match Listener::connect(&portal.store, &[CASE_CHANGED, SETTINGS_CHANGED])
            .await
        {
            Ok(Some(listener)) => listener,
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(error = %error.detail(), "cluster: cannot listen for change notices; trying again");
                tokio::time::sleep(RECONNECT).await;
                continue;
            }
        };
        // Whatever happened while nobody listened is read back now.
        catch_up(&portal).await;
        loop {
            tokio::select! {
                heard = listener.next() => match heard {
                    Ok(Notice::Message { channel, payload }) if channel == CASE_CHANGED => {
                        portal.live.changed_here(&payload);
                        // Its deadline may now be sooner than the one we sleep to.
                        portal.deadlines.notify_one();
                    }
                    Ok(Notice::Message { .. }) => reload(&portal).await,
                    Ok(Notice::Missed) => catch_up(&portal).await,
                    Err(error) => {
                        tracing::warn!(error = %error.detail(), "cluster: the notice connection failed");
                        tokio::time::sleep(RECONNECT).await;
                        break;
                    }
                },
                _ = recheck.tick() => reload(&portal).await,
                _ = pages.tick() => portal.live.recheck_all(),
            }
        }
    }
}

/// Sends this process's announcements, in order, each after its commit.
async fn announce(portal: Portal, mut announcements: mpsc::UnboundedReceiver<Announcement>) {
    let mut waiting = Vec::new();
    // Whatever piled up while the last batch went out goes in one statement:
    // a fan-out to many cases announces them all at once.
    while announcements.recv_many(&mut waiting, ANNOUNCE_BATCH).await > 0 {
        let batch: Vec<(&str, &str)> = waiting
            .iter()
            .map(|announcement| match announcement {
                Announcement::Case(reference) => (CASE_CHANGED, reference.as_str()),
                Announcement::Settings => (SETTINGS_CHANGED, ""),
            })
            .collect();
        if let Err(error) = notices::publish_many(&portal.store, &batch).await {
            // The others still catch up: watched cases every RECHECK,
            // settings every SETTINGS_RECHECK.
            tracing::warn!(error = %error.detail(), notices = batch.len(), "cluster: cannot announce changes");
        }
        waiting.clear();
    }
}

/// The most announcements sent together.
const ANNOUNCE_BATCH: usize = 5_000;

async fn catch_up(portal: &Portal) {
    portal.live.recheck_all();
    portal.deadlines.notify_one();
    reload(portal).await;
}

async fn reload(portal: &Portal) {
    // Templates may have changed too: the next render reads them again.
    portal.templates.clear();
    if let Err(error) = sla_settings::reload(portal).await {
        tracing::error!(%error, "cluster: cannot read the saved settings; keeping those in force");
    }
}
