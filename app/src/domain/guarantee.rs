use super::{Case, Severity, Stage};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// How fast we promise to answer, per severity, in elapsed time. Business
/// calendars and per-tier objectives refine this in the SLA engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsePolicy {
    pub first_reply: SignedDuration,
    pub update_every: SignedDuration,
}

impl ResponsePolicy {
    pub fn default_for(severity: Severity) -> Self {
        let (first, every) = match severity {
            Severity::S1 => (30, 60),
            Severity::S2 => (2 * 60, 4 * 60),
            Severity::S3 => (8 * 60, 24 * 60),
            Severity::S4 => (24 * 60, 72 * 60),
        };
        Self {
            first_reply: SignedDuration::from_mins(first),
            update_every: SignedDuration::from_mins(every),
        }
    }
}

/// The next thing we have promised the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuaranteeKind {
    FirstReply,
    NextUpdate,
}

impl GuaranteeKind {
    pub fn code(self) -> &'static str {
        match self {
            GuaranteeKind::FirstReply => "first_reply",
            GuaranteeKind::NextUpdate => "next_update",
        }
    }
}

/// The escalation guarantee: what we will do, and by when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guarantee {
    pub kind: GuaranteeKind,
    pub due_at: Timestamp,
}

/// What the customer can count on right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Promise {
    Due(Guarantee),
    /// The clock is stopped because we are waiting for the customer's answer.
    PausedForYou {
        since: Timestamp,
    },
    AwaitingConfirmation,
    Fulfilled,
}

impl Promise {
    pub fn for_case(case: &Case, policy: &ResponsePolicy) -> Self {
        let due = |kind, from: Timestamp, after| {
            let due_at = from.checked_add(after).unwrap_or(from);
            Promise::Due(Guarantee { kind, due_at })
        };
        match case.stage {
            Stage::Received | Stage::Reopened => due(
                GuaranteeKind::FirstReply,
                case.promise_started_at,
                policy.first_reply,
            ),
            Stage::InProgress => {
                let from = case
                    .last_public_update_at
                    .unwrap_or(case.promise_started_at);
                due(GuaranteeKind::NextUpdate, from, policy.update_every)
            }
            Stage::WaitingOnYou => Promise::PausedForYou {
                since: case.waiting_since.unwrap_or(case.created_at),
            },
            Stage::Resolved => Promise::AwaitingConfirmation,
            Stage::Closed => Promise::Fulfilled,
        }
    }

    pub fn guarantee(&self) -> Option<Guarantee> {
        match self {
            Promise::Due(g) => Some(*g),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_severe_cases_get_faster_promises() {
        for pair in Severity::ALL.windows(2) {
            let (worse, milder) = (
                ResponsePolicy::default_for(pair[0]),
                ResponsePolicy::default_for(pair[1]),
            );
            assert!(worse.first_reply < milder.first_reply);
            assert!(worse.update_every < milder.update_every);
        }
    }
}
