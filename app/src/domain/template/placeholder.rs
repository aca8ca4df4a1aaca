use super::{TemplateError, TemplateErrorCode, TemplateKind};
use std::collections::BTreeMap;

/// A value a template may show, offered to support ops with a description
/// and an example (the example is what previews and checks render with).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placeholder {
    pub name: &'static str,
    pub description: &'static str,
    pub example: &'static str,
}

const CUSTOMER_NAME: Placeholder = Placeholder {
    name: "customer_name",
    description: "The customer's name, as they gave it to us.",
    example: "Dana",
};
const REFERENCE: Placeholder = Placeholder {
    name: "reference",
    description: "The case reference the customer can quote to us.",
    example: "ESC-7Q4K2M",
};
const STAGE: Placeholder = Placeholder {
    name: "stage",
    description: "Where the case stands, as a code: received, in_progress, waiting_on_you, \
                  resolved, closed or reopened. Use it in {% if %} to choose the words.",
    example: "in_progress",
};
const DUE_TIME: Placeholder = Placeholder {
    name: "due_time",
    description: "When our next promise falls due, with the weekday, in the customer's time.",
    example: "Thu 26 Nov, 14:00",
};
const ZONE: Placeholder = Placeholder {
    name: "zone",
    description: "Names the time zone of the times shown: \"your time\" when it is the \
                  customer's own.",
    example: "your time",
};
const UPDATE_BODY: Placeholder = Placeholder {
    name: "update_body",
    description: "The update a person on our team wrote for the customer.",
    example: "We found the cause: a setting on our mail server. We're changing it now.",
};
const STATUS_URL: Placeholder = Placeholder {
    name: "status_url",
    description: "The customer's private link to this case.",
    example: "https://baton.example.com/c/ESC-7Q4K2M",
};
const TEAM: Placeholder = Placeholder {
    name: "team",
    description: "Who works on the case now, in the customer's words.",
    example: "a specialist team",
};
const NOTICE: Placeholder = Placeholder {
    name: "notice",
    description: "Which notice this is, as a code: case_closed, already_closed, \
                  nothing_to_confirm, choose_severity, unknown_severity, unknown_reference, \
                  follower_gone or empty_message. Use it in {% if %} to choose the words.",
    example: "case_closed",
};
const GUARANTEE: Placeholder = Placeholder {
    name: "guarantee",
    description: "Which promise this is, as a code: first_reply or next_update.",
    example: "next_update",
};
const PAUSED_SINCE: Placeholder = Placeholder {
    name: "paused_since",
    description: "Since when we have been waiting for the customer, with the weekday; empty \
                  when we are not waiting.",
    example: "Tue 24 Nov, 10:00",
};
const PAUSE_REASON: Placeholder = Placeholder {
    name: "pause_reason",
    description: "What we are waiting for, in the customer's words.",
    example: "the error message you see",
};
const SURVEY_URL: Placeholder = Placeholder {
    name: "survey_url",
    description: "The link to the one-question survey.",
    example: "https://baton.example.com/s/ESC-7Q4K2M",
};
const SIGN_IN_URL: Placeholder = Placeholder {
    name: "sign_in_url",
    description: "The single-use link that shows the customer all their cases.",
    example: "https://baton.example.com/my-cases/3f9c2a",
};
const VALID_FOR: Placeholder = Placeholder {
    name: "valid_for",
    description: "How long the sign-in link works, in words.",
    example: "15 minutes",
};

const ACCOUNT: Placeholder = Placeholder {
    name: "account",
    description: "The key account's name.",
    example: "Northwind Traders",
};
const CASE_SUBJECT: Placeholder = Placeholder {
    name: "subject",
    description: "The case's subject, in the customer's words.",
    example: "Checkout fails for every card",
};
const SEVERITY: Placeholder = Placeholder {
    name: "severity",
    description: "The case's severity: S1 (worst) to S4.",
    example: "S1",
};
const IMPACT: Placeholder = Placeholder {
    name: "impact",
    description: "What the customer told us is wrong, in their words.",
    example: "None of our shops can take card payments since 09:00.",
};
const TIMELINE: Placeholder = Placeholder {
    name: "timeline",
    description: "What has happened on the case so far, one line per step, oldest first.",
    example: "Thu 26 Nov, 09:05: raised by email\nThu 26 Nov, 09:20: escalated to L2",
};
const REASON: Placeholder = Placeholder {
    name: "reason",
    description: "Why the sponsor is called in, e.g. an S1 case at a key account.",
    example: "S1 case at key account Northwind Traders",
};
const ASK: Placeholder = Placeholder {
    name: "ask",
    description: "What we need from the sponsor, as set with the key accounts.",
    example: "Please call their head of operations today.",
};
const CASE_URL: Placeholder = Placeholder {
    name: "case_url",
    description: "The case in the staff console.",
    example: "https://baton.example.com/staff/cases/ESC-7Q4K2M",
};

const EVENT: Placeholder = Placeholder {
    name: "event",
    description: "Which step of the case this is, as a code: created, public_update, solved, \
                  confirmed, reopened, customer_message, worsened, escalated, deescalated or \
                  management_escalated. Use it in \
                  {% if %} to choose the words.",
    example: "escalated",
};
const RATING: Placeholder = Placeholder {
    name: "rating",
    description: "How the customer rated our help when they confirmed, \"1\" to \"5\"; empty \
                  when they gave no rating, and for other steps.",
    example: "5",
};

const INCIDENT_TITLE: Placeholder = Placeholder {
    name: "title",
    description: "The wider problem's name, in the words our team chose for customers.",
    example: "Card payments fail",
};
const AFFECTED: Placeholder = Placeholder {
    name: "affected",
    description: "What the problem affects, from the latest update.",
    example: "Card payments in every shop.",
};
const KNOWN: Placeholder = Placeholder {
    name: "known",
    description: "What we know so far, from the latest update.",
    example: "A change we made this morning broke the link to the card network.",
};
const DOING: Placeholder = Placeholder {
    name: "doing",
    description: "What we are doing about it now, from the latest update.",
    example: "We're undoing the change. Payments should work again within the hour.",
};
const NEXT_UPDATE_TIME: Placeholder = Placeholder {
    name: "next_update_time",
    description: "When we promised the next update, with the weekday, in the customer's time.",
    example: "Thu 26 Nov, 14:30",
};

const PERIOD: Placeholder = Placeholder {
    name: "period",
    description: "The week the digest covers, Monday to Sunday, in the portal's time zone.",
    example: "Mon 23 Nov to Sun 29 Nov 2026",
};
const CASES: Placeholder = Placeholder {
    name: "cases",
    description: "How many cases were raised that week.",
    example: "120",
};
const ATTAINMENT: Placeholder = Placeholder {
    name: "attainment",
    description: "The share of those cases that met every SLA promise, with the counts.",
    example: "94% (113 of 120)",
};
const ESCALATION_RATE: Placeholder = Placeholder {
    name: "escalation_rate",
    description: "The share of the week's cases moved to a higher tier.",
    example: "12%",
};
const REOPEN_RATE: Placeholder = Placeholder {
    name: "reopen_rate",
    description: "The share of the week's cases the customer reopened.",
    example: "3%",
};
const CSAT: Placeholder = Placeholder {
    name: "csat",
    description: "The share of ratings of 4 or 5, with how many customers rated.",
    example: "88% of 42 ratings",
};
const FIRST_REPLY: Placeholder = Placeholder {
    name: "first_reply",
    description: "Hours from raised to our first update: median and 90th percentile.",
    example: "median 1.2 h, 90% within 4.0 h",
};
const RESOLUTION: Placeholder = Placeholder {
    name: "resolution",
    description: "Hours from raised to solved: median and 90th percentile.",
    example: "median 9.5 h, 90% within 30.0 h",
};
const SLOWEST_TIER: Placeholder = Placeholder {
    name: "slowest_tier",
    description: "The tier where cases stayed longest (median), with its time.",
    example: "L2 (median 6.0 h)",
};
const REPEATS: Placeholder = Placeholder {
    name: "repeats",
    description: "Escalations that came back after a review, by root cause; \"none\" if none.",
    example: "A setting or configuration change: 2",
};
const PREVENTED: Placeholder = Placeholder {
    name: "prevented",
    description: "Escalations the early-warning desk prevented that week, by its stated method.",
    example: "about 3.0",
};
const REPORT_URL: Placeholder = Placeholder {
    name: "report_url",
    description: "The reports page for that week, in the staff console.",
    example: "https://baton.example.com/staff/reports?from=2026-11-23&to=2026-11-29",
};

const UNSUBSCRIBE_URL: Placeholder = Placeholder {
    name: "unsubscribe_url",
    description: "The link that stops emails about this case for this person.",
    example: "https://baton.example.com/unsubscribe?token=4f2a9c",
};

impl TemplateKind {
    /// The placeholders this kind offers; nothing else exists in its templates.
    pub fn placeholders(self) -> &'static [Placeholder] {
        match self {
            TemplateKind::StageLabel => &[STAGE],
            TemplateKind::StageExplanation => &[STAGE, TEAM],
            TemplateKind::Guarantee => &[GUARANTEE, DUE_TIME, ZONE],
            TemplateKind::Acknowledgement => {
                &[CUSTOMER_NAME, REFERENCE, DUE_TIME, ZONE, STATUS_URL]
            }
            TemplateKind::PublicUpdate => &[
                CUSTOMER_NAME,
                REFERENCE,
                STAGE,
                UPDATE_BODY,
                DUE_TIME,
                ZONE,
                STATUS_URL,
            ],
            TemplateKind::EscalationNotice | TemplateKind::ReopenConfirmation => {
                &[CUSTOMER_NAME, REFERENCE, TEAM, DUE_TIME, ZONE, STATUS_URL]
            }
            TemplateKind::PauseNotice => &[
                CUSTOMER_NAME,
                REFERENCE,
                PAUSE_REASON,
                PAUSED_SINCE,
                ZONE,
                STATUS_URL,
            ],
            TemplateKind::ResolutionQuestion => {
                &[CUSTOMER_NAME, REFERENCE, DUE_TIME, ZONE, STATUS_URL]
            }
            TemplateKind::Survey => &[CUSTOMER_NAME, REFERENCE, SURVEY_URL],
            TemplateKind::FreshLink => &[CUSTOMER_NAME, REFERENCE, STATUS_URL],
            TemplateKind::SignInLink => &[SIGN_IN_URL, VALID_FOR],
            TemplateKind::SponsorBriefing => &[
                ACCOUNT,
                CUSTOMER_NAME,
                REFERENCE,
                CASE_SUBJECT,
                SEVERITY,
                IMPACT,
                TIMELINE,
                REASON,
                ASK,
                CASE_URL,
            ],
            TemplateKind::EmailFooter => &[REFERENCE, UNSUBSCRIBE_URL],
            TemplateKind::NextStep => &[STAGE, PAUSED_SINCE, ZONE],
            TemplateKind::TimelineEntry => &[EVENT, RATING, TEAM],
            TemplateKind::GuaranteeLead => &[GUARANTEE],
            TemplateKind::CustomerNotice => &[NOTICE],
            TemplateKind::IncidentUpdate => &[
                CUSTOMER_NAME,
                REFERENCE,
                INCIDENT_TITLE,
                AFFECTED,
                KNOWN,
                DOING,
                NEXT_UPDATE_TIME,
                ZONE,
                STATUS_URL,
            ],
            TemplateKind::ProactiveUpdate => &[CUSTOMER_NAME, REFERENCE, TEAM, DUE_TIME, ZONE],
            TemplateKind::WeeklyDigest => &[
                PERIOD,
                CASES,
                ATTAINMENT,
                ESCALATION_RATE,
                REOPEN_RATE,
                CSAT,
                FIRST_REPLY,
                RESOLUTION,
                SLOWEST_TIER,
                REPEATS,
                PREVENTED,
                REPORT_URL,
            ],
        }
    }

    pub fn placeholder(self, name: &str) -> Option<&'static Placeholder> {
        self.placeholders().iter().find(|p| p.name == name)
    }
}

/// The values one message is rendered with: only the placeholders its kind
/// declares can be set, so a template never sees anything else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateContext {
    kind: TemplateKind,
    values: BTreeMap<&'static str, String>,
}

impl TemplateContext {
    pub fn new(kind: TemplateKind) -> Self {
        TemplateContext {
            kind,
            values: BTreeMap::new(),
        }
    }

    /// Every placeholder set to its example value, for previews and checks.
    pub fn example(kind: TemplateKind) -> Self {
        let values = kind
            .placeholders()
            .iter()
            .map(|p| (p.name, p.example.to_owned()))
            .collect();
        TemplateContext { kind, values }
    }

    /// Sets one value; a name the kind does not declare is refused.
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> Result<(), TemplateError> {
        let placeholder = self.kind.placeholder(name).ok_or_else(|| {
            TemplateError::new(
                TemplateErrorCode::UnknownPlaceholder,
                format!(
                    "{} messages have no placeholder called {name:?}.",
                    self.kind
                ),
            )
        })?;
        self.values.insert(placeholder.name, value.into());
        Ok(())
    }

    /// Builder form of `set`.
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Result<Self, TemplateError> {
        self.set(name, value)?;
        Ok(self)
    }

    pub fn kind(&self) -> TemplateKind {
        self.kind
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub fn values(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.values.iter().map(|(k, v)| (*k, v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_offers_placeholders_with_examples() {
        for kind in TemplateKind::ALL {
            assert!(!kind.placeholders().is_empty(), "{kind}");
            for p in kind.placeholders() {
                assert!(
                    !p.description.is_empty() && !p.example.is_empty(),
                    "{}",
                    p.name
                );
            }
        }
    }

    #[test]
    fn a_context_only_takes_declared_placeholders() {
        let mut ctx = TemplateContext::new(TemplateKind::Survey);
        assert!(ctx.set("survey_url", "https://x.example").is_ok());
        let err = ctx.set("due_time", "Thu 26 Nov, 14:00").unwrap_err();
        assert_eq!(err.code, TemplateErrorCode::UnknownPlaceholder);
        assert_eq!(ctx.get("survey_url"), Some("https://x.example"));
        assert_eq!(ctx.get("due_time"), None);
    }
}
