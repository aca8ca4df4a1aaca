//! What a case's status page reads, in one statement: the case, its events
//! and the invitations still waiting for an answer. On PostgreSQL each
//! statement is a network round trip, and a status page is the page
//! customers reload most.

use super::cases::{COLUMNS, CaseRow, StoredCase};
use super::{Conn, StoreError};
use crate::domain::{CaseReference, Event};

/// A case with its history.
#[derive(Debug)]
pub struct CaseWithHistory {
    pub stored: StoredCase,
    /// Every event, oldest first.
    pub history: Vec<Event>,
    /// Addresses invited to follow the case that have not answered yet.
    pub invited: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    case: CaseRow,
    /// A JSON array of the events' bodies.
    history: String,
    /// A JSON array of addresses.
    invited: String,
}

/// The case with `reference`, its events and its open invitations.
pub async fn find(
    conn: &mut Conn,
    reference: &CaseReference,
) -> Result<CaseWithHistory, StoreError> {
    // The same query on both; only JSON's spelling differs. PostgreSQL's
    // aggregate is `json`, read here as text.
    let (aggregate, body, as_text) = if conn.backend_name() == "SQLite" {
        ("json_group_array", "json(e.body)", "")
    } else {
        ("json_agg", "e.body::json", "::text")
    };
    let sql = format!(
        "select {COLUMNS}, \
         (select coalesce({aggregate}({body} order by e.seq), '[]'){as_text} \
          from case_event e where e.case_id = c.case_id) as history, \
         (select coalesce({aggregate}(s.email order by s.subscriber_id), '[]'){as_text} \
          from subscriber s where s.case_id = c.case_id \
          and s.unsubscribed_at is null and s.agreed_at is null) as invited \
         from support_case c where c.reference = $1"
    );
    let row: Row = sqlx::query_as(&sql)
        .bind(reference.as_str())
        .fetch_one(&mut *conn)
        .await?;
    let history = serde_json::from_str(&row.history)
        .map_err(|e| StoreError::corrupt(format!("event: {e}")))?;
    let invited = serde_json::from_str(&row.invited)
        .map_err(|e| StoreError::corrupt(format!("invitations: {e}")))?;
    Ok(CaseWithHistory {
        stored: row.case.try_into()?,
        history,
        invited,
    })
}
