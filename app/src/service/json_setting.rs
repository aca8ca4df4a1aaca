//! Settings kept as one JSON document each (the review policy, the desk's
//! signals): read with Baton's defaults when unset or unreadable, saved by
//! ops and admins with who and when, like every setting.

use super::Portal;
use crate::domain::StaffMember;
use crate::error::AppError;
use crate::store::{Conn, StoreError, sla_settings};
use jiff::Timestamp;

/// A setting stored as JSON under `KEY`.
pub trait JsonSetting: Default + Sized {
    const KEY: &'static str;
    /// What changing it means, for the refusal of someone who may not.
    const CONFIGURING: &'static str;
    fn from_json(text: &str) -> Result<Self, String>;
    fn to_json(&self) -> String;
}

/// The saved setting, or the default (logged) when it cannot be read.
pub async fn load<T: JsonSetting>(conn: &mut Conn) -> Result<T, StoreError> {
    Ok(match sla_settings::get(conn, T::KEY).await? {
        Some(saved) => T::from_json(&saved.source).unwrap_or_else(|error| {
            tracing::error!(%error, key = T::KEY, "a saved setting is broken; using Baton's own");
            T::default()
        }),
        None => T::default(),
    })
}

pub async fn current<T: JsonSetting>(portal: &Portal) -> Result<T, AppError> {
    let mut conn = portal.store.read().await?;
    Ok(load(&mut conn).await?)
}

/// Saves a checked setting; only members who may configure.
pub async fn save<T: JsonSetting>(
    portal: &Portal,
    member: &StaffMember,
    value: &T,
    now: Timestamp,
) -> Result<(), AppError> {
    member.require_configurer(T::CONFIGURING)?;
    let mut tx = portal.store.begin().await?;
    sla_settings::put(&mut tx, T::KEY, &value.to_json(), &member.email, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(by = %member.email, key = T::KEY, "setting changed");
    Ok(())
}
