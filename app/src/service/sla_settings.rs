//! The SLA calendar and policies ops keep in the database: the one place
//! that parses, checks, saves, loads and puts them in force, for the
//! console, the admin API, the CLI and start-up alike. The sources are TOML
//! (see `files`).

mod files;

pub use files::{
    OPEN_AROUND_THE_CLOCK, SourceError, parse_calendar, parse_policies, policies_toml,
};

use super::{Portal, SlaSettings};
use crate::domain::BusinessCalendar;
use crate::domain::StaffMember;
use crate::domain::ladder::TierLadder;
use crate::domain::sla::SlaRules;
use crate::domain::{FieldError, FieldErrors};
use crate::error::AppError;
use crate::store::{Conn, cases, staff};
use crate::store::{StoreError, sla_settings};
use crate::views::SlaSettingsPage;
use jiff::Timestamp;
use std::sync::Arc;

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

/// One of the settings ops edit as a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaFile {
    Calendar,
    Policies,
}

impl SlaFile {
    /// `calendar` or `policies`, as in URLs and the database; else `None`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            CALENDAR => Some(SlaFile::Calendar),
            POLICIES => Some(SlaFile::Policies),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SlaFile::Calendar => CALENDAR,
            SlaFile::Policies => POLICIES,
        }
    }
}

/// Why a setting was not saved: its source does not parse (with the line),
/// or anything else (not allowed, a tier still in use, storage).
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{0}")]
    Source(SourceError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "Line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The settings in force with `source` put in for `file`; an error naming
/// the line for a bad source.
pub fn check(
    current: SlaSettings,
    file: SlaFile,
    source: &str,
) -> Result<SlaSettings, SourceError> {
    Ok(match file {
        SlaFile::Calendar => SlaSettings {
            calendar: Arc::new(parse_calendar(source)?),
            ..current
        },
        SlaFile::Policies => SlaSettings {
            rules: parse_policies(source)?,
            ..current
        },
    })
}

/// Parses and checks `source`, saves it, and puts it in force here and (by
/// a change notice) in every other process. New policies may not drop a
/// tier that open cases or staff are still at: they would be stranded
/// outside the ladder.
pub async fn save(
    portal: &Portal,
    member: &StaffMember,
    file: SlaFile,
    source: &str,
    now: Timestamp,
) -> Result<(), SaveError> {
    member
        .require_configurer(CONFIGURING)
        .map_err(AppError::from)?;
    let settings = check(portal.settings(), file, source).map_err(SaveError::Source)?;
    let mut tx = portal.store.begin().await.map_err(AppError::from)?;
    if file == SlaFile::Policies {
        keeps_tiers_in_use(&mut tx, &settings.rules.tiers).await?;
    }
    sla_settings::put(&mut tx, file.name(), source, &member.email, now)
        .await
        .map_err(AppError::from)?;
    tx.commit()
        .await
        .map_err(|e| AppError::from(StoreError::from(e)))?;
    tracing::info!(setting = file.name(), by = %member.email, "SLA setting changed");
    portal.set_settings(settings);
    Ok(())
}

/// Saves new rules (the ladder grid) as the policies file, through `save`.
pub async fn save_rules(
    portal: &Portal,
    member: &StaffMember,
    rules: &SlaRules,
    now: Timestamp,
) -> Result<(), AppError> {
    let source = policies_toml(rules);
    save(portal, member, SlaFile::Policies, &source, now)
        .await
        .map_err(|error| match error {
            // Rules written by Baton itself read back; this would be a bug.
            SaveError::Source(source) => {
                tracing::error!(%source, "written policies do not read back");
                AppError::Unexpected
            }
            SaveError::App(error) => error,
        })
}

/// The setting in force as a file: the calendar as ops wrote it, the
/// policies as TOML. `None` while no calendar is saved.
pub async fn export(portal: &Portal, file: SlaFile) -> Result<Option<String>, AppError> {
    Ok(match file {
        SlaFile::Calendar => saved(portal, CALENDAR).await?,
        SlaFile::Policies => Some(policies_toml(&portal.rules())),
    })
}

/// Puts the saved settings in force at start-up. An empty database is
/// seeded first with `initial_calendar` (already read from BATON_CALENDAR,
/// or none: open around the clock) and the default policies. Returns the
/// calendar in force.
pub async fn load(
    portal: &Portal,
    initial_calendar: Option<String>,
    now: Timestamp,
) -> Result<BusinessCalendar, String> {
    let seed = |name, source: String| async move {
        seed(portal, name, &source, now)
            .await
            .map_err(|e| e.to_string())
    };
    let calendar = seed(
        CALENDAR,
        initial_calendar.unwrap_or_else(|| OPEN_AROUND_THE_CLOCK.to_owned()),
    )
    .await?;
    let policies = seed(POLICIES, policies_toml(&portal.rules())).await?;
    let (settings, calendar) = parse_saved(&calendar, &policies)?;
    portal.set_settings(settings);
    Ok(calendar)
}

/// Reads the saved settings again and puts them in force in this process
/// only: another process of the cluster saved them.
pub async fn reload(portal: &Portal) -> Result<(), String> {
    let saved = |name| async move {
        saved(portal, name)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no saved {name}"))
    };
    let calendar = saved(CALENDAR).await?;
    let policies = saved(POLICIES).await?;
    let (settings, _) = parse_saved(&calendar, &policies)?;
    portal.apply_settings(settings);
    Ok(())
}

/// Puts the saved policies (and with them the tier ladder) in force, for a
/// command-line tool that needs the ladder but runs no SLA clock.
pub async fn load_policies(portal: &Portal) -> Result<(), String> {
    if let Some(source) = saved(portal, POLICIES).await.map_err(|e| e.to_string())? {
        // The server refuses to start on broken policies; so does this.
        let rules = parse_policies(&source)
            .map_err(|e| format!("the saved SLA policies: {}", e.message))?;
        portal.apply_settings(SlaSettings {
            rules,
            ..portal.settings()
        });
    }
    Ok(())
}

/// The settings in force from their saved sources.
fn parse_saved(
    calendar_source: &str,
    policies_source: &str,
) -> Result<(SlaSettings, BusinessCalendar), String> {
    let calendar = parse_calendar(calendar_source)
        .map_err(|e| format!("the saved business calendar: {}", e.message))?;
    let rules = parse_policies(policies_source)
        .map_err(|e| format!("the saved SLA policies: {}", e.message))?;
    let settings = SlaSettings {
        calendar: Arc::new(calendar.clone()),
        rules,
    };
    Ok((settings, calendar))
}

/// The saved source of `name`, if ops saved one.
async fn saved(portal: &Portal, name: &str) -> Result<Option<String>, AppError> {
    let mut conn = portal.store.read().await?;
    Ok(sla_settings::get(&mut conn, name).await?.map(|s| s.source))
}

/// Saves a source on start-up when none is saved yet; returns the one in force.
async fn seed(
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
