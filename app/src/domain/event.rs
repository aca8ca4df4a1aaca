use super::{Channel, Severity};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Who caused an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Actor {
    Customer,
    Staff { id: i64, name: String },
}

impl Actor {
    pub fn is_staff(&self) -> bool {
        matches!(self, Actor::Staff { .. })
    }
}

/// What happened to a case. Events are appended, never changed: together they
/// are the case's history and its audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    Created {
        channel: Channel,
        severity: Severity,
    },
    PublicUpdate {
        body: String,
        waits_for_customer: bool,
    },
    Solved {
        summary: String,
    },
    Confirmed {
        rating: Option<u8>,
        comment: Option<String>,
    },
    Reopened {
        reason: String,
    },
}

impl EventKind {
    /// A stable name for storage and the API.
    pub fn code(&self) -> &'static str {
        match self {
            EventKind::Created { .. } => "created",
            EventKind::PublicUpdate { .. } => "public_update",
            EventKind::Solved { .. } => "solved",
            EventKind::Confirmed { .. } => "confirmed",
            EventKind::Reopened { .. } => "reopened",
        }
    }

    /// Whether the customer sees this event on their status page.
    pub fn is_public(&self) -> bool {
        true
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Timestamp,
    pub actor: Actor,
    pub kind: EventKind,
}
