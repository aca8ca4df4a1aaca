//! Data-driven escalation rules: a condition over a case's facts (and its
//! account's), and what to do when it starts to hold. Ops write them in a
//! small language (see `parse` for the grammar and README "Rules"):
//!
//! ```text
//! # Repeat contacts on a serious case
//! when severity >= S2 and customer_messages(24h) >= 3 and not breached
//! then flag_at_risk
//! then alert manager
//! ```
//!
//! A rule fires once per episode: when its condition goes from false to
//! true, never again while it stays true.

use super::Severity;
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

pub mod backtest;
pub mod facts;
pub mod form;
mod parse;

pub use facts::{CaseHistory, Facts};
pub use parse::RuleError;

/// A rule as ops wrote it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub condition: Expr,
    pub actions: Vec<Action>,
}

/// What a rule does with the cases it fires on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Written, never evaluated.
    Off,
    /// Fires into the log only.
    Shadow,
    /// Acts (high-impact actions wait for a person).
    Active,
}

impl Mode {
    pub fn code(self) -> &'static str {
        match self {
            Mode::Off => "off",
            Mode::Shadow => "shadow",
            Mode::Active => "active",
        }
    }

    pub fn parse(raw: &str) -> Option<Mode> {
        [Mode::Off, Mode::Shadow, Mode::Active]
            .into_iter()
            .find(|m| m.code() == raw.trim())
    }
}

/// A condition: facts compared with values, joined by and/or/not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Compare(Compare),
    Flag(Flag),
    /// Words in the customer's subject, description and messages.
    Contains(String),
    /// An external signal's latest value for the case's account (see
    /// `signal`), in thousandths; false when there is none.
    Signal {
        name: String,
        op: Op,
        milli: i64,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compare {
    pub fact: Fact,
    pub op: Op,
    pub value: Value,
}

/// A fact that compares with a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    /// Compared by urgency: S1 > S2 > S3 > S4.
    Severity,
    Type,
    Tier,
    Channel,
    Age,
    /// How long the customer's oldest unanswered message has waited.
    CustomerWait,
    ReopenCount,
    /// Customer messages in the last window.
    CustomerMessages(SignedDuration),
    Rating,
    Escalations,
    /// The account's (email domain's) open cases.
    AccountOpenCases,
    /// The account's health score (0 to 100) as a customer-success tool
    /// sends it: the `health_score` signal. False when there is none.
    HealthScore,
}

/// The signal a customer-success tool sends an account's health score in.
pub const HEALTH_SCORE: &str = "health_score";

/// A fact that is true or false by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    KeyAccount,
    Breached,
    Warned,
    WaitingOnCustomer,
    Open,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Number(i64),
    Duration(SignedDuration),
    Severity(Severity),
    Word(String),
}

/// What a rule does when it fires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    RaiseSeverity,
    EscalateTier,
    BringInManagement,
    StartSwarm,
    EngageSponsor,
    FlagAtRisk,
    SuggestIncidentLink,
    /// A proactive message from this template kind.
    SendMessage(String),
    /// A console alert for a role (`manager`, `ops`, ...).
    Alert(String),
}

impl Action {
    /// The action as a `then` line writes it: `raise_severity`, `alert manager`.
    pub fn source(&self) -> String {
        match self {
            Action::RaiseSeverity => "raise_severity".to_owned(),
            Action::EscalateTier => "escalate_tier".to_owned(),
            Action::BringInManagement => "bring_in_management".to_owned(),
            Action::StartSwarm => "start_swarm".to_owned(),
            Action::EngageSponsor => "engage_sponsor".to_owned(),
            Action::FlagAtRisk => "flag_at_risk".to_owned(),
            Action::SuggestIncidentLink => "suggest_incident_link".to_owned(),
            Action::SendMessage(t) => format!("send_message {t}"),
            Action::Alert(r) => format!("alert {r}"),
        }
    }

    /// Changes a customer sees or a person's day: a person approves first.
    pub fn high_impact(&self) -> bool {
        matches!(
            self,
            Action::RaiseSeverity
                | Action::EscalateTier
                | Action::BringInManagement
                | Action::StartSwarm
                | Action::EngageSponsor
                | Action::SendMessage(_)
        )
    }
}

impl Rule {
    /// Parses ops' source; the error names its line.
    pub fn parse(source: &str) -> Result<Rule, RuleError> {
        parse::rule(source)
    }

    /// The rule in its canonical form: parsing it gives the same rule.
    pub fn to_source(&self) -> String {
        parse::print(self)
    }

    /// Whether the condition holds for these facts.
    pub fn holds(&self, facts: &Facts) -> bool {
        self.condition.eval(facts)
    }
}

impl Expr {
    pub fn eval(&self, facts: &Facts) -> bool {
        match self {
            Expr::And(all) => all.iter().all(|e| e.eval(facts)),
            Expr::Or(any) => any.iter().any(|e| e.eval(facts)),
            Expr::Not(inner) => !inner.eval(facts),
            Expr::Flag(flag) => facts.flag(*flag),
            Expr::Contains(word) => facts.text.contains(word.as_str()),
            Expr::Compare(c) => c.eval(facts),
            Expr::Signal { name, op, milli } => facts.signals.get(name).is_some_and(|value| {
                // Compared in thousandths, as written.
                let value = (value * 1000.0).round();
                let milli = *milli as f64;
                match op {
                    Op::Lt => value < milli,
                    Op::Le => value <= milli,
                    Op::Gt => value > milli,
                    Op::Ge => value >= milli,
                    Op::Eq => value == milli,
                    Op::Ne => value != milli,
                }
            }),
        }
    }
}

impl Compare {
    fn eval(&self, facts: &Facts) -> bool {
        use std::cmp::Ordering;
        let ordering: Option<Ordering> = match (&self.fact, &self.value) {
            // S1 is the most urgent, so it compares greatest.
            (Fact::Severity, Value::Severity(s)) => Some(s.cmp(&facts.severity)),
            (Fact::Type, Value::Word(w)) => Some(facts.escalation_type.as_str().cmp(w.as_str())),
            (Fact::Tier, Value::Word(w)) => Some(facts.tier.as_str().cmp(w.as_str())),
            (Fact::Channel, Value::Word(w)) => Some(facts.channel.as_str().cmp(w.as_str())),
            (Fact::Age, Value::Duration(d)) => Some(facts.age.cmp(d)),
            (Fact::CustomerWait, Value::Duration(d)) => facts.customer_wait.map(|w| w.cmp(d)),
            (Fact::ReopenCount, Value::Number(n)) => Some(i64::from(facts.reopen_count).cmp(n)),
            (Fact::CustomerMessages(window), Value::Number(n)) => {
                Some(facts.customer_messages_within(*window).cmp(n))
            }
            (Fact::Rating, Value::Number(n)) => facts.rating.map(|r| i64::from(r).cmp(n)),
            (Fact::Escalations, Value::Number(n)) => Some(i64::from(facts.escalations).cmp(n)),
            (Fact::AccountOpenCases, Value::Number(n)) => {
                Some(i64::from(facts.account_open_cases).cmp(n))
            }
            (Fact::HealthScore, Value::Number(n)) => facts
                .signals
                .get(HEALTH_SCORE)
                .map(|v| (v.round() as i64).cmp(n)),
            // The parser only pairs facts with values of their kind.
            _ => None,
        };
        let Some(ordering) = ordering else {
            return false;
        };
        match self.op {
            Op::Lt => ordering == Ordering::Less,
            Op::Le => ordering != Ordering::Greater,
            Op::Gt => ordering == Ordering::Greater,
            Op::Ge => ordering != Ordering::Less,
            Op::Eq => ordering == Ordering::Equal,
            Op::Ne => ordering != Ordering::Equal,
        }
    }
}

/// The rules Baton ships, off, for ops to start from.
pub const EXAMPLES: [(&str, &str); 4] = [
    (
        "repeat-contacts",
        "# Customers who write again and again are heading for an escalation.\n\
         when open and customer_messages(24h) >= 3 and severity >= S3\n\
         then flag_at_risk\n\
         then alert manager\n",
    ),
    (
        "frustration-words",
        "# Frustration anywhere in the thread, not just the first message.\n\
         when open and (text contains \"unacceptable\" or text contains \"cancel\" or text contains \"lawyer\")\n\
         then flag_at_risk\n\
         then raise_severity\n",
    ),
    (
        "key-account-waiting",
        "# A key account waiting four hours for us is a sponsor's business.\n\
         when open and key_account and customer_wait >= 4h\n\
         then engage_sponsor\n",
    ),
    (
        "reopened-twice",
        "# A case reopened twice needs a fresh pair of eyes.\n\
         when open and reopen_count >= 2\n\
         then bring_in_management\n",
    ),
];
