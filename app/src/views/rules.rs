//! Data-driven rules for ops: the rules in force, a backtest's findings,
//! and the firing log.

use serde::{Deserialize, Serialize};

/// One rule as the rules page and the admin API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub name: String,
    pub source: String,
    /// `off`, `shadow` or `active`.
    pub mode: String,
    /// 0: a shipped example nobody has saved yet.
    pub version: i64,
    pub author: Option<String>,
    pub changed_label: Option<String>,
    /// The actions a person approves before they happen.
    pub high_impact: Vec<String>,
    /// Decisions on its requests so far: labelled examples of its worth.
    #[serde(default)]
    pub approved: i64,
    #[serde(default)]
    pub rejected: i64,
}

/// A high-impact action an active rule asks a person to approve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalView {
    pub id: i64,
    pub rule: String,
    pub reference: String,
    pub action: String,
    pub asked_label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesPage {
    pub rules: Vec<RuleView>,
    pub firings: Vec<FiringView>,
    /// Requests waiting for a person.
    #[serde(default)]
    pub approvals: Vec<ApprovalView>,
}

/// A firing in the log (live, shadow or active).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiringView {
    pub rule: String,
    pub version: i64,
    pub reference: String,
    pub mode: String,
    pub at_label: String,
    pub ended: bool,
}

/// What a draft rule would have done over the last days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BacktestView {
    pub days: i64,
    pub cases_seen: usize,
    pub firings: Vec<BacktestFiring>,
    /// Every day of the window with its firings: the fatigue forecast.
    pub per_day: Vec<DayCount>,
    pub mean_per_day: f64,
    pub max_per_day: usize,
    pub outcomes: BacktestOutcomes,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacktestFiring {
    pub reference: String,
    pub at: jiff::Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub date: String,
    pub firings: usize,
}

/// How the firings line up with what really happened next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BacktestOutcomes {
    /// Flagged cases a bad outcome (escalated, breached, reopened, rated
    /// 1-2) followed, over all flagged cases; null when none was flagged.
    pub precision: Option<f64>,
    /// Flagged cases a bad outcome followed, over all cases with one.
    pub recall: Option<f64>,
    pub borne_out: Vec<String>,
    pub false_alarms: Vec<String>,
    pub missed: Vec<String>,
    /// How an outcome is judged, in words.
    pub method: String,
}

/// The early-warning desk: cases and accounts ranked by risk, every point
/// explained, and the escalations the desk prevented.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyWarningDesk {
    pub threshold: u32,
    pub cases: Vec<RiskEntry>,
    pub accounts: Vec<AccountRisk>,
    pub prevented: Vec<crate::domain::risk::Week>,
    pub prevented_total: f64,
    pub method: String,
    /// Rules' high-impact actions waiting for a person.
    #[serde(default)]
    pub approvals: Vec<ApprovalView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskEntry {
    pub reference: String,
    pub subject: String,
    pub account: String,
    pub score: u32,
    pub reasons: Vec<crate::domain::risk::Reason>,
    /// At or above the threshold.
    pub flagged: bool,
    /// "call by Ada Lovelace, Sun 6 Dec, 10:05 UTC", the latest one.
    pub last_intervention: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRisk {
    pub account: String,
    pub score: u32,
    pub cases: usize,
    /// The distinct signs across its cases.
    pub reasons: Vec<String>,
}
