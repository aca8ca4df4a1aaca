use app::service::Portal;
use app::store::{Store, test_schemas};
use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(0);

fn unique_name(prefix: &str) -> String {
    let nanos = std::time::SystemTime::UNIX_EPOCH
        .elapsed()
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh database for one test; dropping it is left to the test's end.
pub struct TestDb {
    pub store: Store,
    cleanup: Option<(String, String)>,
}

impl TestDb {
    pub fn portal(&self) -> Portal {
        Portal::new(self.store.clone(), jiff::tz::TimeZone::UTC)
    }

    pub async fn finish(self) {
        self.store.close().await;
        if let Some((admin_url, schema)) = self.cleanup {
            let _ = test_schemas::drop(&admin_url, &schema).await;
        }
    }
}

pub async fn sqlite() -> TestDb {
    sqlite_at().await.0
}

/// A fresh SQLite database and the path of its file.
pub async fn sqlite_at() -> (TestDb, std::path::PathBuf) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("store-tests");
    let path = dir.join(format!("{}.db", unique_name("t")));
    let store = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("sqlite store");
    let db = TestDb {
        store,
        cleanup: None,
    };
    (db, path)
}

/// A fresh PostgreSQL schema, or `None` (with one loud line) when PostgreSQL
/// is not running. With `CI=true` a missing PostgreSQL fails the test instead.
pub async fn postgres() -> Option<TestDb> {
    let base = test_schemas::postgres_url();
    let schema = unique_name("baton_t");
    let url = match test_schemas::create(&base, &schema).await {
        Ok(url) => url,
        Err(error) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("PostgreSQL at {base} is unreachable and CI=true: {error}");
            }
            eprintln!(
                "!!!!! SKIPPING POSTGRES STORE TESTS: PostgreSQL at {base} is unreachable ({error}) !!!!!"
            );
            return None;
        }
    };
    let store = Store::connect(&url).await.expect("postgres store");
    Some(TestDb {
        store,
        cleanup: Some((base, schema)),
    })
}

/// Runs one async test body on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = $crate::backends::sqlite().await;
                super::$body(&db).await;
                db.finish().await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(db) = $crate::backends::postgres().await {
                    super::$body(&db).await;
                    db.finish().await;
                }
            }
        }
    };
}
