//! Idempotency records for the API's Idempotency-Key, and the instance secret
//! that tokens for idempotent requests are derived from.

use super::{Conn, Placeholders, StoreError, from_millis, to_millis};
use jiff::Timestamp;

/// The first answer to a key, as kept: hashes and the answer without its token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyRecord {
    pub key_hash: String,
    pub request_hash: String,
    pub case_id: i64,
    /// JSON of the first answer, without the token.
    pub answer: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    key_hash: String,
    request_hash: String,
    case_id: i64,
    answer: String,
    created_at: i64,
    expires_at: i64,
}

impl TryFrom<RecordRow> for IdempotencyRecord {
    type Error = StoreError;

    fn try_from(row: RecordRow) -> Result<Self, StoreError> {
        Ok(IdempotencyRecord {
            key_hash: row.key_hash,
            request_hash: row.request_hash,
            case_id: row.case_id,
            answer: row.answer,
            created_at: from_millis(row.created_at)?,
            expires_at: from_millis(row.expires_at)?,
        })
    }
}

/// The record for a key that has not expired at `now`.
pub async fn find(
    conn: &mut Conn,
    key_hash: &str,
    now: Timestamp,
) -> Result<Option<IdempotencyRecord>, StoreError> {
    let row: Option<RecordRow> = sqlx::query_as(
        "select key_hash, request_hash, case_id, answer, created_at, expires_at \
         from idempotency_record where key_hash = $1 and expires_at > $2",
    )
    .bind(key_hash)
    .bind(to_millis(now))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(IdempotencyRecord::try_from).transpose()
}

/// Stores the first answer to a key, taking the place of an expired record
/// of the same key. A key still in force is a `Conflict`.
pub async fn insert(conn: &mut Conn, record: &IdempotencyRecord) -> Result<(), StoreError> {
    let kept = insert_many(conn, std::slice::from_ref(record)).await?;
    if kept.is_empty() {
        return Err(StoreError::Conflict(super::Conflict::Unique(
            "idempotency_record".to_owned(),
        )));
    }
    Ok(())
}

/// `insert` for many records in one statement. Returns the key hashes
/// stored: a key still in force is left out (it keeps its first answer).
pub async fn insert_many(
    conn: &mut Conn,
    records: &[IdempotencyRecord],
) -> Result<Vec<String>, StoreError> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let values = Placeholders::for_conn(conn).rows(records.len(), 6);
    // Expired records are purged now and then, not before every insert, so
    // an expired one is replaced here; one in force is not touched.
    let sql = format!(
        "insert into idempotency_record \
         (key_hash, request_hash, case_id, answer, created_at, expires_at) values {values} \
         on conflict (key_hash) do update set request_hash = excluded.request_hash, \
         case_id = excluded.case_id, answer = excluded.answer, \
         created_at = excluded.created_at, expires_at = excluded.expires_at \
         where idempotency_record.expires_at <= excluded.created_at \
         returning key_hash"
    );
    let mut insert = sqlx::query_scalar::<_, String>(&sql);
    for record in records {
        insert = insert
            .bind(&record.key_hash)
            .bind(&record.request_hash)
            .bind(record.case_id)
            .bind(&record.answer)
            .bind(to_millis(record.created_at))
            .bind(to_millis(record.expires_at));
    }
    Ok(insert.fetch_all(&mut *conn).await?)
}

/// Forgets expired records, so an old key may start a new request.
pub async fn purge_expired(conn: &mut Conn, now: Timestamp) -> Result<u64, StoreError> {
    let done = sqlx::query("delete from idempotency_record where expires_at <= $1")
        .bind(to_millis(now))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// The instance secret (hex), storing `candidate` first if there is none yet.
/// Concurrent first calls agree: the insert does nothing once a row exists.
pub async fn instance_secret(conn: &mut Conn, candidate: &str) -> Result<String, StoreError> {
    sqlx::query(
        "insert into instance_secret (instance_secret_id, secret) values (1, $1) \
         on conflict (instance_secret_id) do nothing",
    )
    .bind(candidate)
    .execute(&mut *conn)
    .await?;
    stored_instance_secret(conn).await
}

/// The instance secret already stored; `NotFound` before the first use.
pub async fn stored_instance_secret(conn: &mut Conn) -> Result<String, StoreError> {
    Ok(
        sqlx::query_scalar("select secret from instance_secret where instance_secret_id = 1")
            .fetch_one(&mut *conn)
            .await?,
    )
}
