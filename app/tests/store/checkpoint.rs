//! SQLite's WAL is copied back into the database file by a task of its own,
//! not inside a writer's commit.

use crate::backends::sqlite_at;
use crate::group_commit::request;
use app::domain::Channel;
use app::service::escalations::{parse_raise, raise};
use app::store::Store;
use jiff::Timestamp;
use std::time::Duration;

/// The cases in the database file alone, as a copy without its WAL sees them.
async fn cases_in_file(path: &std::path::Path) -> i64 {
    let copy = path.with_extension("copy.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }
    if std::fs::copy(path, &copy).is_err() {
        return 0;
    }
    let Ok(store) = Store::connect(&format!("sqlite://{}", copy.display())).await else {
        return 0; // copied halfway through a checkpoint: look again
    };
    let mut conn = store.read().await.unwrap();
    let count = sqlx::query_scalar("select count(*) from support_case")
        .fetch_one(&mut *conn)
        .await
        .unwrap_or(0);
    drop(conn);
    store.close().await;
    count
}

#[tokio::test]
async fn the_wal_is_checkpointed_off_the_writer() {
    let (db, path) = sqlite_at().await;
    let portal = db.portal();
    let mut writer = portal.store.begin().await.unwrap();
    let automatic: i64 = sqlx::query_scalar("pragma wal_autocheckpoint")
        .fetch_one(&mut *writer)
        .await
        .unwrap();
    assert_eq!(automatic, 0, "the writer's commits never checkpoint");
    drop(writer);

    let now: Timestamp = "2026-11-26T12:00:00Z".parse().unwrap();
    for n in 0..5 {
        let new = parse_raise(&portal, &request(n), Channel::Web, now)
            .await
            .unwrap();
        raise(&portal, new, now).await.unwrap();
    }
    // Nothing closes the store: only the checkpointer can have copied them.
    let mut found = 0;
    for _ in 0..50 {
        found = cases_in_file(&path).await;
        if found == 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(found, 5, "the database file has every committed case");
    db.finish().await;
}
