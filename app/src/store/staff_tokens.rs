//! Personal API tokens for staff. Only a hash of each token is stored, with
//! its public id (its first characters) so an admin can name it to revoke it.
//! A revoked token, or any token of a disabled member, opens nothing.

use super::staff::MemberRow;
use super::{Conn, StoreError, to_millis};
use crate::domain::StaffMember;
use jiff::Timestamp;

pub async fn insert(
    conn: &mut Conn,
    token_hash: &str,
    token_id: &str,
    staff_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into staff_token (token_hash, token_id, staff_id, created_at) \
         values ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(token_id)
    .bind(staff_id)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether any token, revoked or not, already has this public id.
pub async fn id_taken(conn: &mut Conn, token_id: &str) -> Result<bool, StoreError> {
    let found: Option<i64> =
        sqlx::query_scalar("select staff_token_id from staff_token where token_id = $1")
            .bind(token_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

/// The member a working token belongs to: not revoked, member not disabled.
pub async fn find_member(conn: &mut Conn, token_hash: &str) -> Result<StaffMember, StoreError> {
    let row: MemberRow = sqlx::query_as(
        "select s.staff_id, s.email, s.name, s.role from staff_token st \
         join staff s on s.staff_id = st.staff_id \
         where st.token_hash = $1 and st.revoked_at is null and s.disabled_at is null",
    )
    .bind(token_hash)
    .fetch_one(&mut *conn)
    .await?;
    row.try_into()
}

pub async fn touch(conn: &mut Conn, token_hash: &str, now: Timestamp) -> Result<(), StoreError> {
    sqlx::query("update staff_token set last_used_at = $1 where token_hash = $2")
        .bind(to_millis(now))
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What revoking one token by its id found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revoked {
    /// It worked until now.
    Now,
    /// It was revoked before; nothing changed.
    Already,
    /// The member has no token with that id.
    Unknown,
}

/// Revokes the member's token with public id `token_id`.
pub async fn revoke(
    conn: &mut Conn,
    staff_id: i64,
    token_id: &str,
    now: Timestamp,
) -> Result<Revoked, StoreError> {
    let changed = sqlx::query(
        "update staff_token set revoked_at = $1 \
         where staff_id = $2 and token_id = $3 and revoked_at is null",
    )
    .bind(to_millis(now))
    .bind(staff_id)
    .bind(token_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed > 0 {
        return Ok(Revoked::Now);
    }
    let known: Option<i64> = sqlx::query_scalar(
        "select staff_token_id from staff_token where staff_id = $1 and token_id = $2",
    )
    .bind(staff_id)
    .bind(token_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(if known.is_some() {
        Revoked::Already
    } else {
        Revoked::Unknown
    })
}

/// Revokes every working token of the member; returns how many.
pub async fn revoke_all(conn: &mut Conn, staff_id: i64, now: Timestamp) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "update staff_token set revoked_at = $1 where staff_id = $2 and revoked_at is null",
    )
    .bind(to_millis(now))
    .bind(staff_id)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}
