//! Saved queue views, one list per member of staff.

use super::{Conn, StoreError, to_millis};
use jiff::Timestamp;

/// A saved view: its id, name and filters (JSON of a `QueueQuery`).
pub type SavedRow = (i64, String, String);

/// The member's views, by name.
pub async fn of_member(conn: &mut Conn, staff_id: i64) -> Result<Vec<SavedRow>, StoreError> {
    Ok(sqlx::query_as(
        "select saved_view_id, name, filters from saved_view where staff_id = $1 order by name",
    )
    .bind(staff_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Saves a view under `name`, replacing the member's view of that name.
pub async fn save(
    conn: &mut Conn,
    staff_id: i64,
    name: &str,
    filters: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into saved_view (staff_id, name, filters, created_at) values ($1, $2, $3, $4) \
         on conflict (staff_id, name) do update set filters = excluded.filters",
    )
    .bind(staff_id)
    .bind(name)
    .bind(filters)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes one of the member's views; `false` when they have none by that id.
pub async fn remove(conn: &mut Conn, staff_id: i64, id: i64) -> Result<bool, StoreError> {
    let done = sqlx::query("delete from saved_view where saved_view_id = $1 and staff_id = $2")
        .bind(id)
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
