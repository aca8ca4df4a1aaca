//! The next-update promise's reminder and missed mark, each claimed once.

use crate::store::{Conn, StoreError, from_millis, to_millis};
use jiff::Timestamp;

/// An incident whose next-update promise needs someone's attention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuePromise {
    pub incident_id: i64,
    pub reference: String,
    pub title: String,
    pub next_update_at: Timestamp,
}

/// Claims the open incidents whose promise falls due before `until` and
/// whose reminder has not gone out. One statement sets the mark, so of
/// several processes exactly one gets each incident.
pub async fn claim_reminders(
    conn: &mut Conn,
    now: Timestamp,
    until: Timestamp,
) -> Result<Vec<DuePromise>, StoreError> {
    claim(conn, "reminded_at", now, until).await
}

/// Claims the open incidents whose promise passed without an update.
pub async fn claim_missed(conn: &mut Conn, now: Timestamp) -> Result<Vec<DuePromise>, StoreError> {
    claim(conn, "missed_at", now, now).await
}

async fn claim(
    conn: &mut Conn,
    mark: &str,
    now: Timestamp,
    until: Timestamp,
) -> Result<Vec<DuePromise>, StoreError> {
    let sql = format!(
        "update incident set {mark} = $1 where {mark} is null and next_update_at <= $2 \
         and resolved_at is null and closed_at is null \
         returning incident_id, reference, title, next_update_at"
    );
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(&sql)
        .bind(to_millis(now))
        .bind(to_millis(until))
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter()
        .map(|(incident_id, reference, title, next)| {
            Ok(DuePromise {
                incident_id,
                reference,
                title,
                next_update_at: from_millis(next)?,
            })
        })
        .collect()
}

/// When the reminders next have something to do: a promise's reminder
/// (`lead` before it) not sent yet, or a promise not yet marked missed.
pub async fn next_promise(
    conn: &mut Conn,
    lead: jiff::SignedDuration,
) -> Result<Option<Timestamp>, StoreError> {
    let at: Option<i64> = sqlx::query_scalar(
        "select min(case when reminded_at is null then next_update_at - $1 else next_update_at end) \
         from incident where missed_at is null and next_update_at is not null \
         and resolved_at is null and closed_at is null",
    )
    .bind(lead.as_millis() as i64)
    .fetch_one(&mut *conn)
    .await?;
    at.map(from_millis).transpose()
}
