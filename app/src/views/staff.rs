//! What the staff console and the staff API show: queue, case, alerts.

use super::{RaciView, SwarmPanel};
use crate::domain::{Severity, Stage};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A signed-in member of staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffIdentity {
    pub name: String,
    pub email: String,
    pub role: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub reference: String,
    pub subject: String,
    pub customer_name: String,
    pub severity: Severity,
    pub stage: Stage,
    pub due_at: Option<Timestamp>,
    pub due_label: Option<String>,
    pub overdue: bool,
    pub reopen_count: u32,
    pub tier: String,
    /// SLA targets warned and not yet breached, e.g. "first response".
    pub at_risk: Vec<String>,
    pub breached: Vec<String>,
    /// Who owns the case, if anyone.
    #[serde(default)]
    pub assignee_name: Option<String>,
    /// The escalation type's code.
    #[serde(default)]
    pub escalation_type: String,
    #[serde(default)]
    pub major_incident: bool,
    /// The management level overseeing the case, as its label.
    #[serde(default)]
    pub overseen_by: Option<String>,
}

/// One SLA clock as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    pub target: String,
    /// "running", "paused: waiting for your reply" or "stopped".
    pub state: String,
    pub due_label: Option<String>,
    pub warned: bool,
    pub breached: bool,
    /// When a running clock falls due, in milliseconds since the epoch: the
    /// console's countdown ticks towards it.
    #[serde(default)]
    pub due_at_ms: Option<i64>,
    /// "1 h 05 min left" or "late by 12 min", as of the page's render.
    #[serde(default)]
    pub left: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub at_label: String,
    pub who: String,
    pub kind: String,
    pub text: String,
    /// Somebody's words (the customer's, an update, a note), as opposed to
    /// what happened to the case (a tier move, a clock).
    #[serde(default)]
    pub message: bool,
    /// Whether the customer sees it.
    #[serde(default)]
    pub public: bool,
    /// Written or done by the customer.
    #[serde(default)]
    pub by_customer: bool,
}

/// A case as staff see it, with its whole history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCase {
    pub reference: String,
    pub subject: String,
    pub description: String,
    pub customer_name: String,
    pub customer_email: String,
    pub severity: Severity,
    pub channel: String,
    pub stage: Stage,
    pub next_step: String,
    pub tier: String,
    pub clocks: Vec<ClockView>,
    pub history: Vec<HistoryItem>,
    #[serde(default)]
    pub assignee_name: Option<String>,
    /// The newest handoff note, for the team that holds the case now.
    #[serde(default)]
    pub latest_handoff: Option<HandoffView>,
    /// Tier codes the case can be escalated to (next up first), and handed
    /// back to (next down first).
    #[serde(default)]
    pub tiers_above: Vec<String>,
    #[serde(default)]
    pub tiers_below: Vec<String>,
    /// The escalation type's code, which picks the RACI matrix.
    #[serde(default)]
    pub escalation_type: String,
    /// Who is Responsible, Accountable, Consulted and Informed where the case stands.
    #[serde(default)]
    pub raci: Option<RaciView>,
    /// When the case was declared a major incident, in the portal's zone.
    #[serde(default)]
    pub major_incident_since: Option<String>,
    /// The management overseeing the case (the management path), as (code, label).
    #[serde(default)]
    pub management: Option<(String, String)>,
    /// Levels (code, label) staff may bring in: above the current one.
    #[serde(default)]
    pub management_above: Vec<(String, String)>,
    /// People copied in on an email who wait for the customer's or staff's
    /// agreement before they hear anything.
    #[serde(default)]
    pub invited: Vec<String>,
    /// The case's version: the workspace's live regions follow it.
    #[serde(default)]
    pub version: i64,
    /// The customer's account (their email domain).
    #[serde(default)]
    pub account: String,
    /// The executive sponsor called in, if any (their email).
    #[serde(default)]
    pub sponsor: Option<String>,
}

/// The latest tier move with its handoff note, as the receiving team reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffView {
    /// "Escalated" or "Handed back".
    pub movement: String,
    pub from: String,
    pub to: String,
    pub by: String,
    pub at_label: String,
    pub reason: String,
    /// (label, text), e.g. ("Tried", "Restarted the gateway").
    pub lines: Vec<(String, String)>,
}

/// An SLA alert for a member of staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertView {
    /// `sla_warning` or `sla_breach`.
    pub kind: String,
    pub message: String,
    pub at_label: String,
}

/// The queue's filters as typed (query string or JSON); blank means any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub severity: Option<String>,
    /// `at_risk` or `breached`.
    #[serde(default)]
    pub sla: Option<String>,
    /// Words to find in the reference, the customer's name or email, the
    /// subject or the description.
    #[serde(default)]
    pub q: Option<String>,
    /// An escalation type code.
    #[serde(default)]
    pub escalation_type: Option<String>,
    /// The customer's account: their email domain, e.g. `example.com`.
    #[serde(default)]
    pub account: Option<String>,
    /// Cases owned by a member of this team.
    #[serde(default)]
    pub team: Option<String>,
    /// `major_incident`, or the management level overseeing: `manager`, `executive`.
    #[serde(default)]
    pub oversight: Option<String>,
    /// `me` (the member asking) or `nobody` (unassigned).
    #[serde(default)]
    pub owner: Option<String>,
}

impl QueueQuery {
    /// The filters that are set, as query-string pairs.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("tier", &self.tier),
            ("stage", &self.stage),
            ("severity", &self.severity),
            ("sla", &self.sla),
            ("q", &self.q),
            ("escalation_type", &self.escalation_type),
            ("account", &self.account),
            ("team", &self.team),
            ("oversight", &self.oversight),
            ("owner", &self.owner),
        ]
        .into_iter()
        .filter_map(|(k, v)| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| (k, v))
        })
        .collect()
    }

    /// The same filters, each trimmed, blanks left out: what a saved view
    /// keeps, so its link is the one the queue would make.
    pub fn trimmed(&self) -> QueueQuery {
        let mut kept = QueueQuery::default();
        for (key, value) in self.pairs() {
            let slot = match key {
                "tier" => &mut kept.tier,
                "stage" => &mut kept.stage,
                "severity" => &mut kept.severity,
                "sla" => &mut kept.sla,
                "q" => &mut kept.q,
                "escalation_type" => &mut kept.escalation_type,
                "account" => &mut kept.account,
                "team" => &mut kept.team,
                "oversight" => &mut kept.oversight,
                "owner" => &mut kept.owner,
                _ => continue,
            };
            *slot = Some(value.to_owned());
        }
        kept
    }

    /// The queue's address with these filters.
    pub fn href(&self) -> String {
        let query: Vec<String> = self
            .pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", crate::domain::wording::url_component(v)))
            .collect();
        if query.is_empty() {
            "/staff".to_owned()
        } else {
            format!("/staff?{}", query.join("&"))
        }
    }
}

/// One of a member's saved queue views.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    pub filters: QueueQuery,
    /// The queue with these filters.
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffQueue {
    pub me: StaffIdentity,
    pub cases: Vec<QueueItem>,
    /// Escalation types (code, label) and teams, for the filters.
    pub types: Vec<(String, String)>,
    pub teams: Vec<String>,
    /// The ladder's tier codes, front line first.
    pub tiers: Vec<String>,
    /// Open major incidents (reference, title) to link selected cases to.
    #[serde(default)]
    pub open_incidents: Vec<(String, String)>,
    /// The member's saved views.
    #[serde(default)]
    pub views: Vec<SavedView>,
    /// What the live queue follows: read before the cases, so a change in
    /// between comes as an event.
    #[serde(default)]
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCaseView {
    pub me: StaffIdentity,
    pub case: StaffCase,
    /// The case's swarm, or why to start one.
    #[serde(default)]
    pub swarm: SwarmPanel,
    /// Escalation types (code, label) the case can be given.
    pub types: Vec<(String, String)>,
    /// Reviewed cases this one looks like ("this came back after the fix").
    #[serde(default)]
    pub came_back: Vec<super::RecurrenceNote>,
    /// Knowledge-base articles (internal and public) that may answer it.
    #[serde(default)]
    pub articles: Vec<super::Suggestion>,
}
