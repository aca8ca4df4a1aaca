//! Credits, major incidents, the management path and the tier ladder
//! against a real database:
//! what the authority matrix lets through is stored, and a ladder that would
//! strand cases or staff is refused before anything is saved.

use crate::backends::TestDb;
use crate::on_both;
use app::domain::StaffMember;
use app::domain::management::ManagementLevel;
use app::domain::sla::SlaRules;
use app::error::AppError;
use app::service::sla_settings::{self, SaveError, SlaFile};
use app::service::staff_desk::{QueueSelection, StaffAction, act, case_record, queue_filtered};
use app::store::cases::{Oversight, QueueFilter};
use app::views::{HandoffNoteInput, TierMoveRequest};
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

async fn member(db: &TestDb, email: &str, role: &str, tier: Option<&str>) -> StaffMember {
    crate::raci::member(db, email, role, tier, None).await
}

async fn raised(db: &TestDb) -> String {
    crate::raci::raise_from(db, "kim@example.com").await
}

on_both!(
    a_major_incident_and_a_credit_are_stored_and_an_agent_over_the_limit_is_refused,
    major_incident_and_credit
);
async fn major_incident_and_credit(db: &TestDb) {
    let portal = db.portal();
    let manager = member(db, "mo@example.com", "manager", Some("L3")).await;
    let agent = member(db, "al@example.com", "agent", Some("L1")).await;
    let reference = raised(db).await;
    let credit = |amount: &str| StaffAction::GrantCredit {
        amount: amount.into(),
        reason: "Lost sales".into(),
    };
    let refused = act(&portal, &agent, &reference, credit("51"), now()).await;
    assert!(matches!(refused, Err(AppError::NotAllowed(m)) if m.contains("up to 50")));
    act(&portal, &agent, &reference, credit("50"), now())
        .await
        .unwrap();
    let declare = || StaffAction::DeclareMajorIncident {
        summary: "Payments down everywhere".into(),
    };
    assert!(matches!(
        act(&portal, &agent, &reference, declare(), now()).await,
        Err(AppError::NotAllowed(_))
    ));
    act(&portal, &manager, &reference, declare(), now())
        .await
        .unwrap();

    let oversight = StaffAction::EscalateManagement(app::views::ManagementMoveRequest {
        to_level: Some("executive".into()),
        reason: "Contract at risk".into(),
        handoff_note: Some(HandoffNoteInput::Text("Third outage".into())),
    });
    act(&portal, &agent, &reference, oversight, now())
        .await
        .unwrap();

    let (case, events) = case_record(&portal, &reference).await.unwrap();
    assert_eq!(case.major_incident_at, Some(now()), "kept in the row");
    assert_eq!(case.management, Some(ManagementLevel::Executive));
    let credits: Vec<_> = events
        .iter()
        .filter(|e| e.kind.code() == "credit_granted")
        .collect();
    assert_eq!(credits.len(), 1, "the refused credit left nothing");

    for (oversight, found) in [
        (Oversight::MajorIncident, 1),
        (Oversight::Management(ManagementLevel::Executive), 1),
        (Oversight::Management(ManagementLevel::Manager), 0),
    ] {
        let selection = QueueSelection {
            filter: QueueFilter {
                oversight: Some(oversight),
                ..Default::default()
            },
            sla: None,
        };
        let listed = queue_filtered(&portal, &selection, now()).await.unwrap();
        assert_eq!(listed.len(), found, "{oversight:?}");
    }
}

on_both!(
    a_ladder_without_a_tier_still_in_use_is_refused,
    ladder_in_use
);
async fn ladder_in_use(db: &TestDb) {
    let portal = db.portal();
    let ops = member(db, "op@example.com", "ops", None).await;
    let specialist = member(db, "sp@example.com", "specialist", None).await;
    let reference = raised(db).await;
    let to_l3 = StaffAction::Escalate(TierMoveRequest {
        to_tier: Some("L3".into()),
        reason: "Needs an expert".into(),
        handoff_note: Some(HandoffNoteInput::Text("Checked the logs".into())),
    });
    act(&portal, &specialist, &reference, to_l3, now())
        .await
        .unwrap();

    let mut spec = SlaRules::default().to_spec();
    spec.ladder.retain(|step| step.code != "L3");
    let without_l3 = SlaRules::from_spec(&spec).unwrap();
    let policies = SlaFile::Policies;
    let no_l3 = sla_settings::policies_toml(&without_l3);
    let refused = sla_settings::save(&portal, &ops, policies, &no_l3, now()).await;
    let Err(SaveError::App(AppError::Invalid(errors))) = refused else {
        panic!("expected a refusal, got {refused:?}");
    };
    let message = errors.for_field("source").unwrap_or_default().to_owned();
    assert!(message.contains("no longer has L3"), "{message}");
    assert!(message.contains("1 open case(s)"), "{message}");
    assert_eq!(saved_policies(db).await, None);
    assert!(
        portal.rules().tiers.holds("L3"),
        "the ladder in force keeps L3"
    );

    let kept = sla_settings::policies_toml(&SlaRules::default());
    sla_settings::save(&portal, &ops, policies, &kept, now())
        .await
        .unwrap();
    assert_eq!(saved_policies(db).await, Some(kept));
}

async fn saved_policies(db: &TestDb) -> Option<String> {
    let mut conn = db.store.read().await.unwrap();
    app::store::sla_settings::get(&mut conn, sla_settings::POLICIES)
        .await
        .unwrap()
        .map(|saved| saved.source)
}
