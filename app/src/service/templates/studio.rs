//! The studio's acts: list, preview, save, publish, roll back, and one
//! template's editor. Publishing validates first, so a broken template is
//! never live.

use super::{CONFIGURING, StudioError};
use crate::domain::StaffMember;
use crate::domain::template::{
    DiffLine, JargonList, Locale, TemplateChannel, TemplateError, TemplateKey, TemplateKind,
    VersionStatus, all_defaults, default_template, highlight_html, line_diff, validate,
};
use crate::domain::wording;
use crate::error::AppError;
use crate::service::{Portal, present};
use crate::store::StoreError;
use crate::store::templates;
use crate::views::{
    AuditView, DiffLineView, PlaceholderView, PreviewView, TemplateEditor, TemplateProblem,
    TemplateSummary, VersionDiff, VersionView, WarningView,
};
use jiff::Timestamp;
use std::collections::BTreeMap;

impl From<&TemplateError> for TemplateProblem {
    fn from(error: &TemplateError) -> Self {
        TemplateProblem {
            code: error.code.as_str().to_owned(),
            message: error.message.clone(),
            line: error.line,
        }
    }
}

/// Every template: each shipped default and each locale ops added, with its
/// version live at `now` (none while the default is used).
pub async fn list(
    portal: &Portal,
    member: &StaffMember,
    now: Timestamp,
) -> Result<Vec<TemplateSummary>, AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    let live = templates::all_live(&mut conn, now).await?;
    let mut rows: BTreeMap<TemplateKey, Option<(i64, String)>> = all_defaults()
        .filter_map(|t| Locale::parse(t.locale).map(|l| TemplateKey::new(t.kind, t.channel, l)))
        .map(|key| (key, None))
        .collect();
    for version in live {
        rows.insert(version.key, Some((version.version, version.author_name)));
    }
    Ok(rows
        .into_iter()
        .map(|(key, live)| TemplateSummary {
            kind: key.kind.code().to_owned(),
            channel: key.channel.code().to_owned(),
            locale: key.locale.as_str().to_owned(),
            placeholders: key
                .kind
                .placeholders()
                .iter()
                .map(|p| p.name.to_owned())
                .collect(),
            version: live.as_ref().map(|(v, _)| *v),
            edited_by: live.map(|(_, by)| by),
        })
        .collect())
}

/// Validates a source, renders it with the example values and checks its
/// words against shared/VOICE.md. Saves nothing.
pub fn preview(
    member: &StaffMember,
    kind: TemplateKind,
    channel: TemplateChannel,
    source: &str,
    jargon: &JargonList,
) -> Result<PreviewView, StudioError> {
    member.require_configurer(CONFIGURING)?;
    let validated = validate(kind, channel, source).map_err(StudioError::Broken)?;
    Ok(PreviewView {
        rendered: validated.example_text(),
        warnings: validated
            .warnings(jargon)
            .into_iter()
            .map(|w| WarningView {
                code: w.code.as_str().to_owned(),
                message: w.message,
            })
            .collect(),
    })
}

/// Saves `source` as a new version and makes it live; returns its number.
/// A source that does not validate is refused and nothing changes.
pub async fn publish(
    portal: &Portal,
    member: &StaffMember,
    key: &TemplateKey,
    source: &str,
    now: Timestamp,
) -> Result<i64, StudioError> {
    member.require_configurer(CONFIGURING)?;
    validate(key.kind, key.channel, source).map_err(StudioError::Broken)?;
    let mut tx = portal.store.begin().await?;
    let version = templates::insert_draft(&mut tx, key, source, member, None, now)
        .await
        .map_err(published_meanwhile)?;
    templates::publish(&mut tx, key, version, now)
        .await
        .map_err(published_meanwhile)?;
    templates::audit(&mut tx, key, version, "published", member, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.templates_changed();
    tracing::info!(template = %key, version, staff = %member.email, "template published");
    Ok(version)
}

/// Saves `source` as a new draft version without changing what customers
/// read; returns its number. Drafts may be unfinished, but a broken one is
/// refused when someone publishes it.
pub async fn save_draft(
    portal: &Portal,
    member: &StaffMember,
    key: &TemplateKey,
    source: &str,
    now: Timestamp,
) -> Result<i64, StudioError> {
    member.require_configurer(CONFIGURING)?;
    let mut tx = portal.store.begin().await?;
    let version = templates::insert_draft(&mut tx, key, source, member, None, now)
        .await
        .map_err(published_meanwhile)?;
    templates::audit(&mut tx, key, version, "saved_draft", member, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.templates_changed();
    Ok(version)
}

/// Publishes an older version (or a draft) again, as a new version copying
/// its source. It is validated again: the rules may have tightened since.
pub async fn roll_back(
    portal: &Portal,
    member: &StaffMember,
    key: &TemplateKey,
    to_version: i64,
    now: Timestamp,
) -> Result<i64, StudioError> {
    member.require_configurer(CONFIGURING)?;
    let mut tx = portal.store.begin().await?;
    let old = templates::find(&mut tx, key, to_version).await?;
    validate(key.kind, key.channel, &old.source).map_err(StudioError::Broken)?;
    let version = templates::insert_draft(&mut tx, key, &old.source, member, Some(to_version), now)
        .await
        .map_err(published_meanwhile)?;
    templates::publish(&mut tx, key, version, now)
        .await
        .map_err(published_meanwhile)?;
    let action = if old.status == VersionStatus::Draft {
        "published"
    } else {
        "rolled_back"
    };
    templates::audit(&mut tx, key, version, action, member, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.templates_changed();
    tracing::info!(template = %key, version, from = to_version, staff = %member.email, "template rolled back");
    Ok(version)
}

/// Two people saving the same template at once: the second is told, not failed.
pub(super) fn published_meanwhile(error: StoreError) -> StudioError {
    match error {
        StoreError::Conflict(_) => StudioError::App(AppError::Conflict(
            "Someone else saved this template a moment ago. Please reload and try again."
                .to_owned(),
        )),
        other => other.into(),
    }
}

/// One template's editor: live source, placeholders, versions (with what
/// is live and what is scheduled at `now`), audit trail, and the diff of two
/// versions when asked.
pub async fn editor(
    portal: &Portal,
    member: &StaffMember,
    key: &TemplateKey,
    compare: Option<(i64, i64)>,
    now: Timestamp,
) -> Result<TemplateEditor, AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    let versions = templates::history(&mut conn, key).await?;
    let audit = templates::audit_trail(&mut conn, key).await?;
    let live = versions
        .iter()
        .filter(|v| {
            matches!(
                v.status,
                VersionStatus::Published | VersionStatus::Scheduled
            )
        })
        .filter(|v| v.live_from.is_some_and(|at| at <= now))
        .max_by_key(|v| (v.live_from, v.version));
    let live_version = live.map(|v| v.version);
    let source = match live {
        Some(v) => v.source.clone(),
        None => default_template(key.kind, key.channel, &key.locale)
            .map(|t| t.source.to_owned())
            .unwrap_or_default(),
    };
    let diff = match compare {
        Some((from, to)) => {
            let source_of = |n: i64| {
                versions
                    .iter()
                    .find(|v| v.version == n)
                    .map(|v| v.source.as_str())
            };
            match (source_of(from), source_of(to)) {
                (Some(old), Some(new)) => Some(VersionDiff {
                    from,
                    to,
                    lines: line_diff(old, new).into_iter().map(diff_line).collect(),
                }),
                _ => None,
            }
        }
        None => None,
    };
    let zone = &portal.zone;
    let when = |at: Timestamp| {
        format!(
            "{} {}",
            wording::format_time(at, zone),
            present::zone_label(zone)
        )
    };
    Ok(TemplateEditor {
        kind: key.kind.code().to_owned(),
        channel: key.channel.code().to_owned(),
        locale: key.locale.as_str().to_owned(),
        highlighted_source: highlight_html(&source),
        source,
        live_version,
        zone_label: present::zone_label(zone),
        placeholders: key
            .kind
            .placeholders()
            .iter()
            .map(|p| PlaceholderView {
                name: p.name.to_owned(),
                description: p.description.to_owned(),
                example: p.example.to_owned(),
            })
            .collect(),
        diff,
        audit: audit
            .into_iter()
            .map(|a| AuditView {
                version: a.version,
                action: a.action,
                staff_name: a.staff_name,
                at_label: when(a.at),
            })
            .collect(),
        versions: versions
            .into_iter()
            .map(|v| VersionView {
                version: v.version,
                status: shown_status(&v, live_version, now).code().to_owned(),
                scheduled_label: v.is_pending(now).then(|| v.live_from.map(when)).flatten(),
                author_name: v.author_name,
                created_label: when(v.created_at),
                published_label: v.live_from.filter(|at| *at <= now).map(when),
                restored_from: v.restored_from,
            })
            .collect(),
    })
}

/// What a version is at `now`: the live one is published, one that was live
/// and was replaced is retired, whatever the row says.
fn shown_status(
    version: &templates::TemplateVersion,
    live: Option<i64>,
    now: Timestamp,
) -> VersionStatus {
    if Some(version.version) == live {
        return VersionStatus::Published;
    }
    match version.status {
        VersionStatus::Published => VersionStatus::Retired,
        VersionStatus::Scheduled if !version.is_pending(now) => VersionStatus::Retired,
        other => other,
    }
}

fn diff_line(line: DiffLine) -> DiffLineView {
    let (change, text) = match line {
        DiffLine::Same(t) => ("same", t),
        DiffLine::Removed(t) => ("removed", t),
        DiffLine::Added(t) => ("added", t),
    };
    DiffLineView {
        change: change.to_owned(),
        text,
    }
}
