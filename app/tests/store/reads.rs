//! Reads borrow connections from the store's own pool: handed back as they
//! are once their statements finished, pinged first when simply dropped.

use crate::backends::TestDb;
use crate::on_both;
use app::store::{Backend, StoreError};
use std::time::Duration;

/// Marks the connection `conn` is, in a way only that connection sees.
async fn mark(conn: &mut app::store::Conn) {
    sqlx::query("create temp table marked_connection (x integer)")
        .execute(&mut *conn)
        .await
        .unwrap();
}

async fn is_marked(conn: &mut app::store::Conn) -> bool {
    sqlx::query("select count(*) from marked_connection")
        .fetch_one(&mut *conn)
        .await
        .is_ok()
}

async fn a_connection_given_back_serves_the_next_read(db: &TestDb) {
    let mut conn = db.store.read().await.unwrap();
    mark(&mut conn).await;
    conn.release();
    let mut conn = db.store.read().await.unwrap();
    assert!(is_marked(&mut conn).await, "released: kept as it was");
    drop(conn);
    // Dropped without a word: pinged, then kept.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut conn = db.store.read().await.unwrap();
    assert!(is_marked(&mut conn).await, "dropped: pinged and kept");
    let found: Result<i64, StoreError> = Err(StoreError::NotFound);
    assert!(matches!(conn.finish(found), Err(StoreError::NotFound)));
    let mut conn = db.store.read().await.unwrap();
    assert!(
        is_marked(&mut conn).await,
        "nothing found is no reason to close"
    );
}
on_both!(
    a_connection_given_back_serves_the_next_read,
    a_connection_given_back_serves_the_next_read
);

/// A statement that keeps the database busy for a few hundred milliseconds.
fn slow_statement(db: &TestDb) -> &'static str {
    match db.store.backend() {
        Backend::Sqlite => {
            "with recursive r(i) as (select 1 union all select i + 1 from r where i < 3000000) \
             select count(*) from r"
        }
        Backend::Postgres => "select pg_sleep(0.3)",
    }
}

async fn a_read_cut_off_mid_statement_leaves_later_reads_their_own_answers(db: &TestDb) {
    let mut conn = db.store.read().await.unwrap();
    mark(&mut conn).await;
    let cut = tokio::time::timeout(
        Duration::from_millis(20),
        sqlx::query(slow_statement(db)).execute(&mut *conn),
    )
    .await;
    assert!(cut.is_err(), "the statement was cut off while running");
    drop(conn);
    // The cut-off connection is out until its statement ends and its ping
    // answers; the others are held so that it is the one handed out next.
    let mut others = Vec::new();
    let mut conn = loop {
        let mut conn = db.store.read().await.unwrap();
        if is_marked(&mut conn).await {
            break conn;
        }
        others.push(conn);
    };
    for n in 0..20_i64 {
        let answer: i64 = sqlx::query_scalar("select $1")
            .bind(n)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(answer, n, "the connection's own answer");
    }
    conn.release();
}
on_both!(
    a_read_cut_off_mid_statement,
    a_read_cut_off_mid_statement_leaves_later_reads_their_own_answers
);

async fn a_closed_store_refuses_reads(db: &TestDb) {
    let conn = db.store.read().await.unwrap();
    conn.release();
    db.store.close().await;
    let refused = tokio::time::timeout(Duration::from_secs(2), db.store.read()).await;
    assert!(
        matches!(refused, Ok(Err(_))),
        "an error at once, not a wait"
    );
}
on_both!(a_closed_store_refuses_reads, a_closed_store_refuses_reads);
