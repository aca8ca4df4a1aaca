//! Pure rules of escalation management: no I/O, no clock, no framework.
//! Everything here also compiles for wasm, so the browser can reuse it.

pub mod article;
pub mod authority;
pub mod calendar;
pub mod case;
pub mod countdown;
pub mod credit;
pub mod customer;
pub mod event;
pub mod guarantee;
pub mod handoff;
#[cfg(feature = "mail")]
pub mod inbound_mail;
pub mod incident;
pub mod incident_playbook;
pub mod ladder;
pub mod management;
pub mod notice;
pub mod raci;
pub mod reference;
pub mod report;
pub mod review;
pub mod risk;
pub mod role;
pub mod rule;
pub mod severity;
pub mod signal;
pub mod sla;
pub mod sponsor;
pub mod staff;
pub mod stage;
pub mod swarm;
#[cfg(feature = "ssr")]
pub mod template;
pub mod tier;
pub mod validation;
pub mod wording;

pub use calendar::BusinessCalendar;
pub use case::{Actor, Case, Channel, Command, DomainError, NewCase};
pub use event::{Event, EventKind};
pub use guarantee::{Guarantee, GuaranteeKind, Promise};
pub use handoff::HandoffNote;
pub use notice::CustomerNotice;
pub use reference::CaseReference;
pub use role::StaffRole;
pub use severity::Severity;
pub use staff::StaffMember;
pub use stage::Stage;
pub use tier::Tier;
pub use validation::{FieldError, FieldErrors};
