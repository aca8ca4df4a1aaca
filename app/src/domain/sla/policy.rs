use super::SlaTarget;
use crate::domain::ladder::TierLadder;
use crate::domain::{Severity, Tier};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

/// Targets for one severity, in business time, and when to warn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    pub first_response: SignedDuration,
    pub next_update: SignedDuration,
    pub resolution: SignedDuration,
    /// Warn when this share of a target is used, in percent (default 75).
    pub warn_at_percent: u8,
}

impl SlaPolicy {
    /// The defaults seeded for S1..S4.
    pub fn default_for(severity: Severity) -> Self {
        let (first, update, resolve) = match severity {
            Severity::S1 => (30, 60, 8 * 60),
            Severity::S2 => (2 * 60, 4 * 60, 24 * 60),
            Severity::S3 => (8 * 60, 24 * 60, 72 * 60),
            Severity::S4 => (24 * 60, 72 * 60, 168 * 60),
        };
        Self {
            first_response: SignedDuration::from_mins(first),
            next_update: SignedDuration::from_mins(update),
            resolution: SignedDuration::from_mins(resolve),
            warn_at_percent: 75,
        }
    }

    pub fn target(&self, target: SlaTarget, tiers: &TierLadder, tier: Tier) -> SignedDuration {
        match target {
            SlaTarget::FirstResponse => self.first_response,
            SlaTarget::NextUpdate => self.next_update,
            SlaTarget::Resolution => self.resolution,
            SlaTarget::TierResponse => tiers.respond_within(tier),
        }
    }

    /// How much of `budget` may pass before the warning.
    pub fn warning_after(&self, budget: SignedDuration) -> SignedDuration {
        let nanos = budget.as_nanos() * i128::from(self.warn_at_percent.min(100)) / 100;
        SignedDuration::from_nanos(i64::try_from(nanos).unwrap_or(i64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_comes_at_three_quarters_by_default() {
        let policy = SlaPolicy::default_for(Severity::S1);
        assert_eq!(
            policy.warning_after(policy.first_response),
            SignedDuration::from_mins(22) + SignedDuration::from_secs(30)
        );
    }

    #[test]
    fn more_severe_cases_get_tighter_targets() {
        for pair in Severity::ALL.windows(2) {
            let (worse, milder) = (
                SlaPolicy::default_for(pair[0]),
                SlaPolicy::default_for(pair[1]),
            );
            assert!(worse.first_response < milder.first_response);
            assert!(worse.next_update < milder.next_update);
            assert!(worse.resolution < milder.resolution);
        }
    }
}
