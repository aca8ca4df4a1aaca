//! Intake: cases raised at the same moment are written together.
//!
//! A case raised through a channel that answers at once (the web form, the
//! chat, the API, a phone call) joins a queue. One task takes whatever is
//! waiting and writes it as one piece of work: one insert for all the new
//! cases, one for their first events, one for their customers, one for
//! their Idempotency-Key records, with the settings they need read once.
//! The piece shares its durable commit with other writes (group commit),
//! and nobody is answered before that commit.
//!
//! Should the piece fail as a whole (a reference drawn twice, a key that
//! another request took first, a row the database refuses), every case in
//! it is raised again on its own, exactly as a case raised alone: one bad
//! case never fails another, and each caller hears its own outcome.

use super::escalations::{self, Raised};
use super::idempotency::{self, Keyed};
use super::{Portal, notify, raci, secrets, sponsors};
use crate::domain::{Case, CaseReference, Event, NewCase};
use crate::error::AppError;
use crate::store::idempotency as records;
use crate::store::sla_settings as store_settings;
use crate::store::{Conn, StoreError, cases, events, outbox, subscribers};
use futures_util::FutureExt;
use jiff::{SignedDuration, Timestamp};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};
use tokio::sync::{mpsc, oneshot};

/// Cases written together at most: a burst from many connections, while one
/// statement stays far under the databases' limits on values.
const MOST_TOGETHER: usize = 64;
/// The longest a group waits for the callers of the last one to come back:
/// a fraction of what a commit costs.
const GATHER: std::time::Duration = std::time::Duration::from_micros(500);
/// How often expired Idempotency-Key records are deleted (an expired one is
/// replaced when its key comes back, so this only keeps the table small).
const PURGE_EVERY: SignedDuration = SignedDuration::from_mins(10);

/// The intake queue and what it keeps; cloned with the portal.
#[derive(Clone, Default)]
pub struct Intake {
    queue: Arc<OnceLock<mpsc::UnboundedSender<Ask>>>,
    /// The instance secret once a commit holds it (it never changes).
    secret: Arc<OnceLock<String>>,
    /// When expired records were last deleted, in ms since the epoch.
    purged_at: Arc<AtomicI64>,
}

/// Why a case was not raised.
#[derive(Debug)]
pub enum Refused {
    /// Another request with the same Idempotency-Key committed first.
    Raced,
    Failed(AppError),
}

impl From<StoreError> for Refused {
    fn from(error: StoreError) -> Self {
        Refused::Failed(error.into())
    }
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Self {
        Refused::Failed(error)
    }
}

/// One case to raise, with the token its link will carry.
#[derive(Clone)]
struct Wanted {
    portal: Portal,
    new: NewCase,
    token: String,
    keyed: Option<Keyed>,
    now: Timestamp,
}

struct Ask {
    wanted: Wanted,
    answer: oneshot::Sender<Result<Raised, Refused>>,
}

impl Intake {
    /// Raises a case with `token` (with `keyed`, its Idempotency-Key record
    /// is stored in the same commit) and answers once it is on disk.
    pub(super) async fn raise(
        &self,
        portal: &Portal,
        new: NewCase,
        token: String,
        keyed: Option<Keyed>,
        now: Timestamp,
    ) -> Result<Raised, Refused> {
        let queue = self.queue.get_or_init(|| {
            let (queue, waiting) = mpsc::unbounded_channel();
            tokio::spawn(take_turns(waiting));
            queue
        });
        let (answer, answered) = oneshot::channel();
        let wanted = Wanted {
            portal: portal.clone(),
            new,
            token,
            keyed,
            now,
        };
        queue
            .send(Ask { wanted, answer })
            .map_err(|_| Refused::Failed(AppError::Unexpected))?;
        answered
            .await
            .unwrap_or(Err(Refused::Failed(AppError::Unexpected)))
    }

    /// The instance secret, which Idempotency-Key tokens are derived from:
    /// read (or made and committed) once, then kept.
    pub(super) async fn secret(&self, portal: &Portal) -> Result<String, StoreError> {
        if let Some(secret) = self.secret.get() {
            return Ok(secret.clone());
        }
        let secret = secrets::instance_secret(&portal.store).await?;
        Ok(self.secret.get_or_init(|| secret).clone())
    }

    /// Whether this writer should delete expired records now; claims the
    /// turn, so concurrent writers do not all do it.
    fn purge_due(&self, now: Timestamp) -> bool {
        let now = now.as_millisecond();
        let last = self.purged_at.load(Ordering::Relaxed);
        now.saturating_sub(last) >= PURGE_EVERY.as_millis() as i64
            && self
                .purged_at
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
    }
}

/// Takes whatever is waiting, one group at a time: while one group's commit
/// is on its way to disk, the next group gathers.
async fn take_turns(mut waiting: mpsc::UnboundedReceiver<Ask>) {
    let mut asks = Vec::with_capacity(MOST_TOGETHER);
    // How many callers the next group may expect: under load, the callers
    // just answered come back at about the same time as each other.
    let mut expected = 1;
    while waiting.recv_many(&mut asks, MOST_TOGETHER).await > 0 {
        // Those who came while the last group was written wait a moment
        // for the callers just answered, so that all go in one commit
        // instead of two half-full ones. A caller alone never waits.
        let came = std::time::Instant::now();
        let mut deadline = None;
        while asks.len() < expected {
            let deadline = deadline.get_or_insert_with(|| ends_at(came + GATHER));
            tokio::select! {
                ask = waiting.recv() => match ask {
                    Some(ask) => asks.push(ask),
                    None => break,
                },
                _ = deadline => break,
            }
        }
        let answered = asks.len();
        let group = std::mem::take(&mut asks);
        let gathered = came.elapsed();
        // A panic must not stop intake for good; the group's callers see
        // their answers go missing (an error).
        if AssertUnwindSafe(raise_group(group))
            .catch_unwind()
            .await
            .is_err()
        {
            tracing::error!("raising a group of cases panicked");
        }
        tracing::debug!(
            cases = answered,
            gathered_us = gathered.as_micros() as u64,
            written_us = (came.elapsed() - gathered).as_micros() as u64,
            "intake: a group was raised"
        );
        // Who came while it was written, and who was just answered.
        expected = (waiting.len() + answered).min(MOST_TOGETHER);
    }
}

/// Ends at `until`, as precisely as the OS sleeps. Tokio's timers tick in
/// whole milliseconds, which made a wait of 500 µs last 1 to 2.5 ms: in one
/// group out of eight under load, costing a tenth of intake's rate.
fn ends_at(until: std::time::Instant) -> tokio::task::JoinHandle<()> {
    tokio::task::spawn_blocking(move || {
        std::thread::sleep(until.saturating_duration_since(std::time::Instant::now()));
    })
}

async fn raise_group(asks: Vec<Ask>) {
    let (wanted, answers): (Vec<Wanted>, Vec<_>) =
        asks.into_iter().map(|ask| (ask.wanted, ask.answer)).unzip();
    if let [one] = &wanted[..] {
        let outcome = raise_alone(one.clone()).await;
        if let Some(answer) = answers.into_iter().next() {
            let _ = answer.send(outcome);
        }
        return;
    }
    let wanted = Arc::new(wanted);
    let shared = Arc::clone(&wanted);
    let store = wanted[0].portal.store.clone();
    let together = store
        .write_grouped(move |tx| Box::pin(async move { raise_all(tx, &shared).await }))
        .await;
    match together {
        Ok(raised) => {
            for (answer, raised) in answers.into_iter().zip(raised) {
                let _ = answer.send(Ok(raised));
            }
        }
        Err(refused) => {
            tracing::debug!(
                ?refused,
                cases = wanted.len(),
                "raising cases together failed; raising each alone"
            );
            for (answer, one) in answers.into_iter().zip(wanted.iter().cloned()) {
                tokio::spawn(async move {
                    let _ = answer.send(raise_alone(one).await);
                });
            }
        }
    }
}

/// One case in a transaction of its own (shared commit, own savepoint).
async fn raise_alone(wanted: Wanted) -> Result<Raised, Refused> {
    let store = wanted.portal.store.clone();
    store
        .write_grouped(move |tx| {
            Box::pin(async move {
                let Wanted {
                    portal,
                    new,
                    token,
                    keyed,
                    now,
                } = wanted;
                if keyed.is_some() && portal.intake.purge_due(now) {
                    records::purge_expired(tx, now).await?;
                }
                let raised = escalations::raise_in(&portal, tx, new, &token, now).await?;
                if let Some(keyed) = keyed {
                    let record = idempotency::record_for(&keyed, &raised, now)?;
                    match records::insert(tx, &record).await {
                        Ok(()) => {}
                        Err(StoreError::Conflict(_)) => return Err(Refused::Raced),
                        Err(other) => return Err(other.into()),
                    }
                }
                Ok(raised)
            })
        })
        .await
}

/// A new case before it is stored.
struct Drawn {
    case: Case,
    created: Vec<Event>,
    token_hash: String,
    due: Option<Timestamp>,
}

/// Every wanted case in one piece of work: one statement per kind of row.
async fn raise_all(conn: &mut Conn, wanted: &[Wanted]) -> Result<Vec<Raised>, Refused> {
    let Some(first) = wanted.first() else {
        return Ok(Vec::new());
    };
    let portal = &first.portal;
    let (rules, calendar) = (portal.rules(), portal.calendar());
    let saved = store_settings::sources(conn, &[raci::RACI, sponsors::SPONSORS]).await?;
    let matrix = raci::from_saved(saved.get(raci::RACI).map(String::as_str));
    let sponsoring = sponsors::from_saved(saved.get(sponsors::SPONSORS).map(String::as_str));
    let kind = &matrix.default_type().code;
    let drawn: Vec<Drawn> = wanted
        .iter()
        .map(|w| {
            let reference = CaseReference::from_random(secrets::random_bytes());
            let (case, created) = Case::raise(w.new.clone(), reference, kind, w.now, &rules);
            let due = case.next_deadline(&rules, &*calendar);
            Drawn {
                case,
                created,
                token_hash: secrets::hash_token(&w.token),
                due,
            }
        })
        .collect();
    let rows: Vec<cases::NewRow<'_>> = drawn
        .iter()
        .map(|d| cases::NewRow {
            case: &d.case,
            token_hash: &d.token_hash,
            next_due_at: d.due,
        })
        .collect();
    // A reference drawn twice fails the statement: each case then goes alone.
    let ids = cases::insert_many(conn, &rows).await?;
    let first_events: Vec<(i64, &[Event])> = ids
        .iter()
        .zip(&drawn)
        .map(|(id, d)| (*id, &d.created[..]))
        .collect();
    events::append_to_new_cases(conn, &first_events).await?;
    let customers: Vec<subscribers::NewCustomer<'_>> = ids
        .iter()
        .zip(&drawn)
        .map(|(id, d)| subscribers::NewCustomer {
            case_id: *id,
            email: &d.case.customer_email,
            name: &d.case.customer_name,
            at: d.case.created_at,
        })
        .collect();
    let customer_ids = subscribers::add_customers(conn, &customers).await?;

    let mut raised = Vec::with_capacity(wanted.len());
    let mut alerts = Vec::with_capacity(wanted.len());
    for (((w, d), id), customer) in wanted.iter().zip(drawn).zip(ids).zip(customer_ids) {
        let Drawn {
            mut case,
            created,
            due,
            ..
        } = d;
        let mut sponsor = Vec::new();
        sponsors::engage_with(
            portal,
            conn,
            &sponsoring,
            id,
            &mut case,
            &mut sponsor,
            w.now,
        )
        .await?;
        escalations::record_sponsor(conn, id, &case, &sponsor, due, w.now).await?;
        notify::acknowledge(portal, conn, id, &case, customer, &w.token, w.now).await?;
        alerts.push((
            id,
            raci::role_alerts(&matrix, &case, &created),
            case.clone(),
        ));
        raised.push(Raised {
            case_id: id,
            answer: escalations::raised_answer(&w.portal, &case, &w.token, w.now),
        });
    }
    let rows: Vec<(i64, &[_])> = alerts.iter().map(|(id, a, _)| (*id, &a[..])).collect();
    outbox::add_alerts_many(conn, &rows, first.now).await?;
    let mut addresses = notify::StaffAddresses::default();
    for (id, alerts, case) in &alerts {
        addresses
            .alert(portal, conn, *id, case, alerts, first.now)
            .await?;
    }

    let mut keyed = Vec::new();
    for (w, r) in wanted.iter().zip(&raised) {
        if let Some(k) = &w.keyed {
            keyed.push(idempotency::record_for(k, r, w.now)?);
        }
    }
    if !keyed.is_empty() {
        if portal.intake.purge_due(first.now) {
            records::purge_expired(conn, first.now).await?;
        }
        // A key already in force (another request, or twice in this group)
        // undoes the group; alone, that request finds its first answer.
        if records::insert_many(conn, &keyed).await?.len() != keyed.len() {
            return Err(Refused::Raced);
        }
    }
    Ok(raised)
}
