//! The store's own pool of connections for reads. sqlx's pool pings every
//! connection as it comes back, in a task of its own: on PostgreSQL that is
//! a second network round trip for every read, as costly to the database as
//! a short read itself (`BENCHMARKS.md`, "where a view's CPU goes"). Here a
//! reader that saw its statements finish hands the connection back with
//! [`Read::release`], as it is. One dropped without that (an early return,
//! a request cancelled mid-statement) goes back the careful way: pinged
//! first, which also drains whatever a cut-off statement left, and closed
//! if the ping fails.

use super::{ACQUIRE_TIMEOUT, PING_IF_IDLE_FOR, StoreError};
use sqlx::any::AnyConnectOptions;
use sqlx::{AnyConnection, Connection, Executor};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Idle connections older than this are closed rather than kept.
const IDLE_KEPT: Duration = Duration::from_secs(600);

#[derive(Clone)]
pub(super) struct ReadPool {
    inner: Arc<Inner>,
}

struct Inner {
    options: AnyConnectOptions,
    /// Statements every new connection runs first (SQLite's pragmas).
    setup: &'static str,
    /// Idle connections, the most recently used last.
    idle: Mutex<Vec<Idle>>,
    /// One permit per connection that may be open.
    permits: Arc<Semaphore>,
}

struct Idle {
    conn: AnyConnection,
    since: Instant,
}

impl std::fmt::Debug for ReadPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadPool")
            .field("idle", &self.inner.lock_idle().len())
            .field("free", &self.inner.permits.available_permits())
            .finish()
    }
}

impl ReadPool {
    /// A pool of at most `size` connections, opened as needed.
    pub(super) fn new(options: AnyConnectOptions, size: usize, setup: &'static str) -> ReadPool {
        ReadPool {
            inner: Arc::new(Inner {
                options,
                setup,
                idle: Mutex::new(Vec::new()),
                permits: Arc::new(Semaphore::new(size)),
            }),
        }
    }

    /// A connection: the idle one used last, else a new one.
    pub(super) async fn acquire(&self) -> Result<Read, StoreError> {
        let permit =
            tokio::time::timeout(ACQUIRE_TIMEOUT, self.inner.permits.clone().acquire_owned())
                .await
                .map_err(|_| sqlx::Error::PoolTimedOut)?
                .map_err(|_| sqlx::Error::PoolClosed)?;
        let conn = loop {
            let idle = self.inner.lock_idle().pop();
            let Some(Idle { mut conn, since }) = idle else {
                break self.inner.connect().await?;
            };
            if since.elapsed() < PING_IF_IDLE_FOR || conn.ping().await.is_ok() {
                break conn;
            }
        };
        Ok(Read {
            conn: Some(conn),
            pool: self.inner.clone(),
            permit: Some(permit),
        })
    }

    /// Refuses new reads and closes the idle connections; one still lent
    /// out is closed when it comes back.
    pub(super) async fn close(&self) {
        self.inner.permits.close();
        let idle = std::mem::take(&mut *self.inner.lock_idle());
        for Idle { conn, .. } in idle {
            let _ = conn.close().await;
        }
    }
}

impl Inner {
    fn lock_idle(&self) -> std::sync::MutexGuard<'_, Vec<Idle>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn connect(&self) -> Result<AnyConnection, StoreError> {
        let mut conn = AnyConnection::connect_with(&self.options).await?;
        if !self.setup.is_empty() {
            conn.execute(sqlx::raw_sql(self.setup)).await?;
        }
        Ok(conn)
    }

    /// Keeps `conn` for the next reader, unless the pool was closed; closes
    /// idle connections nobody has needed for a long time.
    fn put(&self, conn: AnyConnection) {
        if self.permits.is_closed() {
            return;
        }
        let now = Instant::now();
        let stale: Vec<Idle> = {
            let mut idle = self.lock_idle();
            let fresh_from = idle
                .iter()
                .position(|i| now.duration_since(i.since) < IDLE_KEPT)
                .unwrap_or(idle.len());
            let stale = idle.drain(..fresh_from).collect();
            idle.push(Idle { conn, since: now });
            stale
        };
        // Dropped outside the lock: closing is the connection's own business.
        drop(stale);
    }
}

/// A connection lent for reads. Use it as a [`super::Conn`].
pub struct Read {
    conn: Option<AnyConnection>,
    pool: Arc<Inner>,
    permit: Option<OwnedSemaphorePermit>,
}

impl Read {
    /// Hands the connection back as it is. Only for a reader that saw every
    /// statement it started finish; see [`Read::finish`].
    pub fn release(mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.put(conn);
        }
    }

    /// Hands the connection back after `result`: as it is when the reads
    /// succeeded or found nothing, pinged first after any other failure
    /// (the connection itself may be broken).
    pub fn finish<T>(self, result: Result<T, StoreError>) -> Result<T, StoreError> {
        match &result {
            Ok(_) | Err(StoreError::NotFound) => self.release(),
            Err(_) => drop(self),
        }
        result
    }
}

impl Deref for Read {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        self.conn.as_ref().expect("a lent connection until dropped")
    }
}

impl DerefMut for Read {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.conn.as_mut().expect("a lent connection until dropped")
    }
}

impl Drop for Read {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        let permit = self.permit.take();
        let pool = self.pool.clone();
        // Outside a runtime (a test's end) the connection is simply closed.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if conn.ping().await.is_ok() {
                    pool.put(conn);
                }
                drop(permit);
            });
        }
    }
}
