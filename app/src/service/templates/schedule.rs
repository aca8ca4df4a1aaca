//! Publishing at a later time. A scheduled version is validated like any
//! publish, so a broken template can never be scheduled; it goes live by
//! itself when its time comes (the live lookup compares with `now`), and
//! can be cancelled until then.

use super::studio::published_meanwhile;
use super::{CONFIGURING, StudioError};
use crate::domain::FieldErrors;
use crate::domain::StaffMember;
use crate::domain::template::{TemplateKey, check_publish_at, validate};
use crate::error::AppError;
use crate::service::Portal;
use crate::store::{StoreError, templates};
use jiff::Timestamp;

/// Saves `source` as a new version that goes live at `at`; returns its
/// number. Until then customers keep reading the version live now.
pub async fn schedule(
    portal: &Portal,
    member: &StaffMember,
    key: &TemplateKey,
    source: &str,
    at: Timestamp,
    now: Timestamp,
) -> Result<i64, StudioError> {
    member.require_configurer(CONFIGURING)?;
    validate(key.kind, key.channel, source).map_err(StudioError::Broken)?;
    let at = check_publish_at(at, now).map_err(|e| AppError::Invalid(FieldErrors(vec![e])))?;
    let mut tx = portal.store.begin().await?;
    let version = templates::insert_draft(&mut tx, key, source, member, None, now)
        .await
        .map_err(published_meanwhile)?;
    templates::schedule(&mut tx, key, version, at).await?;
    templates::audit(&mut tx, key, version, "scheduled", member, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.templates_changed();
    tracing::info!(template = %key, version, %at, staff = %member.email, "template scheduled");
    Ok(version)
}

/// Stops a scheduled version from going live; it stays as a draft. Once
/// its time has come it is live, and only a new publish replaces it.
pub async fn cancel_schedule(
    portal: &Portal,
    member: &StaffMember,
    key: &TemplateKey,
    version: i64,
    now: Timestamp,
) -> Result<(), StudioError> {
    member.require_configurer(CONFIGURING)?;
    let mut tx = portal.store.begin().await?;
    templates::cancel_schedule(&mut tx, key, version, now)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => StudioError::App(AppError::Conflict(format!(
                "Version {version} is not waiting to go live, so there is nothing to cancel."
            ))),
            other => other.into(),
        })?;
    templates::audit(&mut tx, key, version, "cancelled_schedule", member, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.templates_changed();
    tracing::info!(template = %key, version, staff = %member.email, "template schedule cancelled");
    Ok(())
}
