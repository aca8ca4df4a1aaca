use super::customer::{
    Comment, CustomerEmail, CustomerName, Description, Rating, ReopenReason, Subject, UpdateBody,
};
use super::{CaseReference, Event, EventKind, Severity, Stage};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use super::event::Actor;

/// How the customer reached us.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Email,
    Chat,
    Api,
    Phone,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Email => "email",
            Channel::Chat => "chat",
            Channel::Api => "api",
            Channel::Phone => "phone",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Channel::Web,
            Channel::Email,
            Channel::Chat,
            Channel::Api,
            Channel::Phone,
        ]
        .into_iter()
        .find(|c| c.code() == raw)
    }
}

/// A customer's request to raise an escalation, already parsed.
#[derive(Clone, Debug)]
pub struct NewCase {
    pub name: CustomerName,
    pub email: CustomerEmail,
    pub subject: Subject,
    pub description: Description,
    pub severity: Severity,
    pub channel: Channel,
}

/// One escalation, from the customer's first words to their confirmation.
/// Its state is the fold of its events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub reference: CaseReference,
    pub customer_name: String,
    pub customer_email: String,
    pub subject: String,
    pub description: String,
    pub severity: Severity,
    pub channel: Channel,
    pub stage: Stage,
    pub created_at: Timestamp,
    /// When the current promise of a first reply started: creation or the last reopening.
    pub promise_started_at: Timestamp,
    pub last_public_update_at: Option<Timestamp>,
    pub waiting_since: Option<Timestamp>,
    pub reopen_count: u32,
}

/// What someone asks to do to an existing case.
#[derive(Clone, Debug)]
pub enum Command {
    PostUpdate {
        body: UpdateBody,
        waits_for_customer: bool,
    },
    MarkSolved {
        summary: UpdateBody,
    },
    Confirm {
        rating: Option<Rating>,
        comment: Option<Comment>,
    },
    Reopen {
        reason: ReopenReason,
    },
}

/// Why a command was refused; the message is fit to show the person who sent it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{0}")]
    NotAllowed(&'static str),
    #[error("{0}")]
    Conflict(&'static str),
}

impl Case {
    /// Opens a case. The caller supplies the reference (random) and the time.
    pub fn raise(new: NewCase, reference: CaseReference, now: Timestamp) -> (Case, Event) {
        let event = Event {
            at: now,
            actor: Actor::Customer,
            kind: EventKind::Created {
                channel: new.channel,
                severity: new.severity,
            },
        };
        let case = Case {
            reference,
            customer_name: new.name.as_str().to_owned(),
            customer_email: new.email.as_str().to_owned(),
            subject: new.subject.as_str().to_owned(),
            description: new.description.as_str().to_owned(),
            severity: new.severity,
            channel: new.channel,
            stage: Stage::Received,
            created_at: now,
            promise_started_at: now,
            last_public_update_at: None,
            waiting_since: None,
            reopen_count: 0,
        };
        (case, event)
    }

    /// Decides what a command does, without changing anything.
    pub fn decide(
        &self,
        command: Command,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Vec<Event>, DomainError> {
        use DomainError::{Conflict, NotAllowed};
        let kind = match command {
            Command::PostUpdate {
                body,
                waits_for_customer,
            } => {
                if !actor.is_staff() {
                    return Err(NotAllowed("Only our team can post updates here."));
                }
                if self.stage == Stage::Closed {
                    return Err(Conflict("This case is closed."));
                }
                EventKind::PublicUpdate {
                    body: body.as_str().to_owned(),
                    waits_for_customer,
                }
            }
            Command::MarkSolved { summary } => {
                if !actor.is_staff() {
                    return Err(NotAllowed("Only our team can mark a case solved."));
                }
                match self.stage {
                    Stage::Closed => return Err(Conflict("This case is closed.")),
                    Stage::Resolved => {
                        return Err(Conflict(
                            "This case is already waiting for the customer's confirmation.",
                        ));
                    }
                    _ => EventKind::Solved {
                        summary: summary.as_str().to_owned(),
                    },
                }
            }
            Command::Confirm { rating, comment } => {
                self.expect_customer_answer(actor)?;
                EventKind::Confirmed {
                    rating: rating.map(Rating::value),
                    comment: comment.map(|c| c.as_str().to_owned()),
                }
            }
            Command::Reopen { reason } => {
                self.expect_customer_answer(actor)?;
                EventKind::Reopened {
                    reason: reason.as_str().to_owned(),
                }
            }
        };
        Ok(vec![Event {
            at: now,
            actor: actor.clone(),
            kind,
        }])
    }

    fn expect_customer_answer(&self, actor: &Actor) -> Result<(), DomainError> {
        if actor.is_staff() {
            return Err(DomainError::NotAllowed(
                "Only the customer can confirm or reopen a case.",
            ));
        }
        match self.stage {
            Stage::Resolved => Ok(()),
            Stage::Closed => Err(DomainError::Conflict("This case is already closed.")),
            _ => Err(DomainError::Conflict(
                "We haven't marked this case solved yet, so there is nothing to confirm.",
            )),
        }
    }

    /// Applies an event that has happened.
    pub fn evolve(&mut self, event: &Event) {
        match &event.kind {
            EventKind::Created { .. } => {}
            EventKind::PublicUpdate {
                waits_for_customer, ..
            } => {
                self.last_public_update_at = Some(event.at);
                if *waits_for_customer {
                    self.stage = Stage::WaitingOnYou;
                    self.waiting_since = Some(event.at);
                } else {
                    self.waiting_since = None;
                    if self.stage != Stage::Resolved {
                        self.stage = Stage::InProgress;
                    }
                }
            }
            EventKind::Solved { .. } => {
                self.stage = Stage::Resolved;
                self.waiting_since = None;
                self.last_public_update_at = Some(event.at);
            }
            EventKind::Confirmed { .. } => self.stage = Stage::Closed,
            EventKind::Reopened { .. } => {
                self.stage = Stage::Reopened;
                self.reopen_count += 1;
                self.promise_started_at = event.at;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff() -> Actor {
        Actor::Staff {
            id: 1,
            name: "Ada".into(),
        }
    }

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + secs).unwrap()
    }

    fn new_case() -> Case {
        let new = NewCase {
            name: CustomerName::parse("Kim").unwrap(),
            email: CustomerEmail::parse("kim@example.com").unwrap(),
            subject: Subject::parse("Checkout fails").unwrap(),
            description: Description::parse("Every payment is declined.").unwrap(),
            severity: Severity::S2,
            channel: Channel::Web,
        };
        Case::raise(new, CaseReference::parse("ESC-7Q4K2M").unwrap(), at(0)).0
    }

    fn run(case: &mut Case, command: Command, actor: &Actor, secs: i64) -> Result<(), DomainError> {
        for event in case.decide(command, actor, at(secs))? {
            case.evolve(&event);
        }
        Ok(())
    }

    fn update(text: &str, wait: bool) -> Command {
        Command::PostUpdate {
            body: UpdateBody::parse(text).unwrap(),
            waits_for_customer: wait,
        }
    }

    fn solve() -> Command {
        Command::MarkSolved {
            summary: UpdateBody::parse("Fixed the gateway.").unwrap(),
        }
    }

    #[test]
    fn a_new_case_is_received() {
        let case = new_case();
        assert_eq!(case.stage, Stage::Received);
        assert_eq!(case.promise_started_at, at(0));
    }

    #[test]
    fn a_staff_update_moves_the_case_into_progress_or_waiting() {
        let mut case = new_case();
        run(&mut case, update("Looking now.", false), &staff(), 60).unwrap();
        assert_eq!(case.stage, Stage::InProgress);
        run(&mut case, update("Which browser?", true), &staff(), 120).unwrap();
        assert_eq!(case.stage, Stage::WaitingOnYou);
        assert_eq!(case.waiting_since, Some(at(120)));
    }

    #[test]
    fn customers_cannot_post_staff_updates_or_solve() {
        let mut case = new_case();
        assert!(matches!(
            run(&mut case, update("hi", false), &Actor::Customer, 1),
            Err(DomainError::NotAllowed(_))
        ));
        assert!(matches!(
            run(&mut case, solve(), &Actor::Customer, 1),
            Err(DomainError::NotAllowed(_))
        ));
    }

    #[test]
    fn confirming_a_solved_case_closes_it() {
        let mut case = new_case();
        run(&mut case, solve(), &staff(), 60).unwrap();
        assert_eq!(case.stage, Stage::Resolved);
        let confirm = Command::Confirm {
            rating: Some(Rating::new(5).unwrap()),
            comment: None,
        };
        run(&mut case, confirm.clone(), &Actor::Customer, 90).unwrap();
        assert_eq!(case.stage, Stage::Closed);
        assert!(matches!(
            run(&mut case, confirm, &Actor::Customer, 91),
            Err(DomainError::Conflict(_))
        ));
    }

    #[test]
    fn reopening_restarts_the_first_reply_promise() {
        let mut case = new_case();
        run(&mut case, solve(), &staff(), 60).unwrap();
        let reopen = Command::Reopen {
            reason: ReopenReason::parse("Still failing").unwrap(),
        };
        run(&mut case, reopen, &Actor::Customer, 100).unwrap();
        assert_eq!(case.stage, Stage::Reopened);
        assert_eq!(case.reopen_count, 1);
        assert_eq!(case.promise_started_at, at(100));
    }

    #[test]
    fn an_unsolved_case_cannot_be_confirmed() {
        let mut case = new_case();
        let confirm = Command::Confirm {
            rating: None,
            comment: None,
        };
        assert!(matches!(
            run(&mut case, confirm, &Actor::Customer, 1),
            Err(DomainError::Conflict(_))
        ));
    }

    #[test]
    fn solving_twice_is_a_conflict() {
        let mut case = new_case();
        run(&mut case, solve(), &staff(), 1).unwrap();
        assert!(matches!(
            run(&mut case, solve(), &staff(), 2),
            Err(DomainError::Conflict(_))
        ));
    }
}
