//! Escalation types and their RACI matrices: for each type and each step of
//! a case, which roles are Responsible, Accountable (exactly one), Consulted
//! and Informed. The matrix decides who gets a case when it moves, who is
//! alerted about SLA trouble, and who hears about each step, by itself.

mod json;
mod rules;

pub use rules::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Case, EventKind, Severity, StaffRole, Stage, Tier};

    fn escalated() -> EventKind {
        EventKind::Escalated {
            from: Tier::new("L1").unwrap(),
            to: Tier::new("L2").unwrap(),
            reason: "needs a specialist".into(),
            handoff_note: None,
        }
    }

    #[test]
    fn the_default_matrix_has_one_accountable_per_step_and_round_trips() {
        let matrix = RaciMatrix::default();
        assert_eq!(matrix.default_type().code, "technical");
        for t in matrix.types() {
            assert_eq!(t.steps.len(), 4, "{}", t.code);
        }
        assert_eq!(RaciMatrix::from_json(&matrix.to_json()).unwrap(), matrix);
    }

    #[test]
    fn two_accountable_roles_are_refused_by_name() {
        let source = RaciMatrix::default().to_json().replacen(
            r#""accountable": "manager""#,
            r#""accountable": ["manager", "expert"]"#,
            1,
        );
        let error = RaciMatrix::from_json(&source).unwrap_err();
        assert!(error.contains("exactly one Accountable"), "{error}");
        assert!(error.starts_with("type 1: "), "{error}");
    }

    #[test]
    fn bad_codes_missing_steps_and_empty_responsible_are_named() {
        let mut types = RaciMatrix::default().types().to_vec();
        types[1].code = "Billing!".into();
        assert!(RaciMatrix::new(types).unwrap_err().contains("type 2"));

        let mut types = RaciMatrix::default().types().to_vec();
        types[0].steps.remove(&Step::Closure);
        assert!(RaciMatrix::new(types).unwrap_err().contains("closure"));

        let mut types = RaciMatrix::default().types().to_vec();
        types[2].code = "technical".into();
        assert!(RaciMatrix::new(types).unwrap_err().contains("twice"));

        let mut types = RaciMatrix::default().types().to_vec();
        types[0]
            .steps
            .get_mut(&Step::Fix)
            .unwrap()
            .responsible
            .clear();
        assert!(RaciMatrix::new(types).unwrap_err().contains("Responsible"));
        assert!(RaciMatrix::new(vec![]).is_err());
        assert!(RaciMatrix::from_json("{").is_err());
        assert!(
            RaciMatrix::from_json(
                &RaciMatrix::default()
                    .to_json()
                    .replace("\"fix\"", "\"fly\"")
            )
            .unwrap_err()
            .contains("unknown step")
        );
    }

    #[test]
    fn informed_are_told_and_consulted_asked_once_each() {
        let matrix = RaciMatrix::default();
        let case = case_at_l2("security");
        let notices = matrix.notices(&case, &[escalated(), escalated()]);
        let who: Vec<(StaffRole, &str)> = notices.iter().map(|n| (n.role, n.kind)).collect();
        assert_eq!(
            who,
            [
                (StaffRole::Specialist, "raci_consulted"),
                (StaffRole::Manager, "raci_informed"),
                (StaffRole::Executive, "raci_informed"),
            ]
        );
        assert_eq!(
            notices[0].message,
            "Your input is asked: ESC-7Q4K2M (Security, S2, L2) was escalated to L2 — Checkout fails"
        );
        assert!(notices[1].message.starts_with("For your information: "));
        let note = EventKind::InternalNote { body: "x".into() };
        assert!(matrix.notices(&case, &[note]).is_empty());
        // Technical triage names nobody to tell.
        let raised = EventKind::Created {
            channel: crate::domain::Channel::Web,
            severity: Severity::S2,
            escalation_type: "technical".into(),
        };
        assert!(
            matrix
                .notices(&case_at_l2("technical"), &[raised])
                .is_empty()
        );
    }

    #[test]
    fn an_unknown_type_falls_back_to_the_default_type() {
        let matrix = RaciMatrix::default();
        assert_eq!(
            matrix.raci("gone", Step::Fix),
            matrix.raci("technical", Step::Fix)
        );
        assert_eq!(matrix.accountable("security"), StaffRole::Expert);
        assert_eq!(matrix.accountable("technical"), StaffRole::Manager);
    }

    #[test]
    fn steps_follow_stages_and_events() {
        assert_eq!(Step::of_stage(Stage::Received), Step::Triage);
        assert_eq!(Step::of_stage(Stage::WaitingOnYou), Step::CustomerUpdate);
        assert_eq!(Step::of_stage(Stage::Resolved), Step::Closure);
        assert_eq!(Step::of_event(&escalated()), Some(Step::Fix));
        let changed = EventKind::SeverityChanged {
            from: Severity::S3,
            to: Severity::S1,
        };
        assert_eq!(Step::of_event(&changed), Some(Step::Triage));
        for step in Step::ALL {
            assert_eq!(Step::parse(step.code()), Some(step));
        }
    }

    fn candidate(staff_id: i64, role: StaffRole, tier: &str, open_cases: i64) -> Candidate {
        Candidate {
            staff_id,
            name: format!("Member {staff_id}"),
            role,
            tier: Tier::new(tier).ok(),
            open_cases,
        }
    }

    fn case_at_l2(type_code: &str) -> Case {
        let mut case = crate::domain::case::tests_support::sample_case();
        case.tier = Tier::new("L2").unwrap();
        case.escalation_type = type_code.to_owned();
        case
    }

    #[test]
    fn a_tier_move_goes_to_the_least_loaded_responsible_member_of_that_tier() {
        let matrix = RaciMatrix::default();
        let people = [
            candidate(1, StaffRole::Agent, "L1", 0),
            candidate(2, StaffRole::Specialist, "L2", 5),
            candidate(3, StaffRole::Expert, "L2", 2),
            candidate(4, StaffRole::Manager, "L2", 0),
            candidate(5, StaffRole::Specialist, "L3", 0),
        ];
        let case = case_at_l2("technical");
        let owner = matrix.owner_after_move(&case, &[escalated()], &people);
        assert_eq!(owner.map(|c| c.staff_id), Some(3));
        // Billing fixes are the managers'.
        let owner = matrix.owner_after_move(&case_at_l2("billing"), &[escalated()], &people);
        assert_eq!(owner.map(|c| c.staff_id), Some(4));
        // Nothing moved: nobody is picked.
        let note = EventKind::InternalNote { body: "x".into() };
        assert!(matrix.owner_after_move(&case, &[note], &people).is_none());
    }

    #[test]
    fn a_fitting_owner_keeps_the_case_and_nobody_fitting_leaves_it_alone() {
        let matrix = RaciMatrix::default();
        let people = [
            candidate(2, StaffRole::Specialist, "L2", 5),
            candidate(3, StaffRole::Expert, "L2", 2),
        ];
        let mut case = case_at_l2("technical");
        case.assignee = Some(crate::domain::case::Assignee {
            staff_id: 2,
            name: "Member 2".into(),
        });
        assert!(
            matrix
                .owner_after_move(&case, &[escalated()], &people)
                .is_none()
        );
        let nobody = [candidate(1, StaffRole::Agent, "L1", 0)];
        assert!(
            matrix
                .owner_after_move(&case, &[escalated()], &nobody)
                .is_none()
        );
    }

    #[test]
    fn letters_show_every_part_a_role_plays() {
        let matrix = RaciMatrix::default();
        let fix = matrix.raci("billing", Step::Fix);
        assert_eq!(fix.letters(StaffRole::Manager), "RA");
        assert_eq!(fix.letters(StaffRole::Agent), "C");
        assert_eq!(fix.letters(StaffRole::Ops), "");
    }
}
