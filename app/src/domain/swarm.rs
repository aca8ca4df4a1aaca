//! Swarming: instead of passing a hard case up tier by tier, staff from any
//! tier work it together in one space, led by a facilitator, until someone
//! closes the swarm with a summary. The case's history records the start and
//! the close (never shown to the customer); the time in swarm is kept.

use super::case::DomainError;
use super::validation::{FieldError, bounded_text};
use super::{Case, Event, EventKind, Severity, Stage};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The most a note, a decision or a summary may hold.
pub const MAX_CHARS: usize = 4_000;

/// A member of staff taking part in a swarm. Only staff accounts become
/// swarm people: the service finds them by email in the staff list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwarmPerson {
    pub staff_id: i64,
    pub name: String,
    pub email: String,
}

/// Someone in the swarm and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwarmMember {
    pub person: SwarmPerson,
    pub added_at: Timestamp,
}

/// What an entry in the swarm space is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Something found or tried, for everyone in the swarm.
    Note,
    /// Something the swarm agreed to do.
    Decision,
}

impl EntryKind {
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Note => "note",
            EntryKind::Decision => "decision",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "note" => Ok(EntryKind::Note),
            "decision" => Ok(EntryKind::Decision),
            _ => Err(FieldError::new("kind", "Choose note or decision.")),
        }
    }
}

/// The words of a note, a decision or a closing summary: present and at
/// most `MAX_CHARS` characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwarmText(String);

impl SwarmText {
    /// `field` names the form field the words came from ("body", "summary").
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let missing = if field == "summary" {
            "Please sum up what the swarm found and decided."
        } else {
            "Please write the note or decision."
        };
        bounded_text(field, raw, MAX_CHARS, missing).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A note or decision, with who wrote it and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwarmEntry {
    pub kind: EntryKind,
    pub body: String,
    pub author: SwarmPerson,
    pub at: Timestamp,
}

/// How a swarm ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwarmClosure {
    pub summary: String,
    pub closed_by: SwarmPerson,
    pub closed_at: Timestamp,
}

/// A swarm on one case: who leads it, who is in it, what they wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Swarm {
    pub facilitator: SwarmPerson,
    pub started_by: SwarmPerson,
    pub started_at: Timestamp,
    /// Everyone in the swarm, the facilitator first.
    pub members: Vec<SwarmMember>,
    /// Oldest first.
    pub entries: Vec<SwarmEntry>,
    pub closure: Option<SwarmClosure>,
}

const CLOSED: DomainError =
    DomainError::Conflict("This swarm is closed; start a new one to go on.");

impl Swarm {
    /// Starts a swarm on `case`. `current` is the case's latest swarm, if
    /// any: only one may be open at a time. The facilitator and the starter
    /// are its first members. Returns the case event to record.
    pub fn start(
        case: &Case,
        current: Option<&Swarm>,
        facilitator: SwarmPerson,
        starter: SwarmPerson,
        now: Timestamp,
    ) -> Result<(Swarm, EventKind), DomainError> {
        if case.stage == Stage::Closed {
            return Err(DomainError::Conflict(
                "This case is closed; swarms are for open cases.",
            ));
        }
        if current.is_some_and(Swarm::is_open) {
            return Err(DomainError::Conflict(
                "A swarm is already open on this case.",
            ));
        }
        let mut members = vec![SwarmMember {
            person: facilitator.clone(),
            added_at: now,
        }];
        if starter.staff_id != facilitator.staff_id {
            members.push(SwarmMember {
                person: starter.clone(),
                added_at: now,
            });
        }
        let event = EventKind::SwarmStarted {
            facilitator: facilitator.name.clone(),
        };
        let swarm = Swarm {
            facilitator,
            started_by: starter,
            started_at: now,
            members,
            entries: Vec::new(),
            closure: None,
        };
        Ok((swarm, event))
    }

    pub fn is_open(&self) -> bool {
        self.closure.is_none()
    }

    pub fn has_member(&self, staff_id: i64) -> bool {
        self.members.iter().any(|m| m.person.staff_id == staff_id)
    }

    /// Pulls a specialist from any tier into the swarm.
    pub fn add_member(&mut self, person: SwarmPerson, now: Timestamp) -> Result<(), DomainError> {
        if !self.is_open() {
            return Err(CLOSED);
        }
        if self.has_member(person.staff_id) {
            return Err(DomainError::Conflict(
                "That member of staff is already in the swarm.",
            ));
        }
        self.members.push(SwarmMember {
            person,
            added_at: now,
        });
        Ok(())
    }

    /// Writes a note or a decision into the swarm space.
    pub fn add_entry(
        &mut self,
        kind: EntryKind,
        body: SwarmText,
        author: SwarmPerson,
        now: Timestamp,
    ) -> Result<(), DomainError> {
        if !self.is_open() {
            return Err(CLOSED);
        }
        self.entries.push(SwarmEntry {
            kind,
            body: body.0,
            author,
            at: now,
        });
        Ok(())
    }

    /// Closes the swarm with what it found; returns the case event to record.
    pub fn close(
        &mut self,
        summary: SwarmText,
        by: SwarmPerson,
        now: Timestamp,
    ) -> Result<EventKind, DomainError> {
        if !self.is_open() {
            return Err(CLOSED);
        }
        let event = EventKind::SwarmClosed {
            summary: summary.0.clone(),
            minutes: minutes_between(self.started_at, now),
        };
        self.closure = Some(SwarmClosure {
            summary: summary.0,
            closed_by: by,
            closed_at: now,
        });
        Ok(event)
    }

    /// Whole minutes from start to close; `None` while the swarm is open.
    pub fn minutes_in_swarm(&self) -> Option<i64> {
        let closed_at = self.closure.as_ref()?.closed_at;
        Some(minutes_between(self.started_at, closed_at))
    }
}

fn minutes_between(from: Timestamp, to: Timestamp) -> i64 {
    (to.as_second() - from.as_second()).max(0) / 60
}

/// Why a case should be swarmed, if it should: an S1 case, or one whose SLA
/// has been breached twice. Closed cases need no swarm.
pub fn suggestion(case: &Case, history: &[Event]) -> Option<&'static str> {
    if case.stage == Stage::Closed {
        return None;
    }
    if case.severity == Severity::S1 {
        return Some("S1 case");
    }
    let breaches = history
        .iter()
        .filter(|e| matches!(e.kind, EventKind::SlaBreached { .. }))
        .count();
    (breaches >= 2).then_some("SLA breached twice")
}

/// "2 h 5 min", "45 min": how long a swarm ran, for people.
pub fn duration_words(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Actor;
    use crate::domain::case::tests_support::sample_case;
    use crate::domain::sla::SlaTarget;

    fn at(mins: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + mins * 60).unwrap()
    }

    fn case(severity: Severity) -> Case {
        Case {
            severity,
            ..sample_case()
        }
    }

    fn person(id: i64, name: &str) -> SwarmPerson {
        SwarmPerson {
            staff_id: id,
            name: name.to_owned(),
            email: format!("{}@baton.example", name.to_lowercase()),
        }
    }

    fn text(raw: &str) -> SwarmText {
        SwarmText::parse("body", raw).unwrap()
    }

    fn started() -> Swarm {
        Swarm::start(
            &case(Severity::S2),
            None,
            person(1, "Ada"),
            person(2, "Alan"),
            at(10),
        )
        .unwrap()
        .0
    }

    #[test]
    fn starting_names_the_facilitator_and_makes_facilitator_and_starter_members() {
        let (swarm, event) = Swarm::start(
            &case(Severity::S1),
            None,
            person(1, "Ada"),
            person(2, "Alan"),
            at(10),
        )
        .unwrap();
        assert_eq!(
            event,
            EventKind::SwarmStarted {
                facilitator: "Ada".into()
            }
        );
        assert!(swarm.is_open());
        assert_eq!(swarm.members.len(), 2);
        assert_eq!(swarm.members[0].person.name, "Ada", "facilitator first");
        let alone = Swarm::start(
            &case(Severity::S1),
            None,
            person(1, "Ada"),
            person(1, "Ada"),
            at(1),
        )
        .unwrap()
        .0;
        assert_eq!(alone.members.len(), 1);
    }

    #[test]
    fn one_open_swarm_per_case_but_a_new_one_after_close() {
        let mut swarm = started();
        let again = Swarm::start(
            &case(Severity::S2),
            Some(&swarm),
            person(1, "Ada"),
            person(1, "Ada"),
            at(11),
        );
        assert!(matches!(again, Err(DomainError::Conflict(_))));
        swarm
            .close(
                SwarmText::parse("summary", "Done").unwrap(),
                person(1, "Ada"),
                at(20),
            )
            .unwrap();
        assert!(
            Swarm::start(
                &case(Severity::S2),
                Some(&swarm),
                person(1, "Ada"),
                person(1, "Ada"),
                at(21)
            )
            .is_ok()
        );
    }

    #[test]
    fn closed_cases_cannot_be_swarmed() {
        let mut closed = case(Severity::S1);
        closed.stage = Stage::Closed;
        let refused = Swarm::start(&closed, None, person(1, "Ada"), person(1, "Ada"), at(1));
        assert!(matches!(refused, Err(DomainError::Conflict(_))));
    }

    #[test]
    fn members_join_once() {
        let mut swarm = started();
        swarm.add_member(person(3, "Grace"), at(12)).unwrap();
        assert!(swarm.has_member(3));
        assert!(matches!(
            swarm.add_member(person(3, "Grace"), at(13)),
            Err(DomainError::Conflict(_))
        ));
        assert!(swarm.add_member(person(1, "Ada"), at(13)).is_err());
    }

    #[test]
    fn notes_and_decisions_keep_their_author_and_time() {
        let mut swarm = started();
        swarm
            .add_entry(
                EntryKind::Note,
                text("Gateway logs show 502s"),
                person(2, "Alan"),
                at(12),
            )
            .unwrap();
        swarm
            .add_entry(
                EntryKind::Decision,
                text("Roll back 4.2"),
                person(1, "Ada"),
                at(15),
            )
            .unwrap();
        let decision = swarm.entries.last().unwrap();
        assert_eq!(decision.author.name, "Ada");
        assert_eq!(decision.at, at(15));
        assert_eq!(swarm.entries.len(), 2);
        assert_eq!(swarm.entries[0].kind, EntryKind::Note);
    }

    #[test]
    fn words_must_be_present_and_at_most_4000_characters() {
        assert_eq!(SwarmText::parse("body", "  ").unwrap_err().field, "body");
        assert_eq!(
            SwarmText::parse("summary", "").unwrap_err().field,
            "summary"
        );
        assert!(SwarmText::parse("body", &"x".repeat(4_001)).is_err());
        assert!(SwarmText::parse("body", &"x".repeat(4_000)).is_ok());
        assert_eq!(EntryKind::parse("Decision"), Ok(EntryKind::Decision));
        assert_eq!(EntryKind::parse("vote").unwrap_err().field, "kind");
    }

    #[test]
    fn nothing_is_added_after_close_and_the_time_in_swarm_is_kept() {
        let mut swarm = started();
        assert_eq!(swarm.minutes_in_swarm(), None);
        let event = swarm
            .close(
                SwarmText::parse("summary", "Rolled back; fixed").unwrap(),
                person(1, "Ada"),
                at(105),
            )
            .unwrap();
        assert_eq!(
            event,
            EventKind::SwarmClosed {
                summary: "Rolled back; fixed".into(),
                minutes: 95
            }
        );
        assert_eq!(swarm.minutes_in_swarm(), Some(95));
        assert_eq!(duration_words(95), "1 h 35 min");
        assert!(matches!(
            swarm.add_member(person(3, "Grace"), at(106)),
            Err(DomainError::Conflict(_))
        ));
        assert!(
            swarm
                .add_entry(EntryKind::Note, text("late"), person(1, "Ada"), at(106))
                .is_err()
        );
        assert!(
            swarm
                .close(
                    SwarmText::parse("summary", "again").unwrap(),
                    person(1, "Ada"),
                    at(107)
                )
                .is_err()
        );
    }

    #[test]
    fn swarming_is_suggested_for_s1_cases_and_after_two_breaches() {
        assert_eq!(suggestion(&case(Severity::S1), &[]), Some("S1 case"));
        let s3 = case(Severity::S3);
        let breach = |target| Event {
            at: at(60),
            actor: Actor::System,
            kind: EventKind::SlaBreached { target },
        };
        assert_eq!(suggestion(&s3, &[breach(SlaTarget::FirstResponse)]), None);
        let twice = [
            breach(SlaTarget::FirstResponse),
            breach(SlaTarget::TierResponse),
        ];
        assert_eq!(suggestion(&s3, &twice), Some("SLA breached twice"));
        let mut closed = case(Severity::S1);
        closed.stage = Stage::Closed;
        assert_eq!(suggestion(&closed, &twice), None);
    }

    #[test]
    fn swarm_events_are_internal() {
        let started = EventKind::SwarmStarted {
            facilitator: "Ada".into(),
        };
        let closed = EventKind::SwarmClosed {
            summary: "x".into(),
            minutes: 3,
        };
        assert!(!started.is_public());
        assert!(!closed.is_public());
        assert_eq!(started.code(), "swarm_started");
        assert_eq!(closed.code(), "swarm_closed");
    }
}
