//! Reports for managers over a period: SLA attainment grouped by severity,
//! tier, team or account, with the cases behind every group.

use super::Portal;
use crate::domain::report::{self, CaseFact, ReportBy};
use crate::domain::{FieldError, FieldErrors};
use crate::error::AppError;
use crate::store::reports;
use crate::views::{ReportCase, SlaReport};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// The period a report covers when none is asked for.
const DEFAULT_DAYS: i64 = 30;
/// The longest period one report reads.
const MAX_DAYS: i64 = 366;

/// A report's question, as typed in a URL: `from` and `to` are dates
/// (`2026-11-01`, in the portal's zone; `to` counts whole) or instants
/// (RFC 3339); `by` one of severity, tier, team, account.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub by: Option<String>,
    /// A group whose cases to list.
    #[serde(default)]
    pub key: Option<String>,
}

/// The checked question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Timestamp,
    pub to: Timestamp,
    pub by: ReportBy,
}

pub fn parse(query: &ReportQuery, zone: &TimeZone, now: Timestamp) -> Result<Period, FieldErrors> {
    let mut errors = FieldErrors::default();
    let by = match query.by.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => ReportBy::default(),
        Some(raw) => ReportBy::parse(raw).unwrap_or_else(|| {
            errors.0.push(FieldError::new(
                "by",
                "Group by severity, tier, team or account.",
            ));
            ReportBy::default()
        }),
    };
    let mut instant = |field: &'static str, raw: &Option<String>, end: bool| {
        let raw = raw.as_deref().map(str::trim).filter(|r| !r.is_empty())?;
        match read_instant(raw, zone, end) {
            Some(at) => Some(at),
            None => {
                errors.0.push(FieldError::new(
                    field,
                    "Give a date like 2026-11-01, or a time like 2026-11-01T09:00:00Z.",
                ));
                None
            }
        }
    };
    let to = instant("to", &query.to, true);
    let from = instant("from", &query.from, false);
    let to = to.unwrap_or(now);
    let from = from.unwrap_or(to - SignedDuration::from_hours(24 * DEFAULT_DAYS));
    if errors.is_empty() {
        if from >= to {
            errors.0.push(FieldError::new(
                "from",
                "The period must start before it ends.",
            ));
        } else if to.duration_since(from) > SignedDuration::from_hours(24 * MAX_DAYS) {
            errors.0.push(FieldError::new(
                "from",
                "A report covers at most 366 days; choose a shorter period.",
            ));
        }
    }
    if errors.is_empty() {
        Ok(Period { from, to, by })
    } else {
        Err(errors)
    }
}

/// A date's start (or, for `end`, the next day's start) in `zone`, or an instant.
fn read_instant(raw: &str, zone: &TimeZone, end: bool) -> Option<Timestamp> {
    if let Ok(at) = raw.parse::<Timestamp>() {
        return Some(at);
    }
    let date: Date = raw.parse().ok()?;
    let date = if end { date.tomorrow().ok()? } else { date };
    date.to_zoned(zone.clone()).ok().map(|z| z.timestamp())
}

/// SLA attainment over the period; with a `key`, the cases of that group.
pub async fn sla(
    portal: &Portal,
    period: &Period,
    key: Option<&str>,
) -> Result<SlaReport, AppError> {
    let facts = {
        let mut conn = portal.store.read().await?;
        reports::case_facts(&mut conn, period.from, period.to).await?
    };
    let rows = report::sla_attainment(&facts, period.by);
    let outcomes = report::outcomes(&facts, period.by);
    let cases = key.map(|key| {
        facts
            .iter()
            .filter(|f| report::group_of(f, period.by) == key)
            .map(|f: &CaseFact| ReportCase {
                reference: f.reference.clone(),
                breached: f.breached,
            })
            .collect()
    });
    let zone = &portal.zone;
    let date = |at: Timestamp| at.to_zoned(zone.clone()).date().to_string();
    // `to` is exclusive: the last day shown is the one before it.
    let last_day = period.to - SignedDuration::from_millis(1);
    Ok(SlaReport {
        from: date(period.from),
        to: date(last_day),
        zone: super::present::zone_label(zone),
        by: period.by,
        rows,
        outcomes,
        key: key.map(str::to_owned),
        cases,
    })
}

/// The attainment table as CSV.
pub fn sla_csv(report: &SlaReport) -> String {
    let rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .map(|r| {
            vec![
                r.key.clone(),
                r.attained.to_string(),
                r.total.to_string(),
                format!("{:.4}", r.ratio),
            ]
        })
        .collect();
    report::csv(&[report.by.code(), "attained", "total", "ratio"], &rows)
}

/// The outcomes table as CSV; a time or CSAT with no data is empty.
pub fn outcomes_csv(report: &SlaReport) -> String {
    let number = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    let rows: Vec<Vec<String>> = report
        .outcomes
        .iter()
        .map(|r| {
            vec![
                r.key.clone(),
                r.total.to_string(),
                r.escalated.to_string(),
                format!("{:.4}", r.escalation_rate),
                r.reopened.to_string(),
                format!("{:.4}", r.reopen_rate),
                r.rated.to_string(),
                number(r.csat),
                number(r.first_reply_median_hours),
                number(r.first_reply_p90_hours),
                number(r.resolution_median_hours),
                number(r.resolution_p90_hours),
            ]
        })
        .collect();
    report::csv(
        &[
            report.by.code(),
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
        &rows,
    )
}

/// The cases behind one group as CSV.
pub fn cases_csv(report: &SlaReport) -> String {
    let rows: Vec<Vec<String>> = report
        .cases
        .iter()
        .flatten()
        .map(|c| vec![c.reference.clone(), c.breached.to_string()])
        .collect();
    report::csv(&["reference", "breached"], &rows)
}
