//! Reports for managers, ready to show or export.

use crate::domain::report::{Drill, OutcomeRow, PathRow, RepeatRow, ReportBy, SlaRow, TierTimeRow};
use crate::domain::risk::Week;
use serde::{Deserialize, Serialize};

/// Every report over a period: SLA attainment and outcomes grouped as
/// asked, time in each tier and the paths through the tiers, repeat
/// escalations, prevented escalations and rule firings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    /// The first and last day covered, as dates in `zone`.
    pub from: String,
    pub to: String,
    pub zone: String,
    pub by: ReportBy,
    pub rows: Vec<SlaRow>,
    /// Escalation and reopen rates, CSAT and times, over the same cases.
    #[serde(default)]
    pub outcomes: Vec<OutcomeRow>,
    /// The same over every case of the period; `None` without cases.
    #[serde(default)]
    pub overall: Option<OutcomeRow>,
    #[serde(default)]
    pub time_in_tier: Vec<TierTimeRow>,
    #[serde(default)]
    pub paths: Vec<PathRow>,
    /// Escalations that came back after a review, by its root cause.
    #[serde(default)]
    pub repeat_causes: Vec<RepeatRow>,
    /// Accounts that escalated more than once.
    #[serde(default)]
    pub repeat_accounts: Vec<RepeatRow>,
    /// Weeks of the period whose flagged cases' follow-up is over.
    #[serde(default)]
    pub prevented: Vec<Week>,
    /// How `prevented` is counted, in words.
    #[serde(default)]
    pub prevented_method: String,
    #[serde(default)]
    pub rule_firings: Vec<RuleFiringCount>,
    /// What the listed cases are: a group, a path, a tier, a cause, an account.
    #[serde(default)]
    pub drill: Drill,
    /// The group (path, tier…) whose cases are listed, if one was asked for.
    pub key: Option<String>,
    pub cases: Option<Vec<ReportCase>>,
}

/// How often one rule fired in the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleFiringCount {
    pub rule: String,
    /// Firings into the log only, while the rule was in shadow mode.
    pub shadow: u64,
    /// Firings that acted.
    pub active: u64,
}

/// One case behind a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportCase {
    pub reference: String,
    pub breached: bool,
}
