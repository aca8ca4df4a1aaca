//! What a rule reads about a case at one moment, folded from its stored
//! history: the same facts for a live case now and for a past case at any
//! time in a backtest.

use super::Flag;
use crate::domain::{Event, EventKind, Severity};
use jiff::{SignedDuration, Timestamp};

/// A case's stored history and the few things its events do not repeat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseHistory {
    pub reference: String,
    pub customer_email: String,
    pub subject: String,
    pub description: String,
    /// The tier it started at (its first escalation's `from`, or its tier).
    pub first_tier: String,
    pub events: Vec<Event>,
}

impl CaseHistory {
    /// The customer's email domain, lowercase: the account.
    pub fn account(&self) -> String {
        self.customer_email
            .rsplit_once('@')
            .map(|(_, d)| d.to_ascii_lowercase())
            .unwrap_or_default()
    }

    pub fn created_at(&self) -> Option<Timestamp> {
        self.events.first().map(|e| e.at)
    }

    /// When the case stopped being open for good (solved and not reopened
    /// since), if it did.
    pub fn settled_at(&self) -> Option<Timestamp> {
        let mut settled = None;
        for event in &self.events {
            match event.kind {
                EventKind::Solved { .. } | EventKind::Confirmed { .. } if settled.is_none() => {
                    settled = Some(event.at);
                }
                EventKind::Reopened { .. } => settled = None,
                _ => {}
            }
        }
        settled
    }
}

/// The facts at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    pub at: Timestamp,
    pub severity: Severity,
    pub escalation_type: String,
    pub tier: String,
    pub channel: String,
    pub age: SignedDuration,
    pub customer_wait: Option<SignedDuration>,
    pub reopen_count: u32,
    /// When the customer wrote (the raise counts as the first time).
    pub customer_messages: Vec<Timestamp>,
    pub rating: Option<u8>,
    pub escalations: u32,
    pub breached: bool,
    pub warned: bool,
    pub waiting_on_customer: bool,
    pub open: bool,
    /// Subject, description and every customer message, lowercase.
    pub text: String,
    pub key_account: bool,
    pub account_open_cases: u32,
    /// External signals for the account (see `signal::latest`); the caller
    /// fills them in.
    pub signals: std::collections::HashMap<String, f64>,
}

impl Facts {
    pub fn flag(&self, flag: Flag) -> bool {
        match flag {
            Flag::KeyAccount => self.key_account,
            Flag::Breached => self.breached,
            Flag::Warned => self.warned,
            Flag::WaitingOnCustomer => self.waiting_on_customer,
            Flag::Open => self.open,
        }
    }

    /// Customer messages in the `window` up to now.
    pub fn customer_messages_within(&self, window: SignedDuration) -> i64 {
        let since = self.at - window;
        self.customer_messages
            .iter()
            .filter(|at| **at > since && **at <= self.at)
            .count() as i64
    }

    /// The facts once every event up to `at` has happened. Account facts
    /// come from the caller, who sees the other cases.
    pub fn at(
        history: &CaseHistory,
        at: Timestamp,
        key_account: bool,
        account_open_cases: u32,
    ) -> Facts {
        let mut facts = Facts {
            at,
            severity: Severity::S3,
            escalation_type: String::new(),
            tier: history.first_tier.clone(),
            channel: String::new(),
            age: SignedDuration::ZERO,
            customer_wait: None,
            reopen_count: 0,
            customer_messages: Vec::new(),
            rating: None,
            escalations: 0,
            breached: false,
            warned: false,
            waiting_on_customer: false,
            open: true,
            text: format!("{}\n{}", history.subject, history.description).to_lowercase(),
            key_account,
            account_open_cases,
            signals: std::collections::HashMap::new(),
        };
        let created = history.created_at().unwrap_or(at);
        facts.age = at.duration_since(created).max(SignedDuration::ZERO);
        // The oldest customer word we have not answered publicly yet.
        let mut unanswered: Option<Timestamp> = None;
        for event in history.events.iter().take_while(|e| e.at <= at) {
            match &event.kind {
                EventKind::Created {
                    channel,
                    severity,
                    escalation_type,
                } => {
                    facts.channel = channel.code().to_owned();
                    facts.severity = *severity;
                    facts.escalation_type = escalation_type.clone();
                    facts.customer_messages.push(event.at);
                    unanswered = Some(event.at);
                }
                EventKind::CustomerMessage { body } => {
                    facts.customer_messages.push(event.at);
                    facts.text.push('\n');
                    facts.text.push_str(&body.to_lowercase());
                    facts.waiting_on_customer = false;
                    unanswered.get_or_insert(event.at);
                }
                EventKind::Worsened {
                    what_changed,
                    asked,
                    rerated,
                    ..
                } => {
                    facts.customer_messages.push(event.at);
                    facts.text.push('\n');
                    facts.text.push_str(&what_changed.to_lowercase());
                    if *rerated {
                        facts.severity = *asked;
                    }
                    unanswered.get_or_insert(event.at);
                }
                EventKind::PublicUpdate {
                    waits_for_customer, ..
                } => {
                    unanswered = None;
                    facts.waiting_on_customer = *waits_for_customer;
                }
                EventKind::Solved { .. } => {
                    unanswered = None;
                    facts.open = false;
                    facts.waiting_on_customer = false;
                }
                EventKind::Confirmed { rating, .. } => {
                    facts.open = false;
                    facts.rating = rating.or(facts.rating);
                }
                EventKind::Reopened { reason } => {
                    facts.open = true;
                    facts.reopen_count += 1;
                    facts.text.push('\n');
                    facts.text.push_str(&reason.to_lowercase());
                    unanswered.get_or_insert(event.at);
                }
                EventKind::Escalated { to, .. } | EventKind::Deescalated { to, .. } => {
                    if matches!(event.kind, EventKind::Escalated { .. }) {
                        facts.escalations += 1;
                    }
                    facts.tier = to.code().to_owned();
                }
                EventKind::SeverityChanged { to, .. } => facts.severity = *to,
                EventKind::TypeChanged { to, .. } => facts.escalation_type = to.clone(),
                EventKind::SlaBreached { .. } => facts.breached = true,
                EventKind::SlaWarned { .. } => facts.warned = true,
                _ => {}
            }
        }
        facts.customer_wait = unanswered
            .filter(|_| facts.open)
            .map(|since| at.duration_since(since).max(SignedDuration::ZERO));
        facts
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::{Actor, Channel};

    pub(crate) fn event(minutes: i64, kind: EventKind) -> Event {
        Event {
            at: base() + SignedDuration::from_mins(minutes),
            actor: Actor::System,
            kind,
        }
    }

    pub(crate) fn base() -> Timestamp {
        "2026-11-02T09:00:00Z".parse().unwrap()
    }

    pub(crate) fn history(reference: &str, email: &str, events: Vec<Event>) -> CaseHistory {
        CaseHistory {
            reference: reference.to_owned(),
            customer_email: email.to_owned(),
            subject: "Exports fail".to_owned(),
            description: "The monthly export times out.".to_owned(),
            first_tier: "L1".to_owned(),
            events,
        }
    }

    pub(crate) fn created(severity: Severity) -> EventKind {
        EventKind::Created {
            channel: Channel::Web,
            severity,
            escalation_type: "technical".to_owned(),
        }
    }

    pub(crate) fn message(body: &str) -> EventKind {
        EventKind::CustomerMessage {
            body: body.to_owned(),
        }
    }

    #[test]
    fn facts_follow_the_history_up_to_the_moment() {
        let h = history(
            "ESC-AAAAAA",
            "kim@bigco.example",
            vec![
                event(0, created(Severity::S3)),
                event(30, message("Still failing. This is unacceptable.")),
                event(
                    60,
                    EventKind::PublicUpdate {
                        body: "Looking".into(),
                        waits_for_customer: false,
                    },
                ),
                event(
                    90,
                    EventKind::SeverityChanged {
                        from: Severity::S3,
                        to: Severity::S2,
                    },
                ),
            ],
        );
        let at = |m: i64| base() + SignedDuration::from_mins(m);
        let early = Facts::at(&h, at(45), false, 1);
        assert_eq!(early.severity, Severity::S3);
        assert_eq!(
            early.customer_wait,
            Some(SignedDuration::from_mins(45)),
            "waiting since the raise"
        );
        assert!(early.text.contains("unacceptable"));
        assert_eq!(
            early.customer_messages_within(SignedDuration::from_mins(20)),
            1
        );
        let later = Facts::at(&h, at(120), false, 1);
        assert_eq!(later.severity, Severity::S2);
        assert_eq!(later.customer_wait, None, "answered at 60");
        assert_eq!(later.age, SignedDuration::from_mins(120));
        assert_eq!(h.account(), "bigco.example");
    }
}
