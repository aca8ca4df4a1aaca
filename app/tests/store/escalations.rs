//! The customer use cases against a real database.

use crate::backends::TestDb;
use crate::on_both;
use app::domain::StaffMember;
use app::domain::{Channel, Stage};
use app::error::AppError;
use app::service::escalations::{answer, parse_answer, parse_raise, raise, status};
use app::service::staff_desk::{StaffAction, act};
use app::views::{RaiseRequest, ResolutionAnswer};
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn request() -> RaiseRequest {
    RaiseRequest {
        name: "Kim".into(),
        email: "kim@example.com".into(),
        subject: "Checkout fails".into(),
        description: "All payments fail.".into(),
        severity: Some("S1".into()),
    }
}

/// Marking an S1 case solved needs authority (see the authority matrix).
fn manager() -> StaffMember {
    StaffMember {
        role: app::domain::StaffRole::Manager,
        ..agent()
    }
}

fn agent() -> StaffMember {
    StaffMember {
        staff_id: 1,
        email: "a@example.com".into(),
        name: "Ada".into(),
        role: app::domain::StaffRole::Agent,
    }
}

on_both!(
    only_the_token_opens_a_case_and_it_is_stored_hashed,
    token_guards_case
);
async fn token_guards_case(db: &TestDb) {
    let portal = db.portal();
    let raised = raise(
        &portal,
        parse_raise(&portal, &request(), Channel::Web, now())
            .await
            .unwrap(),
        now(),
    )
    .await
    .unwrap();
    assert!(raised.token.len() >= 32, "at least 128 bits");
    let seen = status(&portal, &raised.reference, &raised.token, now())
        .await
        .unwrap();
    assert_eq!(seen.stage, Stage::Received);
    assert_eq!(
        seen.guarantee.unwrap().due_at,
        "2026-11-26T12:30:00Z".parse().unwrap()
    );

    let wrong = status(&portal, &raised.reference, "not-the-token", now()).await;
    let missing = status(&portal, "ESC-ZZZZZZ", &raised.token, now()).await;
    assert_eq!(wrong, Err(AppError::NotFound));
    assert_eq!(missing, Err(AppError::NotFound));

    let mut conn = db.store.read().await.unwrap();
    let reference = app::domain::CaseReference::parse(&raised.reference).unwrap();
    let stored = app::store::cases::find_by_reference(&mut conn, &reference)
        .await
        .unwrap();
    assert_ne!(stored.token_hash, raised.token);
    assert!(!stored.token_hash.contains(&raised.token));
}

on_both!(the_customer_journey_ends_closed_with_a_rating, journey);
async fn journey(db: &TestDb) {
    let portal = db.portal();
    let raised = raise(
        &portal,
        parse_raise(&portal, &request(), Channel::Web, now())
            .await
            .unwrap(),
        now(),
    )
    .await
    .unwrap();
    let solve = StaffAction::MarkSolved {
        summary: "We fixed the gateway.".into(),
    };
    act(&portal, &manager(), &raised.reference, solve, now())
        .await
        .unwrap();

    let reopen = parse_answer(&ResolutionAnswer {
        resolved: false,
        reason: Some("Still broken".into()),
        ..Default::default()
    })
    .unwrap();
    answer(&portal, &raised.reference, &raised.token, reopen, now())
        .await
        .unwrap();
    assert_eq!(
        status(&portal, &raised.reference, &raised.token, now())
            .await
            .unwrap()
            .stage,
        Stage::Reopened
    );

    let solve = StaffAction::MarkSolved {
        summary: "Really fixed now.".into(),
    };
    act(&portal, &manager(), &raised.reference, solve, now())
        .await
        .unwrap();
    let confirm = parse_answer(&ResolutionAnswer {
        resolved: true,
        rating: Some(4),
        ..Default::default()
    })
    .unwrap();
    answer(
        &portal,
        &raised.reference,
        &raised.token,
        confirm.clone(),
        now(),
    )
    .await
    .unwrap();
    let closed = status(&portal, &raised.reference, &raised.token, now())
        .await
        .unwrap();
    assert_eq!(closed.stage, Stage::Closed);
    assert!(
        closed.timeline[0].title.contains("4 out of 5"),
        "{:?}",
        closed.timeline[0]
    );
    assert_eq!(
        closed.timeline.len(),
        5,
        "created, solved, reopened, solved, confirmed"
    );

    let again = answer(&portal, &raised.reference, &raised.token, confirm, now()).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
}

on_both!(
    a_wrong_token_cannot_answer_for_the_customer,
    wrong_token_answer
);
async fn wrong_token_answer(db: &TestDb) {
    let portal = db.portal();
    let raised = raise(
        &portal,
        parse_raise(&portal, &request(), Channel::Web, now())
            .await
            .unwrap(),
        now(),
    )
    .await
    .unwrap();
    act(
        &portal,
        &manager(),
        &raised.reference,
        StaffAction::MarkSolved {
            summary: "Fixed".into(),
        },
        now(),
    )
    .await
    .unwrap();
    let confirm = parse_answer(&ResolutionAnswer {
        resolved: true,
        ..Default::default()
    })
    .unwrap();
    let result = answer(&portal, &raised.reference, "guess", confirm, now()).await;
    assert_eq!(result, Err(AppError::NotFound));
    assert_eq!(
        status(&portal, &raised.reference, &raised.token, now())
            .await
            .unwrap()
            .stage,
        Stage::Resolved
    );
}

on_both!(
    demo_data_seeds_once_and_only_into_an_empty_database,
    demo_once
);
async fn demo_once(db: &TestDb) {
    let portal = db.portal();
    let first = app::service::demo::seed_if_empty(&portal, now())
        .await
        .unwrap()
        .expect("seeded");
    let stages: std::collections::BTreeSet<_> = first.iter().map(|c| c.stage.clone()).collect();
    assert_eq!(stages.len(), 6, "a case at every stage: {stages:?}");
    assert!(
        app::service::demo::seed_if_empty(&portal, now())
            .await
            .unwrap()
            .is_none()
    );
}
