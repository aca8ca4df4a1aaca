//! External signals as received, and the window of them rules read.

use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::signal::Signal;
use jiff::Timestamp;

/// Stores a batch in one statement per reading (a batch is at most a
/// thousand), in the caller's transaction.
pub async fn record(
    conn: &mut Conn,
    signals: &[Signal],
    received: Timestamp,
) -> Result<(), StoreError> {
    for signal in signals {
        sqlx::query(
            "insert into signal (name, account, value, at, received_at) values ($1, $2, $3, $4, $5)",
        )
        .bind(&signal.name)
        .bind(&signal.account)
        .bind(signal.value)
        .bind(to_millis(signal.at))
        .bind(to_millis(received))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Every reading from `since` on, oldest first.
pub async fn since(conn: &mut Conn, since: Timestamp) -> Result<Vec<Signal>, StoreError> {
    let rows: Vec<(String, String, f64, i64)> = sqlx::query_as(
        "select name, account, value, at from signal where at >= $1 order by at, signal_id",
    )
    .bind(to_millis(since))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(name, account, value, at)| {
            Ok(Signal {
                name,
                account,
                value,
                at: from_millis(at)?,
            })
        })
        .collect()
}
