//! The swarm on a case, as the staff console and the staff API show it.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The swarm section of a staff case page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwarmPanel {
    /// Why this case should be swarmed ("S1 case", "SLA breached twice"),
    /// while no swarm is open on it.
    pub suggestion: Option<String>,
    /// The open swarm, or else the latest closed one.
    pub swarm: Option<SwarmView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwarmView {
    pub open: bool,
    pub facilitator: SwarmMemberView,
    pub started_by: String,
    pub started_at: Timestamp,
    pub started_label: String,
    /// The facilitator first.
    pub members: Vec<SwarmMemberView>,
    /// Oldest first.
    pub entries: Vec<SwarmEntryView>,
    pub closure: Option<SwarmClosureView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwarmMemberView {
    pub name: String,
    pub email: String,
    pub added_label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwarmEntryView {
    /// "note" or "decision".
    pub kind: String,
    pub body: String,
    pub author: String,
    pub at: Timestamp,
    pub at_label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwarmClosureView {
    pub summary: String,
    pub closed_by: String,
    pub closed_at: Timestamp,
    pub closed_label: String,
    pub minutes_in_swarm: i64,
    /// "1 h 35 min".
    pub time_in_swarm: String,
}
