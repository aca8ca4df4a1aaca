use crate::backends::TestDb;
use crate::on_both;
use app::domain::customer::{CustomerEmail, CustomerName, Description, Subject, UpdateBody};
use app::domain::sla::{SlaRules, SlaTarget};
use app::domain::{Actor, Case, CaseReference, Channel, Command, NewCase, Severity, Stage};
use app::service::staff_desk::{QueueSelection, queue_filtered};
use app::store::cases::{QueueFilter, SlaFilter};
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
        matches!(
            second,
            Err(StoreError::Conflict(app::store::Conflict::Version))
        ),
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

/// The `i`th of many cases: ESC-22222 followed by two letters from `i`.
fn numbered(i: usize) -> CaseReference {
    CaseReference::from_random([0, 0, 0, 0, (i / 32) as u8, (i % 32) as u8])
}

on_both!(
    the_sla_filters_find_troubled_cases_beyond_the_first_200,
    troubled_beyond_the_first_page
);
async fn troubled_beyond_the_first_page(db: &TestDb) {
    let mut tx = db.store.begin().await.unwrap();
    // 210 cases in good shape, due soonest: the first 200 in queue order.
    for i in 0..210 {
        let (mut case, _) = new_case("ESC-AAAAAA");
        case.reference = numbered(i);
        cases::insert(&mut tx, &case, "h", Some(at(i as i64)))
            .await
            .unwrap();
    }
    // Then three breached, one at risk, and one whose breached clock has
    // stopped (the promise no longer applies), all due last.
    for i in 210..215 {
        let (mut case, _) = new_case("ESC-AAAAAA");
        case.reference = numbered(i);
        let first = case.clocks.get_mut(SlaTarget::FirstResponse).unwrap();
        first.warned = true;
        first.breached = i != 213;
        if i == 214 {
            case.clocks.stop(SlaTarget::FirstResponse, at(1));
        }
        cases::insert(&mut tx, &case, "h", Some(at(10_000 + i as i64)))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let refs = |found: Vec<cases::StoredCase>| {
        found
            .into_iter()
            .map(|s| s.case.reference.to_string())
            .collect::<Vec<_>>()
    };
    let names = |numbers: &[usize]| {
        numbers
            .iter()
            .map(|i| numbered(*i).to_string())
            .collect::<Vec<_>>()
    };
    let listed = |sla| async move {
        let mut conn = db.store.read().await.unwrap();
        refs(
            cases::list_filtered(&mut conn, &QueueFilter::default(), sla, 200)
                .await
                .unwrap(),
        )
    };

    let first_page = listed(None).await;
    assert_eq!(first_page.len(), 200);
    assert_eq!(first_page, names(&(0..200).collect::<Vec<_>>()));
    assert_eq!(
        listed(Some(SlaFilter::Breached)).await,
        names(&[210, 211, 212])
    );
    assert_eq!(listed(Some(SlaFilter::AtRisk)).await, names(&[213]));

    // The queue the page and the staff API show filters the same way.
    let selection = QueueSelection {
        filter: QueueFilter::default(),
        sla: Some(SlaFilter::Breached),
    };
    let shown = queue_filtered(&db.portal(), &selection, at(20_000))
        .await
        .unwrap();
    assert_eq!(
        shown
            .iter()
            .map(|i| i.reference.clone())
            .collect::<Vec<_>>(),
        names(&[210, 211, 212])
    );
    assert!(shown.iter().all(|item| !item.breached.is_empty()));

    // Every write keeps the flags in step with the clocks: a case breaching
    // joins the filter, a breached case whose clocks stop leaves it.
    let mut tx = db.store.begin().await.unwrap();
    let late = cases::find_by_reference(&mut tx, &numbered(5))
        .await
        .unwrap();
    let mut breached = late.case.clone();
    let clock = breached.clocks.get_mut(SlaTarget::Resolution).unwrap();
    clock.warned = true;
    clock.breached = true;
    cases::update(&mut tx, &late, &breached, late.next_due_at, at(20))
        .await
        .unwrap();
    let kept = cases::find_by_reference(&mut tx, &numbered(210))
        .await
        .unwrap();
    let mut stopped = kept.case.clone();
    stopped.clocks.stop_all(at(20));
    cases::update(&mut tx, &kept, &stopped, None, at(20))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        listed(Some(SlaFilter::Breached)).await,
        names(&[5, 211, 212])
    );
    assert_eq!(listed(Some(SlaFilter::AtRisk)).await, names(&[213]));
}

on_both!(
    events_appended_together_are_numbered_after_each_case_s_last,
    numbered_after_last
);
async fn numbered_after_last(db: &TestDb) {
    let (first, created) = new_case("ESC-AAAAAB");
    let (second, _) = new_case("ESC-AAAAAC");
    let mut tx = db.store.begin().await.unwrap();
    let a = cases::insert(&mut tx, &first, "a", None).await.unwrap();
    let b = cases::insert(&mut tx, &second, "b", None).await.unwrap();
    events::append(&mut tx, a, &created).await.unwrap();
    // More than one insert's worth for `a`, so its numbers cross a chunk.
    let many: Vec<_> = std::iter::repeat_n(created[0].clone(), 1_200).collect();
    let few: Vec<_> = std::iter::repeat_n(created[0].clone(), 3).collect();
    events::append_many(&mut tx, &[(a, &many), (b, &few), (a, &few)])
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut conn = db.store.read().await.unwrap();
    for (case_id, count) in [(a, created.len() + 1_203), (b, 3)] {
        let numbers: Vec<i64> =
            sqlx::query_scalar("select seq from case_event where case_id = $1 order by seq")
                .bind(case_id)
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        let expected: Vec<i64> = (1..=count as i64).collect();
        assert_eq!(
            numbers, expected,
            "case {case_id}: numbered 1, 2, ... without gaps"
        );
    }
}
