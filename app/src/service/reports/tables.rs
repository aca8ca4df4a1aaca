//! The tables of the reports page, each as CSV and as JSON rows: what the
//! staff API and the page's downloads serve.

use crate::domain::report;
use crate::views::ReportPage;
use serde_json::{Value, json};

/// One table of the reports page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Sla,
    Outcomes,
    TimeInTier,
    Paths,
    RepeatCauses,
    RepeatAccounts,
    Prevented,
    RuleFirings,
}

impl Table {
    pub const ALL: [Table; 8] = [
        Table::Sla,
        Table::Outcomes,
        Table::TimeInTier,
        Table::Paths,
        Table::RepeatCauses,
        Table::RepeatAccounts,
        Table::Prevented,
        Table::RuleFirings,
    ];

    /// The table's name in URLs (`/staff/reports/{code}.csv`) and file names.
    pub fn code(self) -> &'static str {
        match self {
            Table::Sla => "sla",
            Table::Outcomes => "outcomes",
            Table::TimeInTier => "time-in-tier",
            Table::Paths => "paths",
            Table::RepeatCauses => "repeat-causes",
            Table::RepeatAccounts => "repeat-accounts",
            Table::Prevented => "prevented",
            Table::RuleFirings => "rule-firings",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == raw)
    }

    /// The table as CSV. With a key asked for, the SLA table is the cases
    /// behind that key instead.
    pub fn csv(self, page: &ReportPage) -> String {
        let hours = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
        let ratio = |v: f64| format!("{v:.4}");
        let (header, rows): (Vec<&str>, Vec<Vec<String>>) = match self {
            Table::Sla if page.key.is_some() => (
                vec!["reference", "breached"],
                page.cases
                    .iter()
                    .flatten()
                    .map(|c| vec![c.reference.clone(), c.breached.to_string()])
                    .collect(),
            ),
            Table::Sla => (
                vec![page.by.code(), "attained", "total", "ratio"],
                page.rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.key.clone(),
                            r.attained.to_string(),
                            r.total.to_string(),
                            ratio(r.ratio),
                        ]
                    })
                    .collect(),
            ),
            Table::Outcomes => (
                vec![
                    page.by.code(),
                    "total",
                    "escalated",
                    "escalation_rate",
                    "reopened",
                    "reopen_rate",
                    "rated",
                    "csat",
                    "first_reply_median_hours",
                    "first_reply_p90_hours",
                    "resolution_median_hours",
                    "resolution_p90_hours",
                ],
                page.outcomes
                    .iter()
                    .map(|r| {
                        vec![
                            r.key.clone(),
                            r.total.to_string(),
                            r.escalated.to_string(),
                            ratio(r.escalation_rate),
                            r.reopened.to_string(),
                            ratio(r.reopen_rate),
                            r.rated.to_string(),
                            hours(r.csat),
                            hours(r.first_reply_median_hours),
                            hours(r.first_reply_p90_hours),
                            hours(r.resolution_median_hours),
                            hours(r.resolution_p90_hours),
                        ]
                    })
                    .collect(),
            ),
            Table::TimeInTier => (
                vec!["tier", "cases", "still_there", "median_hours", "p90_hours"],
                page.time_in_tier
                    .iter()
                    .map(|r| {
                        vec![
                            r.tier.clone(),
                            r.cases.to_string(),
                            r.still_there.to_string(),
                            hours(r.median_hours),
                            hours(r.p90_hours),
                        ]
                    })
                    .collect(),
            ),
            Table::Paths => (
                vec!["path", "cases", "share"],
                page.paths
                    .iter()
                    .map(|r| vec![r.path.clone(), r.cases.to_string(), ratio(r.share)])
                    .collect(),
            ),
            Table::RepeatCauses | Table::RepeatAccounts => {
                let (key, base, rows) = if self == Table::RepeatCauses {
                    ("root_cause", "reviews", &page.repeat_causes)
                } else {
                    ("account", "first_escalations", &page.repeat_accounts)
                };
                (
                    vec![key, base, "repeats", "cases"],
                    rows.iter()
                        .map(|r| {
                            vec![
                                r.key.clone(),
                                r.base.to_string(),
                                r.repeats.to_string(),
                                r.cases.join(" "),
                            ]
                        })
                        .collect(),
                )
            }
            Table::Prevented => (
                vec![
                    "week",
                    "flagged",
                    "acted_on",
                    "acted_on_went_bad",
                    "left_alone",
                    "left_alone_went_bad",
                    "prevented",
                ],
                page.prevented
                    .iter()
                    .map(|w| {
                        vec![
                            w.week.to_string(),
                            w.flagged.to_string(),
                            w.acted_on.to_string(),
                            w.acted_on_went_bad.to_string(),
                            w.left_alone.to_string(),
                            w.left_alone_went_bad.to_string(),
                            format!("{:.2}", w.prevented),
                        ]
                    })
                    .collect(),
            ),
            Table::RuleFirings => (
                vec!["rule", "shadow", "active"],
                page.rule_firings
                    .iter()
                    .map(|r| vec![r.rule.clone(), r.shadow.to_string(), r.active.to_string()])
                    .collect(),
            ),
        };
        report::csv(&header, &rows)
    }

    /// The table as JSON: the period, and the table's rows.
    pub fn json(self, page: &ReportPage) -> Value {
        let rows = match self {
            // The whole page: its rows, and with a key the cases behind it.
            Table::Sla => return serde_json::to_value(page).unwrap_or(Value::Null),
            Table::Outcomes => json!(page.outcomes),
            Table::TimeInTier => json!(page.time_in_tier),
            Table::Paths => json!(page.paths),
            Table::RepeatCauses => json!(page.repeat_causes),
            Table::RepeatAccounts => json!(page.repeat_accounts),
            Table::Prevented => {
                return json!({
                    "from": page.from, "to": page.to, "zone": page.zone,
                    "rows": page.prevented, "method": page.prevented_method,
                });
            }
            Table::RuleFirings => json!(page.rule_firings),
        };
        json!({
            "from": page.from, "to": page.to, "zone": page.zone,
            "by": page.by, "rows": rows,
        })
    }

    /// The download's file name, for `Content-Disposition`.
    pub fn file_name(self, page: &ReportPage) -> String {
        let what = match (self, page.key.is_some()) {
            (Table::Sla, true) => "sla-cases",
            _ => self.code(),
        };
        format!("{what}-{}-{}-{}.csv", page.by.code(), page.from, page.to)
    }
}
