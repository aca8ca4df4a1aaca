//! A sample case for tests elsewhere in the domain.

use super::{Case, Channel, NewCase};
use crate::domain::customer::{CustomerEmail, CustomerName, Description, Subject};
use crate::domain::sla::SlaRules;
use crate::domain::{CaseReference, Severity};
use jiff::Timestamp;

/// A fresh S2 technical web case, raised at a fixed time.
pub fn sample_case() -> Case {
    let new = NewCase {
        name: CustomerName::parse("Kim").expect("a valid name"),
        email: CustomerEmail::parse("kim@example.com").expect("a valid email"),
        subject: Subject::parse("Checkout fails").expect("a valid subject"),
        description: Description::parse("Every payment is declined.").expect("a description"),
        severity: Severity::S2,
        channel: Channel::Web,
    };
    let reference = CaseReference::parse("ESC-7Q4K2M").expect("a valid reference");
    let at = Timestamp::from_second(1_790_000_000).expect("a valid time");
    Case::raise(new, reference, "technical", at, &SlaRules::default()).0
}
