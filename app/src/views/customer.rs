//! What customers see and send: the raise form, the status page, subscriptions.

use crate::domain::{GuaranteeKind, Stage};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The cookie in which a customer's browser tells the server its time zone
/// (an IANA name like `Europe/Berlin`), so pages show the customer's times.
pub const ZONE_COOKIE: &str = "baton_tz";

/// A customer's request to raise an escalation, as typed (form or JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaiseRequest {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub description: String,
    /// "S1".."S4"; the form requires it, the API defaults to S3.
    #[serde(default)]
    pub severity: Option<String>,
}

/// The answer to a new escalation: where the customer follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaisedCase {
    pub reference: String,
    pub token: String,
    pub status_path: String,
    pub guarantee: Option<GuaranteeView>,
}

/// The escalation guarantee, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuaranteeView {
    pub kind: GuaranteeKind,
    pub due_at: Timestamp,
    /// "We'll reply by"
    pub lead: String,
    /// "Thu 26 Nov, 14:00"
    pub due_label: String,
    /// The zone the label is in, e.g. "UTC"; the browser swaps in local time.
    pub zone_label: String,
    /// "1 h 20 min left", as of the moment the page was made.
    pub remaining: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItem {
    pub at: Timestamp,
    pub at_label: String,
    pub kind: String,
    pub title: String,
    pub body: Option<String>,
}

/// The customer's private status page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStatus {
    pub reference: String,
    pub subject: String,
    /// S1 (worst) to S4; customers read `severity_words`.
    pub severity: crate::domain::Severity,
    pub severity_words: String,
    pub stage: Stage,
    pub stage_label: String,
    pub stage_explanation: String,
    /// "We have your case ...", while the case waits for our first reply.
    pub acknowledgement: Option<String>,
    pub next_step: String,
    pub guarantee: Option<GuaranteeView>,
    pub timeline: Vec<TimelineItem>,
    /// Whether the customer is asked "Is this solved for you?".
    pub awaiting_answer: bool,
    /// People the customer copied in who wait for the customer's agreement
    /// before they hear anything (shown to the customer only).
    #[serde(default)]
    pub invited: Vec<String>,
    /// The case's stored version when this was read (-1 when unknown), for
    /// the live island: an event with a newer version refreshes the page.
    #[serde(default = "unknown_version")]
    pub version: i64,
    /// The wider problem this case is part of, while it is linked to one.
    #[serde(default)]
    pub incident: Option<super::IncidentNotice>,
}

fn unknown_version() -> i64 {
    -1
}

/// The unsubscribe page: which case, which (masked) address, and whether
/// emails still go there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub reference: String,
    pub email: String,
    pub subscribed: bool,
}

/// "My cases": every case raised from the signed-in customer's address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCasesView {
    pub email: String,
    /// Open cases first, then the most recently changed.
    pub cases: Vec<MyCaseItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCaseItem {
    pub reference: String,
    pub subject: String,
    pub open: bool,
    pub stage_label: String,
    pub next_step: String,
    pub guarantee: Option<GuaranteeView>,
    /// "Raised Tue 1 Dec, 09:12 UTC"
    pub raised_label: String,
    /// The case's private page, for this session; none when the customer
    /// stopped following the case.
    pub url: Option<String>,
}
