//! Which key accounts' sponsors heard of the incident: each once, whichever
//! process links their account's first case.

use crate::store::{Conn, StoreError, to_millis};
use jiff::Timestamp;

/// Records that `email` was told for `domain`; false when someone was told
/// for that account already (and nobody should be told again).
pub async fn tell_sponsor_once(
    conn: &mut Conn,
    incident_id: i64,
    domain: &str,
    email: &str,
    at: Timestamp,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "insert into incident_sponsor (incident_id, domain, email, told_at) \
         values ($1, $2, $3, $4) on conflict (incident_id, domain) do nothing",
    )
    .bind(incident_id)
    .bind(domain)
    .bind(email)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
