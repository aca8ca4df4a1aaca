//! Escalation types and the RACI matrix against a real database: a tier move
//! goes to the Responsible member of the receiving tier, Informed and
//! Consulted roles hear about it, SLA alerts go to the Accountable role, and
//! re-rating, retyping and the new queue filters are stored.

use crate::backends::TestDb;
use crate::on_both;
use app::domain::StaffMember;
use app::domain::raci::RaciMatrix;
use app::domain::{Channel, Severity};
use app::error::AppError;
use app::service::escalations::{parse_raise, raise};
use app::service::staff_accounts::{create, parse_new_staff};
use app::service::staff_desk::{QueueSelection, StaffAction, act, case_record, queue_filtered};
use app::service::{raci, staff_desk};
use app::store::cases::QueueFilter;
use app::store::outbox;
use app::views::{HandoffNoteInput, RaiseRequest, TierMoveRequest};
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

/// A member of staff with a role, and a tier and team if given.
pub(crate) async fn member(
    db: &TestDb,
    email: &str,
    role: &str,
    tier: Option<&str>,
    team: Option<&str>,
) -> StaffMember {
    let mut new = parse_new_staff(email, email, role, tier, None, &Default::default()).unwrap();
    new.team = team.map(str::to_owned);
    create(&db.portal(), new, now()).await.unwrap().0
}

/// A new case from the customer with `email`; its reference.
pub(crate) async fn raise_from(db: &TestDb, email: &str) -> String {
    let request = RaiseRequest {
        name: "Kim".into(),
        email: email.into(),
        subject: "Card refunds missing".into(),
        description: "Refunds never arrive.".into(),
        severity: Some("S2".into()),
    };
    raise(
        &db.portal(),
        parse_raise(&db.portal(), &request, Channel::Web, now())
            .await
            .unwrap(),
        now(),
    )
    .await
    .unwrap()
    .reference
}

fn escalate(to: &str) -> StaffAction {
    StaffAction::Escalate(TierMoveRequest {
        to_tier: Some(to.into()),
        reason: "Needs money powers".into(),
        handoff_note: Some(HandoffNoteInput::Text("Refund ids attached".into())),
    })
}

async fn alerts(db: &TestDb, staff_id: i64, role: &str) -> Vec<(String, String)> {
    let mut conn = db.store.read().await.unwrap();
    outbox::for_member(&mut conn, staff_id, role, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|n| (n.kind, n.message))
        .collect()
}

on_both!(
    a_tier_move_goes_to_the_responsible_member_and_the_raci_roles_hear_of_it,
    moves_follow_the_matrix
);
async fn moves_follow_the_matrix(db: &TestDb) {
    let portal = db.portal();
    let agent = member(
        db,
        "ada@example.com",
        "agent",
        Some("L1"),
        Some("Front desk"),
    )
    .await;
    let busy = member(db, "bob@example.com", "manager", Some("L2"), Some("Money")).await;
    let free = member(db, "cy@example.com", "manager", Some("L2"), Some("Money")).await;
    let exec = member(db, "eve@example.com", "executive", None, None).await;
    // Bob already owns a case, so Cy is the least busy billing manager at L2.
    let other = raise_from(db, "zed@other.example").await;
    let take = StaffAction::Assign {
        email: "bob@example.com".into(),
    };
    act(&portal, &busy, &other, take, now()).await.unwrap();

    let reference = raise_from(db, "kim@shop.example").await;
    let retype = StaffAction::ChangeType {
        escalation_type: "billing".into(),
    };
    act(&portal, &agent, &reference, retype, now())
        .await
        .unwrap();
    act(&portal, &agent, &reference, escalate("L2"), now())
        .await
        .unwrap();

    let (case, events) = case_record(&portal, &reference).await.unwrap();
    assert_eq!(case.escalation_type, "billing");
    assert_eq!(case.assignee.map(|a| a.staff_id), Some(free.staff_id));
    assert!(events.iter().any(|e| e.kind.code() == "type_changed"));
    // Billing's fix step informs executives and consults agents.
    let told = alerts(db, exec.staff_id, "executive").await;
    assert!(
        told.iter().any(|(kind, m)| kind == "raci_informed"
            && m.contains(&reference)
            && m.contains("escalated to L2")),
        "{told:?}"
    );
    let asked = alerts(db, agent.staff_id, "agent").await;
    assert!(
        asked.iter().any(|(kind, _)| kind == "raci_consulted"),
        "{asked:?}"
    );

    // The queue filters on type, account and the owner's team.
    let selection = |filter: QueueFilter| QueueSelection { filter, sla: None };
    let found = |filter| async move {
        queue_filtered(&db.portal(), &selection(filter), now())
            .await
            .unwrap()
            .into_iter()
            .map(|item| item.reference)
            .collect::<Vec<_>>()
    };
    let billing = QueueFilter {
        escalation_type: Some("billing".into()),
        ..Default::default()
    };
    assert_eq!(found(billing).await, std::slice::from_ref(&reference));
    let account = QueueFilter {
        account: Some("SHOP.example".into()),
        ..Default::default()
    };
    assert_eq!(found(account).await, std::slice::from_ref(&reference));
    let money = QueueFilter {
        team: Some("Money".into()),
        ..Default::default()
    };
    let mut in_money = found(money).await;
    in_money.sort();
    let mut both = vec![reference.clone(), other.clone()];
    both.sort();
    assert_eq!(in_money, both);
}

on_both!(
    re_rating_and_retyping_are_stored_and_unknown_types_refused,
    triage_changes
);
async fn triage_changes(db: &TestDb) {
    let portal = db.portal();
    let agent = member(db, "ada@example.com", "agent", Some("L1"), None).await;
    let reference = raise_from(db, "kim@shop.example").await;
    let rerate = StaffAction::ChangeSeverity {
        severity: "S1".into(),
    };
    act(&portal, &agent, &reference, rerate, now())
        .await
        .unwrap();
    let (case, _) = case_record(&portal, &reference).await.unwrap();
    assert_eq!(case.severity, Severity::S1);
    let s1_only = QueueFilter {
        severity: Some(Severity::S1),
        ..Default::default()
    };
    let found = queue_filtered(
        &portal,
        &QueueSelection {
            filter: s1_only,
            sla: None,
        },
        now(),
    )
    .await
    .unwrap();
    assert_eq!(found.len(), 1);

    let bad = StaffAction::ChangeType {
        escalation_type: "weather".into(),
    };
    match act(&portal, &agent, &reference, bad, now()).await {
        Err(AppError::Invalid(errors)) => {
            assert_eq!(errors.0[0].field, "escalation_type");
            assert!(errors.0[0].message.contains("billing"), "{:?}", errors.0);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let bad = StaffAction::ChangeSeverity {
        severity: "S9".into(),
    };
    assert!(matches!(
        act(&portal, &agent, &reference, bad, now()).await,
        Err(AppError::Invalid(_))
    ));
    let detail = staff_desk::case_detail(&portal, &reference).await.unwrap();
    let letters = detail.raci.unwrap();
    assert_eq!(letters.type_label, "Technical problem");
    assert_eq!(letters.accountable, "manager");
}

on_both!(
    a_saved_matrix_is_in_force_and_new_cases_get_its_first_type,
    saved_matrix
);
async fn saved_matrix(db: &TestDb) {
    let portal = db.portal();
    let admin = member(db, "root@example.com", "admin", None, None).await;
    let agent = member(db, "ada@example.com", "agent", Some("L1"), None).await;
    let mut types = RaciMatrix::default().types().to_vec();
    types.rotate_left(1);
    let matrix = RaciMatrix::new(types).unwrap();
    assert!(matches!(
        raci::save(&portal, &agent, &matrix, now()).await,
        Err(AppError::NotAllowed(_))
    ));
    raci::save(&portal, &admin, &matrix, now()).await.unwrap();
    let reference = raise_from(db, "kim@shop.example").await;
    let (case, _) = case_record(&portal, &reference).await.unwrap();
    assert_eq!(case.escalation_type, "billing");
    let page = raci::page(&portal, &admin).await.unwrap();
    assert_eq!(page.types[0].code, "billing");
    assert!(page.updated.is_some_and(|u| u.contains("root@example.com")));
}
