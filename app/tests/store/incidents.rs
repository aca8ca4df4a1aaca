//! Major incidents against a real database: one holder per role, links
//! that count once, drills that leave cases alone, and a next-update
//! promise whose reminder and missed mark fire once however many claim them.

use crate::backends::TestDb;
use crate::on_both;
use app::domain::incident::IncidentReference;
use app::domain::{Channel, StaffMember};
use app::service::Portal;
use app::service::escalations::{parse_raise, raise};
use app::service::incidents::{self, DeclareRequest, UpdateRequest};
use app::store::{cases, incidents as stored, staff};
use app::views::RaiseRequest;
use jiff::{SignedDuration, Timestamp};

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn later(minutes: i64) -> Timestamp {
    now() + SignedDuration::from_mins(minutes)
}

async fn member(portal: &Portal, email: &str, role: &str) -> StaffMember {
    let mut tx = portal.store.begin().await.unwrap();
    staff::insert(&mut tx, email, email, role, "not-a-real-hash", now())
        .await
        .unwrap();
    let found = staff::find_by_email(&mut tx, email).await.unwrap();
    tx.commit().await.unwrap();
    found
}

async fn raised(portal: &Portal, email: &str) -> String {
    let request = RaiseRequest {
        name: "Kim".into(),
        email: email.into(),
        subject: "Checkout fails".into(),
        description: "All payments fail.".into(),
        severity: Some("S2".into()),
    };
    let new = parse_raise(portal, &request, Channel::Api, now())
        .await
        .unwrap();
    raise(portal, new, now()).await.unwrap().reference
}

async fn declared(portal: &Portal, commander: &StaffMember, drill: bool) -> String {
    let request = DeclareRequest {
        title: "Card payments fail".into(),
        impact: "You cannot take card payments.".into(),
        commander_email: None,
        drill,
    };
    incidents::declare(portal, commander, request, now())
        .await
        .unwrap()
        .to_string()
}

async fn version_of(portal: &Portal, reference: &str) -> i64 {
    let mut conn = portal.store.read().await.unwrap();
    let reference = app::domain::CaseReference::parse(reference).unwrap();
    cases::version_of(&mut conn, &reference).await.unwrap()
}

async fn roles_hand_over_and_links_count_once(db: &TestDb) {
    let portal = db.portal();
    let manager = member(&portal, "manager@example.com", "manager").await;
    let expert = member(&portal, "expert@example.com", "expert").await;
    let reference = declared(&portal, &manager, false).await;
    incidents::hand_role(
        &portal,
        &manager,
        &reference,
        "commander",
        "expert@example.com",
        later(1),
    )
    .await
    .unwrap();
    // The same holder again changes nothing.
    incidents::hand_role(
        &portal,
        &expert,
        &reference,
        "commander",
        "expert@example.com",
        later(2),
    )
    .await
    .unwrap();
    let mut conn = portal.store.read().await.unwrap();
    let incident = stored::find(&mut conn, &IncidentReference::parse(&reference).unwrap())
        .await
        .unwrap();
    let holdings = stored::holdings(&mut conn, incident.id).await.unwrap();
    drop(conn);
    assert_eq!(holdings.len(), 2, "{holdings:?}");
    assert_eq!(holdings[0].person.email, "manager@example.com");
    assert_eq!(holdings[0].until, Some(later(1)));
    assert_eq!(holdings[1].person.email, "expert@example.com");
    assert_eq!(holdings[1].until, None);

    let case = raised(&portal, "kim@example.com").await;
    let before = version_of(&portal, &case).await;
    let first = incidents::link(
        &portal,
        &expert,
        &reference,
        std::slice::from_ref(&case),
        later(3),
    )
    .await
    .unwrap();
    let second = incidents::link(
        &portal,
        &expert,
        &reference,
        &[case.clone(), case.clone()],
        later(4),
    )
    .await
    .unwrap();
    assert_eq!((first.linked, second.linked), (1, 0));
    assert!(
        version_of(&portal, &case).await > before,
        "open pages refresh"
    );
}

on_both!(roles_and_links, roles_hand_over_and_links_count_once);

async fn a_drill_leaves_linked_cases_alone(db: &TestDb) {
    let portal = db.portal();
    let manager = member(&portal, "manager@example.com", "manager").await;
    let reference = declared(&portal, &manager, true).await;
    let case = raised(&portal, "kim@example.com").await;
    let before = version_of(&portal, &case).await;
    incidents::link(
        &portal,
        &manager,
        &reference,
        std::slice::from_ref(&case),
        later(1),
    )
    .await
    .unwrap();
    let update = UpdateRequest {
        affected: "Payments".into(),
        known: "A bad release".into(),
        doing: "Rolling back".into(),
        next_update_at: later(30).to_string(),
    };
    let kept = incidents::publish(&portal, &manager, &reference, update, later(2))
        .await
        .unwrap();
    assert_eq!(kept, 1, "the drill renders the customer's email");
    incidents::resolve(&portal, &manager, &reference, "Drill over.", later(3))
        .await
        .unwrap();
    assert_eq!(
        version_of(&portal, &case).await,
        before,
        "a drill never touches a case"
    );
}

on_both!(drills, a_drill_leaves_linked_cases_alone);

async fn alerts(portal: &Portal, kind: &str) -> i64 {
    let mut conn = portal.store.read().await.unwrap();
    sqlx::query_scalar::<_, i64>("select count(*) from outbox where kind = $1")
        .bind(kind)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn a_promise_is_reminded_and_missed_once(db: &TestDb) {
    let portal = db.portal();
    let manager = member(&portal, "manager@example.com", "manager").await;
    let reference = declared(&portal, &manager, false).await;
    let update = UpdateRequest {
        affected: "Payments".into(),
        known: "A bad release".into(),
        doing: "Rolling back".into(),
        next_update_at: later(30).to_string(),
    };
    incidents::publish(&portal, &manager, &reference, update, now())
        .await
        .unwrap();
    // Nothing is due yet: the answer says when the reminder is.
    let next = incidents::remind(&portal, later(1)).await.unwrap();
    assert_eq!(next, Some(later(20)));
    assert_eq!(alerts(&portal, "incident_update_due").await, 0);
    // Two processes wake at once: one reminder.
    let other = db.portal();
    let (a, b) = tokio::join!(
        incidents::remind(&portal, later(21)),
        incidents::remind(&other, later(21))
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(alerts(&portal, "incident_update_due").await, 1);
    assert_eq!(
        incidents::remind(&portal, later(22)).await.unwrap(),
        Some(later(30))
    );
    let (a, b) = tokio::join!(
        incidents::remind(&portal, later(31)),
        incidents::remind(&other, later(31))
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(incidents::remind(&portal, later(40)).await.unwrap(), None);
    assert_eq!(alerts(&portal, "incident_update_missed").await, 1);
    let room = incidents::war_room(&portal, &reference, later(40))
        .await
        .unwrap();
    assert!(room.promise_missed);
    let missed = room
        .timeline
        .iter()
        .filter(|e| e.kind == "missed_update")
        .count();
    assert_eq!(missed, 1);
}

on_both!(promises, a_promise_is_reminded_and_missed_once);
