//! The live customer words every channel renders: the version in force at
//! `now`, with fallback to earlier versions and the built-in default when a
//! published template fails at run time.

use crate::domain::template::{
    Locale, TemplateChannel, TemplateContext, TemplateError, TemplateKey, TemplateKind,
    default_template,
};
use crate::error::AppError;
use crate::service::Portal;
use crate::store::StoreError;
use jiff::Timestamp;

/// How many earlier live versions a failing render tries before the default.
const EARLIER_VERSIONS_TRIED: usize = 3;

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
    Ok(find_live(portal, kind, channel, locale, now).await?)
}

async fn find_live(
    portal: &Portal,
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
        if let Some(stored) = portal.templates.live(&portal.store, &key, now).await? {
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
    // The live version nearly always renders: try it before gathering the
    // earlier ones.
    let live = match find_live(portal, kind, channel, locale, now).await {
        Ok(live) => live,
        Err(error) => {
            tracing::error!(%error, "cannot read live templates; using defaults");
            None
        }
    };
    let tried = live.map(|live| (live.version, live.source));
    if let Some((version, source)) = &tried {
        match render_one(portal, kind, channel, source, context) {
            Ok(rendered) => return rendered,
            Err(error) => alert_ops(kind, channel, locale, *version, &error),
        }
    }
    let rest: Vec<_> = candidates(portal, kind, channel, locale, now)
        .await
        .into_iter()
        .filter(|candidate| Some(candidate) != tried.as_ref())
        .collect();
    render_first(portal, &rest, kind, channel, locale, context)
}

/// A web message in English as plain text (the words a customer reads,
/// stored as text and escaped again where shown).
pub async fn render_text(
    portal: &Portal,
    kind: TemplateKind,
    context: &TemplateContext,
    now: Timestamp,
) -> String {
    let html = render_live(
        portal,
        kind,
        TemplateChannel::Web,
        &Locale::english(),
        context,
        now,
    )
    .await;
    crate::domain::template::unescape_html(&html)
}

/// An email in English: its subject on one line, and its body.
pub async fn render_email(
    portal: &Portal,
    kind: TemplateKind,
    context: &TemplateContext,
    now: Timestamp,
) -> (String, String) {
    let locale = Locale::english();
    let render = |channel| render_live(portal, kind, channel, &locale, context, now);
    let subject = render(TemplateChannel::EmailSubject).await;
    let body = render(TemplateChannel::EmailBody).await;
    (crate::domain::wording::one_line(&subject), body)
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
        .map(|context| render_first(portal, &candidates, kind, channel, locale, context))
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
    match find_live(portal, kind, channel, locale, now).await {
        Ok(Some(live)) if live.version.is_some() => {
            candidates.push((live.version, live.source));
            let earlier = portal
                .templates
                .history(&portal.store, &live.key, EARLIER_VERSIONS_TRIED + 1, now)
                .await;
            match earlier {
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
    }
    if let Some(shipped) = default_template(kind, channel, locale) {
        candidates.push((None, shipped.source.to_owned()));
    }
    candidates
}

fn render_first(
    portal: &Portal,
    candidates: &[(Option<i64>, String)],
    kind: TemplateKind,
    channel: TemplateChannel,
    locale: &Locale,
    context: &TemplateContext,
) -> String {
    for (version, source) in candidates {
        match render_one(portal, kind, channel, source, context) {
            Ok(rendered) => return rendered,
            Err(error) => alert_ops(kind, channel, locale, *version, &error),
        }
    }
    String::new()
}

/// Renders with the source compiled once per process.
fn render_one(
    portal: &Portal,
    kind: TemplateKind,
    channel: TemplateChannel,
    source: &str,
    context: &TemplateContext,
) -> Result<String, TemplateError> {
    portal
        .templates
        .compiled(kind, channel, source)?
        .render(context)
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
