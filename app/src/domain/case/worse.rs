//! "It got worse": the customer says what changed and how bad it is now.
//! Baton never lowers a severity on their word, re-rates at once where the
//! policy allows (one step, short of the worst), and otherwise puts a
//! person's answer on the clock at the asked severity's first-reply
//! objective. Once per case per cooldown, so the button is not a lever.

use super::{Actor, Case, DomainError, WhatChanged};
use crate::domain::sla::{SlaRules, SlaTarget};
use crate::domain::{EventKind, Severity, Stage};
use jiff::{SignedDuration, Timestamp};

/// Which re-ratings happen at once when a customer says it got worse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorsePolicy {
    /// `(from, to)` pairs re-rated without waiting for a person.
    pub at_once: Vec<(Severity, Severity)>,
    /// How long after one report the next is taken.
    pub cooldown: SignedDuration,
}

impl Default for WorsePolicy {
    /// A question that became a fault, or a fault that blocks work, moves
    /// up at once; "everything is down" is for a person to confirm.
    fn default() -> Self {
        WorsePolicy {
            at_once: vec![(Severity::S4, Severity::S3), (Severity::S3, Severity::S2)],
            cooldown: SignedDuration::from_hours(3),
        }
    }
}

impl WorsePolicy {
    pub fn rerates_at_once(&self, from: Severity, to: Severity) -> bool {
        self.at_once.contains(&(from, to))
    }

    /// How long the customer must wait before reporting again, if at all.
    pub fn wait(&self, last_report: Option<Timestamp>, now: Timestamp) -> Option<SignedDuration> {
        let last = last_report?;
        let left = self.cooldown - now.duration_since(last);
        left.is_positive().then_some(left)
    }
}

/// The severity a report asks for, never below the case's current one
/// (`S1` is the worst, so "worse" is the smaller of the two).
pub fn asked_severity(current: Severity, asked: Severity) -> Severity {
    current.min(asked)
}

impl Case {
    pub(super) fn report_worse(
        &self,
        actor: &Actor,
        what_changed: WhatChanged,
        asked: Severity,
        rerate_at_once: bool,
        rules: &SlaRules,
    ) -> Result<Vec<EventKind>, DomainError> {
        if actor.is_staff() {
            return Err(DomainError::NotAllowed(
                "Only the customer can say it got worse; staff change the severity.",
            ));
        }
        self.expect_open()?;
        if self.stage == Stage::Resolved {
            return Err(DomainError::Conflict(
                "We asked you whether this is solved. Please tell us below that it's still a problem.",
            ));
        }
        let to = asked_severity(self.severity, asked);
        let rerated = rerate_at_once && to != self.severity;
        let mut kinds = vec![EventKind::Worsened {
            what_changed: what_changed.as_str().to_owned(),
            from: self.severity,
            asked: to,
            rerated,
        }];
        if self.stage == Stage::WaitingOnYou {
            kinds.extend(self.resume_paused());
        }
        if rerated {
            kinds.push(EventKind::SeverityChanged {
                from: self.severity,
                to,
            });
            let policy = rules.policy(to);
            for (target, budget) in [
                (SlaTarget::FirstResponse, policy.first_response),
                (SlaTarget::NextUpdate, policy.next_update),
                (SlaTarget::Resolution, policy.resolution),
            ] {
                if self.clocks.get(target).is_some_and(|c| c.is_running()) {
                    kinds.push(EventKind::ClockStarted { target, budget });
                }
            }
        }
        // Either way a person answers within the asked severity's first-reply
        // objective: the customer's next promise.
        kinds.push(EventKind::ClockStarted {
            target: SlaTarget::NextUpdate,
            budget: rules.policy(to).first_response,
        });
        Ok(kinds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::tests_support::sample_case;
    use crate::domain::{Command, Event};

    fn at(minutes: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + minutes * 60).unwrap()
    }

    fn open_case(severity: Severity) -> Case {
        Case {
            severity,
            ..sample_case()
        }
    }

    fn report(
        case: &Case,
        asked: Severity,
        policy: &WorsePolicy,
    ) -> Result<Vec<Event>, DomainError> {
        let command = Command::ReportWorse {
            what_changed: WhatChanged::parse("Now no shop can take cards").unwrap(),
            asked,
            rerate_at_once: policy
                .rerates_at_once(case.severity, asked_severity(case.severity, asked)),
        };
        case.decide(command, &Actor::Customer, at(30), &SlaRules::default())
    }

    fn kinds(events: &[Event]) -> Vec<&'static str> {
        events.iter().map(|e| e.kind.code()).collect()
    }

    #[test]
    fn one_step_up_is_rerated_at_once_and_the_promise_follows() {
        let case = open_case(Severity::S3);
        let events = report(&case, Severity::S2, &WorsePolicy::default()).unwrap();
        assert_eq!(kinds(&events)[..2], ["worsened", "severity_changed"]);
        let mut after = case.clone();
        events.iter().for_each(|e| after.evolve(e));
        assert_eq!(after.severity, Severity::S2);
        assert!(
            after
                .clocks
                .get(SlaTarget::NextUpdate)
                .is_some_and(|c| c.is_running())
        );
    }

    #[test]
    fn the_worst_waits_for_a_person_and_nothing_is_ever_lowered() {
        let policy = WorsePolicy::default();
        let case = open_case(Severity::S3);
        let events = report(&case, Severity::S1, &policy).unwrap();
        assert!(!kinds(&events).contains(&"severity_changed"));
        assert!(matches!(
            events[0].kind,
            EventKind::Worsened {
                asked: Severity::S1,
                rerated: false,
                ..
            }
        ));
        let lower = report(&case, Severity::S4, &policy).unwrap();
        assert!(matches!(
            lower[0].kind,
            EventKind::Worsened {
                asked: Severity::S3,
                rerated: false,
                ..
            }
        ));
    }

    #[test]
    fn a_second_report_waits_out_the_cooldown() {
        let policy = WorsePolicy::default();
        assert_eq!(policy.wait(None, at(0)), None);
        let left = policy.wait(Some(at(0)), at(60)).unwrap();
        assert_eq!(left, SignedDuration::from_hours(2));
        assert_eq!(policy.wait(Some(at(0)), at(180)), None);
    }

    #[test]
    fn staff_cannot_report_for_the_customer() {
        let case = open_case(Severity::S3);
        let command = Command::ReportWorse {
            what_changed: WhatChanged::parse("x").unwrap(),
            asked: Severity::S2,
            rerate_at_once: true,
        };
        let staff = Actor::Staff {
            id: 1,
            name: "Ada".into(),
        };
        assert!(
            case.decide(command, &staff, at(1), &SlaRules::default())
                .is_err()
        );
    }
}
