//! Times as customers read them, the countdown island's lead, and the facts a timeline line is worded from. The
//! customer's sentences come from the live templates (`service::templates`).
//! Follows shared/VOICE.md: short, active, says what's next.

use super::management::ManagementLevel;
use super::{Event, EventKind, GuaranteeKind, Tier};
use jiff::{Timestamp, tz::TimeZone};

/// A value percent-encoded for a URL's query or path: letters, digits and
/// `-_.~` stay, every other byte is `%XX`.
pub fn url_component(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Text shown on one line (an email subject, a chat message): templates
/// refuse line breaks, but staff words and alert texts pass through too.
pub fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

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

/// What the customer's timeline shows for one event, as the values of its
/// `timeline_entry` template (the title's words live there), and the words
/// a person wrote with it. Tier moves name only who holds the case now,
/// never the reason or the handoff note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineFacts {
    /// The event's code: created, public_update, solved, confirmed, ...
    pub event: &'static str,
    /// The customer's rating when they confirmed, 1 to 5.
    pub rating: Option<u8>,
    /// Who holds or oversees the case after a move, named in the
    /// customer's words by the caller.
    pub team: Option<Holder>,
    pub body: Option<String>,
}

/// Who a move handed the case to: a tier of the ladder, or the management
/// that now oversees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Tier(Tier),
    Management(ManagementLevel),
}

/// One line of the customer's timeline, or `None` for events they do not see.
pub fn timeline_facts(event: &Event) -> Option<TimelineFacts> {
    if !event.kind.is_public() {
        return None;
    }
    let (rating, team, body) = match &event.kind {
        EventKind::Created { .. } => (None, None, None),
        EventKind::PublicUpdate { body, .. } | EventKind::CustomerMessage { body } => {
            (None, None, Some(body.clone()))
        }
        EventKind::Worsened { what_changed, .. } => (None, None, Some(what_changed.clone())),
        EventKind::Solved { summary } => (None, None, Some(summary.clone())),
        EventKind::Confirmed { rating, comment } => (*rating, None, comment.clone()),
        EventKind::Reopened { reason } => (None, None, Some(reason.clone())),
        EventKind::Escalated { to, .. } | EventKind::Deescalated { to, .. } => {
            (None, Some(Holder::Tier(*to)), None)
        }
        EventKind::ManagementEscalated { to, .. } => (None, Some(Holder::Management(*to)), None),
        _ => return None,
    };
    Some(TimelineFacts {
        event: event.kind.code(),
        rating,
        team,
        body,
    })
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
