//! Reports for managers, ready to show or export.

use crate::domain::report::{OutcomeRow, ReportBy, SlaRow};
use serde::{Deserialize, Serialize};

/// SLA attainment over a period, grouped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlaReport {
    /// The first and last day covered, as dates in `zone`.
    pub from: String,
    pub to: String,
    pub zone: String,
    pub by: ReportBy,
    pub rows: Vec<SlaRow>,
    /// Escalation and reopen rates, CSAT and times, over the same cases.
    #[serde(default)]
    pub outcomes: Vec<OutcomeRow>,
    /// The group whose cases are listed, if one was asked for.
    pub key: Option<String>,
    pub cases: Option<Vec<ReportCase>>,
}

/// One case behind a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportCase {
    pub reference: String,
    pub breached: bool,
}
