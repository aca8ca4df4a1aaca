use super::credit::CreditAmount;
use super::customer::{
    Comment, CustomerEmail, CustomerName, Description, InternalNoteBody, Rating, ReopenReason,
    Subject, TierMoveReason, UpdateBody, WhatChanged,
};
use super::management::ManagementLevel;
use super::sla::deadlines::{self, DeadlineKind};
use super::sla::{BusinessTime, Clocks, SlaClock, SlaRules, SlaTarget};
use super::{CaseReference, CustomerNotice, Event, EventKind, HandoffNote, Severity, Stage, Tier};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use super::event::Actor;

mod authority_commands;
mod management_commands;
mod staff_commands;
#[cfg(test)]
mod staff_tests;
#[cfg(test)]
pub(crate) mod tests_support;
pub mod worse;

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
    pub tier: Tier,
    pub created_at: Timestamp,
    pub last_public_update_at: Option<Timestamp>,
    pub reopen_count: u32,
    pub clocks: Clocks,
    /// The member of staff who owns the case, if anyone does yet.
    #[serde(default)]
    pub assignee: Option<Assignee>,
    /// The escalation type's code (see `raci`): whose matrix applies.
    pub escalation_type: String,
    /// The executive sponsor called in, once (see `sponsor`).
    #[serde(default)]
    pub sponsor: Option<String>,
    /// When staff declared the case a major incident, if they did.
    #[serde(default)]
    pub major_incident_at: Option<Timestamp>,
    /// The level of management overseeing the case (the management path).
    #[serde(default)]
    pub management: Option<ManagementLevel>,
}

/// The member of staff who owns a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignee {
    pub staff_id: i64,
    pub name: String,
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
    CustomerReply {
        body: UpdateBody,
    },
    /// Bring in a higher tier: `to`, or the next one up when `None`.
    /// Staff must leave a handoff note; Baton escalating on a breach need not.
    Escalate {
        to: Option<Tier>,
        reason: String,
        handoff_note: Option<HandoffNote>,
    },
    /// Hand the case back to a lower tier: `to`, or the next one down.
    Deescalate {
        to: Option<Tier>,
        reason: TierMoveReason,
        handoff_note: HandoffNote,
    },
    /// A note for the team; the customer never sees it.
    AddInternalNote {
        body: InternalNoteBody,
    },
    /// Give the case to a member of staff.
    Assign {
        staff_id: i64,
        name: String,
    },
    /// Correct the severity; the promise follows the new one's targets.
    ChangeSeverity {
        to: Severity,
    },
    /// Set the escalation type (a code the RACI matrix knows).
    ChangeType {
        to: String,
    },
    /// The management path: bring in `to`, or the next level up.
    EscalateManagement {
        to: Option<ManagementLevel>,
        reason: TierMoveReason,
        handoff_note: HandoffNote,
    },
    /// Management steps back to `to`, or one level down.
    DeescalateManagement {
        to: Option<ManagementLevel>,
        reason: TierMoveReason,
        handoff_note: HandoffNote,
    },
    /// Give the customer a goodwill credit (needs authority for the amount).
    GrantCredit {
        amount: CreditAmount,
        reason: InternalNoteBody,
    },
    /// Declare the case a major incident (needs authority).
    DeclareMajorIncident {
        summary: InternalNoteBody,
    },
    /// The customer says it got worse. `rerate_at_once` is the worse
    /// policy's answer for this case (see `worse::WorsePolicy`).
    ReportWorse {
        what_changed: WhatChanged,
        asked: Severity,
        rerate_at_once: bool,
    },
}

/// Why a command was refused; the message is fit to show the person who sent it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{0}")]
    NotAllowed(&'static str),
    #[error("{0}")]
    Conflict(&'static str),
    /// A refusal the customer may read, worded by the `customer_notice`
    /// template.
    #[error("{}", .0.code())]
    Notice(CustomerNotice),
}

/// Why clocks pause while we wait on the customer; the customer reads it.
pub const WAITING_FOR_YOU: &str = "waiting for your reply";
const WAITING_FOR_CONFIRMATION: &str = "waiting for your confirmation";

impl Case {
    /// Opens a case and starts its clocks. The caller supplies the reference
    /// (random), the time and the SLA rules in force.
    pub fn raise(
        new: NewCase,
        reference: CaseReference,
        escalation_type: &str,
        now: Timestamp,
        rules: &SlaRules,
    ) -> (Case, Vec<Event>) {
        let policy = rules.policy(new.severity);
        let event = |kind| Event {
            at: now,
            actor: Actor::Customer,
            kind,
        };
        let events = vec![
            event(EventKind::Created {
                channel: new.channel,
                severity: new.severity,
                escalation_type: escalation_type.to_owned(),
            }),
            event(EventKind::ClockStarted {
                target: SlaTarget::FirstResponse,
                budget: policy.first_response,
            }),
            event(EventKind::ClockStarted {
                target: SlaTarget::Resolution,
                budget: policy.resolution,
            }),
        ];
        let mut case = Case {
            reference,
            customer_name: new.name.as_str().to_owned(),
            customer_email: new.email.as_str().to_owned(),
            subject: new.subject.as_str().to_owned(),
            description: new.description.as_str().to_owned(),
            severity: new.severity,
            channel: new.channel,
            stage: Stage::Received,
            tier: rules.tiers.front_line(),
            created_at: now,
            last_public_update_at: None,
            reopen_count: 0,
            clocks: Clocks::default(),
            assignee: None,
            escalation_type: escalation_type.to_owned(),
            sponsor: None,
            major_incident_at: None,
            management: None,
        };
        events.iter().for_each(|e| case.evolve(e));
        (case, events)
    }

    /// Decides what a command does, without changing anything.
    pub fn decide(
        &self,
        command: Command,
        actor: &Actor,
        now: Timestamp,
        rules: &SlaRules,
    ) -> Result<Vec<Event>, DomainError> {
        use DomainError::{Conflict, NotAllowed};
        let policy = rules.policy(self.severity);
        let mut kinds = Vec::new();
        match command {
            Command::PostUpdate {
                body,
                waits_for_customer,
            } => {
                self.expect_staff(actor, "Only our team can post updates here.")?;
                self.expect_open()?;
                kinds.push(EventKind::PublicUpdate {
                    body: body.as_str().to_owned(),
                    waits_for_customer,
                });
                kinds.extend(
                    self.stop_if_running(&[SlaTarget::FirstResponse, SlaTarget::TierResponse]),
                );
                if self.stage != Stage::Resolved {
                    kinds.push(EventKind::ClockStarted {
                        target: SlaTarget::NextUpdate,
                        budget: policy.next_update,
                    });
                    if waits_for_customer && rules.pauses_in(Stage::WaitingOnYou) {
                        kinds.extend(self.pause_running(
                            &[SlaTarget::NextUpdate, SlaTarget::Resolution],
                            WAITING_FOR_YOU,
                            true,
                        ));
                    }
                }
            }
            Command::MarkSolved { summary } => {
                self.expect_staff(actor, "Only our team can mark a case solved.")?;
                self.expect_open()?;
                if self.stage == Stage::Resolved {
                    return Err(Conflict(
                        "This case is already waiting for the customer's confirmation.",
                    ));
                }
                kinds.push(EventKind::Solved {
                    summary: summary.as_str().to_owned(),
                });
                kinds.extend(self.stop_if_running(&[
                    SlaTarget::FirstResponse,
                    SlaTarget::NextUpdate,
                    SlaTarget::TierResponse,
                ]));
                if rules.pauses_in(Stage::Resolved) {
                    kinds.extend(self.pause_running(
                        &[SlaTarget::Resolution],
                        WAITING_FOR_CONFIRMATION,
                        false,
                    ));
                }
            }
            Command::Confirm { rating, comment } => {
                self.expect_customer_answer(actor)?;
                kinds.push(EventKind::Confirmed {
                    rating: rating.map(Rating::value),
                    comment: comment.map(|c| c.as_str().to_owned()),
                });
                kinds.extend(
                    self.clocks
                        .0
                        .iter()
                        .filter(|c| c.is_running() || c.paused.is_some())
                        .map(|c| EventKind::ClockStopped { target: c.target }),
                );
            }
            Command::Reopen { reason } => {
                self.expect_customer_answer(actor)?;
                kinds.push(EventKind::Reopened {
                    reason: reason.as_str().to_owned(),
                });
                kinds.push(EventKind::ClockStarted {
                    target: SlaTarget::FirstResponse,
                    budget: policy.first_response,
                });
                kinds.extend(self.resume_paused());
            }
            Command::CustomerReply { body } => {
                if actor.is_staff() {
                    return Err(NotAllowed("Staff reply with a public update."));
                }
                self.expect_open()?;
                kinds.push(EventKind::CustomerMessage {
                    body: body.as_str().to_owned(),
                });
                if self.stage == Stage::WaitingOnYou {
                    kinds.extend(self.resume_paused());
                }
            }
            Command::Escalate {
                to,
                reason,
                handoff_note,
            } => kinds.extend(self.escalate(actor, to, reason, handoff_note, rules)?),
            Command::Deescalate {
                to,
                reason,
                handoff_note,
            } => kinds.extend(self.deescalate(actor, to, reason, handoff_note, rules)?),
            Command::AddInternalNote { body } => {
                self.expect_staff(actor, "Only our team can write internal notes.")?;
                kinds.push(EventKind::InternalNote {
                    body: body.as_str().to_owned(),
                });
            }
            Command::Assign { staff_id, name } => {
                kinds.push(self.assign(actor, staff_id, name)?);
            }
            Command::ChangeSeverity { to } => kinds.extend(self.change_severity(actor, to, rules)?),
            Command::ChangeType { to } => kinds.push(self.change_type(actor, to)?),
            Command::EscalateManagement {
                to,
                reason,
                handoff_note,
            } => kinds.push(self.escalate_management(actor, to, reason, handoff_note)?),
            Command::DeescalateManagement {
                to,
                reason,
                handoff_note,
            } => kinds.push(self.deescalate_management(actor, to, reason, handoff_note)?),
            Command::GrantCredit { amount, reason } => {
                kinds.push(self.grant_credit(actor, amount, reason)?);
            }
            Command::DeclareMajorIncident { summary } => {
                kinds.push(self.declare_major_incident(actor, summary)?);
            }
            Command::ReportWorse {
                what_changed,
                asked,
                rerate_at_once,
            } => kinds.extend(self.report_worse(
                actor,
                what_changed,
                asked,
                rerate_at_once,
                rules,
            )?),
        }
        Ok(kinds
            .into_iter()
            .map(|kind| Event {
                at: now,
                actor: actor.clone(),
                kind,
            })
            .collect())
    }

    /// What the SLA engine must do at `now`: warnings, breaches and, on a
    /// breach, one step up the tiers. Fired steps are part of the state, so
    /// deciding again after they are stored yields nothing.
    pub fn on_deadlines(
        &self,
        rules: &SlaRules,
        calendar: &dyn BusinessTime,
        now: Timestamp,
    ) -> Vec<Event> {
        let policy = rules.policy(self.severity);
        let mut kinds = Vec::new();
        let mut breached = Vec::new();
        for deadline in deadlines::due(&self.clocks, &policy, calendar, now) {
            match deadline.kind {
                DeadlineKind::Warning => kinds.push(EventKind::SlaWarned {
                    target: deadline.target,
                }),
                DeadlineKind::Breach => {
                    kinds.push(EventKind::SlaBreached {
                        target: deadline.target,
                    });
                    breached.push(deadline.target.label());
                }
            }
        }
        let mut events: Vec<Event> = kinds
            .into_iter()
            .map(|kind| Event {
                at: now,
                actor: Actor::System,
                kind,
            })
            .collect();
        if let (false, Some(next)) = (breached.is_empty(), rules.tiers.next(self.tier)) {
            let escalate = Command::Escalate {
                to: Some(next),
                reason: format!("SLA breached: {}", breached.join(", ")),
                handoff_note: None,
            };
            let mut after = self.clone();
            events.iter().for_each(|e| after.evolve(e));
            events.extend(
                after
                    .decide(escalate, &Actor::System, now, rules)
                    .unwrap_or_default(),
            );
        }
        events
    }

    /// When the SLA engine must next look at this case.
    pub fn next_deadline(
        &self,
        rules: &SlaRules,
        calendar: &dyn BusinessTime,
    ) -> Option<Timestamp> {
        deadlines::next_due(&self.clocks, &rules.policy(self.severity), calendar)
    }

    fn expect_staff(&self, actor: &Actor, refusal: &'static str) -> Result<(), DomainError> {
        if actor.is_staff() {
            Ok(())
        } else {
            Err(DomainError::NotAllowed(refusal))
        }
    }

    fn expect_open(&self) -> Result<(), DomainError> {
        if self.stage == Stage::Closed {
            Err(DomainError::Notice(CustomerNotice::CaseClosed))
        } else {
            Ok(())
        }
    }

    fn expect_customer_answer(&self, actor: &Actor) -> Result<(), DomainError> {
        if actor.is_staff() {
            return Err(DomainError::NotAllowed(
                "Only the customer can confirm or reopen a case.",
            ));
        }
        match self.stage {
            Stage::Resolved => Ok(()),
            Stage::Closed => Err(DomainError::Notice(CustomerNotice::AlreadyClosed)),
            _ => Err(DomainError::Notice(CustomerNotice::NothingToConfirm)),
        }
    }

    fn stop_if_running(&self, targets: &[SlaTarget]) -> Vec<EventKind> {
        targets
            .iter()
            .filter(|t| self.clocks.get(**t).is_some_and(SlaClock::is_running))
            .map(|t| EventKind::ClockStopped { target: *t })
            .collect()
    }

    /// Pauses the running clocks among `targets`; `fresh` also covers a clock
    /// started by the same decision (not yet in `self.clocks`).
    fn pause_running(&self, targets: &[SlaTarget], reason: &str, fresh: bool) -> Vec<EventKind> {
        targets
            .iter()
            .filter(|t| {
                (fresh && **t == SlaTarget::NextUpdate)
                    || self.clocks.get(**t).is_some_and(SlaClock::is_running)
            })
            .map(|t| EventKind::ClockPaused {
                target: *t,
                reason: reason.to_owned(),
            })
            .collect()
    }

    fn resume_paused(&self) -> Vec<EventKind> {
        self.clocks
            .0
            .iter()
            .filter(|c| c.paused.is_some())
            .map(|c| EventKind::ClockResumed { target: c.target })
            .collect()
    }

    /// Applies an event that has happened.
    pub fn evolve(&mut self, event: &Event) {
        let at = event.at;
        match &event.kind {
            EventKind::Created { .. } => {}
            EventKind::CustomerMessage { .. } | EventKind::Worsened { .. } => {
                if self.stage == Stage::WaitingOnYou {
                    self.stage = Stage::InProgress;
                }
            }
            EventKind::PublicUpdate {
                waits_for_customer, ..
            } => {
                self.last_public_update_at = Some(at);
                if self.stage != Stage::Resolved {
                    self.stage = if *waits_for_customer {
                        Stage::WaitingOnYou
                    } else {
                        Stage::InProgress
                    };
                }
            }
            EventKind::Solved { .. } => {
                self.stage = Stage::Resolved;
                self.last_public_update_at = Some(at);
            }
            EventKind::Confirmed { .. } => self.stage = Stage::Closed,
            EventKind::Reopened { .. } => {
                self.stage = Stage::Reopened;
                self.reopen_count += 1;
            }
            EventKind::Escalated { to, .. } | EventKind::Deescalated { to, .. } => self.tier = *to,
            EventKind::InternalNote { .. }
            | EventKind::SwarmStarted { .. }
            | EventKind::SwarmClosed { .. }
            | EventKind::CreditGranted { .. }
            | EventKind::IncidentLinked { .. }
            | EventKind::IncidentLeft { .. } => {}
            EventKind::MajorIncidentDeclared { .. } => self.major_incident_at = Some(at),
            EventKind::ManagementEscalated { to, .. } => self.management = Some(*to),
            EventKind::ManagementDeescalated { to, .. } => self.management = *to,
            EventKind::SeverityChanged { to, .. } => self.severity = *to,
            EventKind::TypeChanged { to, .. } => self.escalation_type = to.clone(),
            EventKind::SponsorEngaged { email, .. } => self.sponsor = Some(email.clone()),
            EventKind::Assigned { staff_id, name } => {
                self.assignee = Some(Assignee {
                    staff_id: *staff_id,
                    name: name.clone(),
                });
            }
            EventKind::ClockStarted { target, budget } => self.clocks.restart(*target, *budget, at),
            EventKind::ClockPaused { target, reason } => {
                if let Some(clock) = self.clocks.get_mut(*target) {
                    clock.pause(at, reason);
                }
            }
            EventKind::ClockResumed { target } => {
                if let Some(clock) = self.clocks.get_mut(*target) {
                    clock.resume(at);
                }
            }
            EventKind::ClockStopped { target } => self.clocks.stop(*target, at),
            EventKind::SlaWarned { target } => {
                if let Some(clock) = self.clocks.get_mut(*target) {
                    clock.warned = true;
                }
            }
            EventKind::SlaBreached { target } => {
                if let Some(clock) = self.clocks.get_mut(*target) {
                    clock.breached = true;
                }
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
        Case::raise(
            new,
            CaseReference::parse("ESC-7Q4K2M").unwrap(),
            "technical",
            at(0),
            &SlaRules::default(),
        )
        .0
    }

    fn run(case: &mut Case, command: Command, actor: &Actor, secs: i64) -> Result<(), DomainError> {
        for event in case.decide(command, actor, at(secs), &SlaRules::default())? {
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
        assert!(
            case.clocks
                .get(SlaTarget::FirstResponse)
                .unwrap()
                .is_running()
        );
        assert!(case.clocks.get(SlaTarget::Resolution).unwrap().is_running());
    }

    #[test]
    fn a_staff_update_moves_the_case_into_progress_or_waiting() {
        let mut case = new_case();
        run(&mut case, update("Looking now.", false), &staff(), 60).unwrap();
        assert_eq!(case.stage, Stage::InProgress);
        run(&mut case, update("Which browser?", true), &staff(), 120).unwrap();
        assert_eq!(case.stage, Stage::WaitingOnYou);
        let paused = case.clocks.pause().unwrap();
        assert_eq!(paused, &(at(120), WAITING_FOR_YOU.to_owned()));
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
            Err(DomainError::Notice(CustomerNotice::AlreadyClosed))
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
        let first = case.clocks.get(SlaTarget::FirstResponse).unwrap();
        assert_eq!(
            first.running_since,
            Some(at(100)),
            "a fresh first-reply promise"
        );
        assert!(
            case.clocks.get(SlaTarget::Resolution).unwrap().is_running(),
            "resolution time counts on"
        );
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
            Err(DomainError::Notice(CustomerNotice::NothingToConfirm))
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

#[cfg(test)]
mod sla_tests {
    use super::*;
    use crate::domain::customer::{CustomerEmail, CustomerName, Description, Subject, UpdateBody};
    use crate::domain::sla::AlwaysOpen;
    use jiff::SignedDuration;

    fn at(mins: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + mins * 60).unwrap()
    }

    fn s1_case() -> Case {
        let new = NewCase {
            name: CustomerName::parse("Kim").unwrap(),
            email: CustomerEmail::parse("kim@example.com").unwrap(),
            subject: Subject::parse("Down").unwrap(),
            description: Description::parse("All down").unwrap(),
            severity: Severity::S1,
            channel: Channel::Web,
        };
        Case::raise(
            new,
            CaseReference::parse("ESC-7Q4K2M").unwrap(),
            "technical",
            at(0),
            &SlaRules::default(),
        )
        .0
    }

    fn sweep(case: &mut Case, minutes: i64) -> Vec<EventKind> {
        let events = case.on_deadlines(&SlaRules::default(), &AlwaysOpen, at(minutes));
        events.iter().for_each(|e| case.evolve(e));
        events.into_iter().map(|e| e.kind).collect()
    }

    #[test]
    fn the_warning_fires_at_three_quarters_then_the_breach_escalates_once() {
        let mut case = s1_case();
        assert!(sweep(&mut case, 20).is_empty());
        assert_eq!(
            sweep(&mut case, 23),
            [EventKind::SlaWarned {
                target: SlaTarget::FirstResponse
            }]
        );
        assert!(
            sweep(&mut case, 24).is_empty(),
            "a warning never fires twice"
        );
        let breach = sweep(&mut case, 31);
        assert_eq!(
            breach[0],
            EventKind::SlaBreached {
                target: SlaTarget::FirstResponse
            }
        );
        assert!(
            matches!(&breach[1], EventKind::Escalated { to, reason, .. } if to.code() == "L2" && reason == "SLA breached: first response")
        );
        assert_eq!(
            breach[2],
            EventKind::ClockStarted {
                target: SlaTarget::TierResponse,
                budget: SignedDuration::from_mins(60)
            }
        );
        assert_eq!(case.tier.code(), "L2");
        assert!(
            sweep(&mut case, 32).is_empty(),
            "a breach never fires twice"
        );
    }

    #[test]
    fn after_downtime_each_overdue_step_fires_once_without_a_stale_warning() {
        let mut case = s1_case();
        let kinds = sweep(&mut case, 10_000);
        assert!(!kinds.iter().any(|k| matches!(
            k,
            EventKind::SlaWarned {
                target: SlaTarget::FirstResponse
            }
        )));
        assert!(kinds.contains(&EventKind::SlaBreached {
            target: SlaTarget::FirstResponse
        }));
        assert!(kinds.contains(&EventKind::SlaBreached {
            target: SlaTarget::Resolution
        }));
        let escalations = kinds
            .iter()
            .filter(|k| matches!(k, EventKind::Escalated { .. }))
            .count();
        assert_eq!(
            escalations, 1,
            "one step up per sweep, however many breaches"
        );
    }

    #[test]
    fn waiting_on_the_customer_pauses_the_clock_and_their_reply_resumes_it() {
        let mut case = s1_case();
        let staff = Actor::Staff {
            id: 1,
            name: "Ada".into(),
        };
        let rules = SlaRules::default();
        let ask = Command::PostUpdate {
            body: UpdateBody::parse("Which browser?").unwrap(),
            waits_for_customer: true,
        };
        case.decide(ask, &staff, at(10), &rules)
            .unwrap()
            .iter()
            .for_each(|e| case.evolve(e));
        assert_eq!(case.stage, Stage::WaitingOnYou);
        assert!(
            case.clocks
                .get(SlaTarget::FirstResponse)
                .is_none_or(|c| !c.is_running()),
            "first response was met"
        );
        assert_eq!(
            case.next_deadline(&rules, &AlwaysOpen),
            None,
            "nothing runs while we wait"
        );
        assert!(sweep(&mut case, 5_000).is_empty());

        let reply = Command::CustomerReply {
            body: UpdateBody::parse("Firefox").unwrap(),
        };
        case.decide(reply, &Actor::Customer, at(5_000), &rules)
            .unwrap()
            .iter()
            .for_each(|e| case.evolve(e));
        assert_eq!(case.stage, Stage::InProgress);
        let next_update = case.clocks.get(SlaTarget::NextUpdate).unwrap();
        assert_eq!(
            next_update.due_at(&AlwaysOpen),
            Some(at(5_060)),
            "the full hour from the reply"
        );
    }
}

#[cfg(test)]
mod pause_policy_tests {
    use super::*;
    use crate::domain::customer::{CustomerEmail, CustomerName, Description, Subject, UpdateBody};
    use crate::domain::sla::AlwaysOpen;

    #[test]
    fn a_policy_without_pauses_keeps_the_clocks_running_while_we_wait() {
        let at = |mins: i64| Timestamp::from_second(1_790_000_000 + mins * 60).unwrap();
        let rules = SlaRules {
            pause_in: vec![],
            ..SlaRules::default()
        };
        let new = NewCase {
            name: CustomerName::parse("Kim").unwrap(),
            email: CustomerEmail::parse("kim@example.com").unwrap(),
            subject: Subject::parse("Down").unwrap(),
            description: Description::parse("All down").unwrap(),
            severity: Severity::S2,
            channel: Channel::Web,
        };
        let mut case = Case::raise(
            new,
            CaseReference::parse("ESC-7Q4K2M").unwrap(),
            "technical",
            at(0),
            &rules,
        )
        .0;
        let staff = Actor::Staff {
            id: 1,
            name: "Ada".into(),
        };
        let ask = Command::PostUpdate {
            body: UpdateBody::parse("Which browser?").unwrap(),
            waits_for_customer: true,
        };
        case.decide(ask, &staff, at(10), &rules)
            .unwrap()
            .iter()
            .for_each(|e| case.evolve(e));
        assert_eq!(case.stage, Stage::WaitingOnYou);
        assert!(case.clocks.pause().is_none(), "nothing pauses");
        assert_eq!(
            case.next_deadline(&rules, &AlwaysOpen),
            Some(at(10 + 180)),
            "the next-update warning (75% of 4 h) still comes"
        );
    }
}
