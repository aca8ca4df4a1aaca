//! Personal API tokens for staff. Only a hash of each token is stored.

use super::staff::StaffMember;
use super::{Conn, StoreError, to_millis};
use jiff::Timestamp;

pub async fn insert(
    conn: &mut Conn,
    token_hash: &str,
    staff_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("insert into staff_token (token_hash, staff_id, created_at) values ($1, $2, $3)")
        .bind(token_hash)
        .bind(staff_id)
        .bind(to_millis(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The member a token belongs to.
pub async fn find_member(conn: &mut Conn, token_hash: &str) -> Result<StaffMember, StoreError> {
    Ok(sqlx::query_as(
        "select s.staff_id, s.email, s.name, s.role from staff_token st \
         join staff s on s.staff_id = st.staff_id where st.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn touch(conn: &mut Conn, token_hash: &str, now: Timestamp) -> Result<(), StoreError> {
    sqlx::query("update staff_token set last_used_at = $1 where token_hash = $2")
        .bind(to_millis(now))
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
