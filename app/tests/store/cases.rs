use crate::backends::TestDb;
use crate::on_both;
use app::domain::customer::{CustomerEmail, CustomerName, Description, Subject, UpdateBody};
use app::domain::sla::SlaRules;
use app::domain::{Actor, Case, CaseReference, Channel, Command, NewCase, Severity, Stage};
use app::store::{StoreError, cases, events};
use jiff::Timestamp;

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + secs).unwrap()
}

fn new_case(reference: &str) -> (Case, Vec<app::domain::Event>) {
    let new = NewCase {
        name: CustomerName::parse("Kim Lee").unwrap(),
        email: CustomerEmail::parse("kim@example.com").unwrap(),
        subject: Subject::parse("Checkout fails <b>now</b>").unwrap(),
        description: Description::parse("Line one\nline two ü").unwrap(),
        severity: Severity::S2,
        channel: Channel::Api,
    };
    Case::raise(
        new,
        CaseReference::parse(reference).unwrap(),
        "technical",
        at(0),
        &SlaRules::default(),
    )
}

on_both!(a_case_round_trips_every_field, round_trip);
async fn round_trip(db: &TestDb) {
    let (case, created) = new_case("ESC-AAAAAA");
    let mut tx = db.store.begin().await.unwrap();
    let id = cases::insert(&mut tx, &case, "hash", Some(at(60)))
        .await
        .unwrap();
    events::append(&mut tx, id, &created).await.unwrap();
    tx.commit().await.unwrap();

    let mut conn = db.store.read().await.unwrap();
    let stored = cases::find_by_reference(&mut conn, &case.reference)
        .await
        .unwrap();
    assert_eq!(stored.case, case);
    assert_eq!(stored.token_hash, "hash");
    assert_eq!(stored.next_due_at, Some(at(60)));
    assert_eq!(events::for_case(&mut conn, id).await.unwrap(), created);
}

on_both!(a_taken_reference_is_a_conflict, duplicate_reference);
async fn duplicate_reference(db: &TestDb) {
    let (case, _) = new_case("ESC-BBBBBB");
    let mut tx = db.store.begin().await.unwrap();
    cases::insert(&mut tx, &case, "h1", None).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.store.begin().await.unwrap();
    let again = cases::insert(&mut tx, &case, "h2", None).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
}

on_both!(a_missing_case_is_not_found, missing_case);
async fn missing_case(db: &TestDb) {
    let mut conn = db.store.read().await.unwrap();
    let found =
        cases::find_by_reference(&mut conn, &CaseReference::parse("ESC-CCCCCC").unwrap()).await;
    assert!(matches!(found, Err(StoreError::NotFound)));
}

on_both!(a_stale_update_is_refused_so_no_change_is_lost, stale_update);
async fn stale_update(db: &TestDb) {
    let (case, created) = new_case("ESC-DDDDDD");
    let mut tx = db.store.begin().await.unwrap();
    let id = cases::insert(&mut tx, &case, "h", None).await.unwrap();
    events::append(&mut tx, id, &created).await.unwrap();
    tx.commit().await.unwrap();

    let stale = cases::find_by_reference(&mut db.store.read().await.unwrap(), &case.reference)
        .await
        .unwrap();
    let staff = Actor::Staff {
        id: 1,
        name: "Ada".into(),
    };
    let update = Command::PostUpdate {
        body: UpdateBody::parse("On it").unwrap(),
        waits_for_customer: false,
    };
    let mut changed = stale.case.clone();
    for event in stale
        .case
        .decide(update, &staff, at(10), &SlaRules::default())
        .unwrap()
    {
        changed.evolve(&event);
    }
    let mut tx = db.store.begin().await.unwrap();
    cases::update(&mut tx, &stale, &changed, None, at(10))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = db.store.begin().await.unwrap();
    let second = cases::update(&mut tx, &stale, &changed, None, at(11)).await;
    assert!(
        matches!(second, Err(StoreError::Conflict(ref what)) if what == "version"),
        "{second:?}"
    );
    drop(tx);
    let now = cases::find_by_reference(&mut db.store.read().await.unwrap(), &case.reference)
        .await
        .unwrap();
    assert_eq!(now.case.stage, Stage::InProgress);
    assert_eq!(now.version, 1);
}

on_both!(
    open_cases_exclude_closed_ones_and_come_soonest_due_first,
    open_queue
);
async fn open_queue(db: &TestDb) {
    let mut tx = db.store.begin().await.unwrap();
    for (reference, due, stage) in [
        ("ESC-EEEEE2", Some(300), Stage::Received),
        ("ESC-EEEEE3", Some(100), Stage::Received),
        ("ESC-EEEEE4", None, Stage::WaitingOnYou),
        ("ESC-EEEEE5", Some(50), Stage::Closed),
    ] {
        let (mut case, _) = new_case(reference);
        case.stage = stage;
        cases::insert(&mut tx, &case, "h", due.map(at))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let open = cases::list_open(&mut db.store.read().await.unwrap(), 10)
        .await
        .unwrap();
    let order: Vec<_> = open.iter().map(|s| s.case.reference.to_string()).collect();
    assert_eq!(order, ["ESC-EEEEE3", "ESC-EEEEE2", "ESC-EEEEE4"]);
}
