//! The staff console against a real database: accounts, API tokens, tier
//! moves, assignment and the filtered queue.

use crate::backends::TestDb;
use crate::credentials::member_for_token;
use crate::on_both;
use app::domain::{Channel, Tier};
use app::error::AppError;
use app::service::escalations::{parse_raise, raise, status};
use app::service::staff_accounts::{create, issue_token, parse_new_staff};
use app::service::staff_desk::{QueueSelection, StaffAction, act, case_record, queue_filtered};
use app::store::cases::QueueFilter;
use app::views::{HandoffNoteInput, RaiseRequest, TierMoveRequest};
use jiff::Timestamp;

fn ladder() -> app::domain::ladder::TierLadder {
    app::domain::ladder::TierLadder::default()
}

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn escalation(to: &str) -> StaffAction {
    StaffAction::Escalate(TierMoveRequest {
        to_tier: Some(to.into()),
        reason: "Needs a specialist".into(),
        handoff_note: Some(HandoffNoteInput::Text("Checked the logs".into())),
    })
}

on_both!(
    staff_accounts_are_unique_and_their_tokens_open_only_for_them,
    accounts_and_tokens
);
async fn accounts_and_tokens(db: &TestDb) {
    let portal = db.portal();
    let new = || {
        parse_new_staff(
            "Ada@Example.com",
            "Ada",
            "expert",
            Some("L3"),
            None,
            &ladder(),
        )
        .unwrap()
    };
    let (member, password) = create(&portal, new(), now()).await.unwrap();
    assert_eq!(member.email, "ada@example.com");
    assert_eq!(member.role, app::domain::StaffRole::Expert);
    assert!(password.is_some_and(|p| p.len() >= 32));
    assert!(matches!(
        create(&portal, new(), now()).await,
        Err(AppError::Conflict(m)) if m.contains("already exists")
    ));

    let token = issue_token(&portal, "ada@example.com", now())
        .await
        .unwrap();
    let found = member_for_token(&portal, Some(&token), now())
        .await
        .unwrap();
    assert_eq!(found, member);
    for wrong in [None, Some(""), Some("not-a-token")] {
        assert_eq!(
            member_for_token(&portal, wrong, now()).await,
            Err(AppError::SignInRequired)
        );
    }
    assert!(matches!(
        issue_token(&portal, "who@example.com", now()).await,
        Err(AppError::Invalid(_))
    ));
}

on_both!(
    tier_moves_and_assignment_are_stored_and_the_queue_filters_on_them,
    moves_and_queue
);
async fn moves_and_queue(db: &TestDb) {
    let portal = db.portal();
    let new = parse_new_staff(
        "grace@example.com",
        "Grace",
        "specialist",
        None,
        None,
        &ladder(),
    )
    .unwrap();
    let (grace, _) = create(&portal, new, now()).await.unwrap();
    let request = RaiseRequest {
        name: "Kim".into(),
        email: "kim@example.com".into(),
        subject: "Checkout fails".into(),
        description: "All payments fail.".into(),
        severity: Some("S1".into()),
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
    let reference = raised.reference.as_str();
    act(&portal, &grace, reference, escalation("L3"), now())
        .await
        .unwrap();
    let note = StaffAction::AddInternalNote {
        body: "Legacy plan".into(),
    };
    act(&portal, &grace, reference, note, now()).await.unwrap();
    let assign = StaffAction::Assign {
        email: "GRACE@example.com".into(),
    };
    act(&portal, &grace, reference, assign, now())
        .await
        .unwrap();

    let (case, events) = case_record(&portal, reference).await.unwrap();
    assert_eq!(case.tier, Tier::new("L3").unwrap());
    assert_eq!(case.assignee.map(|a| a.name), Some("Grace".to_owned()));
    assert!(events.iter().any(|e| e.kind.code() == "internal_note"));

    let l3 = QueueFilter {
        tier: Tier::new("L3").ok(),
        ..Default::default()
    };
    let selection = |filter: QueueFilter| QueueSelection { filter, sla: None };
    let found = queue_filtered(&portal, &selection(l3), now())
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].assignee_name.as_deref(), Some("Grace"));
    let l1 = QueueFilter {
        tier: Tier::new("L1").ok(),
        severity: app::domain::Severity::parse("S1"),
        ..Default::default()
    };
    assert!(
        queue_filtered(&portal, &selection(l1), now())
            .await
            .unwrap()
            .is_empty()
    );
    // Search finds words in any letter case; % and _ are only themselves.
    let search = |text: &str| {
        selection(QueueFilter {
            text: Some(text.to_owned()),
            ..Default::default()
        })
    };
    for (text, hits) in [
        (reference.to_lowercase(), 1),
        ("NOTHING-LIKE-THIS".to_owned(), 0),
        ("%".to_owned(), 0),
        ("_".to_owned(), 0),
    ] {
        let found = queue_filtered(&portal, &search(&text), now())
            .await
            .unwrap();
        assert_eq!(found.len(), hits, "searching {text:?}");
    }

    let seen = status(&portal, reference, &raised.token, now())
        .await
        .unwrap();
    let text = format!("{:?}", seen.timeline);
    for secret in [
        "Legacy plan",
        "Checked the logs",
        "Needs a specialist",
        "Grace",
    ] {
        assert!(!text.contains(secret), "the customer sees {secret}");
    }
}

on_both!(
    staff_writing_on_one_case_at_once_either_succeed_or_get_a_conflict,
    concurrent_notes
);
async fn concurrent_notes(db: &TestDb) {
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
    let agent = app::domain::StaffMember {
        staff_id: 1,
        email: "ada@example.com".into(),
        name: "Ada".into(),
        role: app::domain::StaffRole::Agent,
    };
    let notes = (0..8).map(|n| {
        let (portal, agent, reference) = (portal.clone(), agent.clone(), raised.reference.clone());
        tokio::spawn(async move {
            let note = StaffAction::AddInternalNote {
                body: format!("Note {n}"),
            };
            act(&portal, &agent, &reference, note, now()).await
        })
    });
    let results: Vec<Result<(), AppError>> = futures_join(notes).await;
    let written = results.iter().filter(|r| r.is_ok()).count();
    assert!(written >= 1, "one wins");
    for result in &results {
        assert!(
            matches!(result, Ok(()) | Err(AppError::Conflict(_))),
            "never anything but a win or the friendly conflict: {result:?}"
        );
    }
    // The history holds exactly the notes that were answered as written.
    let mut conn = db.store.read().await.unwrap();
    let reference = app::domain::CaseReference::parse(&raised.reference).unwrap();
    let stored = app::store::cases::find_by_reference(&mut conn, &reference)
        .await
        .unwrap();
    let history = app::store::events::for_case(&mut conn, stored.id)
        .await
        .unwrap();
    let notes = history
        .iter()
        .filter(|e| e.kind.code() == "internal_note")
        .count();
    assert_eq!(notes, written);
}

async fn futures_join<T: Send + 'static>(
    tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut done = Vec::new();
    for task in tasks.collect::<Vec<_>>() {
        done.push(task.await.unwrap());
    }
    done
}
