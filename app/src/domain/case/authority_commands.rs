//! Acts that can cost money or wake many people, so only some roles may give
//! them (the authority matrix decides who): a goodwill credit, and declaring
//! the case a major incident. This decides when they make sense.

use super::{Actor, Case, DomainError, EventKind};
use crate::domain::credit::CreditAmount;
use crate::domain::customer::InternalNoteBody;
use DomainError::Conflict;

impl Case {
    /// A credit may follow a closed case too: goodwill often comes last.
    pub(super) fn grant_credit(
        &self,
        actor: &Actor,
        amount: CreditAmount,
        reason: InternalNoteBody,
    ) -> Result<EventKind, DomainError> {
        self.expect_staff(actor, "Only our team can grant credits.")?;
        Ok(EventKind::CreditGranted {
            amount: amount.get(),
            reason: reason.as_str().to_owned(),
        })
    }

    pub(super) fn declare_major_incident(
        &self,
        actor: &Actor,
        summary: InternalNoteBody,
    ) -> Result<EventKind, DomainError> {
        self.expect_staff(actor, "Only our team can declare a major incident.")?;
        self.expect_open()?;
        if self.major_incident_at.is_some() {
            return Err(Conflict("This case is already a major incident."));
        }
        Ok(EventKind::MajorIncidentDeclared {
            summary: summary.as_str().to_owned(),
        })
    }
}
