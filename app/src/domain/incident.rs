//! Major incidents: one situation (an outage, a bad release) that hits many
//! customers at once. Each customer keeps their own case; the incident links
//! them, gives the response one commander, and carries situation updates in
//! a standard format to every linked case on a promised cadence. It closes
//! only with a blameless review. A drill runs the same protocol and sends
//! nothing.

use super::reference;
use super::validation::{FieldError, FieldErrors, bounded_text};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt;

const PREFIX: &str = "INC-";
const LEN: usize = 6;
/// A title is a line; impact, updates and reviews are a few paragraphs.
pub const MAX_TITLE: usize = 160;
pub const MAX_TEXT: usize = 4_000;
/// The furthest a next-update promise may reach: a cadence, not a shrug.
pub const MAX_CADENCE: SignedDuration = SignedDuration::from_hours(24);
/// How long before a promised update the comms lead is reminded.
pub const REMINDER_LEAD: SignedDuration = SignedDuration::from_mins(10);

/// The short name staff quote for an incident, e.g. `INC-7Q4K2M`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IncidentReference(String);

impl IncidentReference {
    pub fn from_random(bytes: [u8; LEN]) -> Self {
        Self(reference::from_random(PREFIX, bytes))
    }

    /// Accepts what a person might type: any case, surrounding spaces.
    pub fn parse(raw: &str) -> Option<Self> {
        reference::parse_prefixed(raw, PREFIX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IncidentReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The roles of the response. Each has exactly one holder at a time; a
/// hand-over ends one holding and starts the next, and both stay on record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentRole {
    /// Owns the response and every decision in it.
    Commander,
    /// Writes and publishes the situation updates, on the promised cadence.
    CommsLead,
    /// Keeps the timeline: decisions, findings, times.
    Scribe,
}

impl IncidentRole {
    pub const ALL: [IncidentRole; 3] = [
        IncidentRole::Commander,
        IncidentRole::CommsLead,
        IncidentRole::Scribe,
    ];

    pub fn code(self) -> &'static str {
        match self {
            IncidentRole::Commander => "commander",
            IncidentRole::CommsLead => "comms_lead",
            IncidentRole::Scribe => "scribe",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == raw.trim().to_ascii_lowercase())
            .ok_or_else(|| FieldError::new("role", "Choose commander, comms_lead or scribe."))
    }

    pub fn label(self) -> &'static str {
        match self {
            IncidentRole::Commander => "Incident commander",
            IncidentRole::CommsLead => "Communications lead",
            IncidentRole::Scribe => "Scribe",
        }
    }
}

/// What a commander gives when declaring: a title and the impact, in the
/// words affected customers read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    pub title: String,
    pub impact: String,
    pub drill: bool,
}

impl Declaration {
    pub fn parse(title: &str, impact: &str, drill: bool) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.check(bounded_text(
            "title",
            title,
            MAX_TITLE,
            "Please name the problem in a few words customers would use.",
        ));
        let impact = errors.check(bounded_text(
            "impact",
            impact,
            MAX_TEXT,
            "Please say what customers cannot do because of it.",
        ));
        match (title, impact) {
            (Some(title), Some(impact)) if errors.is_empty() => Ok(Declaration {
                title,
                impact,
                drill,
            }),
            _ => Err(errors),
        }
    }
}

/// A situation update in the standard format every customer learns to read:
/// what is affected, what we know, what we are doing, and when they hear next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SituationUpdate {
    pub affected: String,
    pub known: String,
    pub doing: String,
    pub next_update_at: Timestamp,
}

impl SituationUpdate {
    /// `next_update_at` is an RFC 3339 time after `now` and within a day.
    pub fn parse(
        affected: &str,
        known: &str,
        doing: &str,
        next_update_at: &str,
        now: Timestamp,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let text = |field, raw, missing| bounded_text(field, raw, MAX_TEXT, missing);
        let affected = errors.check(text("affected", affected, "Please say what is affected."));
        let known = errors.check(text("known", known, "Please say what we know so far."));
        let doing = errors.check(text("doing", doing, "Please say what we are doing now."));
        let next = errors.check(promise(next_update_at, now));
        match (affected, known, doing, next) {
            (Some(affected), Some(known), Some(doing), Some(next_update_at))
                if errors.is_empty() =>
            {
                Ok(SituationUpdate {
                    affected,
                    known,
                    doing,
                    next_update_at,
                })
            }
            _ => Err(errors),
        }
    }
}

fn promise(raw: &str, now: Timestamp) -> Result<Timestamp, FieldError> {
    let field = "next_update_at";
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(
            field,
            "Please promise when the next update comes.",
        ));
    }
    let at: Timestamp = raw.parse().map_err(|_| {
        FieldError::new(
            field,
            "Please give a time such as 2026-12-06T14:30:00Z, with its zone.",
        )
    })?;
    if at <= now {
        return Err(FieldError::new(
            field,
            "The next update must be promised for a time still to come.",
        ));
    }
    if at.duration_since(now) > MAX_CADENCE {
        return Err(FieldError::new(
            field,
            "Please promise the next update within a day.",
        ));
    }
    Ok(at)
}

/// Where an incident stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentState {
    Open,
    /// Fixed; linked cases ask their customers to confirm. The review is due.
    Resolved,
    Closed,
}

impl IncidentState {
    pub fn code(self) -> &'static str {
        match self {
            IncidentState::Open => "open",
            IncidentState::Resolved => "resolved",
            IncidentState::Closed => "closed",
        }
    }
}

/// A blameless post-incident review: what happened, what went well, what
/// we change. The timeline comes from the war room, not from memory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub what_happened: String,
    pub went_well: String,
    pub we_change: String,
}

impl Review {
    pub fn parse(
        what_happened: &str,
        went_well: &str,
        we_change: &str,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let text = |field, raw, missing| bounded_text(field, raw, MAX_TEXT, missing);
        let what_happened = errors.check(text(
            "what_happened",
            what_happened,
            "Please say what happened, in order.",
        ));
        let went_well = errors.check(text(
            "went_well",
            went_well,
            "Please say what went well, so we keep doing it.",
        ));
        let we_change = errors.check(text(
            "we_change",
            we_change,
            "Please say what we change so this does not happen again.",
        ));
        match (what_happened, went_well, we_change) {
            (Some(what_happened), Some(went_well), Some(we_change)) if errors.is_empty() => {
                Ok(Review {
                    what_happened,
                    went_well,
                    we_change,
                })
            }
            _ => Err(errors),
        }
    }
}

/// An incident as the rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incident {
    pub reference: IncidentReference,
    pub title: String,
    pub impact: String,
    pub drill: bool,
    pub declared_at: Timestamp,
    pub next_update_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub resolution: Option<String>,
    pub review: Option<Review>,
    pub closed_at: Option<Timestamp>,
}

/// Why an incident cannot take a step now; each says what to do instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IncidentError {
    #[error("This incident is closed; declare a new one if the problem is back.")]
    Closed,
    #[error("This incident is resolved; updates stop with the resolution.")]
    Resolved,
    #[error("Resolve the incident before you close it.")]
    NotResolved,
    #[error("Write the post-incident review before you close the incident.")]
    ReviewMissing,
}

impl Incident {
    pub fn state(&self) -> IncidentState {
        if self.closed_at.is_some() {
            IncidentState::Closed
        } else if self.resolved_at.is_some() {
            IncidentState::Resolved
        } else {
            IncidentState::Open
        }
    }

    /// Updates, links and role changes belong to a live incident.
    pub fn check_open(&self) -> Result<(), IncidentError> {
        match self.state() {
            IncidentState::Open => Ok(()),
            IncidentState::Resolved => Err(IncidentError::Resolved),
            IncidentState::Closed => Err(IncidentError::Closed),
        }
    }

    /// Roles may still change hands while the review is written.
    pub fn check_not_closed(&self) -> Result<(), IncidentError> {
        match self.state() {
            IncidentState::Closed => Err(IncidentError::Closed),
            _ => Ok(()),
        }
    }

    pub fn check_close(&self) -> Result<(), IncidentError> {
        match self.state() {
            IncidentState::Closed => Err(IncidentError::Closed),
            IncidentState::Open => Err(IncidentError::NotResolved),
            IncidentState::Resolved if self.review.is_none() => Err(IncidentError::ReviewMissing),
            IncidentState::Resolved => Ok(()),
        }
    }

    /// Whether the promised update is overdue at `now`.
    pub fn promise_missed(&self, now: Timestamp) -> bool {
        self.state() == IncidentState::Open && self.next_update_at.is_some_and(|at| at <= now)
    }
}

/// Words too common to tell one problem from another.
const COMMON: [&str; 24] = [
    "about", "after", "again", "being", "cannot", "could", "does", "doesn", "every", "from",
    "have", "into", "just", "more", "since", "some", "than", "that", "their", "there", "this",
    "when", "with", "your",
];

/// The words of an incident's title and impact that a matching case would
/// use too: lower case, four letters or more, common words left out.
pub fn keywords(title: &str, impact: &str) -> Vec<String> {
    let mut words: Vec<String> = format!("{title} {impact}")
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(&w.as_str()))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// How strongly a case looks like part of the incident: one point per
/// keyword in its subject or description, one more when its customer's
/// domain already has a linked case. Zero means no suggestion.
pub fn match_score(
    keywords: &[String],
    subject: &str,
    description: &str,
    same_account: bool,
) -> usize {
    let text = format!("{subject} {description}").to_lowercase();
    let words = keywords
        .iter()
        .filter(|k| text.contains(k.as_str()))
        .count();
    if words == 0 {
        return 0;
    }
    words + usize::from(same_account)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + minutes * 60).unwrap()
    }

    fn incident() -> Incident {
        Incident {
            reference: IncidentReference::from_random([1, 2, 3, 4, 5, 6]),
            title: "Card payments fail".into(),
            impact: "You cannot take card payments.".into(),
            drill: false,
            declared_at: at(0),
            next_update_at: None,
            resolved_at: None,
            resolution: None,
            review: None,
            closed_at: None,
        }
    }

    #[test]
    fn references_parse_back_and_refuse_case_references() {
        let r = IncidentReference::from_random([9, 8, 7, 6, 5, 4]);
        assert_eq!(
            IncidentReference::parse(&r.as_str().to_lowercase()),
            Some(r)
        );
        assert_eq!(IncidentReference::parse("ESC-7Q4K2M"), None);
        assert_eq!(IncidentReference::parse("INC-0Q4K2M"), None);
    }

    #[test]
    fn an_update_promises_a_time_still_to_come_within_a_day() {
        let ok = SituationUpdate::parse(
            "Checkout",
            "A bad release",
            "Rolling back",
            &at(30).to_string(),
            at(0),
        );
        assert_eq!(ok.unwrap().next_update_at, at(30));
        let past = SituationUpdate::parse("a", "b", "c", &at(0).to_string(), at(0)).unwrap_err();
        assert!(past.for_field("next_update_at").is_some());
        let far =
            SituationUpdate::parse("a", "b", "c", &at(24 * 60 + 1).to_string(), at(0)).unwrap_err();
        assert!(
            far.for_field("next_update_at")
                .unwrap()
                .contains("within a day")
        );
        let garbled = SituationUpdate::parse("", "b", "c", "tomorrow", at(0)).unwrap_err();
        assert!(garbled.for_field("affected").is_some());
        assert!(
            garbled
                .for_field("next_update_at")
                .unwrap()
                .contains("zone")
        );
    }

    #[test]
    fn an_incident_closes_only_resolved_and_reviewed() {
        let mut incident = incident();
        assert_eq!(incident.check_close(), Err(IncidentError::NotResolved));
        incident.resolved_at = Some(at(60));
        assert_eq!(incident.check_open(), Err(IncidentError::Resolved));
        assert_eq!(incident.check_close(), Err(IncidentError::ReviewMissing));
        incident.review = Some(Review::parse("a", "b", "c").unwrap());
        assert_eq!(incident.check_close(), Ok(()));
        incident.closed_at = Some(at(90));
        assert_eq!(incident.check_not_closed(), Err(IncidentError::Closed));
    }

    #[test]
    fn a_promise_is_missed_only_while_open_and_once_due() {
        let mut incident = incident();
        assert!(!incident.promise_missed(at(100)));
        incident.next_update_at = Some(at(30));
        assert!(!incident.promise_missed(at(29)));
        assert!(incident.promise_missed(at(30)));
        incident.resolved_at = Some(at(31));
        assert!(!incident.promise_missed(at(40)));
    }

    #[test]
    fn cases_match_on_the_incident_words_and_the_account_adds_weight() {
        let words = keywords(
            "Card payments fail",
            "You cannot take card payments in your shop.",
        );
        assert_eq!(words, ["card", "fail", "payments", "shop", "take"]);
        assert_eq!(
            match_score(&words, "Password reset", "No email arrives", true),
            0
        );
        assert_eq!(
            match_score(&words, "Checkout broken", "Every CARD is refused", false),
            1
        );
        assert_eq!(match_score(&words, "Card payments", "refused", true), 3);
    }

    #[test]
    fn every_role_parses_from_its_code_and_has_a_card() {
        for role in IncidentRole::ALL {
            assert_eq!(IncidentRole::parse(role.code()), Ok(role));
            assert!(
                !crate::domain::incident_playbook::shipped_card(role)
                    .never
                    .is_empty()
            );
        }
        assert!(IncidentRole::parse("hero").is_err());
    }
}
