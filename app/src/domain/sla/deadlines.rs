use super::{BusinessTime, Clocks, SlaPolicy, SlaTarget};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    Warning,
    Breach,
}

/// A moment when something must happen to a clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub target: SlaTarget,
    pub kind: DeadlineKind,
    pub at: Timestamp,
}

/// Every deadline still ahead of the running clocks, fired or not yet due.
pub fn pending(clocks: &Clocks, policy: &SlaPolicy, calendar: &dyn BusinessTime) -> Vec<Deadline> {
    let mut found = Vec::new();
    for clock in clocks.0.iter().filter(|c| c.is_running()) {
        if !clock.breached {
            if let Some(at) = clock.due_at(calendar) {
                found.push(Deadline {
                    target: clock.target,
                    kind: DeadlineKind::Breach,
                    at,
                });
            }
            if !clock.warned
                && let Some(at) = clock.reaches(calendar, policy.warning_after(clock.budget))
            {
                found.push(Deadline {
                    target: clock.target,
                    kind: DeadlineKind::Warning,
                    at,
                });
            }
        }
    }
    found.sort_by_key(|d| d.at);
    found
}

/// The next moment the sweeper must look at this case.
pub fn next_due(
    clocks: &Clocks,
    policy: &SlaPolicy,
    calendar: &dyn BusinessTime,
) -> Option<Timestamp> {
    pending(clocks, policy, calendar).first().map(|d| d.at)
}

/// What is due at `now`. A warning whose breach is also due is dropped: after
/// downtime each step fires once, and never a stale warning after the breach.
pub fn due(
    clocks: &Clocks,
    policy: &SlaPolicy,
    calendar: &dyn BusinessTime,
    now: Timestamp,
) -> Vec<Deadline> {
    let due: Vec<Deadline> = pending(clocks, policy, calendar)
        .into_iter()
        .filter(|d| d.at <= now)
        .collect();
    due.iter()
        .filter(|d| {
            d.kind == DeadlineKind::Breach
                || !due
                    .iter()
                    .any(|b| b.kind == DeadlineKind::Breach && b.target == d.target)
        })
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Severity;
    use crate::domain::sla::AlwaysOpen;
    use jiff::SignedDuration;

    fn at(mins: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + mins * 60).unwrap()
    }

    fn clocks() -> Clocks {
        let mut clocks = Clocks::default();
        clocks.restart(
            SlaTarget::FirstResponse,
            SignedDuration::from_mins(60),
            at(0),
        );
        clocks
    }

    #[test]
    fn the_warning_comes_before_the_breach() {
        let policy = SlaPolicy::default_for(Severity::S2);
        let pending = pending(&clocks(), &policy, &AlwaysOpen);
        assert_eq!(
            pending[0],
            Deadline {
                target: SlaTarget::FirstResponse,
                kind: DeadlineKind::Warning,
                at: at(45)
            }
        );
        assert_eq!(pending[1].at, at(60));
    }

    #[test]
    fn after_downtime_only_the_breach_fires() {
        let policy = SlaPolicy::default_for(Severity::S2);
        let due = due(&clocks(), &policy, &AlwaysOpen, at(500));
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].kind, DeadlineKind::Breach);
    }

    #[test]
    fn fired_steps_are_not_due_again() {
        let policy = SlaPolicy::default_for(Severity::S2);
        let mut clocks = clocks();
        clocks.get_mut(SlaTarget::FirstResponse).unwrap().warned = true;
        assert!(due(&clocks, &policy, &AlwaysOpen, at(50)).is_empty());
        clocks.get_mut(SlaTarget::FirstResponse).unwrap().breached = true;
        assert!(due(&clocks, &policy, &AlwaysOpen, at(5000)).is_empty());
        assert_eq!(next_due(&clocks, &policy, &AlwaysOpen), None);
    }
}
