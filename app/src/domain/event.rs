use super::management::ManagementLevel;
use super::sla::SlaTarget;
use super::{Channel, HandoffNote, Severity, Tier};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Who caused an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Actor {
    Customer,
    Staff {
        id: i64,
        name: String,
    },
    /// Baton itself, e.g. the SLA engine.
    System,
}

impl Actor {
    pub fn is_staff(&self) -> bool {
        matches!(self, Actor::Staff { .. })
    }
}

/// What happened to a case. Events are appended, never changed: together they
/// are the case's history and its audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    Created {
        channel: Channel,
        severity: Severity,
        /// Cases stored before escalation types existed were technical.
        #[serde(default = "technical")]
        escalation_type: String,
    },
    CustomerMessage {
        body: String,
    },
    /// The customer told us the problem got worse: what changed, and how bad
    /// it is now in their eyes. `rerated`: Baton raised the severity at once
    /// (see `case::worse`); otherwise a person looks within the objective.
    Worsened {
        what_changed: String,
        from: Severity,
        asked: Severity,
        rerated: bool,
    },
    PublicUpdate {
        body: String,
        waits_for_customer: bool,
    },
    Solved {
        summary: String,
    },
    Confirmed {
        rating: Option<u8>,
        comment: Option<String>,
    },
    Reopened {
        reason: String,
    },
    Escalated {
        from: Tier,
        to: Tier,
        reason: String,
        /// `None` only when Baton itself escalates on a breach.
        handoff_note: Option<HandoffNote>,
    },
    /// Handed back to a lower tier.
    Deescalated {
        from: Tier,
        to: Tier,
        reason: String,
        handoff_note: HandoffNote,
    },
    /// A note for the team; never shown to the customer.
    InternalNote {
        body: String,
    },
    /// Triage found the case more or less severe than the customer said.
    SeverityChanged {
        from: Severity,
        to: Severity,
    },
    /// The escalation type, which picks the RACI matrix, changed.
    TypeChanged {
        from: String,
        to: String,
    },
    /// A key account's executive sponsor was called in (see `sponsor`).
    SponsorEngaged {
        email: String,
        account: String,
        reason: String,
    },
    /// Who on the team now owns the case.
    Assigned {
        staff_id: i64,
        name: String,
    },
    ClockStarted {
        target: SlaTarget,
        budget: SignedDuration,
    },
    ClockPaused {
        target: SlaTarget,
        reason: String,
    },
    ClockResumed {
        target: SlaTarget,
    },
    ClockStopped {
        target: SlaTarget,
    },
    SlaWarned {
        target: SlaTarget,
    },
    SlaBreached {
        target: SlaTarget,
    },
    /// Staff from any tier started working the case together (see `swarm`).
    SwarmStarted {
        facilitator: String,
    },
    /// The swarm ended with a summary after `minutes` in swarm.
    SwarmClosed {
        summary: String,
        minutes: i64,
    },
    /// A goodwill credit, in whole units of the billing currency.
    CreditGranted {
        amount: u32,
        reason: String,
    },
    MajorIncidentDeclared {
        summary: String,
    },
    /// The case is one of many hit by a major incident (see `incident`):
    /// its page shows the incident's situation updates.
    IncidentLinked {
        incident: String,
        title: String,
    },
    /// The case left the incident (its customer reopened it, or staff
    /// found it unrelated); `reason` is for the team.
    IncidentLeft {
        incident: String,
        reason: String,
    },
    /// The management path: `to` now oversees the case. The customer reads
    /// who; the reason and the note are for the team.
    ManagementEscalated {
        from: Option<ManagementLevel>,
        to: ManagementLevel,
        reason: String,
        handoff_note: HandoffNote,
    },
    ManagementDeescalated {
        from: ManagementLevel,
        to: Option<ManagementLevel>,
        reason: String,
        handoff_note: HandoffNote,
    },
}

impl EventKind {
    /// A stable name for storage and the API.
    pub fn code(&self) -> &'static str {
        match self {
            EventKind::Created { .. } => "created",
            EventKind::CustomerMessage { .. } => "customer_message",
            EventKind::Worsened { .. } => "worsened",
            EventKind::PublicUpdate { .. } => "public_update",
            EventKind::Solved { .. } => "solved",
            EventKind::Confirmed { .. } => "confirmed",
            EventKind::Reopened { .. } => "reopened",
            EventKind::Escalated { .. } => "escalated",
            EventKind::Deescalated { .. } => "deescalated",
            EventKind::InternalNote { .. } => "internal_note",
            EventKind::SeverityChanged { .. } => "severity_changed",
            EventKind::TypeChanged { .. } => "type_changed",
            EventKind::SponsorEngaged { .. } => "sponsor_engaged",
            EventKind::Assigned { .. } => "assigned",
            EventKind::ClockStarted { .. } => "clock_started",
            EventKind::ClockPaused { .. } => "clock_paused",
            EventKind::ClockResumed { .. } => "clock_resumed",
            EventKind::ClockStopped { .. } => "clock_stopped",
            EventKind::SlaWarned { .. } => "sla_warned",
            EventKind::SlaBreached { .. } => "sla_breached",
            EventKind::SwarmStarted { .. } => "swarm_started",
            EventKind::SwarmClosed { .. } => "swarm_closed",
            EventKind::CreditGranted { .. } => "credit_granted",
            EventKind::MajorIncidentDeclared { .. } => "major_incident_declared",
            EventKind::IncidentLinked { .. } => "incident_linked",
            EventKind::IncidentLeft { .. } => "incident_left",
            EventKind::ManagementEscalated { .. } => "management_escalated",
            EventKind::ManagementDeescalated { .. } => "management_deescalated",
        }
    }

    /// Whether the customer sees this event on their status page. SLA
    /// bookkeeping, notes and ownership are for staff; the customer sees
    /// their effect on the promise. Tier moves are public, but the customer
    /// reads only who holds the case now (see `wording`), never the reason or
    /// the handoff note.
    pub fn is_public(&self) -> bool {
        !matches!(
            self,
            EventKind::InternalNote { .. }
                | EventKind::Assigned { .. }
                | EventKind::SeverityChanged { .. }
                | EventKind::SponsorEngaged { .. }
                | EventKind::TypeChanged { .. }
                | EventKind::ClockStarted { .. }
                | EventKind::ClockPaused { .. }
                | EventKind::ClockResumed { .. }
                | EventKind::ClockStopped { .. }
                | EventKind::SlaWarned { .. }
                | EventKind::SlaBreached { .. }
                | EventKind::SwarmStarted { .. }
                | EventKind::SwarmClosed { .. }
                | EventKind::CreditGranted { .. }
                | EventKind::MajorIncidentDeclared { .. }
                | EventKind::IncidentLinked { .. }
                | EventKind::IncidentLeft { .. }
                | EventKind::ManagementDeescalated { .. }
        )
    }
}

fn technical() -> String {
    "technical".to_owned()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Timestamp,
    pub actor: Actor,
    pub kind: EventKind,
}
