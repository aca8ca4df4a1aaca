//! The database each test app starts on. SQLite by default: a fresh file per
//! app. With `BATON_TEST_BACKEND=postgres`: one PostgreSQL database per test
//! run, `baton_api_<pid>`, made through the maintenance database at
//! `BATON_TEST_POSTGRES_URL` (default postgres://postgres@127.0.0.1:5432/test),
//! and a fresh schema in it per app, reached through `search_path`, into which
//! the app runs its own migrations. Dropping one database per earlier run
//! takes half a second; dropping each app's schema would take a fifth of a
//! second per test. When PostgreSQL is unreachable the apps fall back to
//! SQLite with one loud line, or fail with `CI=true`.
//!
//! Apps of one run share a database, so they hear each other's change
//! notices (`LISTEN`/`NOTIFY`); a notice only makes an app re-read its own
//! schema, so that costs a read, not a wrong answer.

use app::store::test_schemas;
use sqlx::Connection;
use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use tokio::sync::OnceCell;

static NEXT: AtomicU32 = AtomicU32::new(0);

/// Databases this helper made; the pid after it tells whose they are.
const PREFIX: &str = "baton_api_";

/// This run's database URL, once PostgreSQL answered; `None` means SQLite.
static RUN_DATABASE: OnceCell<Option<String>> = OnceCell::const_new();

/// A URL for `BATON_DATABASE_URL` naming a database nobody else uses.
pub async fn fresh_database_url() -> String {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let wants_postgres = std::env::var("BATON_TEST_BACKEND").is_ok_and(|b| b == "postgres");
    if wants_postgres && let Some(run) = RUN_DATABASE.get_or_init(run_database).await {
        return fresh_schema(run, n).await;
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("api-tests");
    let path = dir.join(format!("{}-{n}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    format!("sqlite://{}", path.display())
}

/// Drops the databases of earlier runs and makes this run's.
async fn run_database() -> Option<String> {
    let base = test_schemas::postgres_url();
    let mut admin = match sqlx::PgConnection::connect(&base).await {
        Ok(admin) => admin,
        Err(error) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("PostgreSQL at {base} is unreachable and CI=true: {error}");
            }
            // Straight to stderr: the test harness would swallow `eprintln!`.
            let _ = writeln!(
                std::io::stderr(),
                "!!!!! SERVER TESTS RUN ON SQLITE, NOT POSTGRESQL: {base} is unreachable ({error}) !!!!!"
            );
            return None;
        }
    };
    let ours = format!("{PREFIX}{}", std::process::id());
    let names: Vec<String> =
        sqlx::query_scalar("select datname::text from pg_database where starts_with(datname, $1)")
            .bind(PREFIX)
            .fetch_all(&mut admin)
            .await
            .expect("list test databases");
    for name in names {
        // A run still going on keeps its database; a reused pid's is stale.
        let pid = name[PREFIX.len()..].parse::<u32>().ok();
        let running = pid.is_some_and(|pid| {
            pid != std::process::id() && std::path::Path::new(&format!("/proc/{pid}")).exists()
        });
        if pid.is_some() && !running {
            sqlx::raw_sql(&format!("drop database if exists {name} with (force)"))
                .execute(&mut admin)
                .await
                .expect("drop an earlier run's database");
        }
    }
    sqlx::raw_sql(&format!("create database {ours}"))
        .execute(&mut admin)
        .await
        .expect("create this run's database");
    let _ = admin.close().await;
    Some(with_database(&base, &ours))
}

/// `base` naming the database `name` instead of its own.
fn with_database(base: &str, name: &str) -> String {
    let (head, query) = match base.split_once('?') {
        Some((head, query)) => (head, format!("?{query}")),
        None => (base, String::new()),
    };
    let authority_start = head.find("://").map_or(0, |i| i + 3);
    let server = match head[authority_start..].find('/') {
        Some(slash) => &head[..authority_start + slash],
        None => head,
    };
    format!("{server}/{name}{query}")
}

async fn fresh_schema(run: &str, n: u32) -> String {
    test_schemas::create(run, &format!("app_{n}"))
        .await
        .expect("this run's database answered a moment ago")
}

#[test]
fn a_run_database_keeps_the_server_and_the_parameters_of_the_base_url() {
    assert_eq!(
        with_database("postgres://pg@db:5432/test?sslmode=disable", "baton_api_7"),
        "postgres://pg@db:5432/baton_api_7?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://pg@db", "baton_api_7"),
        "postgres://pg@db/baton_api_7"
    );
}
