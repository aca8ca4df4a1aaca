use crate::backends::TestDb;
use crate::on_both;
use app::domain::customer::{CustomerEmail, CustomerName, Description, Subject, UpdateBody};
use app::domain::sla::SlaRules;
use app::domain::{Actor, Case, CaseReference, Channel, Command, Event, NewCase, Severity};
use app::store::subscribers::{self, SubscriberRole};
use app::store::{StoreError, cases, events, status_read};
use jiff::Timestamp;

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + secs).unwrap()
}

/// A case stored with its first events, its text full of what JSON escapes.
async fn stored_case(db: &TestDb, reference: &CaseReference) -> (i64, Case, Vec<Event>) {
    let new = NewCase {
        name: CustomerName::parse("Kim Lee").unwrap(),
        email: CustomerEmail::parse("kim@example.com").unwrap(),
        subject: Subject::parse("Checkout \"fails\" <b>now</b>").unwrap(),
        description: Description::parse("Line one\nline two \\ ü 漢字 😀").unwrap(),
        severity: Severity::S2,
        channel: Channel::Api,
    };
    let (case, created) = Case::raise(
        new,
        reference.clone(),
        "technical",
        at(0),
        &SlaRules::default(),
    );
    let mut tx = db.store.begin().await.unwrap();
    let id = cases::insert(&mut tx, &case, "hash", None).await.unwrap();
    events::append(&mut tx, id, &created).await.unwrap();
    tx.commit().await.unwrap();
    (id, case, created)
}

on_both!(
    a_status_read_brings_the_case_its_events_in_order_and_open_invitations,
    status_read_matches_the_plain_reads
);
async fn status_read_matches_the_plain_reads(db: &TestDb) {
    let reference = CaseReference::parse("ESC-CCCCCC").unwrap();
    let (id, case, created) = stored_case(db, &reference).await;
    let staff = Actor::Staff {
        id: 1,
        name: "Ada".into(),
    };
    let update = Command::PostUpdate {
        body: UpdateBody::parse("We're on it: \"soon\"\n\tnext \\ step ✓").unwrap(),
        waits_for_customer: false,
    };
    let later = case
        .decide(update, &staff, at(10), &SlaRules::default())
        .unwrap();

    let mut tx = db.store.begin().await.unwrap();
    events::append(&mut tx, id, &later).await.unwrap();
    for (email, role) in [
        ("kim@example.com", SubscriberRole::Customer),
        ("zoe@example.com", SubscriberRole::Invited),
        ("sam@example.com", SubscriberRole::Invited),
        ("lee@example.com", SubscriberRole::Invited),
        ("pat@example.com", SubscriberRole::Invited),
    ] {
        subscribers::add(&mut tx, id, email, "Someone", role, at(5))
            .await
            .unwrap();
    }
    // Answered invitations are no longer open.
    subscribers::answer_invitation(&mut tx, id, "sam@example.com", true, at(6))
        .await
        .unwrap();
    subscribers::answer_invitation(&mut tx, id, "pat@example.com", false, at(6))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut conn = db.store.read().await.unwrap();
    let read = status_read::find(&mut conn, &reference).await.unwrap();
    let plain = cases::find_by_reference(&mut conn, &reference)
        .await
        .unwrap();
    assert_eq!(read.stored.id, plain.id);
    assert_eq!(read.stored.version, plain.version);
    assert_eq!(read.stored.token_hash, plain.token_hash);
    assert_eq!(read.stored.case, plain.case);
    assert_eq!(read.history, events::for_case(&mut conn, id).await.unwrap());
    assert_eq!(read.history.len(), created.len() + later.len());
    // In the order they were invited.
    assert_eq!(read.invited, ["zoe@example.com", "lee@example.com"]);
    let invited: Vec<String> = subscribers::invited(&mut conn, id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.email)
        .collect();
    assert_eq!(read.invited, invited);
}

on_both!(
    a_status_read_of_a_case_without_invitations_has_none,
    without_invitations
);
async fn without_invitations(db: &TestDb) {
    let reference = CaseReference::parse("ESC-DDDDDD").unwrap();
    let (_, _, created) = stored_case(db, &reference).await;
    let mut conn = db.store.read().await.unwrap();
    let read = status_read::find(&mut conn, &reference).await.unwrap();
    assert_eq!(read.history, created);
    assert!(read.invited.is_empty());
    let missing = status_read::find(&mut conn, &CaseReference::parse("ESC-EEEEEE").unwrap()).await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
}
