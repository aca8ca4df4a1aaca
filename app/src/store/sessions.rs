//! Server-side staff sessions. Only a hash of the cookie value is stored.
//! A disabled member's sessions are deleted, and never found meanwhile.

use super::staff::StaffMember;
use super::{Conn, StoreError, to_millis};
use jiff::Timestamp;

pub async fn insert(
    conn: &mut Conn,
    token_hash: &str,
    staff_id: i64,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into staff_session (token_hash, staff_id, created_at, last_seen_at, expires_at) \
         values ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash)
    .bind(staff_id)
    .bind(to_millis(now))
    .bind(to_millis(expires_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The member behind a live session: not expired, used since `idle_since`,
/// and the member not disabled.
pub async fn find_member(
    conn: &mut Conn,
    token_hash: &str,
    now: Timestamp,
    idle_since: Timestamp,
) -> Result<StaffMember, StoreError> {
    Ok(sqlx::query_as(
        "select s.staff_id, s.email, s.name, s.role from staff_session ss \
         join staff s on s.staff_id = ss.staff_id \
         where ss.token_hash = $1 and ss.expires_at > $2 and ss.last_seen_at > $3 \
         and s.disabled_at is null",
    )
    .bind(token_hash)
    .bind(to_millis(now))
    .bind(to_millis(idle_since))
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn touch(conn: &mut Conn, token_hash: &str, now: Timestamp) -> Result<(), StoreError> {
    sqlx::query("update staff_session set last_seen_at = $1 where token_hash = $2")
        .bind(to_millis(now))
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query("delete from staff_session where token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends every session of the member; returns how many.
pub async fn delete_all_of(conn: &mut Conn, staff_id: i64) -> Result<u64, StoreError> {
    Ok(sqlx::query("delete from staff_session where staff_id = $1")
        .bind(staff_id)
        .execute(&mut *conn)
        .await?
        .rows_affected())
}
