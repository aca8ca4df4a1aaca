use super::sla::{BusinessTime, SlaTarget};
use super::{Case, Stage};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

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

/// What the customer can count on right now, read from the same SLA clocks
/// that drive the staff's deadlines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Promise {
    Due(Guarantee),
    /// The clock is stopped because we are waiting for the customer's answer.
    PausedForYou {
        since: Timestamp,
    },
    AwaitingConfirmation,
    /// Open, but no customer-facing clock runs (e.g. the calendar never opens).
    Working,
    Fulfilled,
}

impl Promise {
    pub fn for_case(case: &Case, calendar: &dyn BusinessTime) -> Self {
        match case.stage {
            Stage::Resolved => return Promise::AwaitingConfirmation,
            Stage::Closed => return Promise::Fulfilled,
            _ => {}
        }
        let facing = || {
            case.clocks
                .0
                .iter()
                .filter(|c| c.target.is_customer_facing())
        };
        let due = facing()
            .filter(|c| c.is_running())
            .filter_map(|c| Some((c.target, c.due_at(calendar)?)))
            .min_by_key(|(_, at)| *at);
        if let Some((target, due_at)) = due {
            let kind = match target {
                SlaTarget::FirstResponse => GuaranteeKind::FirstReply,
                _ => GuaranteeKind::NextUpdate,
            };
            return Promise::Due(Guarantee { kind, due_at });
        }
        match facing()
            .filter_map(|c| c.paused.as_ref())
            .map(|(at, _)| *at)
            .min()
        {
            Some(since) => Promise::PausedForYou { since },
            None => Promise::Working,
        }
    }

    pub fn guarantee(&self) -> Option<Guarantee> {
        match self {
            Promise::Due(g) => Some(*g),
            _ => None,
        }
    }
}
