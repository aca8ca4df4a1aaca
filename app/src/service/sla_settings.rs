//! The SLA calendar and policies ops keep in the database. The sources are
//! TOML, parsed at the edge; this keeps who may change them and the record.

use super::Portal;
use crate::domain::StaffMember;
use crate::domain::ladder::TierLadder;
use crate::domain::sla::SlaRules;
use crate::domain::{FieldError, FieldErrors};
use crate::error::AppError;
use crate::store::{Conn, cases, staff};
use crate::store::{StoreError, sla_settings};
use crate::views::SlaSettingsPage;
use jiff::Timestamp;

pub const CALENDAR: &str = "calendar";
pub const POLICIES: &str = "policies";

/// What configuring here means, for the refusal.
pub const CONFIGURING: &str = "change the SLA calendar and policies";

/// The saved sources, for the console page.
pub async fn page(portal: &Portal, member: &StaffMember) -> Result<SlaSettingsPage, AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    let calendar = sla_settings::get(&mut conn, CALENDAR).await?;
    let policies = sla_settings::get(&mut conn, POLICIES).await?;
    let changes = sla_settings::change_count(&mut conn, CALENDAR).await?
        + sla_settings::change_count(&mut conn, POLICIES).await?;
    let updated = |s: &Option<sla_settings::SavedSetting>| {
        s.as_ref()
            .map(|s| super::present::changed_label(s, &portal.zone))
    };
    Ok(SlaSettingsPage {
        calendar_updated: updated(&calendar),
        policies_updated: updated(&policies),
        calendar_source: calendar.map(|s| s.source).unwrap_or_default(),
        policies_source: policies.map(|s| s.source).unwrap_or_default(),
        changes,
    })
}

/// Saves a source that the edge has already parsed and checked into
/// `rules`. New policies may not drop a tier that open cases or staff are
/// still at: they would be stranded outside the ladder.
pub async fn save(
    portal: &Portal,
    member: &StaffMember,
    name: &str,
    source: &str,
    rules: &SlaRules,
    now: Timestamp,
) -> Result<(), AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut tx = portal.store.begin().await?;
    if name == POLICIES {
        keeps_tiers_in_use(&mut tx, &rules.tiers).await?;
    }
    sla_settings::put(&mut tx, name, source, &member.email, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(setting = name, by = %member.email, "SLA setting changed");
    Ok(())
}

/// The saved source of `name`, if ops saved one.
pub async fn saved(portal: &Portal, name: &str) -> Result<Option<String>, AppError> {
    let mut conn = portal.store.read().await?;
    Ok(sla_settings::get(&mut conn, name).await?.map(|s| s.source))
}

/// Saves a source on start-up when none is saved yet; returns the one in force.
pub async fn seed(
    portal: &Portal,
    name: &str,
    source: &str,
    now: Timestamp,
) -> Result<String, AppError> {
    let mut tx = portal.store.begin().await?;
    if let Some(saved) = sla_settings::get(&mut tx, name).await? {
        return Ok(saved.source);
    }
    sla_settings::put(&mut tx, name, source, "start-up", now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(source.to_owned())
}

async fn keeps_tiers_in_use(conn: &mut Conn, ladder: &TierLadder) -> Result<(), AppError> {
    let stranded = |rows: Vec<(String, i64)>| -> Vec<(String, i64)> {
        rows.into_iter()
            .filter(|(code, _)| !ladder.holds(code))
            .collect()
    };
    let cases = stranded(cases::open_by_tier(conn).await?);
    let members = stranded(staff::placed_by_tier(conn).await?);
    let Some(code) = cases.iter().chain(&members).map(|(c, _)| c.clone()).next() else {
        return Ok(());
    };
    let count =
        |rows: &[(String, i64)]| rows.iter().find(|(c, _)| *c == code).map_or(0, |(_, n)| *n);
    let message = format!(
        "The ladder no longer has {code}, but {} open case(s) and {} member(s) of staff are there. \
         Move them to another tier first, or keep {code} in the ladder.",
        count(&cases),
        count(&members)
    );
    Err(AppError::Invalid(FieldErrors(vec![FieldError::new(
        "source", &message,
    )])))
}
