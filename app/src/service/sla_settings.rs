//! The SLA calendar and policies ops keep in the database. The sources are
//! TOML, parsed at the edge; this keeps who may change them and the record.

use super::Portal;
use crate::api::dto::SlaSettingsPage;
use crate::error::AppError;
use crate::store::staff::StaffMember;
use crate::store::{StoreError, sla_settings};
use jiff::Timestamp;

pub const CALENDAR: &str = "calendar";
pub const POLICIES: &str = "policies";

pub fn require_configurer(member: &StaffMember) -> Result<(), AppError> {
    super::authority::require_ops(member, "change the SLA calendar and policies")
}

/// The saved sources, for the console page.
pub async fn page(portal: &Portal, member: &StaffMember) -> Result<SlaSettingsPage, AppError> {
    require_configurer(member)?;
    let mut conn = portal.store.read().await?;
    let calendar = sla_settings::get(&mut conn, CALENDAR).await?;
    let policies = sla_settings::get(&mut conn, POLICIES).await?;
    let changes = sla_settings::change_count(&mut conn, CALENDAR).await?
        + sla_settings::change_count(&mut conn, POLICIES).await?;
    let updated = |s: &Option<sla_settings::SavedSetting>| {
        s.as_ref()
            .map(|s| super::views::changed_label(s, &portal.zone))
    };
    Ok(SlaSettingsPage {
        calendar_updated: updated(&calendar),
        policies_updated: updated(&policies),
        calendar_source: calendar.map(|s| s.source).unwrap_or_default(),
        policies_source: policies.map(|s| s.source).unwrap_or_default(),
        changes,
    })
}

/// Saves a source that the edge has already parsed and checked.
pub async fn save(
    portal: &Portal,
    member: &StaffMember,
    name: &str,
    source: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    require_configurer(member)?;
    let mut tx = portal.store.begin().await?;
    sla_settings::put(&mut tx, name, source, &member.email, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(setting = name, by = %member.email, "SLA setting changed");
    Ok(())
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
