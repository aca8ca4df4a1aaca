//! Cases raised at the same time share commits (group commit on SQLite) and
//! each writer still hears only its own outcome.

use crate::backends::TestDb;
use crate::on_both;
use app::domain::Channel;
use app::error::AppError;
use app::service::escalations::{parse_raise, raise, raise_in, status};
use app::store::StoreError;
use app::views::RaiseRequest;
use jiff::Timestamp;
use tokio::task::JoinSet;

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn request(n: usize) -> RaiseRequest {
    RaiseRequest {
        name: "Kim".into(),
        email: format!("kim{n}@example.com"),
        subject: format!("Checkout fails {n}"),
        description: "All payments fail.".into(),
        severity: Some("S2".into()),
    }
}

async fn many_at_once(db: &TestDb) {
    let portal = db.portal();
    let mut raising = JoinSet::new();
    for n in 0..24 {
        let portal = portal.clone();
        raising.spawn(async move {
            let new = parse_raise(&portal, &request(n), Channel::Web, now())
                .await
                .unwrap();
            raise(&portal, new, now()).await
        });
    }
    let mut raised = Vec::new();
    while let Some(done) = raising.join_next().await {
        raised.push(done.unwrap().expect("every case is raised"));
    }
    assert_eq!(raised.len(), 24);
    for case in &raised {
        let seen = status(&portal, &case.reference, &case.token, now())
            .await
            .expect("each answered case is stored");
        assert_eq!(seen.reference, case.reference);
    }
}
on_both!(cases_raised_at_once_are_all_stored, many_at_once);

/// A write that fails leaves nothing behind, and the writes it shared a
/// commit with are kept.
async fn one_fails(db: &TestDb) {
    let portal = db.portal();
    let mut writing = JoinSet::new();
    for n in 0..8 {
        let portal = portal.clone();
        writing.spawn(async move {
            let new = parse_raise(&portal, &request(n), Channel::Web, now())
                .await
                .unwrap();
            let shared = portal.clone();
            let token = format!("token-{n}-0123456789abcdef0123456789abcdef");
            let outcome = portal
                .store
                .write_grouped(move |tx| {
                    Box::pin(async move {
                        let raised = raise_in(&shared, tx, new, &token, now()).await?;
                        if n % 2 == 1 {
                            return Err(AppError::Conflict("refused after writing".into()));
                        }
                        Ok(raised.answer)
                    })
                })
                .await;
            (n, outcome)
        });
    }
    let mut kept = 0;
    while let Some(done) = writing.join_next().await {
        let (n, outcome) = done.unwrap();
        match outcome {
            Ok(answer) => {
                assert_eq!(n % 2, 0, "only the even writes succeed");
                status(&portal, &answer.reference, &answer.token, now())
                    .await
                    .expect("a kept write is stored");
                kept += 1;
            }
            Err(error) => {
                assert_eq!(n % 2, 1);
                assert_eq!(error, AppError::Conflict("refused after writing".into()));
            }
        }
    }
    assert_eq!(kept, 4);
    let mut conn = db.store.read().await.unwrap();
    let stored: i64 = sqlx::query_scalar("select count(*) from support_case")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(stored, 4, "the failed writes left no case behind");
}
on_both!(a_failed_write_is_undone_alone, one_fails);

/// A write that panics is undone, and writing goes on afterwards.
async fn one_panics(db: &TestDb) {
    let portal = db.portal();
    let first = parse_raise(&portal, &request(0), Channel::Web, now())
        .await
        .unwrap();
    let first = raise(&portal, first, now()).await.unwrap();
    let shared = portal.clone();
    let panicked = tokio::spawn(async move {
        shared
            .store
            .write_grouped::<(), AppError, _>(move |tx| {
                Box::pin(async move {
                    sqlx::query("delete from case_event")
                        .execute(&mut *tx)
                        .await
                        .map_err(StoreError::from)?;
                    panic!("a bug in a write");
                })
            })
            .await
    })
    .await;
    // SQLite's committer catches the panic and answers with an error; on
    // PostgreSQL the write runs in the caller's task, which panics.
    assert!(panicked.is_err() || panicked.is_ok_and(|answer| answer.is_err()));
    let seen = status(&portal, &first.reference, &first.token, now())
        .await
        .unwrap();
    assert!(!seen.timeline.is_empty(), "the panicking write was undone");
    let new = parse_raise(&portal, &request(1), Channel::Web, now())
        .await
        .unwrap();
    let raised = raise(&portal, new, now()).await.expect("writes go on");
    status(&portal, &raised.reference, &raised.token, now())
        .await
        .unwrap();
}
on_both!(a_panicking_write_does_not_stop_later_ones, one_panics);
