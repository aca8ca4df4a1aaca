//! Change notices between the processes of one cluster, through PostgreSQL
//! `LISTEN`/`NOTIFY`: sent after the commit they announce, with a small
//! payload (a case reference, or nothing), because `NOTIFY` takes a global
//! lock at commit. SQLite serves one process, which needs no notices.

use super::{Backend, Store, StoreError};
use sqlx::postgres::PgListener;

/// A case changed; the payload is its reference.
pub const CASE_CHANGED: &str = "baton_case";
/// Settings (calendar, SLA policies, tier ladder) were saved; no payload.
pub const SETTINGS_CHANGED: &str = "baton_settings";

/// Most notices sent in one statement: each is a bound value.
const NOTICES_PER_STATEMENT: usize = 1000;

/// Tells every process listening on each notice's channel (nothing on
/// SQLite), in one statement per
/// `NOTICES_PER_STATEMENT`: one commit, so one WAL flush, where a notice
/// each would cost a flush each (a fan-out to 10,000 cases sent 10,000).
pub async fn publish_many(store: &Store, notices: &[(&str, &str)]) -> Result<(), StoreError> {
    if store.backend() != Backend::Postgres || notices.is_empty() {
        return Ok(());
    }
    let mut conn = store.read().await?;
    for chunk in notices.chunks(NOTICES_PER_STATEMENT) {
        let mut p = super::Placeholders::for_conn(&conn);
        let values = p.rows(chunk.len(), 2);
        let sql = format!("select pg_notify(c, v) from (values {values}) as n (c, v)");
        let mut query = sqlx::query(&sql);
        for (channel, payload) in chunk {
            query = query.bind(*channel).bind(*payload);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// What a listener heard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Message {
        channel: String,
        payload: String,
    },
    /// The connection dropped, so notices may have been missed; the next
    /// call reconnects. Whoever listens should catch up from the database.
    Missed,
}

/// One process's ear on the cluster.
pub struct Listener {
    inner: PgListener,
}

impl Listener {
    /// Listens on `channels`; `None` on SQLite, where there is nobody to hear.
    pub async fn connect(store: &Store, channels: &[&str]) -> Result<Option<Listener>, StoreError> {
        let Some(url) = store.postgres_url() else {
            return Ok(None);
        };
        let mut inner = PgListener::connect(url).await?;
        inner.listen_all(channels.iter().copied()).await?;
        Ok(Some(Listener { inner }))
    }

    /// Waits for the next notice.
    pub async fn next(&mut self) -> Result<Notice, StoreError> {
        Ok(match self.inner.try_recv().await? {
            Some(notice) => Notice::Message {
                channel: notice.channel().to_owned(),
                payload: notice.payload().to_owned(),
            },
            None => Notice::Missed,
        })
    }
}
