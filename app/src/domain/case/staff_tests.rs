//! The team's commands: tier moves, internal notes, assignment.

use super::*;
use crate::domain::wording;

fn staff() -> Actor {
    Actor::Staff {
        id: 7,
        name: "Alan".into(),
    }
}

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + secs).unwrap()
}

fn new_case() -> Case {
    let new = NewCase {
        name: CustomerName::parse("Kim").unwrap(),
        email: CustomerEmail::parse("kim@example.com").unwrap(),
        subject: Subject::parse("Checkout fails").unwrap(),
        description: Description::parse("Every payment is declined.").unwrap(),
        severity: Severity::S2,
        channel: Channel::Web,
    };
    let reference = CaseReference::parse("ESC-7Q4K2M").unwrap();
    Case::raise(new, reference, "technical", at(0), &SlaRules::default()).0
}

fn note() -> HandoffNote {
    HandoffNote::parse_parts("Restarted the gateway", "Only Visa fails", "We're on it").unwrap()
}

fn escalate(to: Option<&str>) -> Command {
    Command::Escalate {
        to: to.map(|t| Tier::new(t).unwrap()),
        reason: "Needs a payments specialist".into(),
        handoff_note: Some(note()),
    }
}

fn deescalate(to: Option<&str>) -> Command {
    Command::Deescalate {
        to: to.map(|t| Tier::new(t).unwrap()),
        reason: TierMoveReason::parse("Workaround in place").unwrap(),
        handoff_note: note(),
    }
}

fn run(case: &mut Case, command: Command, actor: &Actor) -> Result<Vec<Event>, DomainError> {
    let events = case.decide(command, actor, at(60), &SlaRules::default())?;
    events.iter().for_each(|e| case.evolve(e));
    Ok(events)
}

#[test]
fn staff_escalate_one_tier_up_by_default_without_approval() {
    let mut case = new_case();
    let events = run(&mut case, escalate(None), &staff()).unwrap();
    assert_eq!(case.tier.code(), "L2");
    assert!(events.iter().any(|e| matches!(
        &e.kind,
        EventKind::Escalated { handoff_note: Some(n), .. } if *n == note()
    )));
    assert!(
        case.clocks
            .get(SlaTarget::TierResponse)
            .unwrap()
            .is_running()
    );
    run(&mut case, escalate(Some("Executive")), &staff()).unwrap();
    assert_eq!(case.tier.code(), "Executive");
}

#[test]
fn escalating_to_the_same_or_a_lower_tier_is_refused() {
    let mut case = new_case();
    run(&mut case, escalate(Some("L3")), &staff()).unwrap();
    for to in ["L3", "L2"] {
        let refused = run(&mut case, escalate(Some(to)), &staff()).unwrap_err();
        assert!(refused.to_string().contains("higher tier"), "{refused}");
    }
    run(&mut case, escalate(None), &staff()).unwrap();
    let at_top = run(&mut case, escalate(None), &staff()).unwrap_err();
    assert_eq!(
        at_top,
        DomainError::Conflict("The case is already with the top tier.")
    );
}

#[test]
fn staff_cannot_escalate_without_a_handoff_note() {
    let mut case = new_case();
    let command = Command::Escalate {
        to: None,
        reason: "Stuck".into(),
        handoff_note: None,
    };
    assert!(matches!(
        run(&mut case, command, &staff()),
        Err(DomainError::NotAllowed(_))
    ));
    assert!(run(&mut case, escalate(None), &Actor::Customer).is_err());
}

#[test]
fn handing_back_goes_one_tier_down_and_never_sideways_or_up() {
    let mut case = new_case();
    let at_front = run(&mut case, deescalate(None), &staff()).unwrap_err();
    assert!(matches!(at_front, DomainError::Conflict(m) if m.contains("front line")));
    run(&mut case, escalate(Some("L3")), &staff()).unwrap();
    for to in ["L3", "Executive"] {
        let refused = run(&mut case, deescalate(Some(to)), &staff()).unwrap_err();
        assert!(refused.to_string().contains("lower tier"), "{refused}");
    }
    run(&mut case, deescalate(None), &staff()).unwrap();
    assert_eq!(case.tier.code(), "L2");
    run(&mut case, deescalate(Some("L1")), &staff()).unwrap();
    assert_eq!(case.tier.code(), "L1");
}

#[test]
fn internal_notes_are_for_staff_and_never_reach_the_customer() {
    let mut case = new_case();
    let command = || Command::AddInternalNote {
        body: InternalNoteBody::parse("Customer is on the legacy plan").unwrap(),
    };
    assert!(run(&mut case, command(), &Actor::Customer).is_err());
    let events = run(&mut case, command(), &staff()).unwrap();
    assert_eq!(events.len(), 1);
    assert!(!events[0].kind.is_public());
    assert_eq!(wording::timeline_facts(&events[0]), None);
    assert_eq!(case.stage, Stage::Received, "a note changes nothing else");
}

#[test]
fn the_customer_reads_who_took_over_and_never_the_reason_or_the_note() {
    let mut case = new_case();
    let events = run(&mut case, escalate(None), &staff()).unwrap();
    let moved = events
        .iter()
        .find(|e| e.kind.code() == "escalated")
        .unwrap();
    let line = wording::timeline_facts(moved).unwrap();
    assert_eq!(
        line.team,
        Some(wording::Holder::Tier(Tier::new("L2").unwrap()))
    );
    assert_eq!(line.body, None);
    let events = run(&mut case, deescalate(None), &staff()).unwrap();
    let back = events
        .iter()
        .find(|e| e.kind.code() == "deescalated")
        .unwrap();
    let line = wording::timeline_facts(back).unwrap();
    assert_eq!(
        line.team,
        Some(wording::Holder::Tier(Tier::new("L1").unwrap()))
    );
    assert_eq!(line.body, None);
}

#[test]
fn assigning_sets_the_owner_once() {
    let mut case = new_case();
    let assign = || Command::Assign {
        staff_id: 9,
        name: "Grace".into(),
    };
    run(&mut case, assign(), &staff()).unwrap();
    assert_eq!(
        case.assignee,
        Some(Assignee {
            staff_id: 9,
            name: "Grace".into()
        })
    );
    assert!(matches!(
        run(&mut case, assign(), &staff()),
        Err(DomainError::Conflict(_))
    ));
    assert!(run(&mut case, assign(), &Actor::Customer).is_err());
}

#[test]
fn re_rating_restarts_running_clocks_on_the_new_targets() {
    let mut case = new_case();
    let rules = SlaRules::default();
    let events = run(
        &mut case,
        Command::ChangeSeverity { to: Severity::S1 },
        &staff(),
    )
    .unwrap();
    assert_eq!(case.severity, Severity::S1);
    let s1 = rules.policy(Severity::S1);
    let first = case.clocks.get(SlaTarget::FirstResponse).unwrap();
    assert_eq!(first.budget, s1.first_response);
    assert_eq!(events[0].kind.code(), "severity_changed");
    assert!(!events[0].kind.is_public(), "triage is staff business");
    assert!(matches!(
        run(
            &mut case,
            Command::ChangeSeverity { to: Severity::S1 },
            &staff()
        ),
        Err(DomainError::Conflict(_))
    ));
    assert!(
        run(
            &mut case,
            Command::ChangeSeverity { to: Severity::S4 },
            &Actor::Customer
        )
        .is_err()
    );
}

#[test]
fn the_type_changes_once_and_only_by_staff() {
    let mut case = new_case();
    let to_billing = || Command::ChangeType {
        to: "billing".into(),
    };
    run(&mut case, to_billing(), &staff()).unwrap();
    assert_eq!(case.escalation_type, "billing");
    assert!(matches!(
        run(&mut case, to_billing(), &staff()),
        Err(DomainError::Conflict(_))
    ));
    let to_security = Command::ChangeType {
        to: "security".into(),
    };
    assert!(run(&mut case, to_security, &Actor::Customer).is_err());
}

#[test]
fn a_tier_outside_the_ladder_is_refused() {
    let mut case = new_case();
    let refused = run(&mut case, escalate(Some("L9")), &staff()).unwrap_err();
    assert_eq!(
        refused,
        DomainError::Conflict("That tier is not in the ladder.")
    );
    assert_eq!(case.tier.code(), "L1");
}

#[test]
fn a_major_incident_is_declared_once_and_only_on_an_open_case() {
    let mut case = new_case();
    let declare = || Command::DeclareMajorIncident {
        summary: crate::domain::customer::InternalNoteBody::parse("Every checkout fails").unwrap(),
    };
    let events = run(&mut case, declare(), &staff()).unwrap();
    assert!(!events[0].kind.is_public(), "the customer never reads it");
    assert_eq!(case.major_incident_at, Some(at(60)));
    assert_eq!(
        run(&mut case, declare(), &staff()).unwrap_err(),
        DomainError::Conflict("This case is already a major incident.")
    );
    assert!(run(&mut new_case(), declare(), &Actor::Customer).is_err());
}

#[test]
fn a_credit_is_internal_and_records_its_amount() {
    let mut case = new_case();
    let credit = Command::GrantCredit {
        amount: crate::domain::credit::CreditAmount::new(40).unwrap(),
        reason: crate::domain::customer::InternalNoteBody::parse("Two hours down").unwrap(),
    };
    let events = run(&mut case, credit, &staff()).unwrap();
    assert_eq!(
        events[0].kind,
        EventKind::CreditGranted {
            amount: 40,
            reason: "Two hours down".into()
        }
    );
    assert!(!events[0].kind.is_public());
}

fn management(to: Option<&str>, up: bool) -> Command {
    let to = to.map(|l| crate::domain::management::ManagementLevel::parse(l).unwrap());
    let reason = TierMoveReason::parse("Customer threatens to leave").unwrap();
    if up {
        Command::EscalateManagement {
            to,
            reason,
            handoff_note: note(),
        }
    } else {
        Command::DeescalateManagement {
            to,
            reason,
            handoff_note: note(),
        }
    }
}

#[test]
fn the_management_path_brings_in_oversight_without_moving_the_tier() {
    use crate::domain::management::ManagementLevel::{Executive, Manager};
    let mut case = new_case();
    let events = run(&mut case, management(None, true), &staff()).unwrap();
    assert_eq!(case.management, Some(Manager));
    assert_eq!(case.tier.code(), "L1", "the tier keeps the case");
    let line = wording::timeline_facts(&events[0]).unwrap();
    assert_eq!(line.team, Some(wording::Holder::Management(Manager)));
    assert_eq!(line.body, None, "the reason and the note stay inside");

    let same = run(&mut case, management(Some("manager"), true), &staff()).unwrap_err();
    assert!(same.to_string().contains("already oversees"), "{same}");
    run(&mut case, management(None, true), &staff()).unwrap();
    assert_eq!(case.management, Some(Executive));
    let top = run(&mut case, management(None, true), &staff()).unwrap_err();
    assert_eq!(
        top,
        DomainError::Conflict("The executives already oversee this case.")
    );

    let up = run(&mut case, management(Some("executive"), false), &staff()).unwrap_err();
    assert!(up.to_string().contains("lower level"), "{up}");
    let back = run(&mut case, management(None, false), &staff()).unwrap();
    assert!(
        !back[0].kind.is_public(),
        "stepping back is the team's business"
    );
    assert_eq!(case.management, Some(Manager));
    run(&mut case, management(None, false), &staff()).unwrap();
    assert_eq!(case.management, None);
    assert!(run(&mut case, management(None, false), &staff()).is_err());
    assert!(run(&mut case, management(None, true), &Actor::Customer).is_err());
}
