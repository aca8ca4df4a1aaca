//! Work a background job set aside: a case the SLA engine could not process
//! leaves the sweep (its deadline is cleared) with its error kept here, so
//! one bad row never stops every later sweep. Admins list them.

use super::{Conn, StoreError, from_millis, to_millis};
use jiff::Timestamp;

/// What was set aside.
pub const SLA_CASE: &str = "sla_case";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    pub kind: String,
    pub item_id: i64,
    /// The case's reference, for a case.
    pub reference: Option<String>,
    pub error: String,
    pub at: Timestamp,
}

/// Takes a case out of the SLA sweep and records why.
pub async fn sla_case(
    conn: &mut Conn,
    case_id: i64,
    error: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("update support_case set next_due_at = null where case_id = $1")
        .bind(case_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("insert into set_aside (kind, item_id, error, at) values ($1, $2, $3, $4)")
        .bind(SLA_CASE)
        .bind(case_id)
        .bind(error)
        .bind(to_millis(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The latest set-aside work, newest first.
pub async fn recent(conn: &mut Conn, limit: i64) -> Result<Vec<SetAside>, StoreError> {
    let rows: Vec<(String, i64, Option<String>, String, i64)> = sqlx::query_as(
        "select s.kind, s.item_id, c.reference, s.error, s.at from set_aside s \
         left join support_case c on s.kind = 'sla_case' and c.case_id = s.item_id \
         order by s.at desc, s.set_aside_id desc limit $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(kind, item_id, reference, error, at)| {
            Ok(SetAside {
                kind,
                item_id,
                reference,
                error,
                at: from_millis(at)?,
            })
        })
        .collect()
}
