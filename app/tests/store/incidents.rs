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
        kind: None,
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
    let room = incidents::war_room(&portal, &manager, &reference, later(40))
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

async fn a_playbook_brings_its_checklist_and_a_sponsor_hears_once(db: &TestDb) {
    let portal = db.portal();
    let manager = member(&portal, "manager@example.com", "manager").await;
    let ops = member(&portal, "ops@example.com", "ops").await;
    let sponsor = member(&portal, "vp@example.com", "agent").await;
    let settings = app::domain::sponsor::SponsorSettings::from_json(
        r#"{"accounts": [{"domain": "bigco.example", "name": "BigCo",
            "sponsors": [{"email": "vp@example.com", "from": "2026-01-01"}]}]}"#,
    )
    .unwrap();
    app::service::sponsors::save(&portal, &ops, &settings, now())
        .await
        .unwrap();
    let request = DeclareRequest {
        title: "Card payments fail".into(),
        impact: "You cannot take card payments.".into(),
        kind: Some("outage".into()),
        ..DeclareRequest::default()
    };
    let reference = incidents::declare(&portal, &manager, request, now())
        .await
        .unwrap()
        .to_string();
    let room = incidents::war_room(&portal, &sponsor, &reference, now())
        .await
        .unwrap();
    assert_eq!(room.kind.as_deref(), Some("outage"));
    assert_eq!(room.tasks.len(), 6, "the shipped outage playbook's tasks");
    assert!(
        room.tasks
            .iter()
            .all(|t| t.owner.as_deref() == Some("manager@example.com"))
    );
    assert!(!room.can_run, "a sponsor follows the incident, read-only");

    // Two processes link two of BigCo's cases at once: the sponsor hears once.
    let first = [raised(&portal, "ann@bigco.example").await];
    let second = [raised(&portal, "bob@bigco.example").await];
    let other = db.portal();
    let (a, b) = tokio::join!(
        incidents::link(&portal, &manager, &reference, &first, now()),
        incidents::link(&other, &manager, &reference, &second, now())
    );
    a.unwrap();
    b.unwrap();
    let mut conn = portal.store.read().await.unwrap();
    let told: i64 = sqlx::query_scalar(
        "select count(*) from outbox where kind = 'major_incident' and recipient = $1",
    )
    .bind(format!("staff:{}", sponsor.staff_id))
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    drop(conn);
    assert_eq!(told, 1, "one console alert for the sponsor");
    let room = incidents::war_room(&portal, &manager, &reference, now())
        .await
        .unwrap();
    assert!(room.can_run);
    assert_eq!(
        room.timeline.iter().filter(|e| e.kind == "sponsor").count(),
        1
    );

    // The checklist: hand a task on, tick it; a stranger's task id is not found.
    let task = room.tasks[0].id;
    let change = incidents::TaskChange {
        owner_email: Some("ops@example.com".into()),
        done: Some(true),
    };
    incidents::change_task(&portal, &manager, &reference, task, change, now())
        .await
        .unwrap();
    let room = incidents::war_room(&portal, &manager, &reference, now())
        .await
        .unwrap();
    assert_eq!(room.tasks[0].owner.as_deref(), Some("ops@example.com"));
    assert!(room.tasks[0].done);
    let missing = incidents::change_task(
        &portal,
        &manager,
        &reference,
        task + 1000,
        incidents::TaskChange {
            done: Some(true),
            ..Default::default()
        },
        now(),
    )
    .await;
    assert!(matches!(missing, Err(app::error::AppError::NotFound)));
}
on_both!(
    playbooks,
    a_playbook_brings_its_checklist_and_a_sponsor_hears_once
);
