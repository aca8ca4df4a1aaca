//! Trend reports for managers: SLA attainment grouped by severity, tier,
//! team or account, and the tables they export. Pure: the store gathers one
//! fact per case, and this groups and counts.

use serde::{Deserialize, Serialize};

/// What a report groups its cases by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportBy {
    #[default]
    Severity,
    Tier,
    Team,
    Account,
}

impl ReportBy {
    pub const ALL: [ReportBy; 4] = [
        ReportBy::Severity,
        ReportBy::Tier,
        ReportBy::Team,
        ReportBy::Account,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportBy::Severity => "severity",
            ReportBy::Tier => "tier",
            ReportBy::Team => "team",
            ReportBy::Account => "account",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == raw.trim())
    }

    /// The column heading, in staff words.
    pub fn heading(self) -> &'static str {
        match self {
            ReportBy::Severity => "Severity",
            ReportBy::Tier => "Tier now",
            ReportBy::Team => "Team of the owner",
            ReportBy::Account => "Account",
        }
    }
}

/// One case, as the SLA report sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlaFact {
    pub reference: String,
    pub severity: String,
    pub tier: String,
    /// The owner's team; `None` when nobody owns the case or their team is unset.
    pub team: Option<String>,
    pub customer_email: String,
    /// Any of the case's SLA clocks ran out.
    pub breached: bool,
}

/// The group a case falls in: teams and accounts as stored, with a name
/// for "none" so every case is counted somewhere.
pub fn group_of(fact: &SlaFact, by: ReportBy) -> String {
    match by {
        ReportBy::Severity => fact.severity.clone(),
        ReportBy::Tier => fact.tier.clone(),
        ReportBy::Team => fact.team.clone().unwrap_or_else(|| NO_TEAM.to_owned()),
        ReportBy::Account => account_of(&fact.customer_email),
    }
}

/// The group of cases nobody in a team owns.
pub const NO_TEAM: &str = "(no team)";

/// An account is the customer's email domain, lower case.
pub fn account_of(email: &str) -> String {
    email
        .trim()
        .rsplit_once('@')
        .map(|(_, domain)| domain.to_lowercase())
        .unwrap_or_default()
}

/// One row of the attainment table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlaRow {
    pub key: String,
    /// Cases whose every SLA clock was met (or is still running in time).
    pub attained: u64,
    pub total: u64,
    /// `attained / total`, 0 to 1.
    pub ratio: f64,
}

/// Attainment per group, groups in order of their keys.
pub fn sla_attainment(facts: &[SlaFact], by: ReportBy) -> Vec<SlaRow> {
    let mut groups: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for fact in facts {
        let entry = groups.entry(group_of(fact, by)).or_default();
        entry.1 += 1;
        if !fact.breached {
            entry.0 += 1;
        }
    }
    groups
        .into_iter()
        .map(|(key, (attained, total))| SlaRow {
            key,
            attained,
            total,
            ratio: attained as f64 / total as f64,
        })
        .collect()
}

/// A table as CSV (RFC 4180): fields with commas, quotes or line breaks
/// are quoted; a field a spreadsheet would run as a formula (`=`, `+`,
/// `-`, `@`, tab) gets a leading `'`, since keys like accounts come from
/// customers' addresses.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let mut line = |fields: &mut dyn Iterator<Item = &str>| {
        let cells: Vec<String> = fields.map(csv_field).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

fn csv_field(raw: &str) -> String {
    let guarded = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fact(severity: &str, email: &str, team: Option<&str>, breached: bool) -> SlaFact {
        SlaFact {
            reference: format!("ESC-{severity}{breached}"),
            severity: severity.to_owned(),
            tier: "L1".to_owned(),
            team: team.map(str::to_owned),
            customer_email: email.to_owned(),
            breached,
        }
    }

    #[test]
    fn attainment_counts_cases_without_a_breach() {
        let facts = [
            fact("S1", "a@North.example", Some("billing"), true),
            fact("S1", "b@north.example", None, false),
            fact("S2", "c@south.example", Some("billing"), false),
        ];
        let by_severity = sla_attainment(&facts, ReportBy::Severity);
        assert_eq!(by_severity.len(), 2);
        assert_eq!(
            (
                by_severity[0].key.as_str(),
                by_severity[0].attained,
                by_severity[0].total
            ),
            ("S1", 1, 2)
        );
        assert!((by_severity[0].ratio - 0.5).abs() < 1e-9);
        let by_account = sla_attainment(&facts, ReportBy::Account);
        assert_eq!(by_account[0].key, "north.example");
        assert_eq!(by_account[0].total, 2);
        let by_team = sla_attainment(&facts, ReportBy::Team);
        assert!(by_team.iter().any(|r| r.key == NO_TEAM && r.total == 1));
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let text = csv(
            &["key", "total"],
            &[
                vec!["=HYPERLINK(\"x\")".to_owned(), "1".to_owned()],
                vec!["a,b".to_owned(), "2".to_owned()],
            ],
        );
        assert_eq!(
            text,
            "key,total\r\n\"'=HYPERLINK(\"\"x\"\")\",1\r\n\"a,b\",2\r\n"
        );
    }

    proptest! {
        #[test]
        fn every_case_is_counted_once_whatever_the_grouping(
            cases in proptest::collection::vec((0u8..4, 0u8..3, any::<bool>(), any::<bool>()), 0..60),
            by in 0usize..4,
        ) {
            let facts: Vec<SlaFact> = cases
                .iter()
                .map(|(s, d, team, breached)| fact(
                    &format!("S{}", s + 1),
                    &format!("x@d{d}.example"),
                    team.then_some("t"),
                    *breached,
                ))
                .collect();
            let rows = sla_attainment(&facts, ReportBy::ALL[by]);
            let total: u64 = rows.iter().map(|r| r.total).sum();
            let attained: u64 = rows.iter().map(|r| r.attained).sum();
            prop_assert_eq!(total, facts.len() as u64);
            prop_assert_eq!(attained, facts.iter().filter(|f| !f.breached).count() as u64);
            for row in rows {
                prop_assert!(row.attained <= row.total && row.total > 0);
                prop_assert!((0.0..=1.0).contains(&row.ratio));
            }
        }
    }
}
