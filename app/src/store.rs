//! Persistence over SQLite (the embedded default) or PostgreSQL, chosen by the
//! database URL. One set of queries through sqlx's `Any` driver; functions take
//! a connection so the caller owns the transaction.

pub mod articles;
pub mod cases;
mod checkpoint;
pub mod customer_sign_in;
pub mod digests;
pub mod early_warning;
pub mod events;
mod group_commit;
pub mod idempotency;
pub mod inbound_mail;
pub mod incidents;
pub mod notices;
pub mod outbox;
pub mod read_pool;
pub mod reports;
pub mod reviews;
pub mod rules;
pub mod saved_views;
pub mod sessions;
pub mod set_aside;
pub mod signals;
pub mod sla_settings;
pub mod staff;
pub mod staff_tokens;
pub mod status_read;
pub mod subscribers;
pub mod swarms;
pub mod templates;
#[cfg(feature = "testing")]
pub mod test_schemas;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

pub use sqlx::AnyConnection as Conn;

/// What went wrong in storage. Database text stays in the source chain for
/// the log; it is never shown to a user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or version check failed: the caller decides what it means.
    #[error("conflict on {0}")]
    Conflict(Conflict),
    #[error("the database failed")]
    Database(#[source] sqlx::Error),
    #[error("migrating the database failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error("cannot create the database folder {path}")]
    Folder {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The commit a write shared with others failed; the cause is logged once.
    #[error("the shared commit failed: {0}")]
    GroupCommit(String),
    #[error("the database URL must start with sqlite: or postgres:")]
    UnknownUrl,
    /// Stored data that does not read back: a hand-edited or newer database.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// Data that cannot be written as it is (it failed to serialise).
    #[error("cannot store {what}")]
    Unwritable {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
}

/// The kinds of conflict the store reports, so callers match on names
/// rather than strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// Someone else changed the case since it was read.
    Version,
    /// The swarm was closed already.
    SwarmClosed,
    /// A unique constraint refused the row; the constraint's name.
    Unique(String),
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Conflict::Version => f.write_str("version"),
            Conflict::SwarmClosed => f.write_str("swarm closed"),
            Conflict::Unique(constraint) => f.write_str(constraint),
        }
    }
}

impl StoreError {
    /// The error and each of its causes, for the log and for ops (never for
    /// customers): "the database failed: error returned from database: …".
    pub fn detail(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }

    pub(crate) fn corrupt(what: impl Into<String>) -> Self {
        StoreError::Corrupt(what.into())
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(
                Conflict::Unique(db.constraint().unwrap_or("unique").to_owned()),
            ),
            _ => StoreError::Database(error),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(error)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The pools behind the store. SQLite allows one writer at a time, so writes
/// go through a single connection instead of failing with "database is locked".
/// Reads have a pool of the store's own (`read_pool`).
#[derive(Clone, Debug)]
pub struct Store {
    reads: read_pool::ReadPool,
    writer: AnyPool,
    /// SQLite's checkpoints' own connection, so they never wait behind
    /// reads or hold one up.
    checkpointer: Option<AnyPool>,
    backend: Backend,
    /// The PostgreSQL URL, for the change-notice listener's own connection.
    postgres_url: Option<std::sync::Arc<str>>,
    /// SQLite's committer, which lets concurrent writes share a commit.
    group: Option<group_commit::GroupCommit>,
}

/// How long a connection may sit idle and still be handed out without a
/// ping first (the server may have dropped one idle for longer).
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(1);
/// How long a caller waits for a free connection before giving up.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

const SQLITE_PRAGMAS: &str = "pragma journal_mode = wal; pragma synchronous = full; \
     pragma busy_timeout = 5000; pragma foreign_keys = on;";
/// The writer's, on top of those: it leaves checkpoints to `checkpoint`, so
/// no commit waits for one. Its savepoints (one per piece of a group commit,
/// one per sweep batch) journal each page they change: in memory, not in a
/// temporary file that costs a write system call per page.
const SQLITE_WRITER_PRAGMAS: &str = "pragma wal_autocheckpoint = 0; pragma temp_store = memory;";

impl Store {
    /// Connects, creating a SQLite file and its folder when missing, and
    /// applies the migrations.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let store = if url.starts_with("sqlite:") {
            let options = AnyConnectOptions::from_str(&sqlite_url_creating_file(url)?)?;
            let pool = |size, own_pragmas: &'static str| {
                AnyPoolOptions::new()
                    .max_connections(size)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    // A file cannot drop the connection, so the ping sqlx
                    // sends by default before handing one out is a wasted
                    // round trip to the connection's thread.
                    .test_before_acquire(false)
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            conn.execute(sqlx::raw_sql(SQLITE_PRAGMAS)).await?;
                            if !own_pragmas.is_empty() {
                                conn.execute(sqlx::raw_sql(own_pragmas)).await?;
                            }
                            Ok(())
                        })
                    })
            };
            let checkpoints = checkpoint::Checkpoints::default();
            let wrote = checkpoints.clone();
            let writer = pool(1, SQLITE_WRITER_PRAGMAS)
                .after_release(move |_, _| {
                    wrote.wrote();
                    Box::pin(async { Ok(true) })
                })
                .connect_with(options.clone())
                .await?;
            let checkpointer = pool(1, "").connect_with(options.clone()).await?;
            checkpoints.start(checkpointer.clone());
            Store {
                checkpointer: Some(checkpointer),
                reads: read_pool::ReadPool::new(options, 4, SQLITE_PRAGMAS),
                group: Some(group_commit::GroupCommit::start(writer.clone())),
                writer,
                backend: Backend::Sqlite,
                postgres_url: None,
            }
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            // At most 24 connections per process: 16 for transactions, 8
            // for reads (short: 8 keep up with 16 busy clients). Several
            // processes must fit PostgreSQL's max_connections (100 by default).
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                // By default sqlx pings every connection it hands out, a
                // network round trip before each transaction. It also pings
                // each one as it comes back to the pool, and drops one that
                // fails, so a connection back within the last second is
                // known good; only one idle for longer is pinged again (and
                // replaced if the server dropped it meanwhile).
                .test_before_acquire(false)
                .before_acquire(|conn, meta| {
                    Box::pin(async move {
                        Ok(meta.idle_for < PING_IF_IDLE_FOR
                            || sqlx::Connection::ping(conn).await.is_ok())
                    })
                })
                .connect(url)
                .await?;
            Store {
                reads: read_pool::ReadPool::new(AnyConnectOptions::from_str(url)?, 8, ""),
                writer: pool,
                checkpointer: None,
                backend: Backend::Postgres,
                postgres_url: Some(url.into()),
                group: None,
            }
        } else {
            return Err(StoreError::UnknownUrl);
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("../migrations/sqlite")
                    .run(&self.writer)
                    .await?;
                // SQLite keeps no statistics by itself; without them the
                // reports' joins are planned blind. Sampled, so cheap on a
                // big file (what SQLite advises for long-lived connections).
                sqlx::raw_sql("pragma analysis_limit = 1000; pragma optimize = 0x10002;")
                    .execute(&self.writer)
                    .await?;
            }
            Backend::Postgres => {
                sqlx::migrate!("../migrations/postgres")
                    .run(&self.writer)
                    .await?
            }
        }
        Ok(())
    }

    pub fn postgres_url(&self) -> Option<&str> {
        self.postgres_url.as_deref()
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a transaction for changes. On SQLite it takes the write lock
    /// at once (`begin immediate`): a deferred transaction that reads first
    /// cannot upgrade to a writer once another process has committed, and
    /// fails with "database is locked" instead of waiting out busy_timeout.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => begin_immediate(&self.writer).await?,
            Backend::Postgres => self.writer.begin().await?,
        })
    }

    /// A savepoint inside `tx`: rolling it back undoes only its own work.
    pub async fn savepoint<'t>(
        tx: &'t mut Conn,
    ) -> Result<sqlx::Transaction<'t, sqlx::Any>, StoreError> {
        Ok(sqlx::Connection::begin(tx).await?)
    }

    /// A connection for reads that need no transaction. A reader that saw
    /// its reads finish hands it back with `finish` or `release`, which
    /// saves a round trip on PostgreSQL; dropping it is always safe.
    pub async fn read(&self) -> Result<read_pool::Read, StoreError> {
        self.reads.acquire().await
    }

    /// Answers whether the database responds, for health checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut conn = self.read().await?;
        let answer = sqlx::query("select 1").execute(&mut *conn).await;
        conn.finish(answer.map_err(StoreError::from)).map(drop)
    }

    pub async fn close(&self) {
        self.reads.close().await;
        self.writer.close().await;
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.close().await;
        }
    }
}

/// `begin immediate` on a pooled SQLite connection, safe to cancel. sqlx
/// checks a custom BEGIN after the database ran it: a caller dropped in
/// between (a request cancelled, a task aborted) would hand the connection
/// back still inside a transaction that nobody can end. In a task of its
/// own the begin always completes, and a transaction nobody waits for any
/// more is dropped, which rolls it back.
pub(crate) async fn begin_immediate(
    pool: &AnyPool,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
    let pool = pool.clone();
    tokio::spawn(async move { pool.begin_with("begin immediate").await })
        .await
        .map_err(|_| StoreError::from(sqlx::Error::WorkerCrashed))?
        .map_err(StoreError::from)
}

/// Makes sure the folder of a SQLite file exists and asks SQLite to create the file.
fn sqlite_url_creating_file(url: &str) -> Result<String, StoreError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(':') {
        return Ok(url.to_owned());
    }
    if let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
            path: parent.to_owned(),
            source,
        })?;
    }
    if url.contains("mode=") {
        Ok(url.to_owned())
    } else if url.contains('?') {
        Ok(format!("{url}&mode=rwc"))
    } else {
        Ok(format!("{url}?mode=rwc"))
    }
}

/// Placeholders for statements with many values: `$1, $2, ...` on
/// PostgreSQL, plain `?` on SQLite, whose driver looks each numbered one up
/// by name, a cost that grows with the square of their count. Values are
/// bound in the order the placeholders were made.
pub(crate) struct Placeholders {
    numbered: bool,
    made: usize,
}

impl Placeholders {
    pub(crate) fn for_conn(conn: &Conn) -> Placeholders {
        Placeholders {
            numbered: conn.backend_name() != "SQLite",
            made: 0,
        }
    }

    /// The next placeholder.
    pub(crate) fn next(&mut self) -> String {
        self.made += 1;
        if self.numbered {
            format!("${}", self.made)
        } else {
            "?".to_owned()
        }
    }

    /// `count` placeholders, comma-separated.
    pub(crate) fn list(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| self.next())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `rows` rows of `columns` placeholders each: `(…), (…)`.
    pub(crate) fn rows(&mut self, rows: usize, columns: usize) -> String {
        (0..rows)
            .map(|_| format!("({})", self.list(columns)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Times are stored as milliseconds since the epoch.
pub(crate) fn to_millis(at: jiff::Timestamp) -> i64 {
    at.as_millisecond()
}

pub(crate) fn from_millis(ms: i64) -> Result<jiff::Timestamp, StoreError> {
    jiff::Timestamp::from_millisecond(ms)
        .map_err(|e| StoreError::corrupt(format!("time {ms}: {e}")))
}
