//! The settings pages ops and admins edit: tiers, sponsors, RACI, SLA, authority, jargon.

use serde::{Deserialize, Serialize};

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

/// Incident role cards and playbooks, for ops.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaybookPage {
    /// Each playbook: kind, name and how many tasks it has.
    pub kinds: Vec<(String, String, usize)>,
    /// The whole setting as JSON: role cards and playbooks.
    pub json: String,
    pub updated: Option<String>,
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

/// The jargon list as ops edit it: one word per line, `word -> instead`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JargonPage {
    pub source: String,
    pub words: usize,
    pub updated: Option<String>,
}
