//! Customer-facing wording not yet in templates; stage words and the
//! acknowledgement come from the live templates (`service::templates`).
//! Follows shared/VOICE.md: short, active, says what's next.

use super::{Event, EventKind, GuaranteeKind, Promise};
use jiff::{Timestamp, tz::TimeZone};

/// "Thu 26 Nov, 14:00" in the given zone.
pub fn format_time(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%a %-d %b, %H:%M")
        .to_string()
}

/// The sentence before the time: "We'll reply by".
pub fn guarantee_lead(kind: GuaranteeKind) -> &'static str {
    match kind {
        GuaranteeKind::FirstReply => "We'll reply by",
        GuaranteeKind::NextUpdate => "We'll send you an update by",
    }
}

/// What happens next, for promises without a due time.
pub fn next_step(promise: &Promise, zone: &TimeZone) -> String {
    match promise {
        Promise::Due(g) => format!(
            "{} {}.",
            guarantee_lead(g.kind),
            format_time(g.due_at, zone)
        ),
        Promise::PausedForYou { since } => format!(
            "We're waiting for your reply since {}. The clock on our promise starts again when you answer.",
            format_time(*since, zone)
        ),
        Promise::AwaitingConfirmation => {
            "Please tell us below if this is solved for you, or if it's still a problem.".to_owned()
        }
        Promise::Working => {
            "We're working on your case and will write to you as soon as we know more.".to_owned()
        }
        Promise::Fulfilled => {
            "There is nothing more to do. If the problem comes back, raise a new case.".to_owned()
        }
    }
}

/// One line of the customer's timeline, or `None` for events they do not see.
pub fn timeline_entry(event: &Event) -> Option<(String, Option<String>)> {
    if !event.kind.is_public() {
        return None;
    }
    let entry = match &event.kind {
        EventKind::Created { .. } => ("We received your case.".to_owned(), None),
        EventKind::PublicUpdate { body, .. } => {
            ("We sent you an update.".to_owned(), Some(body.clone()))
        }
        EventKind::Solved { summary } => {
            ("We think this is solved.".to_owned(), Some(summary.clone()))
        }
        EventKind::Confirmed { rating, comment } => {
            let title = match rating {
                Some(r) => format!("You confirmed it's solved and rated our help {r} out of 5."),
                None => "You confirmed it's solved.".to_owned(),
            };
            (title, comment.clone())
        }
        EventKind::Reopened { reason } => (
            "You told us it's still a problem.".to_owned(),
            Some(reason.clone()),
        ),
        EventKind::CustomerMessage { body } => ("You wrote to us.".to_owned(), Some(body.clone())),
        EventKind::Escalated { to, .. } | EventKind::Deescalated { to, .. } => {
            let team = to.customer_words();
            // "our senior engineers have", "a specialist team has"
            let verb = if team.ends_with('s') { "have" } else { "has" };
            (
                format!("{} {verb} taken over your case.", capitalized(team)),
                None,
            )
        }
        _ => return None,
    };
    Some(entry)
}

fn capitalized(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_name_the_weekday() {
        let at: Timestamp = "2026-11-26T14:00:00Z".parse().unwrap();
        assert_eq!(format_time(at, &TimeZone::UTC), "Thu 26 Nov, 14:00");
    }
}
