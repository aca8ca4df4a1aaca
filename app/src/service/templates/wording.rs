//! The status page's templated words for one case.

use super::case_words::{self, TimelineWords, next_step};
use super::live::render_live;
use crate::domain::template::{
    Locale, TemplateChannel, TemplateContext, TemplateKind, unescape_html,
};
use crate::domain::{Case, Event, Stage, wording};
use crate::service::{Portal, present};
use jiff::Timestamp;

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
    let guarantee = present::guarantee_view(case, &*portal.calendar(), &portal.zone, now);
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
