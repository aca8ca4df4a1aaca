//! Swarms against a real database: start, members, notes and decisions,
//! close; the case's history and the alerts that go with them.

use crate::backends::TestDb;
use crate::on_both;
use app::domain::Channel;
use app::domain::StaffMember;
use app::error::AppError;
use app::service::Portal;
use app::service::escalations::{parse_raise, raise, status};
use app::service::staff_desk::case_record;
use app::service::swarms::{PULLED_IN, SwarmAction, act, panel};
use app::store::staff;
use app::store::{StoreError, cases, outbox, swarms};
use app::views::RaiseRequest;
use jiff::{SignedDuration, Timestamp};

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn later(minutes: i64) -> Timestamp {
    now() + SignedDuration::from_mins(minutes)
}

async fn member(portal: &Portal, email: &str, name: &str, role: &str) -> StaffMember {
    let mut tx = portal.store.begin().await.unwrap();
    staff::insert(&mut tx, email, name, role, "not-a-real-hash", now())
        .await
        .unwrap();
    let found = staff::find_by_email(&mut tx, email).await.unwrap();
    tx.commit().await.unwrap();
    found
}

async fn raised(portal: &Portal, severity: &str) -> (String, String) {
    // From JSON, as a client sends it: fields added later keep their defaults.
    let request: RaiseRequest = serde_json::from_value(serde_json::json!({
        "name": "Kim", "email": "kim@example.com", "subject": "Checkout fails",
        "description": "All payments fail.", "severity": severity,
    }))
    .unwrap();
    let new = parse_raise(portal, &request, Channel::Web, now())
        .await
        .unwrap();
    let raised = raise(portal, new, now()).await.unwrap();
    (raised.reference, raised.token)
}

fn start(email: Option<&str>) -> SwarmAction {
    SwarmAction::Start {
        facilitator_email: email.map(str::to_owned),
    }
}

fn entry(kind: &str, body: &str) -> SwarmAction {
    SwarmAction::AddEntry {
        kind: kind.into(),
        body: body.into(),
    }
}

fn close(summary: &str) -> SwarmAction {
    SwarmAction::Close {
        summary: summary.into(),
    }
}

fn field_of(result: Result<(), AppError>) -> String {
    match result {
        Err(AppError::Invalid(errors)) => errors.0[0].field.clone(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

on_both!(
    a_swarm_runs_from_start_to_close_and_records_its_time,
    swarm_lifecycle
);
async fn swarm_lifecycle(db: &TestDb) {
    let portal = db.portal();
    let alan = member(&portal, "alan@example.com", "Alan", "specialist").await;
    let grace = member(&portal, "grace@example.com", "Grace", "manager").await;
    let kat = member(&portal, "kat@example.com", "Kat", "expert").await;
    let (reference, token) = raised(&portal, "S1").await;

    let before = panel(&portal, &reference).await.unwrap();
    assert_eq!(before.suggestion.as_deref(), Some("S1 case"));
    assert!(before.swarm.is_none());

    act(
        &portal,
        &alan,
        &reference,
        start(Some("GRACE@example.com")),
        later(1),
    )
    .await
    .unwrap();
    let started = panel(&portal, &reference).await.unwrap();
    assert_eq!(
        started.suggestion, None,
        "no suggestion while a swarm is open"
    );
    let swarm = started.swarm.unwrap();
    assert!(swarm.open);
    assert_eq!(swarm.facilitator.name, "Grace");
    let names: Vec<_> = swarm.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Grace", "Alan"]);
    let alerts = outbox::for_member(
        &mut portal.store.read().await.unwrap(),
        grace.staff_id,
        "manager",
        10,
    )
    .await
    .unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a.kind == PULLED_IN && a.message.contains(&reference)),
        "the facilitator hears about it: {alerts:?}"
    );

    assert!(matches!(
        act(&portal, &alan, &reference, start(None), later(2)).await,
        Err(AppError::Conflict(_))
    ));

    let add_kat = || SwarmAction::AddMember {
        email: "kat@example.com".into(),
    };
    act(&portal, &alan, &reference, add_kat(), later(3))
        .await
        .unwrap();
    let kat_alerts = outbox::for_member(
        &mut portal.store.read().await.unwrap(),
        kat.staff_id,
        "expert",
        10,
    )
    .await
    .unwrap();
    assert_eq!(kat_alerts.len(), 1);
    assert!(kat_alerts[0].message.contains("pulled into the swarm"));
    assert!(matches!(
        act(&portal, &alan, &reference, add_kat(), later(4)).await,
        Err(AppError::Conflict(_))
    ));
    let nobody = SwarmAction::AddMember {
        email: "nobody@example.com".into(),
    };
    assert_eq!(
        field_of(act(&portal, &alan, &reference, nobody, later(4)).await),
        "email"
    );

    act(
        &portal,
        &kat,
        &reference,
        entry("note", "Gateway answers 502"),
        later(5),
    )
    .await
    .unwrap();
    act(
        &portal,
        &grace,
        &reference,
        entry("decision", "Roll back 4.2"),
        later(6),
    )
    .await
    .unwrap();
    assert_eq!(
        field_of(act(&portal, &kat, &reference, entry("vote", "x"), later(7)).await),
        "kind"
    );
    assert_eq!(
        field_of(act(&portal, &kat, &reference, entry("note", " "), later(7)).await),
        "body"
    );
    let too_long = "x".repeat(4_001);
    assert_eq!(
        field_of(
            act(
                &portal,
                &kat,
                &reference,
                entry("note", &too_long),
                later(7)
            )
            .await
        ),
        "body"
    );
    assert_eq!(
        field_of(act(&portal, &grace, &reference, close(""), later(8)).await),
        "summary"
    );

    act(
        &portal,
        &grace,
        &reference,
        close("Rolled back 4.2; payments flow"),
        later(96),
    )
    .await
    .unwrap();
    let done = panel(&portal, &reference).await.unwrap();
    let swarm = done.swarm.unwrap();
    assert!(!swarm.open);
    let entries: Vec<_> = swarm
        .entries
        .iter()
        .map(|e| (e.kind.as_str(), e.author.as_str()))
        .collect();
    assert_eq!(entries, [("note", "Kat"), ("decision", "Grace")]);
    let closure = swarm.closure.unwrap();
    assert_eq!(closure.summary, "Rolled back 4.2; payments flow");
    assert_eq!(closure.minutes_in_swarm, 95);
    assert_eq!(closure.time_in_swarm, "1 h 35 min");
    assert_eq!(
        done.suggestion.as_deref(),
        Some("S1 case"),
        "a new swarm may start"
    );

    for after_close in [entry("note", "late"), close("again")] {
        assert!(matches!(
            act(&portal, &grace, &reference, after_close, later(97)).await,
            Err(AppError::Conflict(_))
        ));
    }

    let (_, history) = case_record(&portal, &reference).await.unwrap();
    let codes: Vec<_> = history.iter().map(|e| e.kind.code()).collect();
    assert!(codes.contains(&"swarm_started") && codes.contains(&"swarm_closed"));
    let seen = status(&portal, &reference, &token, later(98))
        .await
        .unwrap();
    let text = format!("{:?}", seen.timeline);
    for secret in ["swarm", "Rolled back", "Grace"] {
        assert!(!text.contains(secret), "the customer sees {secret}");
    }
}

on_both!(
    the_store_keeps_one_open_swarm_per_case_and_unknown_cases_are_not_found,
    one_open_swarm
);
async fn one_open_swarm(db: &TestDb) {
    let portal = db.portal();
    let alan = member(&portal, "alan@example.com", "Alan", "specialist").await;
    let (reference, _) = raised(&portal, "S3").await;
    assert_eq!(panel(&portal, &reference).await.unwrap().suggestion, None);
    assert!(matches!(
        act(&portal, &alan, &reference, close("x"), later(1)).await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        act(&portal, &alan, "ESC-AAAAAA", start(None), later(1)).await,
        Err(AppError::NotFound)
    ));
    act(&portal, &alan, &reference, start(None), later(1))
        .await
        .unwrap();

    // A second open swarm written past the domain's check still fails.
    let mut tx = portal.store.begin().await.unwrap();
    let reference = app::domain::CaseReference::parse(&reference).unwrap();
    let stored = cases::find_by_reference(&mut tx, &reference).await.unwrap();
    let open = swarms::latest_for_case(&mut tx, stored.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(open.swarm.facilitator.name, "Alan");
    assert!(matches!(
        swarms::insert(&mut tx, stored.id, &open.swarm).await,
        Err(StoreError::Conflict(_))
    ));
}
