//! What crosses the wire to pages and API clients: plain data, already worded.

use crate::domain::{GuaranteeKind, Severity, Stage};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

mod swarm;
pub use swarm::{SwarmClosureView, SwarmEntryView, SwarmMemberView, SwarmPanel, SwarmView};

/// A customer's request to raise an escalation, as typed (form or JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaiseRequest {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub description: String,
    /// "S1".."S4"; the form requires it, the API defaults to S3.
    #[serde(default)]
    pub severity: Option<String>,
}

/// The answer to a new escalation: where the customer follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaisedCase {
    pub reference: String,
    pub token: String,
    pub status_path: String,
    pub guarantee: Option<GuaranteeView>,
}

/// The escalation guarantee, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuaranteeView {
    pub kind: GuaranteeKind,
    pub due_at: Timestamp,
    /// "We'll reply by"
    pub lead: String,
    /// "Thu 26 Nov, 14:00"
    pub due_label: String,
    /// The zone the label is in, e.g. "UTC"; the browser swaps in local time.
    pub zone_label: String,
    /// "1 h 20 min left", as of the moment the page was made.
    pub remaining: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItem {
    pub at: Timestamp,
    pub at_label: String,
    pub kind: String,
    pub title: String,
    pub body: Option<String>,
}

/// The customer's private status page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStatus {
    pub reference: String,
    pub subject: String,
    pub severity_words: String,
    pub stage: Stage,
    pub stage_label: String,
    pub stage_explanation: String,
    /// "We have your case ...", while the case waits for our first reply.
    pub acknowledgement: Option<String>,
    pub next_step: String,
    pub guarantee: Option<GuaranteeView>,
    pub timeline: Vec<TimelineItem>,
    /// Whether the customer is asked "Is this solved for you?".
    pub awaiting_answer: bool,
    /// People the customer copied in who wait for the customer's agreement
    /// before they hear anything (shown to the customer only).
    #[serde(default)]
    pub invited: Vec<String>,
}

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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub at_label: String,
    pub who: String,
    pub kind: String,
    pub text: String,
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
}

/// The tiers with their members and response objectives, and every member
/// of staff with their place, for ops.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TiersPage {
    pub tiers: Vec<TierView>,
    pub staff: Vec<PlacedMemberView>,
    pub teams: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierView {
    pub code: String,
    /// Staff words: "Technical specialists".
    pub name: String,
    /// What customers read instead of the tier's name.
    pub customer_words: String,
    /// e.g. "60 business minutes".
    pub respond_within: String,
    /// The same, as a number, for the ladder grid.
    #[serde(default)]
    pub respond_minutes: i64,
    pub members: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedMemberView {
    pub email: String,
    pub name: String,
    pub role: String,
    pub tier: Option<String>,
    pub team: Option<String>,
}

/// Key accounts and their executive sponsors, for ops.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SponsorPage {
    pub accounts: Vec<SponsorAccountView>,
    /// The whole setting as JSON: accounts, rotations, rules and the ask.
    pub json: String,
    pub updated: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SponsorAccountView {
    pub name: String,
    pub domain: String,
    /// The sponsor on duty today, if anyone.
    pub on_duty: Option<String>,
}

/// The RACI letters for one case at its current step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaciView {
    pub type_label: String,
    pub step: String,
    pub responsible: Vec<String>,
    pub accountable: String,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
}

/// The escalation types and their RACI grid, for ops.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaciPage {
    /// Role codes, the grid's columns.
    pub roles: Vec<String>,
    pub types: Vec<RaciTypeView>,
    /// The whole matrix as JSON, for adding, renaming and removing types.
    pub json: String,
    pub updated: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaciTypeView {
    pub code: String,
    pub label: String,
    pub rows: Vec<RaciRowView>,
}

/// One step of one type: a row of the grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaciRowView {
    pub step: String,
    pub step_label: String,
    pub cells: Vec<RaciCellView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaciCellView {
    pub role: String,
    /// The letters the role holds here, e.g. "RA"; empty for none.
    pub letters: String,
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

/// A handoff note as typed: free text, or the three answers the console asks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HandoffNoteInput {
    Text(String),
    Parts {
        #[serde(default)]
        tried: String,
        #[serde(default)]
        known: String,
        #[serde(default)]
        told_customer: String,
    },
}

/// A move to another tier, as typed: `to_tier` absent means one step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierMoveRequest {
    #[serde(default)]
    pub to_tier: Option<String>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub handoff_note: Option<HandoffNoteInput>,
}

/// A move on the management path, as typed: `to_level` (manager or
/// executive) absent means one step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagementMoveRequest {
    #[serde(default)]
    pub to_level: Option<String>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub handoff_note: Option<HandoffNoteInput>,
}

/// The customer's answer to "Is this solved for you?", as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolutionAnswer {
    pub resolved: bool,
    #[serde(default, deserialize_with = "whole_number")]
    pub rating: Option<i64>,
    #[serde(default)]
    pub comment: Option<String>,
    /// Why it is still a problem; API clients may send it as `comment`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// A whole number sent as `4` or `4.0`: JSON (and JSON Schema's `integer`)
/// does not tell them apart, so API clients may send either.
fn whole_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Whole(i64),
        Float(f64),
    }
    match Option::<Number>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Number::Whole(n)) => Ok(Some(n)),
        // Within 2^53 every whole float is exact, and so is its cast.
        Some(Number::Float(f)) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => {
            Ok(Some(f as i64))
        }
        Some(Number::Float(f)) => Err(serde::de::Error::custom(format!(
            "expected a whole number, not {f}"
        ))),
    }
}

/// The SLA settings page: the TOML sources ops edit, and when they changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaSettingsPage {
    pub calendar_source: String,
    pub policies_source: String,
    pub calendar_updated: Option<String>,
    pub policies_updated: Option<String>,
    /// How many changes the audit trail holds.
    pub changes: i64,
}

/// An SLA alert for a member of staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertView {
    /// `sla_warning` or `sla_breach`.
    pub kind: String,
    pub message: String,
    pub at_label: String,
}

/// The unsubscribe page: which case, which (masked) address, and whether
/// emails still go there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub reference: String,
    pub email: String,
    pub subscribed: bool,
}

/// The authority matrix as the admin grid shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityPage {
    pub powers: Vec<PowerRow>,
    /// Every role but admin, which may do everything.
    pub roles: Vec<String>,
    pub tiers: Vec<String>,
    /// `power.role.tier` of each granted cell.
    pub granted: Vec<String>,
    /// `grant_credit.role.tier` of each cell with a credit limit, and the limit.
    pub credit_limits: Vec<(String, u32)>,
    /// The same matrix as the admin API's JSON.
    pub json: String,
    pub updated: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PowerRow {
    pub code: String,
    pub label: String,
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
}

/// The jargon list as ops edit it: one word per line, `word -> instead`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JargonPage {
    pub source: String,
    pub words: usize,
    pub updated: Option<String>,
}
