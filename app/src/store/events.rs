//! The append-only history of each case.

use super::{Conn, Placeholders, StoreError, from_millis, to_millis};
use crate::domain::Event;
use jiff::Timestamp;

/// Appends events after the case's last one, in order (one read, one insert).
/// Call it after the case's versioned update in the same transaction: that
/// update holds the case row, so no other writer numbers events meanwhile.
pub async fn append(conn: &mut Conn, case_id: i64, events: &[Event]) -> Result<(), StoreError> {
    append_many(conn, &[(case_id, events)]).await
}

/// Rows per insert: 6 values each stays under SQLite's limit of 32,766.
const EVENTS_PER_INSERT: usize = 1000;

/// Appends each case's events after its last one, for many cases: one read
/// of the last numbers and one insert per `EVENTS_PER_INSERT` events.
pub async fn append_many(conn: &mut Conn, cases: &[(i64, &[Event])]) -> Result<(), StoreError> {
    let cases: Vec<(i64, &[Event])> = cases
        .iter()
        .filter(|(_, events)| !events.is_empty())
        .copied()
        .collect();
    if cases.is_empty() {
        return Ok(());
    }
    let mut last = std::collections::HashMap::new();
    for chunk in cases.chunks(EVENTS_PER_INSERT) {
        let ids = Placeholders::for_conn(conn).list(chunk.len());
        let sql = format!(
            "select case_id, max(seq) from case_event where case_id in ({ids}) group by case_id"
        );
        let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
        for (case_id, _) in chunk {
            query = query.bind(*case_id);
        }
        last.extend(query.fetch_all(&mut *conn).await?);
    }
    let rows: Vec<(i64, i64, &Event)> = cases
        .iter()
        .flat_map(|(case_id, events)| {
            let first = last.get(case_id).copied().unwrap_or(0) + 1;
            (first..)
                .zip(events.iter())
                .map(move |(seq, e)| (*case_id, seq, e))
        })
        .collect();
    insert_numbered(conn, &rows).await
}

/// The first events of a case just inserted in this transaction: numbered
/// from 1 without reading, as nothing can precede them.
pub async fn append_to_new_case(
    conn: &mut Conn,
    case_id: i64,
    events: &[Event],
) -> Result<(), StoreError> {
    append_to_new_cases(conn, &[(case_id, events)]).await
}

/// `append_to_new_case` for many new cases at once: one insert per
/// `EVENTS_PER_INSERT` events.
pub async fn append_to_new_cases(
    conn: &mut Conn,
    cases: &[(i64, &[Event])],
) -> Result<(), StoreError> {
    let rows: Vec<(i64, i64, &Event)> = cases
        .iter()
        .flat_map(|(case_id, events)| {
            (1..)
                .zip(events.iter())
                .map(move |(seq, e)| (*case_id, seq, e))
        })
        .collect();
    insert_numbered(conn, &rows).await
}

/// Inserts events with their numbers: (case, seq, event).
async fn insert_numbered(conn: &mut Conn, rows: &[(i64, i64, &Event)]) -> Result<(), StoreError> {
    for chunk in rows.chunks(EVENTS_PER_INSERT) {
        let values = Placeholders::for_conn(conn).rows(chunk.len(), 6);
        let sql = format!(
            "insert into case_event (case_id, seq, at, kind, public, body) values {values}"
        );
        let mut insert = sqlx::query(&sql);
        for (case_id, seq, event) in chunk {
            let body = serde_json::to_string(event).map_err(|source| StoreError::Unwritable {
                what: "event",
                source,
            })?;
            insert = insert
                .bind(*case_id)
                .bind(*seq)
                .bind(to_millis(event.at))
                .bind(event.kind.code())
                .bind(i64::from(event.kind.is_public()))
                .bind(body);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

/// When the case's latest event happened; `None` for a case without events.
/// The newest case event's number across all cases (0 with none): any
/// change to any case moves it, so open queues follow it.
pub async fn latest_id(conn: &mut Conn) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("select coalesce(max(case_event_id), 0) from case_event")
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn last_at(conn: &mut Conn, case_id: i64) -> Result<Option<Timestamp>, StoreError> {
    let at: Option<i64> = sqlx::query_scalar("select max(at) from case_event where case_id = $1")
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await?;
    at.map(from_millis).transpose()
}

/// Every event of a case, oldest first.
pub async fn for_case(conn: &mut Conn, case_id: i64) -> Result<Vec<Event>, StoreError> {
    let bodies: Vec<String> =
        sqlx::query_scalar("select body from case_event where case_id = $1 order by seq")
            .bind(case_id)
            .fetch_all(&mut *conn)
            .await?;
    bodies
        .iter()
        .map(|b| serde_json::from_str(b).map_err(|e| StoreError::corrupt(format!("event: {e}"))))
        .collect()
}
