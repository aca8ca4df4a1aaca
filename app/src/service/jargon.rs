//! The internal words customer templates are checked against. Support ops
//! edit the list; it starts as the one in shared/VOICE.md.

use super::Portal;
use super::templates::CONFIGURING;
use crate::domain::StaffMember;
use crate::domain::template::JargonList;
use crate::domain::{FieldError, FieldErrors};
use crate::error::AppError;
use crate::store::{StoreError, sla_settings};
use crate::views::JargonPage;
use jiff::Timestamp;

/// Kept beside the SLA settings, with their audit trail.
pub const JARGON: &str = "jargon";

/// The list in force: the saved one, or the default.
pub async fn list(portal: &Portal) -> JargonList {
    let saved = match portal.store.read().await {
        Ok(mut conn) => sla_settings::get(&mut conn, JARGON).await,
        Err(error) => Err(error),
    };
    match saved {
        Ok(Some(saved)) => JargonList::parse_text(&saved.source).unwrap_or_else(|error| {
            // Saving checks the text, so this is a hand-edited database.
            tracing::error!(line = error.line, message = %error.message, "the saved jargon list is broken");
            JargonList::default()
        }),
        Ok(None) => JargonList::default(),
        Err(error) => {
            tracing::error!(%error, "cannot read the jargon list; using the default");
            JargonList::default()
        }
    }
}

pub async fn page(portal: &Portal, member: &StaffMember) -> Result<JargonPage, AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    let saved = sla_settings::get(&mut conn, JARGON).await?;
    let source = match &saved {
        Some(saved) => saved.source.clone(),
        None => JargonList::default().to_text(),
    };
    Ok(JargonPage {
        words: JargonList::parse_text(&source).map_or(0, |l| l.0.len()),
        source,
        updated: saved.map(|s| super::present::changed_label(&s, &portal.zone)),
    })
}

/// Checks and saves the list; a mistake names its line and saves nothing.
pub async fn save(
    portal: &Portal,
    member: &StaffMember,
    source: &str,
    now: Timestamp,
) -> Result<JargonList, AppError> {
    member.require_configurer(CONFIGURING)?;
    let list = JargonList::parse_text(source).map_err(|e| {
        AppError::Invalid(FieldErrors(vec![FieldError::new(
            "source",
            &format!("Line {}: {}", e.line, e.message),
        )]))
    })?;
    let mut tx = portal.store.begin().await?;
    sla_settings::put(&mut tx, JARGON, &list.to_text(), &member.email, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(by = %member.email, words = list.0.len(), "jargon list changed");
    Ok(list)
}
