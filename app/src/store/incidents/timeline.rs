//! The war room's timeline, the situation updates, and what a drill kept.

use crate::domain::incident::SituationUpdate;
use crate::store::{Conn, StoreError, from_millis, to_millis};
use jiff::Timestamp;

/// One line of the war room's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: String,
    pub body: String,
    pub author: Option<String>,
    pub at: Timestamp,
}

/// A published situation update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedUpdate {
    pub update: SituationUpdate,
    pub published_by: String,
    pub published_at: Timestamp,
}

pub async fn add_entry(
    conn: &mut Conn,
    incident_id: i64,
    kind: &str,
    body: &str,
    author_id: Option<i64>,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into incident_entry (incident_id, kind, body, author_id, at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(incident_id)
    .bind(kind)
    .bind(body)
    .bind(author_id)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    // Every change to an incident writes an entry: the live war room hears it.
    sqlx::query("update incident set version = version + 1 where incident_id = $1")
        .bind(incident_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn entries(conn: &mut Conn, incident_id: i64) -> Result<Vec<Entry>, StoreError> {
    let rows: Vec<(String, String, Option<String>, i64)> = sqlx::query_as(
        "select e.kind, e.body, s.name, e.at from incident_entry e \
         left join staff s on s.staff_id = e.author_id \
         where e.incident_id = $1 order by e.incident_entry_id",
    )
    .bind(incident_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(kind, body, author, at)| {
            Ok(Entry {
                kind,
                body,
                author,
                at: from_millis(at)?,
            })
        })
        .collect()
}

/// Stores an update and makes its promise the incident's clock, with a
/// fresh reminder and missed mark.
pub async fn add_update(
    conn: &mut Conn,
    incident_id: i64,
    update: &SituationUpdate,
    by: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into incident_update (incident_id, affected, known, doing, next_update_at, \
         published_by, published_at) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(incident_id)
    .bind(&update.affected)
    .bind(&update.known)
    .bind(&update.doing)
    .bind(to_millis(update.next_update_at))
    .bind(by)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "update incident set next_update_at = $1, reminded_at = null, missed_at = null \
         where incident_id = $2",
    )
    .bind(to_millis(update.next_update_at))
    .bind(incident_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Updates, oldest first.
pub async fn updates(
    conn: &mut Conn,
    incident_id: i64,
) -> Result<Vec<PublishedUpdate>, StoreError> {
    let rows: Vec<(String, String, String, i64, String, i64)> = sqlx::query_as(
        "select u.affected, u.known, u.doing, u.next_update_at, s.name, u.published_at \
         from incident_update u join staff s on s.staff_id = u.published_by \
         where u.incident_id = $1 order by u.incident_update_id",
    )
    .bind(incident_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(affected, known, doing, next, by, at)| {
            Ok(PublishedUpdate {
                update: SituationUpdate {
                    affected,
                    known,
                    doing,
                    next_update_at: from_millis(next)?,
                },
                published_by: by,
                published_at: from_millis(at)?,
            })
        })
        .collect()
}

/// Keeps what a drill would have sent.
pub async fn rehearse(
    conn: &mut Conn,
    incident_id: i64,
    recipient: &str,
    subject: &str,
    body: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into incident_rehearsal (incident_id, recipient, subject, body, at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(incident_id)
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What a drill kept: (recipient, subject), in order.
pub async fn rehearsals(
    conn: &mut Conn,
    incident_id: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query_as(
        "select recipient, subject from incident_rehearsal where incident_id = $1 \
         order by incident_rehearsal_id",
    )
    .bind(incident_id)
    .fetch_all(&mut *conn)
    .await?)
}
