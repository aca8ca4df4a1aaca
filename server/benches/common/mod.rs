//! What the intake benchmarks share: settings, a fresh SQLite file, and the
//! baseline they are measured against.

use app::store::Store;
use std::path::PathBuf;
use std::time::Instant;

pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
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
    let store = Store::connect(&fresh_db(db_name)).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    sqlx::query("create table bench_row (bench_row_id integer primary key, body text not null)")
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
    rows as f64 / started.elapsed().as_secs_f64()
}
