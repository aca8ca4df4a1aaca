//! Trend reports for managers: SLA attainment grouped by severity, tier,
//! team or account, and the tables they export. Pure: the store gathers one
//! fact per case, and this groups and counts.

use serde::{Deserialize, Serialize};

pub mod repeats;
pub mod tiers;

pub use repeats::{RepeatRow, Reviewed};
pub use tiers::{PathRow, TierMove, TierStay, TierTimeRow};

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

/// One case, as the reports see it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseFact {
    pub reference: String,
    pub subject: String,
    pub raised: jiff::Timestamp,
    pub severity: String,
    pub tier: String,
    /// The owner's team; `None` when nobody owns the case or their team is unset.
    pub team: Option<String>,
    pub customer_email: String,
    /// Any of the case's SLA clocks ran out.
    pub breached: bool,
    /// Moved to a higher tier at least once.
    pub escalated: bool,
    /// Reopened by the customer at least once.
    pub reopened: bool,
    /// The customer's rating (1 to 5), if they gave one.
    pub rating: Option<u8>,
    /// Hours from raised to our first update, if there was one.
    pub first_reply_hours: Option<f64>,
    /// Hours from raised to first solved, if it was.
    pub resolution_hours: Option<f64>,
    /// The tiers it went through and how long it stayed in each
    /// (`tiers::stays`).
    pub stays: Vec<TierStay>,
}

/// Which cases behind a number a report lists: a group of the grouping
/// asked for, a path through the tiers, the cases that visited a tier, the
/// repeats of a root cause or of an account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Drill {
    #[default]
    Group,
    Path,
    Tier,
    Cause,
    Account,
}

impl Drill {
    pub const ALL: [Drill; 5] = [
        Drill::Group,
        Drill::Path,
        Drill::Tier,
        Drill::Cause,
        Drill::Account,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Drill::Group => "group",
            Drill::Path => "path",
            Drill::Tier => "tier",
            Drill::Cause => "cause",
            Drill::Account => "account",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == raw.trim())
    }
}

/// The group a case falls in: teams and accounts as stored, with a name
/// for "none" so every case is counted somewhere.
pub fn group_of(fact: &CaseFact, by: ReportBy) -> String {
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
pub fn sla_attainment(facts: &[CaseFact], by: ReportBy) -> Vec<SlaRow> {
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

/// One row of the outcomes table: how cases went, per group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRow {
    pub key: String,
    pub total: u64,
    pub escalated: u64,
    pub escalation_rate: f64,
    pub reopened: u64,
    pub reopen_rate: f64,
    /// Cases the customer rated, and the share rated 4 or 5 (CSAT).
    pub rated: u64,
    pub csat: Option<f64>,
    pub first_reply_median_hours: Option<f64>,
    pub first_reply_p90_hours: Option<f64>,
    pub resolution_median_hours: Option<f64>,
    pub resolution_p90_hours: Option<f64>,
}

/// Escalation and reopen rates, CSAT and times to reply and to resolve
/// (median and 90th percentile) per group, groups in order of their keys.
pub fn outcomes(facts: &[CaseFact], by: ReportBy) -> Vec<OutcomeRow> {
    let mut groups: std::collections::BTreeMap<String, Vec<&CaseFact>> = Default::default();
    for fact in facts {
        groups.entry(group_of(fact, by)).or_default().push(fact);
    }
    groups
        .into_iter()
        .map(|(key, cases)| outcome_row(key, &cases))
        .collect()
}

/// The outcomes of every case together, or `None` without cases.
pub fn overall(facts: &[CaseFact]) -> Option<OutcomeRow> {
    let cases: Vec<&CaseFact> = facts.iter().collect();
    (!cases.is_empty()).then(|| outcome_row("All cases".to_owned(), &cases))
}

fn outcome_row(key: String, cases: &[&CaseFact]) -> OutcomeRow {
    let total = cases.len() as u64;
    let count = |keep: &dyn Fn(&CaseFact) -> bool| cases.iter().filter(|c| keep(c)).count() as u64;
    let escalated = count(&|c| c.escalated);
    let reopened = count(&|c| c.reopened);
    let ratings: Vec<u8> = cases.iter().filter_map(|c| c.rating).collect();
    let happy = ratings.iter().filter(|r| **r >= 4).count();
    let hours = |pick: &dyn Fn(&CaseFact) -> Option<f64>| {
        let mut values: Vec<f64> = cases.iter().filter_map(|c| pick(c)).collect();
        values.sort_by(f64::total_cmp);
        values
    };
    let replies = hours(&|c| c.first_reply_hours);
    let resolutions = hours(&|c| c.resolution_hours);
    OutcomeRow {
        key,
        total,
        escalated,
        escalation_rate: escalated as f64 / total as f64,
        reopened,
        reopen_rate: reopened as f64 / total as f64,
        rated: ratings.len() as u64,
        csat: (!ratings.is_empty()).then(|| happy as f64 / ratings.len() as f64),
        first_reply_median_hours: percentile(&replies, 50),
        first_reply_p90_hours: percentile(&replies, 90),
        resolution_median_hours: percentile(&resolutions, 50),
        resolution_p90_hours: percentile(&resolutions, 90),
    }
}

/// The nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], p: u8) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (usize::from(p) * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
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

    fn fact(severity: &str, email: &str, team: Option<&str>, breached: bool) -> CaseFact {
        CaseFact {
            reference: format!("ESC-{severity}{breached}"),
            severity: severity.to_owned(),
            tier: "L1".to_owned(),
            team: team.map(str::to_owned),
            customer_email: email.to_owned(),
            breached,
            ..CaseFact::default()
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

    #[test]
    fn outcomes_count_rates_csat_and_percentiles() {
        let mut facts = vec![
            fact("S1", "a@n.example", None, false),
            fact("S1", "b@n.example", None, true),
        ];
        facts[0].escalated = true;
        facts[0].rating = Some(5);
        facts[1].rating = Some(2);
        facts[0].resolution_hours = Some(1.0);
        facts[1].resolution_hours = Some(9.0);
        let rows = outcomes(&facts, ReportBy::Severity);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].escalated, rows[0].rated), (1, 2));
        assert_eq!(rows[0].csat, Some(0.5));
        assert_eq!(rows[0].resolution_median_hours, Some(1.0));
        assert_eq!(rows[0].resolution_p90_hours, Some(9.0));
        assert_eq!(rows[0].first_reply_median_hours, None);
    }

    proptest! {
        #[test]
        fn percentiles_are_values_in_order(
            mut values in proptest::collection::vec(0.0f64..1000.0, 1..50),
        ) {
            values.sort_by(f64::total_cmp);
            let p50 = percentile(&values, 50).unwrap();
            let p90 = percentile(&values, 90).unwrap();
            prop_assert!(p50 <= p90);
            prop_assert!(values.contains(&p50) && values.contains(&p90));
            prop_assert_eq!(percentile(&values, 100), values.last().copied());
        }

        #[test]
        fn every_case_is_counted_once_whatever_the_grouping(
            cases in proptest::collection::vec((0u8..4, 0u8..3, any::<bool>(), any::<bool>()), 0..60),
            by in 0usize..4,
        ) {
            let facts: Vec<CaseFact> = cases
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
