//! The SLA calendar and policies as ops wrote them, with an audit trail.

use super::{Conn, StoreError, from_millis, to_millis};
use jiff::Timestamp;

/// A saved setting: its source and who changed it last, when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedSetting {
    pub source: String,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

pub async fn get(conn: &mut Conn, name: &str) -> Result<Option<SavedSetting>, StoreError> {
    let row: Option<(String, i64, String)> =
        sqlx::query_as("select source, updated_at, updated_by from sla_setting where name = $1")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|(source, at, by)| {
        Ok(SavedSetting {
            source,
            updated_at: from_millis(at)?,
            updated_by: by,
        })
    })
    .transpose()
}

/// The sources of several settings in one read, by name (absent when
/// never saved).
pub async fn sources(
    conn: &mut Conn,
    names: &[&str],
) -> Result<std::collections::HashMap<String, String>, StoreError> {
    let wanted = super::Placeholders::for_conn(conn).list(names.len());
    let sql = format!("select name, source from sla_setting where name in ({wanted})");
    let mut query = sqlx::query_as::<_, (String, String)>(&sql);
    for name in names {
        query = query.bind(*name);
    }
    Ok(query.fetch_all(&mut *conn).await?.into_iter().collect())
}

/// Saves a new source for `name` and records the change.
pub async fn put(
    conn: &mut Conn,
    name: &str,
    source: &str,
    by: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into sla_setting (name, source, updated_at, updated_by) values ($1, $2, $3, $4) \
         on conflict (name) do update set source = excluded.source, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(name)
    .bind(source)
    .bind(to_millis(now))
    .bind(by)
    .execute(&mut *conn)
    .await?;
    sqlx::query("insert into sla_setting_change (name, source, changed_at, changed_by) values ($1, $2, $3, $4)")
        .bind(name)
        .bind(source)
        .bind(to_millis(now))
        .bind(by)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// How many times `name` has been changed, for the audit view.
pub async fn change_count(conn: &mut Conn, name: &str) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("select count(*) from sla_setting_change where name = $1")
            .bind(name)
            .fetch_one(&mut *conn)
            .await?,
    )
}
