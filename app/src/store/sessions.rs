//! Server-side staff sessions. Only a hash of the cookie value is stored.
//! A disabled member's sessions are deleted, and never found meanwhile.

use super::staff::MemberRow;
use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::StaffMember;
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

/// A live session: its member, and when its use was last recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveSession {
    pub member: StaffMember,
    pub last_seen_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct LiveSessionRow {
    #[sqlx(flatten)]
    member: MemberRow,
    last_seen_at: i64,
}

/// The live session behind a token: not expired, used since `idle_since`,
/// and the member not disabled.
pub async fn find_member(
    conn: &mut Conn,
    token_hash: &str,
    now: Timestamp,
    idle_since: Timestamp,
) -> Result<LiveSession, StoreError> {
    let row: LiveSessionRow = sqlx::query_as(
        "select s.staff_id, s.email, s.name, s.role, ss.last_seen_at from staff_session ss \
         join staff s on s.staff_id = ss.staff_id \
         where ss.token_hash = $1 and ss.expires_at > $2 and ss.last_seen_at > $3 \
         and s.disabled_at is null",
    )
    .bind(token_hash)
    .bind(to_millis(now))
    .bind(to_millis(idle_since))
    .fetch_one(&mut *conn)
    .await?;
    Ok(LiveSession {
        member: row.member.try_into()?,
        last_seen_at: from_millis(row.last_seen_at)?,
    })
}

/// Records use of the session at `now`, but only when the recorded use is
/// older than `stale_before`: views in between write nothing, and of
/// concurrent requests only the first writes. Returns whether it wrote.
pub async fn touch(
    conn: &mut Conn,
    token_hash: &str,
    now: Timestamp,
    stale_before: Timestamp,
) -> Result<bool, StoreError> {
    let result = sqlx::query(
        "update staff_session set last_seen_at = $1 where token_hash = $2 and last_seen_at < $3",
    )
    .bind(to_millis(now))
    .bind(token_hash)
    .bind(to_millis(stale_before))
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
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
