//! Reports for managers over a period: SLA attainment and outcomes grouped
//! by severity, tier, team or account, time in each tier and the paths
//! through the tiers, repeat escalations, prevented escalations and rule
//! firings, with the cases behind every number.

pub mod tables;

use super::Portal;
use crate::domain::report::{self, CaseFact, Drill, ReportBy, Reviewed, repeats, tiers};
use crate::domain::{FieldError, FieldErrors};
use crate::error::AppError;
use crate::store::{Conn, StoreError, reports, reviews, rules};
use crate::views::{ReportCase, ReportPage, RuleFiringCount};
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
    /// A group (path, tier, root cause, account) whose cases to list.
    #[serde(default)]
    pub key: Option<String>,
    /// What `key` names: group (of `by`, the default), path, tier, cause
    /// or account.
    #[serde(default)]
    pub what: Option<String>,
}

/// The checked question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Timestamp,
    pub to: Timestamp,
    pub by: ReportBy,
    pub drill: Drill,
    pub key: Option<String>,
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
    let drill = match query
        .what
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        None => Drill::default(),
        Some(raw) => Drill::parse(raw).unwrap_or_else(|| {
            errors.0.push(FieldError::new(
                "what",
                "List the cases of a group, path, tier, cause or account.",
            ));
            Drill::default()
        }),
    };
    let key = query
        .key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned);
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
        Ok(Period {
            from,
            to,
            by,
            drill,
            key,
        })
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

/// How far back the repeats report looks for reviews a case may repeat.
const REVIEWS_DAYS: i64 = 365;

/// Every report over the period; with a `key`, the cases behind it.
pub async fn page(
    portal: &Portal,
    period: &Period,
    now: Timestamp,
) -> Result<ReportPage, AppError> {
    let mut conn = portal.store.read().await?;
    let facts = reports::case_facts(&mut conn, period.from, period.to).await?;
    let reviewed = reviewed_before(&mut conn, period, now).await?;
    let firings = firing_counts(&mut conn, period).await?;
    let prevented = super::early_warning::prevented_since(portal, &mut conn, period.from, now)
        .await?
        .into_iter()
        .filter(|w| {
            let start = w.week.to_zoned(portal.zone.clone()).map(|z| z.timestamp());
            start.is_ok_and(|start| start < period.to)
        })
        .collect();
    drop(conn);
    let repeat_causes = repeats::by_cause(&facts, &reviewed);
    let repeat_accounts = repeats::by_account(&facts);
    let cases = period.key.as_deref().map(|key| {
        let listed = |references: &[String]| -> Vec<ReportCase> {
            facts
                .iter()
                .filter(|f| references.contains(&f.reference))
                .map(report_case)
                .collect()
        };
        let pick = |keep: &dyn Fn(&CaseFact) -> bool| -> Vec<ReportCase> {
            facts.iter().filter(|f| keep(f)).map(report_case).collect()
        };
        let of_row = |rows: &[report::RepeatRow]| {
            rows.iter()
                .find(|r| r.key == key)
                .map(|r| listed(&r.cases))
                .unwrap_or_default()
        };
        match period.drill {
            Drill::Group => pick(&|f| report::group_of(f, period.by) == key),
            Drill::Path => pick(&|f| tiers::path_of(f) == key),
            Drill::Tier => pick(&|f| tiers::visited(f, key)),
            Drill::Cause => of_row(&repeat_causes),
            Drill::Account => of_row(&repeat_accounts),
        }
    });
    let zone = &portal.zone;
    let date = |at: Timestamp| at.to_zoned(zone.clone()).date().to_string();
    // `to` is exclusive: the last day shown is the one before it.
    let last_day = period.to - SignedDuration::from_millis(1);
    Ok(ReportPage {
        from: date(period.from),
        to: date(last_day),
        zone: super::present::zone_label(zone),
        by: period.by,
        rows: report::sla_attainment(&facts, period.by),
        outcomes: report::outcomes(&facts, period.by),
        overall: report::overall(&facts),
        time_in_tier: tiers::time_in_tier(&facts),
        paths: tiers::paths(&facts),
        repeat_causes,
        repeat_accounts,
        prevented,
        prevented_method: crate::domain::risk::METHOD.to_owned(),
        rule_firings: firings,
        drill: period.drill,
        key: period.key.clone(),
        cases,
    })
}

fn report_case(fact: &CaseFact) -> ReportCase {
    ReportCase {
        reference: fact.reference.clone(),
        breached: fact.breached,
    }
}

/// Reviews written in the year before the period's end (and before now),
/// with their root cause's label.
async fn reviewed_before(
    conn: &mut Conn,
    period: &Period,
    now: Timestamp,
) -> Result<Vec<Reviewed>, StoreError> {
    let end = period.to.min(now);
    let since = end - SignedDuration::from_hours(24 * REVIEWS_DAYS);
    let written = reviews::written_since(conn, since, 500).await?;
    let settings = super::reviews::settings(conn).await?;
    Ok(written
        .into_iter()
        .filter_map(|r| {
            let written_at = r.written_at.filter(|at| *at < end)?;
            let cause = r.root_cause.as_deref().filter(|c| !c.is_empty())?;
            Some(Reviewed {
                root_cause: settings.label(cause).to_owned(),
                reference: r.reference,
                subject: r.subject,
                customer_email: r.customer_email,
                written_at,
            })
        })
        .collect())
}

async fn firing_counts(
    conn: &mut Conn,
    period: &Period,
) -> Result<Vec<RuleFiringCount>, StoreError> {
    let mut out: Vec<RuleFiringCount> = Vec::new();
    for (rule, mode, count) in rules::firing_counts(conn, period.from, period.to).await? {
        let count = u64::try_from(count).unwrap_or_default();
        if out.last().is_none_or(|last| last.rule != rule) {
            out.push(RuleFiringCount {
                rule,
                shadow: 0,
                active: 0,
            });
        }
        let last = out.last_mut().expect("pushed");
        if mode == "active" {
            last.active += count;
        } else {
            last.shadow += count;
        }
    }
    Ok(out)
}
