//! The customer's next step and timeline titles, worded by the live
//! templates: `guarantee` while a promise has a due time, else `next_step`;
//! `timeline_entry` for each step the customer sees.

use super::live::{render_live, render_live_each};
use crate::domain::ladder::TierLadder;
use crate::domain::template::{
    Locale, TemplateChannel, TemplateContext, TemplateError, TemplateKind, unescape_html,
};
use crate::domain::wording::{self, Holder, TimelineFacts};
use crate::domain::{Case, Event, Promise};
use crate::service::{Portal, present};
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// One line of the customer's timeline, worded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineWords {
    pub at: Timestamp,
    /// The event's code, e.g. `customer_message`.
    pub kind: &'static str,
    pub title: String,
    /// What a person wrote with it, shown as they wrote it.
    pub body: Option<String>,
}

/// What happens next for the customer, as text (web output un-escaped: the
/// page escapes text again when it renders it).
pub async fn next_step(portal: &Portal, case: &Case, now: Timestamp) -> String {
    let promise = present::promise(case, &*portal.calendar());
    match next_step_context(case, &promise, &portal.zone) {
        Ok(context) => unescape_html(
            &render_live(
                portal,
                context.kind(),
                TemplateChannel::Web,
                &Locale::english(),
                &context,
                now,
            )
            .await,
        ),
        Err(error) => {
            tracing::error!(%error, "next-step placeholders are out of step with the templates");
            String::new()
        }
    }
}

/// The lines of the customer's timeline, oldest first; events they do not
/// see are left out.
pub(super) async fn timeline(
    portal: &Portal,
    case: &Case,
    events: &[Event],
    now: Timestamp,
) -> Vec<TimelineWords> {
    let mut lines = Vec::new();
    let mut contexts = Vec::new();
    let ladder = portal.rules().tiers;
    for event in events {
        let Some(mut facts) = wording::timeline_facts(event) else {
            continue;
        };
        // The customer's own words open their timeline.
        if facts.event == "created" && facts.body.is_none() {
            facts.body = Some(case.description.clone()).filter(|d| !d.trim().is_empty());
        }
        match timeline_context(case, &facts, &ladder) {
            Ok(context) => {
                contexts.push(context);
                lines.push((event.at, facts));
            }
            Err(error) => {
                tracing::error!(%error, "timeline placeholders are out of step with the templates");
            }
        }
    }
    let titles = render_live_each(
        portal,
        TemplateKind::TimelineEntry,
        TemplateChannel::Web,
        &Locale::english(),
        &contexts,
        now,
    )
    .await;
    lines
        .into_iter()
        .zip(titles)
        .map(|((at, facts), title)| TimelineWords {
            at,
            kind: facts.event,
            title: unescape_html(&title),
            body: facts.body,
        })
        .collect()
}

/// The promise line while a promise has a due time; otherwise the next
/// step, which waits, asks, works on or closes depending on the stage.
fn next_step_context(
    case: &Case,
    promise: &Promise,
    zone: &TimeZone,
) -> Result<TemplateContext, TemplateError> {
    let zone_label = present::zone_label(zone);
    match promise {
        Promise::Due(guarantee) => TemplateContext::new(TemplateKind::Guarantee)
            .with("guarantee", guarantee.kind.code())
            .and_then(|c| c.with("due_time", wording::format_time(guarantee.due_at, zone)))
            .and_then(|c| c.with("zone", zone_label)),
        other => {
            let paused_since = match other {
                Promise::PausedForYou { since } => wording::format_time(*since, zone),
                _ => String::new(),
            };
            TemplateContext::new(TemplateKind::NextStep)
                .with("stage", case.stage.code())
                .and_then(|c| c.with("paused_since", paused_since))
                .and_then(|c| c.with("zone", zone_label))
        }
    }
}

/// A tier move names who took over; other steps get who holds the case now.
fn timeline_context(
    case: &Case,
    facts: &TimelineFacts,
    ladder: &TierLadder,
) -> Result<TemplateContext, TemplateError> {
    TemplateContext::new(TemplateKind::TimelineEntry)
        .with("event", facts.event)
        .and_then(|c| {
            c.with(
                "rating",
                facts.rating.map(|r| r.to_string()).unwrap_or_default(),
            )
        })
        .and_then(|c| {
            c.with(
                "team",
                match facts.team {
                    Some(Holder::Tier(tier)) => ladder.customer_words(tier),
                    Some(Holder::Management(level)) => level.customer_words(),
                    None => ladder.customer_words(case.tier),
                },
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::tests_support::sample_case;
    use crate::domain::template::{default_template, render};
    use crate::domain::{Guarantee, GuaranteeKind, Stage};

    fn shipped(context: &TemplateContext) -> String {
        let kind = context.kind();
        let source = default_template(kind, TemplateChannel::Web, &Locale::english())
            .unwrap()
            .source;
        unescape_html(&render(kind, TemplateChannel::Web, source, context).unwrap())
    }

    fn timeline_title(event: &'static str, rating: Option<u8>, team: Option<&str>) -> String {
        let facts = TimelineFacts {
            event,
            rating,
            team: team.map(
                |t| match crate::domain::management::ManagementLevel::parse(t) {
                    Some(level) => Holder::Management(level),
                    None => Holder::Tier(crate::domain::Tier::new(t).unwrap()),
                },
            ),
            body: None,
        };
        let case = sample_case();
        shipped(&timeline_context(&case, &facts, &TierLadder::default()).unwrap())
    }

    #[test]
    fn the_shipped_timeline_titles_read_as_before() {
        for (event, rating, title) in [
            ("created", None, "We received your case."),
            ("public_update", None, "We sent you an update."),
            ("solved", None, "We think this is solved."),
            ("confirmed", None, "You confirmed it's solved."),
            (
                "confirmed",
                Some(4),
                "You confirmed it's solved and rated our help 4 out of 5.",
            ),
            ("reopened", None, "You told us it's still a problem."),
            ("customer_message", None, "You wrote to us."),
        ] {
            assert_eq!(timeline_title(event, rating, None), title);
        }
        assert_eq!(
            timeline_title("escalated", None, Some("L3")),
            "Our senior engineers have taken over your case."
        );
        assert_eq!(
            timeline_title("deescalated", None, Some("L2")),
            "A specialist team has taken over your case."
        );
        assert_eq!(
            timeline_title("management_escalated", None, Some("manager")),
            "A manager is now overseeing your case."
        );
        assert_eq!(
            timeline_title("management_escalated", None, Some("executive")),
            "Our leadership team is now overseeing your case."
        );
    }

    #[test]
    fn the_shipped_next_steps_read_as_before() {
        let mut case = sample_case();
        let at: Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
        let utc = TimeZone::UTC;
        let words = |case: &Case, promise: Promise| {
            shipped(&next_step_context(case, &promise, &utc).unwrap())
        };
        assert_eq!(
            words(&case, Promise::Working),
            "We're working on your case and will write to you as soon as we know more."
        );
        assert_eq!(
            words(&case, Promise::PausedForYou { since: at }),
            "We're waiting for your reply since Tue 24 Nov, 10:00. \
             The clock on our promise starts again when you answer."
        );
        let due = Guarantee {
            kind: GuaranteeKind::FirstReply,
            due_at: at,
        };
        assert_eq!(
            words(&case, Promise::Due(due)),
            "We'll reply by Tue 24 Nov, 10:00 (UTC)."
        );
        case.stage = Stage::Resolved;
        assert_eq!(
            words(&case, Promise::AwaitingConfirmation),
            "Please tell us below if this is solved for you, or if it's still a problem."
        );
        case.stage = Stage::Closed;
        assert_eq!(
            words(&case, Promise::Fulfilled),
            "There is nothing more to do. If the problem comes back, raise a new case."
        );
    }
}
