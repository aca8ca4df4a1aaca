//! What a case's status page reads, in one statement: the case, its events
//! and the invitations still waiting for an answer. On PostgreSQL each
//! statement is a network round trip, and a status page is the page
//! customers reload most.

use super::cases::{COLUMNS, CaseRow, StoredCase};
use super::subscribers::OPEN_INVITATION;
use super::{Conn, StoreError};
use crate::domain::{CaseReference, Event};
use std::sync::LazyLock;

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

/// The statement on SQLite and on PostgreSQL, made once.
static SQLITE: LazyLock<String> = LazyLock::new(|| statement("json_group_array", ""));
static POSTGRES: LazyLock<String> = LazyLock::new(|| statement("json_agg", "::text"));

/// The same query on both; only the JSON aggregate's spelling differs
/// (PostgreSQL's is `json`, read as text). Event bodies are stored as JSON
/// text, so they are joined as text rather than parsed by the database only
/// to be written out again (about a quarter of the read's time inside
/// PostgreSQL, measured with three events).
fn statement(aggregate: &str, as_text: &str) -> String {
    format!(
        "select {COLUMNS}, \
         (select coalesce('[' || string_agg(e.body, ',' order by e.seq) || ']', '[]') \
          from case_event e where e.case_id = c.case_id) as history, \
         (select coalesce({aggregate}(email order by subscriber_id), '[]'){as_text} \
          from subscriber where subscriber.case_id = c.case_id \
          and {OPEN_INVITATION}) as invited \
         from support_case c where c.reference = $1"
    )
}

/// The case with `reference`, its events and its open invitations.
pub async fn find(
    conn: &mut Conn,
    reference: &CaseReference,
) -> Result<CaseWithHistory, StoreError> {
    let sql = if conn.backend_name() == "SQLite" {
        &*SQLITE
    } else {
        &*POSTGRES
    };
    let row: Row = sqlx::query_as(sql)
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
