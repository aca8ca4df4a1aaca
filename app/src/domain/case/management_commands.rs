//! The management path: staff bring in a manager, then the executives, to
//! oversee a case that stays with its tier (see `domain::management`).

use super::{Actor, Case, DomainError, EventKind, HandoffNote, TierMoveReason};
use crate::domain::management::ManagementLevel;
use DomainError::Conflict;

impl Case {
    /// The management path: bring in `to`, or the next level up. The case
    /// stays with its tier; the customer reads who now oversees it.
    pub(super) fn escalate_management(
        &self,
        actor: &Actor,
        to: Option<ManagementLevel>,
        reason: TierMoveReason,
        handoff_note: HandoffNote,
    ) -> Result<EventKind, DomainError> {
        self.expect_staff(actor, "Only our team can bring in management.")?;
        self.expect_open()?;
        let to = match to {
            Some(to) => to,
            None => ManagementLevel::above(self.management)
                .ok_or(Conflict("The executives already oversee this case."))?,
        };
        if self.management.is_some_and(|now| now >= to) {
            return Err(Conflict(
                "That level already oversees the case, or a higher one does. To step management back, de-escalate it.",
            ));
        }
        Ok(EventKind::ManagementEscalated {
            from: self.management,
            to,
            reason: reason.as_str().to_owned(),
            handoff_note,
        })
    }

    /// Management steps back one level, or to `to` below the current one.
    pub(super) fn deescalate_management(
        &self,
        actor: &Actor,
        to: Option<ManagementLevel>,
        reason: TierMoveReason,
        handoff_note: HandoffNote,
    ) -> Result<EventKind, DomainError> {
        self.expect_staff(actor, "Only our team can step management back.")?;
        let from = self
            .management
            .ok_or(Conflict("No manager oversees this case."))?;
        if to.is_some_and(|to| to >= from) {
            return Err(Conflict(
                "Stepping back goes to a lower level of management. To bring in a higher one, escalate.",
            ));
        }
        Ok(EventKind::ManagementDeescalated {
            from,
            to: to.or(from.below()),
            reason: reason.as_str().to_owned(),
            handoff_note,
        })
    }
}
