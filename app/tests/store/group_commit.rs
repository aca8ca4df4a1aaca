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

pub(crate) fn request(n: usize) -> RaiseRequest {
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

/// Plain and keyed cases raised together are written together: each has
/// its own case, first event and customer; two calls with one key make one
/// case (the group is undone and each goes alone) and both get its answer.
async fn keyed_and_plain_together(db: &TestDb) {
    use app::service::idempotency::{self, IdempotencyKey};
    let portal = db.portal();
    let mut raising = JoinSet::new();
    for n in 0..16 {
        let portal = portal.clone();
        raising.spawn(async move {
            // 12 and 13 share a key and a body; 14 and 15 have keys of their own.
            let body = request(if n == 13 { 12 } else { n });
            let new = parse_raise(&portal, &body, Channel::Api, now())
                .await
                .unwrap();
            let answer = if n >= 12 {
                let key = IdempotencyKey::parse(&format!("key-{}", n.max(13))).unwrap();
                idempotency::raise(&portal, &key, &body, new, now())
                    .await
                    .expect("a keyed case is raised or replayed")
            } else {
                raise(&portal, new, now())
                    .await
                    .expect("every case is raised")
            };
            (n, answer)
        });
    }
    let mut answers = std::collections::BTreeMap::new();
    while let Some(done) = raising.join_next().await {
        let (n, answer) = done.unwrap();
        answers.insert(n, answer);
    }
    assert_eq!(
        answers[&12].reference, answers[&13].reference,
        "one key, one case"
    );
    assert_eq!(answers[&12].token, answers[&13].token);
    let references: std::collections::BTreeSet<_> =
        answers.values().map(|a| a.reference.clone()).collect();
    assert_eq!(references.len(), 15);
    for answer in answers.values() {
        let seen = status(&portal, &answer.reference, &answer.token, now())
            .await
            .expect("each answered case opens with its token");
        assert_eq!(seen.timeline.len(), 1, "the case's first event, once");
    }
    let mut conn = db.store.read().await.unwrap();
    let (cases, customers, first_events, records): (i64, i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from support_case), \
         (select count(*) from subscriber where role = 'customer'), \
         (select count(*) from case_event where seq = 1), \
         (select count(*) from idempotency_record)",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!((cases, customers, first_events, records), (15, 15, 15, 3));
}
on_both!(
    keyed_and_plain_cases_raised_together,
    keyed_and_plain_together
);
