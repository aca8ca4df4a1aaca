//! The weekly digest: which weeks have gone out, and to whom it goes.

use super::{Conn, StoreError, to_millis};
use jiff::Timestamp;

/// Whether the digest of the week starting `week_start` has gone out.
pub async fn sent(conn: &mut Conn, week_start: &str) -> Result<bool, StoreError> {
    let found: Option<i64> =
        sqlx::query_scalar("select sent_at from report_digest where week_start = $1")
            .bind(week_start)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

/// Claims the week's digest: `true` for the one caller that may send it.
pub async fn claim(
    conn: &mut Conn,
    week_start: &str,
    recipients: usize,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "insert into report_digest (week_start, sent_at, recipients) values ($1, $2, $3) \
         on conflict (week_start) do nothing",
    )
    .bind(week_start)
    .bind(to_millis(now))
    .bind(i64::try_from(recipients).unwrap_or(i64::MAX))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The addresses of the managers who may work (not disabled).
pub async fn managers(conn: &mut Conn) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "select email from staff where role = 'manager' and disabled_at is null order by staff_id",
    )
    .fetch_all(&mut *conn)
    .await?)
}
