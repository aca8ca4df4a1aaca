//! Delivers the outbox: emails through the relay and webhook calls, with
//! retries and backoff. A dead relay delays mail but loses none.
//!
//! Each row is claimed for a lease before it is sent and marked sent right
//! after, so two senders never send the same row and a restart resends
//! nothing that was marked. A crash in the instant between the relay's "250"
//! and the mark resends that one message after its lease; it carries the same
//! Message-ID, so mail systems can tell it is the same email.

mod email;
mod slack;
mod webhook;

pub use webhook::signature;

use crate::config::Outbound;
use app::service::{Portal, now, secrets};
use app::store::StoreError;
use app::store::outbox::{self, Pending, Route, Unreadable};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::task::JoinSet;

/// Recipients with a lane under way.
type Busy = Arc<Mutex<HashSet<String>>>;

/// Rows one pass looks at.
const BATCH: i64 = 50;
/// How long a claim holds: six times the longest send (20 s for email), and
/// taken afresh right before each send.
const LEASE: SignedDuration = SignedDuration::from_secs(120);
/// After this many tries a delivery is given up (about a day with the
/// default 30 s first delay, doubling to at most an hour).
const MAX_ATTEMPTS: i64 = 20;
const MAX_DELAY: SignedDuration = SignedDuration::from_secs(3600);
/// Looks for due rows at least this often, e.g. retries coming due.
const POLL: Duration = Duration::from_secs(2);
/// How long a wake-up waits for the ones right behind it (`super::woken`).
const SETTLE: Duration = Duration::from_millis(10);

/// Why a delivery failed: worth retrying, or not.
#[derive(Debug)]
pub enum Failure {
    Temporary(String),
    Permanent(String),
}

impl Failure {
    fn permanent<T>(message: String) -> Result<T, Failure> {
        Err(Failure::Permanent(message))
    }
}

pub struct Sender {
    mailer: Option<email::Mailer>,
    webhooks: webhook::Webhooks,
    retry_after: SignedDuration,
}

impl Sender {
    pub fn new(outbound: &Outbound) -> Sender {
        let mailer = outbound.smtp_relay.as_ref().and_then(|(host, port)| {
            let from = outbound.mail_from.parse().ok()?;
            Some(email::Mailer::new(host, *port, from))
        });
        Sender {
            mailer,
            webhooks: webhook::Webhooks::new(outbound.webhook_secret.clone()),
            retry_after: SignedDuration::try_from(outbound.retry_after)
                .unwrap_or(SignedDuration::from_secs(30)),
        }
    }

    /// Delivers what is due until the server stops. Each recipient (an
    /// address or a URL) gets a lane of its own that sends its rows one
    /// after another; lanes run side by side, and a pass starts new lanes
    /// while slow ones are still sending, so a dead endpoint holds up only
    /// its own rows. Woken at once when something is queued. On stopping,
    /// the lanes under way finish their rows.
    pub async fn run(self, portal: Portal) {
        let sender = Arc::new(self);
        let busy: Busy = Arc::default();
        let mut lanes = JoinSet::new();
        loop {
            match sender.start_lanes(&portal, now(), &busy, &mut lanes).await {
                Ok(0) => {}
                Ok(started) => tracing::debug!(started, "outbox lanes started"),
                Err(error) => tracing::error!(error = %error.detail(), "outbox pass failed"),
            }
            tokio::select! {
                () = portal.live.closed() => break,
                () = super::woken(&portal.notify.wake, SETTLE) => {}
                () = tokio::time::sleep(POLL) => {}
                Some(_) = lanes.join_next() => {}
            }
        }
        while lanes.join_next().await.is_some() {}
    }

    /// One pass: starts a lane for each recipient with due rows and no lane
    /// under way; returns how many lanes it started.
    async fn start_lanes(
        self: &Arc<Self>,
        portal: &Portal,
        now: Timestamp,
        busy: &Busy,
        lanes: &mut JoinSet<()>,
    ) -> Result<usize, StoreError> {
        let due = {
            let mut conn = portal.store.read().await?;
            outbox::due(&mut conn, now, BATCH).await?
        };
        let mut waiting: Vec<Vec<Pending>> = Vec::new();
        for row in due {
            match row {
                Ok(pending) => match waiting
                    .iter_mut()
                    .find(|lane| lane[0].delivery.recipient == pending.delivery.recipient)
                {
                    Some(lane) => lane.push(pending),
                    None => waiting.push(vec![pending]),
                },
                Err(unreadable) => set_aside(portal, &unreadable).await?,
            }
        }
        let mut started = 0;
        for lane in waiting {
            let recipient = lane[0].delivery.recipient.clone();
            // A lane under way for this recipient takes these rows next pass.
            if !busy
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(recipient.clone())
            {
                continue;
            }
            let (sender, portal, busy) = (self.clone(), portal.clone(), busy.clone());
            lanes.spawn(async move {
                for pending in lane {
                    if let Err(error) = sender.deliver_one(&portal, &pending).await {
                        tracing::error!(error = %error.detail(), "outbox delivery could not be recorded");
                        break;
                    }
                }
                busy.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .remove(&recipient);
            });
            started += 1;
        }
        Ok(started)
    }

    /// Claims, sends and marks one row; false when someone else holds it or
    /// the send failed (recorded for a retry).
    async fn deliver_one(&self, portal: &Portal, pending: &Pending) -> Result<bool, StoreError> {
        let claimed_at = now();
        if !self.claim(portal, pending, claimed_at).await? {
            return Ok(false);
        }
        let outcome = self.send(portal, pending, claimed_at).await;
        let mut tx = portal.store.begin().await?;
        let sent = match outcome {
            Ok(()) => {
                outbox::mark_sent(&mut tx, pending.outbox_id, now_or(claimed_at)).await?;
                true
            }
            Err(failure) => {
                let (error, retry_at) = self.next_try(pending, failure, now_or(claimed_at));
                tracing::warn!(
                    outbox_id = pending.outbox_id,
                    route = pending.delivery.route.code(),
                    retry_at = ?retry_at,
                    %error,
                    "delivery failed"
                );
                outbox::mark_failed(&mut tx, pending.outbox_id, &error, retry_at).await?;
                false
            }
        };
        tx.commit().await.map_err(StoreError::from)?;
        Ok(sent)
    }

    async fn claim(
        &self,
        portal: &Portal,
        pending: &Pending,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let mut tx = portal.store.begin().await?;
        let until = now.checked_add(LEASE).unwrap_or(now);
        let claimed = outbox::claim(&mut tx, pending.outbox_id, now, until).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(claimed)
    }

    async fn send(
        &self,
        portal: &Portal,
        pending: &Pending,
        now: Timestamp,
    ) -> Result<(), Failure> {
        match pending.delivery.route {
            Route::Email => match &self.mailer {
                Some(mailer) => {
                    let reply_to = mailer.reply_to(portal, pending).await?;
                    mailer.send(pending, reply_to).await
                }
                None => Failure::permanent("no mail relay is configured (BATON_SMTP_RELAY)".into()),
            },
            Route::Webhook | Route::Slack => {
                self.webhooks.send(pending, None, now.as_second()).await
            }
            Route::AccountWebhook => {
                let secret =
                    secrets::account_webhook_secret(&portal.store, &pending.delivery.subject)
                        .await
                        .map_err(|e| {
                            Failure::Temporary(format!("cannot read the account's secret: {e}"))
                        })?;
                self.webhooks
                    .send(pending, Some(&secret), now.as_second())
                    .await
            }
        }
    }

    /// The error to record and when to try again, if ever.
    fn next_try(
        &self,
        pending: &Pending,
        failure: Failure,
        now: Timestamp,
    ) -> (String, Option<Timestamp>) {
        let tries = pending.attempts + 1;
        match failure {
            Failure::Permanent(error) => (error, None),
            Failure::Temporary(error) if tries >= MAX_ATTEMPTS => (error, None),
            Failure::Temporary(error) => {
                let delay = backoff(self.retry_after, tries);
                (error, now.checked_add(delay).ok())
            }
        }
    }
}

/// The wait before try `tries + 1`: the first delay, doubled per try, capped.
fn backoff(first: SignedDuration, tries: i64) -> SignedDuration {
    let doublings = u32::try_from(tries.clamp(1, 30) - 1).unwrap_or(0);
    let factor = 2i32.saturating_pow(doublings.min(20));
    first
        .checked_mul(factor)
        .map_or(MAX_DELAY, |d| d.min(MAX_DELAY))
}

fn now_or(fallback: Timestamp) -> Timestamp {
    now().max(fallback)
}

/// Gives up a row that cannot be read, with its error for admins to see
/// (`outbox.last_error`), so it never blocks the rows behind it.
async fn set_aside(portal: &Portal, unreadable: &Unreadable) -> Result<(), StoreError> {
    tracing::error!(outbox_id = unreadable.outbox_id, error = %unreadable.error, "outbox row set aside");
    let mut tx = portal.store.begin().await?;
    outbox::mark_failed(&mut tx, unreadable.outbox_id, &unreadable.error, None).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let first = SignedDuration::from_secs(30);
        assert_eq!(backoff(first, 1), SignedDuration::from_secs(30));
        assert_eq!(backoff(first, 2), SignedDuration::from_secs(60));
        assert_eq!(backoff(first, 4), SignedDuration::from_secs(240));
        assert_eq!(backoff(first, 12), MAX_DELAY);
        assert_eq!(backoff(first, 1000), MAX_DELAY);
    }
}
