//! SLA clocks: how much of each promise's business time is used, paused
//! while we wait on the customer, and when warnings and breaches fall due.
//! Deadlines come from a `BusinessTime` (a business calendar), passed in.

pub mod alerts;
pub mod clock;
pub mod deadlines;
pub mod policy;
pub mod policy_spec;

pub use clock::{Clocks, SlaClock};
pub use deadlines::{Deadline, DeadlineKind};
pub use policy::SlaPolicy;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Which promise a clock measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaTarget {
    /// Our first reply to a new (or reopened) case. Customer-facing.
    FirstResponse,
    /// The next public update while we work. Customer-facing.
    NextUpdate,
    /// Solving the case. Internal.
    Resolution,
    /// The receiving tier picking up an escalated case. Internal.
    TierResponse,
}

impl SlaTarget {
    pub fn code(self) -> &'static str {
        match self {
            SlaTarget::FirstResponse => "first_response",
            SlaTarget::NextUpdate => "next_update",
            SlaTarget::Resolution => "resolution",
            SlaTarget::TierResponse => "tier_response",
        }
    }

    /// Staff-facing name, as in "SLA breached: first response".
    pub fn label(self) -> &'static str {
        match self {
            SlaTarget::FirstResponse => "first response",
            SlaTarget::NextUpdate => "next update",
            SlaTarget::Resolution => "resolution",
            SlaTarget::TierResponse => "tier response",
        }
    }

    pub fn is_customer_facing(self) -> bool {
        matches!(self, SlaTarget::FirstResponse | SlaTarget::NextUpdate)
    }
}

/// Business-time arithmetic over a calendar: the only thing SLA clocks need
/// to know about opening hours, time zones and holidays.
pub trait BusinessTime {
    /// Open time between two instants (zero when `to <= from`).
    fn elapsed(&self, from: Timestamp, to: Timestamp) -> SignedDuration;
    /// The earliest instant at which `business` open time has passed since
    /// `start`, or `None` when the calendar never opens.
    fn due_at(&self, start: Timestamp, business: SignedDuration) -> Option<Timestamp>;
}

/// A calendar that is always open: business time is real time.
#[derive(Clone, Copy, Debug, Default)]
pub struct AlwaysOpen;

impl BusinessTime for AlwaysOpen {
    fn elapsed(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        if to <= from {
            SignedDuration::ZERO
        } else {
            to.duration_since(from)
        }
    }

    fn due_at(&self, start: Timestamp, business: SignedDuration) -> Option<Timestamp> {
        start.checked_add(business).ok()
    }
}

/// The SLA rules in force: a policy per severity and the tiers' objectives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaRules {
    pub policies: Vec<(crate::domain::Severity, SlaPolicy)>,
    /// The tier ladder, with each tier's response objective.
    pub tiers: crate::domain::ladder::TierLadder,
    /// Stages in which clocks pause: waiting on the customer's reply, and
    /// waiting on their confirmation of a fix. Clocks run in any other stage.
    pub pause_in: Vec<crate::domain::Stage>,
}

/// The stages a policy may pause clocks in; in the others work is on us.
pub const PAUSABLE_STAGES: [crate::domain::Stage; 2] = [
    crate::domain::Stage::WaitingOnYou,
    crate::domain::Stage::Resolved,
];

impl Default for SlaRules {
    fn default() -> Self {
        Self {
            policies: crate::domain::Severity::ALL
                .iter()
                .map(|s| (*s, SlaPolicy::default_for(*s)))
                .collect(),
            tiers: crate::domain::ladder::TierLadder::default(),
            pause_in: PAUSABLE_STAGES.to_vec(),
        }
    }
}

impl SlaRules {
    pub fn pauses_in(&self, stage: crate::domain::Stage) -> bool {
        self.pause_in.contains(&stage)
    }

    pub fn policy(&self, severity: crate::domain::Severity) -> SlaPolicy {
        self.policies
            .iter()
            .find(|(s, _)| *s == severity)
            .map_or_else(|| SlaPolicy::default_for(severity), |(_, p)| *p)
    }
}
