//! The template studio's use cases, and the live customer words every
//! channel renders.
//!
//! Publishing validates first, so a broken template is never live. Rolling
//! back publishes a copy of an older version as a new version (see
//! `store::templates`). At run time a live template that fails to render is
//! reported to ops and the customer gets the previous good version, or the
//! built-in default.

use super::{Portal, views};
use crate::api::studio::{
    AuditView, DiffLineView, PlaceholderView, PreviewView, TemplateEditor, TemplateProblem,
    TemplateSummary, VersionDiff, VersionView, WarningView,
};
use crate::domain::template::{
    DiffLine, JargonList, Locale, Sandbox, TemplateChannel, TemplateContext, TemplateError,
    TemplateKey, TemplateKind, VersionStatus, all_defaults, default_template, highlight_html,
    line_diff, unescape_html, validate,
};
use crate::domain::{Case, Event, Stage, wording};
use crate::error::AppError;
use crate::store::staff::StaffMember;
use crate::store::templates;
use crate::store::{Conn, StoreError};
use jiff::Timestamp;
use std::collections::BTreeMap;

mod case_preview;
mod case_words;
mod schedule;

pub use case_preview::{CASE_REFERENCE, preview_with_case};
pub use case_words::{TimelineWords, next_step};
pub use schedule::{cancel_schedule, schedule};

/// Why a studio action failed: the template itself, or anything else.
#[derive(Debug, thiserror::Error)]
pub enum StudioError {
    /// The template does not validate; nothing was saved. (422)
    #[error("{0}")]
    Broken(TemplateError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for StudioError {
    fn from(error: StoreError) -> Self {
        StudioError::App(error.into())
    }
}

impl From<&TemplateError> for TemplateProblem {
    fn from(error: &TemplateError) -> Self {
        TemplateProblem {
            code: error.code.as_str().to_owned(),
            message: error.message.clone(),
            line: error.line,
        }
    }
}

/// How many earlier live versions a failing render tries before the default.
const EARLIER_VERSIONS_TRIED: i64 = 3;

/// Refuses staff who may not change customer words.
pub fn require_editor(member: &StaffMember) -> Result<(), AppError> {
    super::authority::require_ops(member, "preview and publish customer templates")
}

/// Parses `kind/channel/locale` from a URL; anything else is not found.
pub fn parse_key(kind: &str, channel: &str, locale: &str) -> Result<TemplateKey, AppError> {
    TemplateKey::parse(kind, channel, locale).ok_or(AppError::NotFound)
}

/// Every template: each shipped default and each locale ops added, with its
/// version live at `now` (none while the default is used).
pub async fn list(
    portal: &Portal,
    member: &StaffMember,
    now: Timestamp,
) -> Result<Vec<TemplateSummary>, AppError> {
    require_editor(member)?;
    let mut conn = portal.store.read().await?;
    let live = templates::all_live(&mut conn, now).await?;
    let mut rows: BTreeMap<TemplateKey, Option<i64>> = all_defaults()
        .filter_map(|t| Locale::parse(t.locale).map(|l| TemplateKey::new(t.kind, t.channel, l)))
        .map(|key| (key, None))
        .collect();
    for version in live {
        rows.insert(version.key, Some(version.version));
    }
    Ok(rows
        .into_iter()
        .map(|(key, version)| TemplateSummary {
            kind: key.kind.code().to_owned(),
            channel: key.channel.code().to_owned(),
            locale: key.locale.as_str().to_owned(),
            placeholders: key
                .kind
                .placeholders()
                .iter()
                .map(|p| p.name.to_owned())
                .collect(),
            version,
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
    require_editor(member)?;
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
    require_editor(member)?;
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
    require_editor(member)?;
    let mut tx = portal.store.begin().await?;
    let version = templates::insert_draft(&mut tx, key, source, member, None, now)
        .await
        .map_err(published_meanwhile)?;
    templates::audit(&mut tx, key, version, "saved_draft", member, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
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
    require_editor(member)?;
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
    tracing::info!(template = %key, version, from = to_version, staff = %member.email, "template rolled back");
    Ok(version)
}

/// Two people saving the same template at once: the second is told, not failed.
fn published_meanwhile(error: StoreError) -> StudioError {
    match error {
        StoreError::Conflict(_) => StudioError::App(AppError::Conflict(
            "Someone else saved this template a moment ago. Please reload and try again."
                .to_owned(),
        )),
        other => other.into(),
    }
}

/// The template customers get now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveTemplate {
    /// The key it was found under (the locale may be a fallback).
    pub key: TemplateKey,
    pub source: String,
    /// `None` for the built-in default.
    pub version: Option<i64>,
}

/// The version live at `now` (published, or scheduled for a time that has
/// come), else the built-in default, trying the locale's fallbacks in order;
/// at each locale a live version beats the default.
pub async fn live_template(
    portal: &Portal,
    kind: TemplateKind,
    channel: TemplateChannel,
    locale: &Locale,
    now: Timestamp,
) -> Result<Option<LiveTemplate>, AppError> {
    let mut conn = portal.store.read().await?;
    Ok(find_live(&mut conn, kind, channel, locale, now).await?)
}

async fn find_live(
    conn: &mut Conn,
    kind: TemplateKind,
    channel: TemplateChannel,
    locale: &Locale,
    now: Timestamp,
) -> Result<Option<LiveTemplate>, StoreError> {
    for tag in locale.fallbacks() {
        let Some(tag) = Locale::parse(tag) else {
            continue;
        };
        let key = TemplateKey::new(kind, channel, tag.clone());
        if let Some(stored) = templates::live(conn, &key, now).await? {
            return Ok(Some(LiveTemplate {
                key,
                source: stored.source,
                version: Some(stored.version),
            }));
        }
        if let Some(shipped) =
            default_template(kind, channel, &tag).filter(|t| t.locale == tag.as_str())
        {
            return Ok(Some(LiveTemplate {
                key,
                source: shipped.source.to_owned(),
                version: None,
            }));
        }
    }
    Ok(None)
}

/// Renders a customer message with the live template. If a published
/// template fails at run time, ops are alerted and the customer gets the
/// last version that renders, or the built-in default. Only when even the
/// default fails is the answer empty (and logged).
pub async fn render_live(
    portal: &Portal,
    kind: TemplateKind,
    channel: TemplateChannel,
    locale: &Locale,
    context: &TemplateContext,
    now: Timestamp,
) -> String {
    let candidates = candidates(portal, kind, channel, locale, now).await;
    render_first(&candidates, kind, channel, locale, context)
}

/// Renders many messages of one kind with the live template, reading it
/// once; each falls back as `render_live` does.
pub async fn render_live_each(
    portal: &Portal,
    kind: TemplateKind,
    channel: TemplateChannel,
    locale: &Locale,
    contexts: &[TemplateContext],
    now: Timestamp,
) -> Vec<String> {
    let candidates = candidates(portal, kind, channel, locale, now).await;
    contexts
        .iter()
        .map(|context| render_first(&candidates, kind, channel, locale, context))
        .collect()
}

/// The sources to try, best first: the live version, a few earlier ones,
/// then the built-in default.
async fn candidates(
    portal: &Portal,
    kind: TemplateKind,
    channel: TemplateChannel,
    locale: &Locale,
    now: Timestamp,
) -> Vec<(Option<i64>, String)> {
    let mut candidates: Vec<(Option<i64>, String)> = Vec::new();
    match portal.store.read().await {
        Ok(mut conn) => match find_live(&mut conn, kind, channel, locale, now).await {
            Ok(Some(live)) if live.version.is_some() => {
                candidates.push((live.version, live.source));
                match templates::published_history(
                    &mut conn,
                    &live.key,
                    EARLIER_VERSIONS_TRIED + 1,
                    now,
                )
                .await
                {
                    Ok(earlier) => candidates.extend(
                        earlier
                            .into_iter()
                            .filter(|v| Some(v.version) != live.version)
                            .map(|v| (Some(v.version), v.source)),
                    ),
                    Err(error) => tracing::error!(%error, "cannot read earlier template versions"),
                }
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "cannot read live templates; using defaults"),
        },
        Err(error) => tracing::error!(%error, "cannot read live templates; using defaults"),
    }
    if let Some(shipped) = default_template(kind, channel, locale) {
        candidates.push((None, shipped.source.to_owned()));
    }
    candidates
}

fn render_first(
    candidates: &[(Option<i64>, String)],
    kind: TemplateKind,
    channel: TemplateChannel,
    locale: &Locale,
    context: &TemplateContext,
) -> String {
    let sandbox = Sandbox::default();
    for (version, source) in candidates {
        match sandbox.render(kind, channel, source, context) {
            Ok(rendered) => return rendered,
            Err(error) => alert_ops(kind, channel, locale, *version, &error),
        }
    }
    String::new()
}

/// The hook that tells support ops a live template broke. Today an error
/// log line under its own target, which alerting watches.
fn alert_ops(
    kind: TemplateKind,
    channel: TemplateChannel,
    locale: &Locale,
    version: Option<i64>,
    error: &TemplateError,
) {
    tracing::error!(
        target: "baton::ops_alert",
        %kind, %channel, %locale, version = ?version, %error,
        "a customer template failed to render; trying the version before it"
    );
}

/// The status page's templated words, as text (web output un-escaped: the
/// page escapes text again when it renders it).
pub struct StatusWords {
    pub stage_label: String,
    pub stage_explanation: String,
    /// "We have your case ...", while the case waits for our first reply.
    pub acknowledgement: Option<String>,
    /// What happens next (see `next_step`).
    pub next_step: String,
    /// The words above the countdown, while a promise has a due time.
    pub guarantee_lead: Option<String>,
    /// The events the customer sees, oldest first.
    pub timeline: Vec<TimelineWords>,
}

/// Renders the status page's templated words for one case and its
/// `events`, from the live `web`/`en` templates.
pub async fn status_words(
    portal: &Portal,
    case: &Case,
    events: &[Event],
    status_url: &str,
    now: Timestamp,
) -> StatusWords {
    let next_step = next_step(portal, case, now).await;
    let timeline = case_words::timeline(portal, case, events, now).await;
    let locale = Locale::english();
    let web = TemplateChannel::Web;
    let stage = case.stage.code();
    let text = |html: String| unescape_html(&html);

    let label = TemplateContext::new(TemplateKind::StageLabel).with("stage", stage);
    let explanation = TemplateContext::new(TemplateKind::StageExplanation)
        .with("stage", stage)
        .and_then(|c| c.with("team", portal.rules().tiers.customer_words(case.tier)));
    let guarantee = views::guarantee_view(case, &*portal.calendar(), &portal.zone, now);
    let guarantee_lead = match &guarantee {
        Some(g) => {
            let kind = g.kind.code();
            match TemplateContext::new(TemplateKind::GuaranteeLead).with("guarantee", kind) {
                Ok(ctx) => Some(text(
                    render_live(portal, TemplateKind::GuaranteeLead, web, &locale, &ctx, now).await,
                )),
                Err(error) => {
                    tracing::error!(%error, "guarantee-lead placeholders are out of step");
                    None
                }
            }
        }
        None => None,
    };
    let acknowledgement = match guarantee {
        Some(guarantee) if case.stage == Stage::Received => {
            TemplateContext::new(TemplateKind::Acknowledgement)
                .with("customer_name", case.customer_name.as_str())
                .and_then(|c| c.with("reference", case.reference.to_string()))
                .and_then(|c| {
                    c.with(
                        "due_time",
                        wording::format_time(guarantee.due_at, &portal.zone),
                    )
                })
                .and_then(|c| c.with("zone", guarantee.zone_label))
                .and_then(|c| c.with("status_url", status_url))
                .ok()
        }
        _ => None,
    };
    let (Ok(label), Ok(explanation)) = (label, explanation) else {
        tracing::error!("stage placeholders are out of step with the templates");
        return StatusWords {
            stage_label: String::new(),
            stage_explanation: String::new(),
            acknowledgement: None,
            next_step,
            guarantee_lead,
            timeline,
        };
    };
    let stage_label =
        text(render_live(portal, TemplateKind::StageLabel, web, &locale, &label, now).await);
    let stage_explanation = text(
        render_live(
            portal,
            TemplateKind::StageExplanation,
            web,
            &locale,
            &explanation,
            now,
        )
        .await,
    );
    let acknowledgement = match acknowledgement {
        Some(ctx) => Some(text(
            render_live(
                portal,
                TemplateKind::Acknowledgement,
                web,
                &locale,
                &ctx,
                now,
            )
            .await,
        )),
        None => None,
    };
    StatusWords {
        stage_label,
        stage_explanation,
        acknowledgement,
        next_step,
        guarantee_lead,
        timeline,
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
    require_editor(member)?;
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
            views::zone_label(zone)
        )
    };
    Ok(TemplateEditor {
        kind: key.kind.code().to_owned(),
        channel: key.channel.code().to_owned(),
        locale: key.locale.as_str().to_owned(),
        highlighted_source: highlight_html(&source),
        source,
        live_version,
        zone_label: views::zone_label(zone),
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
