//! The cases an incident links, and the open cases that may belong to it.

use crate::store::{Conn, Placeholders, StoreError, from_millis, to_millis};
use jiff::Timestamp;

/// A case linked to the incident, with what its notices need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedCase {
    pub case_id: i64,
    pub reference: String,
    pub subject: String,
    pub stage: String,
    pub customer_email: String,
    pub linked_at: Timestamp,
}

/// Rows per statement: 5 values each stays under SQLite's limit.
const LINKS_PER_INSERT: usize = 1000;

/// Links the cases not linked yet (or linked once and left); returns the
/// ids it linked now, so a second link of the same case changes nothing.
pub async fn link(
    conn: &mut Conn,
    incident_id: i64,
    case_ids: &[i64],
    by: i64,
    at: Timestamp,
) -> Result<Vec<i64>, StoreError> {
    let mut linked = std::collections::HashMap::new();
    for chunk in case_ids.chunks(LINKS_PER_INSERT) {
        let mut p = Placeholders::for_conn(conn);
        let first = p.next();
        let sql = format!(
            "select case_id, left_at from incident_case where incident_id = {first} \
             and case_id in ({})",
            p.list(chunk.len())
        );
        let mut query = sqlx::query_as::<_, (i64, Option<i64>)>(&sql).bind(incident_id);
        for id in chunk {
            query = query.bind(*id);
        }
        linked.extend(query.fetch_all(&mut *conn).await?);
    }
    let mut fresh: Vec<i64> = Vec::new();
    let mut back: Vec<i64> = Vec::new();
    for id in case_ids {
        match linked.get(id) {
            None if !fresh.contains(id) => fresh.push(*id),
            Some(Some(_)) if !back.contains(id) => back.push(*id),
            _ => {}
        }
    }
    for chunk in fresh.chunks(LINKS_PER_INSERT) {
        let mut p = Placeholders::for_conn(conn);
        let sql = format!(
            "insert into incident_case (incident_id, case_id, linked_by, linked_at) values {}",
            p.rows(chunk.len(), 4)
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query
                .bind(incident_id)
                .bind(*id)
                .bind(by)
                .bind(to_millis(at));
        }
        query.execute(&mut *conn).await?;
    }
    for id in &back {
        sqlx::query(
            "update incident_case set left_at = null, linked_by = $1, linked_at = $2 \
             where incident_id = $3 and case_id = $4",
        )
        .bind(by)
        .bind(to_millis(at))
        .bind(incident_id)
        .bind(*id)
        .execute(&mut *conn)
        .await?;
    }
    fresh.extend(back);
    Ok(fresh)
}

/// The cases linked now, in the order they were linked.
pub async fn linked(conn: &mut Conn, incident_id: i64) -> Result<Vec<LinkedCase>, StoreError> {
    let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "select c.case_id, c.reference, c.subject, c.stage, c.customer_email, l.linked_at \
         from incident_case l join support_case c on c.case_id = l.case_id \
         where l.incident_id = $1 and l.left_at is null order by l.linked_at, c.case_id",
    )
    .bind(incident_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(case_id, reference, subject, stage, customer_email, at)| {
            Ok(LinkedCase {
                case_id,
                reference,
                subject,
                stage,
                customer_email,
                linked_at: from_millis(at)?,
            })
        })
        .collect()
}

/// A case that might belong to an incident: open, raised since `since`,
/// and not linked to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub reference: String,
    pub subject: String,
    pub description: String,
    pub customer_email: String,
    pub channel: String,
    pub created_at: Timestamp,
}

/// Open cases raised since `since` and not linked to the incident, newest
/// first, at most `limit`.
pub async fn candidates(
    conn: &mut Conn,
    incident_id: i64,
    since: Timestamp,
    limit: i64,
) -> Result<Vec<Candidate>, StoreError> {
    let rows: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
        "select c.reference, c.subject, c.description, c.customer_email, c.channel, c.created_at \
         from support_case c where c.created_at >= $1 and c.stage not in ('resolved', 'closed') \
         and not exists (select 1 from incident_case l where l.case_id = c.case_id \
         and l.incident_id = $2 and l.left_at is null) \
         order by c.created_at desc limit $3",
    )
    .bind(to_millis(since))
    .bind(incident_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(
            |(reference, subject, description, customer_email, channel, at)| {
                Ok(Candidate {
                    reference,
                    subject,
                    description,
                    customer_email,
                    channel,
                    created_at: from_millis(at)?,
                })
            },
        )
        .collect()
}

/// Ends a case's link to the incident.
pub async fn leave(
    conn: &mut Conn,
    incident_id: i64,
    case_id: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "update incident_case set left_at = $1 where incident_id = $2 and case_id = $3 \
         and left_at is null",
    )
    .bind(to_millis(at))
    .bind(incident_id)
    .bind(case_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
