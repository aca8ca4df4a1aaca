//! Emails already taken in, so a second delivery of one changes nothing.

use super::{Conn, StoreError, to_millis};
use crate::domain::CaseReference;
use jiff::Timestamp;

/// The case an earlier delivery of this email produced, if any.
pub async fn case_for(
    conn: &mut Conn,
    dedupe_key: &str,
) -> Result<Option<CaseReference>, StoreError> {
    let reference: Option<String> = sqlx::query_scalar(
        "select c.reference from inbound_mail m \
         join support_case c on c.case_id = m.case_id where m.dedupe_key = $1",
    )
    .bind(dedupe_key)
    .fetch_optional(&mut *conn)
    .await?;
    reference
        .map(|r| {
            CaseReference::parse(&r).ok_or_else(|| StoreError::corrupt(format!("reference {r}")))
        })
        .transpose()
}

/// Records an email as taken in. A second record with the same key fails
/// with `Conflict`, so of two deliveries racing each other only one commits.
pub async fn record(
    conn: &mut Conn,
    dedupe_key: &str,
    case_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("insert into inbound_mail (dedupe_key, case_id, received_at) values ($1, $2, $3)")
        .bind(dedupe_key)
        .bind(case_id)
        .bind(to_millis(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
