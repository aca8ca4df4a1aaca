//! The weekly digest: every Monday from 07:00 in the portal's zone, the
//! past week's reports in brief, emailed to every manager from the
//! `weekly_digest` template. The week is claimed in the database, so it goes
//! out once however many processes run this.

use super::reports::{self, Period};
use super::{Portal, templates};
use crate::domain::report::{Drill, ReportBy};
use crate::domain::template::{TemplateContext, TemplateKind};
use crate::error::AppError;
use crate::store::StoreError;
use crate::store::digests;
use crate::store::outbox::{self, Delivery, Route};
use crate::views::ReportPage;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

/// The hour on Monday, in the portal's zone, from which last week's digest
/// is due.
const SEND_HOUR: i8 = 7;

/// The last whole week before `now`: Monday to Monday in `zone`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    pub monday: Date,
    pub from: Timestamp,
    pub to: Timestamp,
    /// When its digest is due.
    pub due: Timestamp,
}

pub fn last_week(now: Timestamp, zone: &TimeZone) -> Option<Week> {
    let today = now.to_zoned(zone.clone()).date();
    let back = i64::from(today.weekday().to_monday_zero_offset());
    let this_monday = today.checked_sub(Span::new().days(back)).ok()?;
    let monday = this_monday.checked_sub(Span::new().days(7)).ok()?;
    let start = |date: Date| date.to_zoned(zone.clone()).ok().map(|z| z.timestamp());
    Some(Week {
        monday,
        from: start(monday)?,
        to: start(this_monday)?,
        due: this_monday
            .at(SEND_HOUR, 0, 0, 0)
            .to_zoned(zone.clone())
            .ok()?
            .timestamp(),
    })
}

/// Sends last week's digest if it is due and no process has sent it:
/// how many managers it went to.
pub async fn send_due(portal: &Portal, now: Timestamp) -> Result<usize, AppError> {
    if !portal.notify.email {
        return Ok(0);
    }
    let Some(week) = last_week(now, &portal.zone) else {
        return Ok(0);
    };
    let key = week.monday.to_string();
    if now < week.due || digests::sent(&mut *portal.store.read().await?, &key).await? {
        return Ok(0);
    }
    let period = Period {
        from: week.from,
        to: week.to,
        by: ReportBy::Severity,
        drill: Drill::Group,
        key: None,
    };
    let page = reports::page(portal, &period, now).await?;
    let context = context(&page, &week, &portal.notify.public_url).map_err(|error| {
        tracing::error!(%error, "digest placeholders are out of step with the template");
        AppError::Unexpected
    })?;
    let (subject, message) =
        templates::render_email(portal, TemplateKind::WeeklyDigest, &context, now).await;
    let mut tx = portal.store.begin().await?;
    let managers = digests::managers(&mut tx).await?;
    if !digests::claim(&mut tx, &key, managers.len(), now).await? {
        return Ok(0);
    }
    for email in &managers {
        let delivery = Delivery {
            case_id: None,
            route: Route::Email,
            kind: TemplateKind::WeeklyDigest.code().to_owned(),
            recipient: email.clone(),
            subject: subject.clone(),
            message: message.clone(),
            unsubscribe_url: String::new(),
        };
        outbox::enqueue(&mut tx, &delivery, now).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(managers.len())
}

/// The digest's placeholders from the week's reports.
pub fn context(
    page: &ReportPage,
    week: &Week,
    public_url: &str,
) -> Result<TemplateContext, crate::domain::template::TemplateError> {
    let share = |v: f64| format!("{:.0}%", v * 100.0);
    let hours = |median: Option<f64>, p90: Option<f64>| match (median, p90) {
        (Some(m), Some(p)) => format!("median {m:.1} h, 90% within {p:.1} h"),
        _ => "no data".to_owned(),
    };
    let total: u64 = page.rows.iter().map(|r| r.total).sum();
    let attained: u64 = page.rows.iter().map(|r| r.attained).sum();
    let overall = page.overall.as_ref();
    let day = |date: Date| date.strftime("%a %-d %b").to_string();
    let sunday = week
        .monday
        .checked_add(Span::new().days(6))
        .unwrap_or(week.monday);
    let slowest = page
        .time_in_tier
        .iter()
        .filter_map(|t| t.median_hours.map(|m| (m, &t.tier)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(
            || "no data".to_owned(),
            |(m, tier)| format!("{tier} (median {m:.1} h)"),
        );
    let repeats = if page.repeat_causes.iter().all(|r| r.repeats == 0) {
        "none".to_owned()
    } else {
        page.repeat_causes
            .iter()
            .filter(|r| r.repeats > 0)
            .map(|r| format!("{}: {}", r.key, r.repeats))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let prevented: f64 = page.prevented.iter().map(|w| w.prevented).sum::<f64>() + 0.0;
    TemplateContext::new(TemplateKind::WeeklyDigest)
        .with(
            "period",
            format!("{} to {} {}", day(week.monday), day(sunday), sunday.year()),
        )?
        .with("cases", total.to_string())?
        .with(
            "attainment",
            if total == 0 {
                "no cases".to_owned()
            } else {
                format!(
                    "{} ({attained} of {total})",
                    share(attained as f64 / total as f64)
                )
            },
        )?
        .with(
            "escalation_rate",
            overall.map_or_else(|| "no cases".to_owned(), |o| share(o.escalation_rate)),
        )?
        .with(
            "reopen_rate",
            overall.map_or_else(|| "no cases".to_owned(), |o| share(o.reopen_rate)),
        )?
        .with(
            "csat",
            overall
                .and_then(|o| {
                    o.csat
                        .map(|c| format!("{} of {} ratings", share(c), o.rated))
                })
                .unwrap_or_else(|| "no ratings".to_owned()),
        )?
        .with(
            "first_reply",
            overall.map_or_else(
                || "no data".to_owned(),
                |o| hours(o.first_reply_median_hours, o.first_reply_p90_hours),
            ),
        )?
        .with(
            "resolution",
            overall.map_or_else(
                || "no data".to_owned(),
                |o| hours(o.resolution_median_hours, o.resolution_p90_hours),
            ),
        )?
        .with("slowest_tier", slowest)?
        .with("repeats", repeats)?
        .with("prevented", format!("about {prevented:.1}"))?
        .with(
            "report_url",
            format!(
                "{public_url}/staff/reports?from={}&to={}",
                week.monday, sunday
            ),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_week_runs_monday_to_monday_in_the_portal_s_zone() {
        let zone = TimeZone::get("Europe/Berlin").unwrap();
        // Wednesday 9 December 2026, 12:00 in Berlin.
        let now: Timestamp = "2026-12-09T11:00:00Z".parse().unwrap();
        let week = last_week(now, &zone).unwrap();
        assert_eq!(week.monday.to_string(), "2026-11-30");
        assert_eq!(week.from.to_string(), "2026-11-29T23:00:00Z");
        assert_eq!(week.to.to_string(), "2026-12-06T23:00:00Z");
        assert_eq!(week.due.to_string(), "2026-12-07T06:00:00Z");
        // On Monday itself, the week that just ended.
        let monday: Timestamp = "2026-12-07T05:00:00Z".parse().unwrap();
        assert_eq!(last_week(monday, &zone).unwrap().monday, week.monday);
    }
}
