//! Role cards and playbooks in force, kept with the other settings and
//! edited by ops; and the checklist an incident gets from its playbook.

use crate::domain::incident_playbook::PlaybookSettings;
use crate::domain::{FieldError, FieldErrors, StaffMember};
use crate::error::AppError;
use crate::service::{Portal, present};
use crate::store::{Conn, StoreError, sla_settings};
use crate::views::PlaybookPage;
use jiff::Timestamp;

/// The setting's name beside the SLA calendar, sponsors and RACI.
pub const PLAYBOOKS: &str = "incident_playbooks";

/// What configuring here means, for the refusal.
pub const CONFIGURING: &str = "change incident role cards and playbooks";

/// The settings in force: the saved ones, or Baton's shipped ones.
pub async fn settings(conn: &mut Conn) -> Result<PlaybookSettings, StoreError> {
    Ok(match sla_settings::get(conn, PLAYBOOKS).await? {
        Some(saved) => PlaybookSettings::from_json(&saved.source).unwrap_or_else(|error| {
            // Saving validates, so this is a hand-edited database.
            tracing::error!(%error, "the saved incident playbooks are broken; using the shipped ones");
            PlaybookSettings::default()
        }),
        None => PlaybookSettings::default(),
    })
}

pub fn parse(source: &str) -> Result<PlaybookSettings, AppError> {
    PlaybookSettings::from_json(source)
        .map_err(|e| AppError::Invalid(FieldErrors(vec![FieldError::new("json", &e)])))
}

/// The settings as JSON, and when they last changed.
pub async fn page(portal: &Portal, member: &StaffMember) -> Result<PlaybookPage, AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    let settings = settings(&mut conn).await?;
    let saved = sla_settings::get(&mut conn, PLAYBOOKS).await?;
    Ok(PlaybookPage {
        kinds: settings
            .playbooks
            .iter()
            .map(|p| (p.kind.clone(), p.name.clone(), p.tasks.len()))
            .collect(),
        json: settings.to_json(),
        updated: saved.map(|s| present::changed_label(&s, &portal.zone)),
    })
}

/// Puts new settings in force, with an audit record; every process reads
/// them from the database when it needs them.
pub async fn save(
    portal: &Portal,
    member: &StaffMember,
    settings: &PlaybookSettings,
    now: Timestamp,
) -> Result<(), AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut tx = portal.store.begin().await?;
    sla_settings::put(&mut tx, PLAYBOOKS, &settings.to_json(), &member.email, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(by = %member.email, "incident playbooks changed");
    Ok(())
}

/// The playbook a declaration names: none named is none; an unknown kind is
/// a mistake, named with the kinds there are.
pub fn chosen<'a>(
    settings: &'a PlaybookSettings,
    kind: Option<&str>,
) -> Result<Option<&'a crate::domain::incident_playbook::Playbook>, AppError> {
    let Some(kind) = kind.map(str::trim).filter(|k| !k.is_empty()) else {
        return Ok(None);
    };
    match settings.playbook(kind) {
        Some(playbook) => Ok(Some(playbook)),
        None => {
            let kinds = settings.kinds();
            let message = if kinds.is_empty() {
                "No playbooks are set up yet; leave the kind out.".to_owned()
            } else {
                format!("Choose one of: {}.", kinds.join(", "))
            };
            Err(FieldErrors(vec![FieldError::new("kind", &message)]).into())
        }
    }
}
