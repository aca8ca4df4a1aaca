//! The append-only history of each case.

use super::{Conn, Placeholders, StoreError, from_millis, to_millis};
use crate::domain::Event;
use jiff::Timestamp;

/// Appends events after the case's last one, in order (one insert).
/// Call it after the case's versioned update in the same transaction: that
/// update holds the case row, so no other writer numbers events meanwhile.
pub async fn append(conn: &mut Conn, case_id: i64, events: &[Event]) -> Result<(), StoreError> {
    append_many(conn, &[(case_id, events)]).await
}

/// Rows per insert: 6 values each stays under SQLite's limit of 32,766.
const EVENTS_PER_INSERT: usize = 1000;

/// Appends each case's events after its last one, for many cases: one
/// insert per `EVENTS_PER_INSERT` events, which numbers them itself (no
/// numbers read back first).
pub async fn append_many(conn: &mut Conn, cases: &[(i64, &[Event])]) -> Result<(), StoreError> {
    let rows: Vec<(i64, &Event)> = cases
        .iter()
        .flat_map(|(case_id, events)| events.iter().map(move |e| (*case_id, e)))
        .collect();
    for chunk in rows.chunks(EVENTS_PER_INSERT) {
        // Each event's place after what the case held before this insert
        // (earlier chunks included): 1, 2, ... per case.
        let mut places = std::collections::HashMap::new();
        let numbered: Vec<(i64, i64, &Event)> = chunk
            .iter()
            .map(|(case_id, event)| {
                let place = places.entry(*case_id).or_insert(0);
                *place += 1;
                (*case_id, *place, *event)
            })
            .collect();
        insert(conn, &numbered, Numbers::AfterLast).await?;
    }
    Ok(())
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

/// What the number beside each event means.
#[derive(Clone, Copy)]
enum Numbers {
    /// Its `seq`.
    Given,
    /// Its place after the case's last event when the insert starts. Both
    /// databases evaluate the select before inserting any of its rows.
    AfterLast,
}

/// Inserts events with their numbers: (case, number, event).
async fn insert_numbered(conn: &mut Conn, rows: &[(i64, i64, &Event)]) -> Result<(), StoreError> {
    for chunk in rows.chunks(EVENTS_PER_INSERT) {
        insert(conn, chunk, Numbers::Given).await?;
    }
    Ok(())
}

/// One insert of at most `EVENTS_PER_INSERT` events.
async fn insert(
    conn: &mut Conn,
    rows: &[(i64, i64, &Event)],
    numbers: Numbers,
) -> Result<(), StoreError> {
    let values = Placeholders::for_conn(conn).rows(rows.len(), 6);
    let seq = match numbers {
        Numbers::Given => "v.column2",
        Numbers::AfterLast => {
            "v.column2 + coalesce((select max(e.seq) from case_event e \
             where e.case_id = v.column1), 0)"
        }
    };
    // VALUES names its columns column1, column2, ... on both databases.
    let sql = format!(
        "insert into case_event (case_id, seq, at, kind, public, body) \
         select v.column1, {seq}, v.column3, v.column4, v.column5, v.column6 \
         from (values {values}) as v"
    );
    let mut insert = sqlx::query(&sql);
    for (case_id, number, event) in rows {
        let body = serde_json::to_string(event).map_err(|source| StoreError::Unwritable {
            what: "event",
            source,
        })?;
        insert = insert
            .bind(*case_id)
            .bind(*number)
            .bind(to_millis(event.at))
            .bind(event.kind.code())
            .bind(i64::from(event.kind.is_public()))
            .bind(body);
    }
    insert.execute(&mut *conn).await?;
    Ok(())
}

/// The newest case event's number across all cases (0 with none): any
/// change to any case moves it, so open queues follow it.
pub async fn latest_id(conn: &mut Conn) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("select coalesce(max(case_event_id), 0) from case_event")
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// When the case's latest event happened; `None` for a case without events.
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
