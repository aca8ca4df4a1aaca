//! "My cases": single-use sign-in links emailed to a customer's address,
//! and the short sessions they open. Only hashes of tokens are stored;
//! addresses are stored lower-case.

use super::{Conn, StoreError, to_millis};
use jiff::Timestamp;

pub async fn add_link(
    conn: &mut Conn,
    token_hash: &str,
    email: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<(), StoreError> {
    let sql = "insert into customer_sign_in_link (token_hash, email, created_at, expires_at) \
               values ($1, $2, $3, $4)";
    insert(conn, sql, token_hash, email, now, expires_at).await
}

/// A row of a token hash, an address and its times; the two tables share it.
async fn insert(
    conn: &mut Conn,
    sql: &'static str,
    token_hash: &str,
    email: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(sql)
        .bind(token_hash)
        .bind(email.trim().to_lowercase())
        .bind(to_millis(now))
        .bind(to_millis(expires_at))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Uses up a link that is still good and returns its address. One
/// statement, so of two processes opening the same link only one gets in.
pub async fn claim_link(
    conn: &mut Conn,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "update customer_sign_in_link set used_at = $1 \
         where token_hash = $2 and used_at is null and expires_at > $1 returning email",
    )
    .bind(to_millis(now))
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Links sent to `email` since `since`, used or not: the cap on how many
/// an address gets, whoever asks.
pub async fn links_sent_since(
    conn: &mut Conn,
    email: &str,
    since: Timestamp,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "select count(*) from customer_sign_in_link where email = $1 and created_at > $2",
    )
    .bind(email.trim().to_lowercase())
    .bind(to_millis(since))
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn add_session(
    conn: &mut Conn,
    token_hash: &str,
    email: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<(), StoreError> {
    let sql = "insert into customer_session (token_hash, email, created_at, expires_at) \
               values ($1, $2, $3, $4)";
    insert(conn, sql, token_hash, email, now, expires_at).await
}

/// The address of a session that has not expired.
pub async fn session_email(
    conn: &mut Conn,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "select email from customer_session where token_hash = $1 and expires_at > $2",
    )
    .bind(token_hash)
    .bind(to_millis(now))
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn end_session(conn: &mut Conn, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query("delete from customer_session where token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
