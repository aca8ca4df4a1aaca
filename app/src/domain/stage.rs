use serde::{Deserialize, Serialize};

/// Where a case stands, as the customer sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Received,
    InProgress,
    WaitingOnYou,
    Resolved,
    Closed,
    Reopened,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Received,
        Stage::InProgress,
        Stage::WaitingOnYou,
        Stage::Resolved,
        Stage::Closed,
        Stage::Reopened,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::InProgress => "in_progress",
            Stage::WaitingOnYou => "waiting_on_you",
            Stage::Resolved => "resolved",
            Stage::Closed => "closed",
            Stage::Reopened => "reopened",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw)
    }

    pub fn is_open(self) -> bool {
        self != Stage::Closed
    }

    /// Position on the customer's progress bar (received, working, solved, closed).
    pub fn step(self) -> usize {
        match self {
            Stage::Received | Stage::Reopened => 0,
            Stage::InProgress | Stage::WaitingOnYou => 1,
            Stage::Resolved => 2,
            Stage::Closed => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.code()), Some(s));
        }
    }
}
