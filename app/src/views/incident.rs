//! What staff read in the war room and what a linked case's customer reads
//! about the wider problem.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The war room: the incident, its roles, timeline, updates and cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentView {
    pub reference: String,
    pub title: String,
    pub impact: String,
    /// A rehearsal: every message is rendered and kept, none is sent.
    pub drill: bool,
    /// `open`, `resolved` or `closed`.
    pub state: String,
    pub declared_by: String,
    pub declared_at: Timestamp,
    pub declared_label: String,
    pub next_update_at: Option<Timestamp>,
    pub next_update_label: Option<String>,
    /// The promised update is overdue.
    pub promise_missed: bool,
    pub roles: Vec<RoleHolderView>,
    pub timeline: Vec<IncidentEntryView>,
    pub updates: Vec<SituationUpdateView>,
    pub cases: Vec<LinkedCaseView>,
    pub resolution: Option<String>,
    pub review: Option<ReviewView>,
    /// For a drill: how long each step took from the declaration.
    pub drill_report: Vec<DrillStepView>,
    /// For a drill: the messages it would have sent (recipient, subject).
    pub rehearsed: Vec<(String, String)>,
    /// Open cases that look like part of it, best first, for staff to confirm.
    #[serde(default)]
    pub suggestions: Vec<SuggestedCaseView>,
    /// The playbook it was declared with (its kind), if any.
    #[serde(default)]
    pub kind: Option<String>,
    /// The checklist: the playbook's tasks and any added since.
    #[serde(default)]
    pub tasks: Vec<IncidentTaskView>,
    /// Whether the raise form tells people about it.
    #[serde(default)]
    pub raise_notice: bool,
    /// The timeline's version, for the live war room.
    #[serde(default)]
    pub version: i64,
    /// Whether the viewer may run it (role holders and those who may
    /// declare); everyone else, executives and sponsors among them, reads.
    #[serde(default)]
    pub can_run: bool,
    /// The timeline as the review's first draft of "what happened".
    #[serde(default)]
    pub review_draft: String,
}

/// One task of the checklist, with its owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentTaskView {
    pub id: i64,
    pub title: String,
    pub owner: Option<String>,
    pub owner_email: Option<String>,
    pub done: bool,
    /// "done by Ana at 14:05 UTC".
    pub done_label: Option<String>,
}

/// A case Baton thinks belongs to the incident, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedCaseView {
    pub reference: String,
    pub subject: String,
    pub customer_email: String,
    pub channel: String,
    pub why: String,
}

/// A role, who holds it now (or held it: `until` set), and its card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleHolderView {
    pub role: String,
    pub label: String,
    pub name: String,
    pub email: String,
    pub since: Timestamp,
    pub until: Option<Timestamp>,
    pub card_now: String,
    pub card_next: String,
    pub card_never: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentEntryView {
    pub kind: String,
    pub body: String,
    pub author: Option<String>,
    pub at: Timestamp,
    pub at_label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SituationUpdateView {
    pub affected: String,
    pub known: String,
    pub doing: String,
    pub next_update_at: Timestamp,
    pub next_update_label: String,
    pub published_by: String,
    pub published_at: Timestamp,
    pub published_label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedCaseView {
    pub reference: String,
    pub subject: String,
    pub stage: String,
    pub customer_email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub what_happened: String,
    pub went_well: String,
    pub we_change: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillStepView {
    pub step: String,
    pub minutes_from_declaration: i64,
}

/// What a linked case's customer reads: the wider problem in customer
/// words, every update, and when the next one comes. Never staff names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentNotice {
    pub title: String,
    pub impact: String,
    pub updates: Vec<CustomerUpdateView>,
    /// "Thu 26 Nov, 14:30 (your time)", while an update is promised.
    pub next_update_by: Option<String>,
    pub next_update_at: Option<Timestamp>,
    pub resolved: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerUpdateView {
    pub at: Timestamp,
    pub at_label: String,
    pub affected: String,
    pub known: String,
    pub doing: String,
    /// The update as the live `incident_update` template words it.
    pub text: String,
}

/// The incidents list and the playbooks one may declare with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentsPage {
    pub incidents: Vec<IncidentSummary>,
    /// (kind, name) of each playbook.
    pub playbooks: Vec<(String, String)>,
}

/// One line of the incidents list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentSummary {
    pub reference: String,
    pub title: String,
    pub drill: bool,
    pub state: String,
    pub declared_label: String,
    pub linked_cases: i64,
    pub next_update_label: Option<String>,
    pub promise_missed: bool,
}

/// A problem we are already working on, as the raise form tells people
/// about it: customer words only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownProblem {
    pub title: String,
    pub impact: String,
    /// "Thu 26 Nov, 14:30 UTC", while an update is promised.
    pub next_update_label: Option<String>,
}
