//! Email intake against a real database: one email makes one case, however
//! often it is delivered.

use crate::backends::TestDb;
use crate::on_both;
use app::domain::Channel;
use app::domain::StaffMember;
use app::service::escalations::{answer, parse_answer, parse_raise, raise};
use app::service::inbound_mail::{Received, receive, reply_address_for};
use app::service::staff_desk::{StaffAction, act};
use app::store::cases;
use app::views::{RaiseRequest, ResolutionAnswer};
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

async fn count(db: &TestDb) -> i64 {
    let mut conn = db.store.read().await.unwrap();
    cases::count(&mut conn).await.unwrap()
}

on_both!(
    the_same_email_delivered_twice_makes_one_case,
    same_email_twice
);
async fn same_email_twice(db: &TestDb) {
    let portal = db.portal();
    let with_id = b"From: kim@example.com\r\nSubject: Sync\r\nMessage-ID: <x1@example.com>\r\n\r\nSync stopped.\r\n";
    let first = receive(&portal, with_id, &[], now()).await.unwrap();
    let Received::Raised(reference) = first else {
        panic!("expected a new case, got {first:?}");
    };
    assert_eq!(
        receive(&portal, with_id, &[], now()).await.unwrap(),
        Received::Duplicate(reference)
    );

    let without_id = b"From: kim@example.com\r\nSubject: Other\r\n\r\nNo id here.\r\n";
    let first = receive(&portal, without_id, &[], now()).await.unwrap();
    let second = receive(&portal, without_id, &[], now()).await.unwrap();
    assert_eq!(second, Received::Duplicate(first.reference().clone()));
    assert_eq!(count(db).await, 2);
}

on_both!(
    an_answer_to_a_closed_case_opens_a_new_one,
    answer_to_closed_case
);
async fn answer_to_closed_case(db: &TestDb) {
    let portal = db.portal();
    let request = RaiseRequest {
        name: "Kim".into(),
        email: "kim@example.com".into(),
        subject: "Checkout fails".into(),
        description: "All payments fail.".into(),
        severity: Some("S2".into()),
    };
    let raised = raise(
        &portal,
        parse_raise(&portal, &request, Channel::Web, now())
            .await
            .unwrap(),
        now(),
    )
    .await
    .unwrap();
    let agent = StaffMember {
        staff_id: 1,
        email: "a@example.com".into(),
        name: "Ada".into(),
        role: app::domain::StaffRole::Agent,
    };
    let solve = StaffAction::MarkSolved {
        summary: "We fixed the gateway.".into(),
    };
    act(&portal, &agent, &raised.reference, solve, now())
        .await
        .unwrap();
    let confirm = parse_answer(&ResolutionAnswer {
        resolved: true,
        rating: Some(5),
        ..Default::default()
    })
    .unwrap();
    answer(&portal, &raised.reference, &raised.token, confirm, now())
        .await
        .unwrap();

    let raw = format!(
        "From: kim@example.com\r\nSubject: Re: [{}] Checkout fails\r\nMessage-ID: <late@example.com>\r\n\r\nIt broke again.\r\n",
        raised.reference
    );
    // A proven answer (sent to its signed reply address) to a closed case.
    let reference = app::domain::CaseReference::parse(&raised.reference).unwrap();
    let signed = reply_address_for(&portal, "help@baton.example", &reference, "kim@example.com")
        .await
        .unwrap()
        .expect("our address is an email address");
    let received = receive(&portal, raw.as_bytes(), &[signed], now())
        .await
        .unwrap();
    let Received::Raised(new) = received else {
        panic!("expected a new case, got {received:?}");
    };
    assert_ne!(new.as_str(), raised.reference);
    let mut conn = db.store.read().await.unwrap();
    let stored = cases::find_by_reference(&mut conn, &new).await.unwrap();
    assert!(
        stored
            .case
            .description
            .contains(&format!("answers {}, which is closed", raised.reference)),
        "{}",
        stored.case.description
    );
    assert_eq!(stored.case.channel, Channel::Email);
}
