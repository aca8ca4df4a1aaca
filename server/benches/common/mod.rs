//! What the intake benchmarks share: settings, a fresh SQLite file, and the
//! baseline they are measured against.

use app::store::{Store, test_schemas};
use std::path::PathBuf;
use std::time::Instant;

pub mod history;

/// The allocator the server's binary runs with (`src/main.rs`), so that a
/// benchmark measures the server as it ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Which database the benchmark runs on: `BENCH_BACKEND=postgres` for the
/// PostgreSQL at `BATON_TEST_POSTGRES_URL` (default: the local `test`
/// database), anything else for SQLite.
pub fn on_postgres() -> bool {
    std::env::var("BENCH_BACKEND").is_ok_and(|b| b == "postgres")
}

/// A database nobody used yet: a new SQLite file, or a new PostgreSQL schema.
pub async fn fresh_database(name: &str) -> String {
    if !on_postgres() {
        return fresh_db(name);
    }
    let schema = format!(
        "bench_{}_{}",
        name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        std::process::id()
    );
    test_schemas::recreate(&test_schemas::postgres_url(), &schema)
        .await
        .unwrap()
}

/// A SQLite URL for a file that does not exist yet.
pub fn fresh_db(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    format!("sqlite://{}", path.display())
}

/// Rows per second when each transaction commits one row holding `body`,
/// with the store's own settings: the least any accepted case costs.
pub async fn bare_insert_rate(db_name: &str, rows: usize, body: &str) -> f64 {
    let store = Store::connect(&fresh_database(db_name).await)
        .await
        .unwrap();
    let mut tx = store.begin().await.unwrap();
    let id = if on_postgres() {
        "bigserial"
    } else {
        "integer"
    };
    sqlx::query(&format!(
        "create table bench_row (bench_row_id {id} primary key, body text not null)"
    ))
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let started = Instant::now();
    for _ in 0..rows {
        let mut tx = store.begin().await.unwrap();
        sqlx::query("insert into bench_row (body) values ($1)")
            .bind(body)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let rate = rows as f64 / started.elapsed().as_secs_f64();
    store.close().await;
    rate
}

/// The middle value of `values` (the upper one of an even count).
pub fn median<T: PartialOrd + Copy>(mut values: Vec<T>) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values[values.len() / 2]
}

/// Waits for the next event's `id:` line on an open stream.
pub async fn next_event(response: &mut reqwest::Response, buffer: &mut String) -> i64 {
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if let Some(id) = block.lines().find_map(|l| l.strip_prefix("id:")) {
                return id.trim().parse().unwrap();
            }
            continue;
        }
        let chunk = response
            .chunk()
            .await
            .unwrap()
            .expect("the stream stays open");
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
    }
}
