//! Idempotency records and the instance secret on both backends.

use crate::backends::TestDb;
use crate::on_both;
use app::domain::Channel;
use app::service::escalations::parse_raise;
use app::service::idempotency::{self, IdempotencyError, IdempotencyKey, RETENTION};
use app::store::idempotency::{self as records, IdempotencyRecord};
use app::store::{StoreError, cases};
use app::views::RaiseRequest;
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn request(subject: &str) -> RaiseRequest {
    RaiseRequest {
        name: "Kim".into(),
        email: "kim@example.com".into(),
        subject: subject.into(),
        description: "All payments fail.".into(),
        severity: Some("S2".into()),
    }
}

on_both!(
    a_key_is_recorded_once_and_forgotten_after_it_expires,
    records_and_expiry
);
async fn records_and_expiry(db: &TestDb) {
    let portal = db.portal();
    let raised = app::service::escalations::raise(
        &portal,
        parse_raise(&portal, &request("Checkout fails"), Channel::Api, now())
            .await
            .unwrap(),
        now(),
    )
    .await
    .unwrap();
    let case_id = {
        let mut conn = db.store.read().await.unwrap();
        let reference = app::domain::CaseReference::parse(&raised.reference).unwrap();
        cases::find_by_reference(&mut conn, &reference)
            .await
            .unwrap()
            .id
    };
    let record = IdempotencyRecord {
        key_hash: "k1".into(),
        request_hash: "r1".into(),
        case_id,
        answer: "{}".into(),
        created_at: now(),
        expires_at: now().checked_add(RETENTION).unwrap(),
    };
    let mut tx = db.store.begin().await.unwrap();
    records::insert(&mut tx, &record).await.unwrap();
    let again = records::insert(&mut tx, &record).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    tx.rollback().await.unwrap();

    let mut tx = db.store.begin().await.unwrap();
    records::insert(&mut tx, &record).await.unwrap();
    tx.commit().await.unwrap();
    let mut conn = db.store.read().await.unwrap();
    assert_eq!(
        records::find(&mut conn, "k1", now()).await.unwrap(),
        Some(record.clone())
    );
    let later = record.expires_at;
    assert_eq!(records::find(&mut conn, "k1", later).await.unwrap(), None);
    drop(conn);

    // An expired record is replaced by the next first use of its key, even
    // before a purge; a record in force is left as it is.
    let mut tx = db.store.begin().await.unwrap();
    let fresh = IdempotencyRecord {
        request_hash: "r2".into(),
        created_at: later,
        expires_at: later.checked_add(RETENTION).unwrap(),
        ..record.clone()
    };
    let in_force = IdempotencyRecord {
        key_hash: "k2".into(),
        ..record.clone()
    };
    records::insert(&mut tx, &in_force).await.unwrap();
    let stored = records::insert_many(&mut tx, &[fresh.clone(), in_force.clone()])
        .await
        .unwrap();
    assert_eq!(
        stored,
        vec!["k1".to_owned()],
        "only the expired key is taken again"
    );
    assert_eq!(
        records::find(&mut tx, "k1", later).await.unwrap(),
        Some(fresh)
    );
    tx.rollback().await.unwrap();

    let mut tx = db.store.begin().await.unwrap();
    assert_eq!(records::purge_expired(&mut tx, now()).await.unwrap(), 0);
    assert_eq!(records::purge_expired(&mut tx, later).await.unwrap(), 1);
    tx.commit().await.unwrap();
}

on_both!(the_instance_secret_is_made_once_and_kept, instance_secret);
async fn instance_secret(db: &TestDb) {
    let mut tx = db.store.begin().await.unwrap();
    let first = records::instance_secret(&mut tx, "aa").await.unwrap();
    let second = records::instance_secret(&mut tx, "bb").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!((first.as_str(), second.as_str()), ("aa", "aa"));
    let mut conn = db.store.read().await.unwrap();
    assert_eq!(
        records::stored_instance_secret(&mut conn).await.unwrap(),
        "aa"
    );
}

on_both!(
    raising_with_a_key_twice_gives_one_case_and_one_answer,
    raise_twice
);
async fn raise_twice(db: &TestDb) {
    let portal = db.portal();
    let key = IdempotencyKey::parse("order-42").unwrap();
    let raise = |subject: &'static str| {
        let portal = portal.clone();
        let key = key.clone();
        async move {
            let request = request(subject);
            let new = parse_raise(&portal, &request, Channel::Api, now())
                .await
                .unwrap();
            idempotency::raise(&portal, &key, &request, new, now()).await
        }
    };
    let first = raise("Checkout fails").await.unwrap();
    let again = raise("Checkout fails").await.unwrap();
    assert_eq!(first, again);
    assert!(matches!(
        raise("Another problem").await,
        Err(IdempotencyError::KeyReused)
    ));
    let mut conn = db.store.read().await.unwrap();
    assert_eq!(cases::count(&mut conn).await.unwrap(), 1);
}
