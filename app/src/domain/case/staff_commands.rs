//! What the team does to a case beyond talking to the customer: move it
//! between tiers and give it an owner.

use super::{Actor, Case, DomainError, EventKind, HandoffNote, Tier, TierMoveReason};
use crate::domain::sla::{SlaRules, SlaTarget};
use DomainError::{Conflict, NotAllowed};

impl Case {
    /// Up the ladder, to `to` or the next tier. Staff leave a handoff note;
    /// no approval is needed (the authority matrix comes later).
    pub(super) fn escalate(
        &self,
        actor: &Actor,
        to: Option<Tier>,
        reason: String,
        handoff_note: Option<HandoffNote>,
        rules: &SlaRules,
    ) -> Result<Vec<EventKind>, DomainError> {
        if !actor.is_staff() && *actor != Actor::System {
            return Err(NotAllowed("Only our team can bring in another team."));
        }
        if actor.is_staff() && handoff_note.is_none() {
            return Err(NotAllowed("Leave a handoff note for the team taking over."));
        }
        self.expect_open()?;
        let to = match to {
            Some(to) => to,
            None => self
                .tier
                .next()
                .ok_or(Conflict("The case is already with the top tier."))?,
        };
        if to <= self.tier {
            return Err(Conflict(
                "Escalating moves a case to a higher tier; the case is already at or above that one. To hand it back, de-escalate.",
            ));
        }
        Ok(self.move_tier(
            EventKind::Escalated {
                from: self.tier,
                to,
                reason,
                handoff_note,
            },
            to,
            rules,
        ))
    }

    /// Down the ladder, to `to` or the tier below.
    pub(super) fn deescalate(
        &self,
        actor: &Actor,
        to: Option<Tier>,
        reason: TierMoveReason,
        handoff_note: HandoffNote,
        rules: &SlaRules,
    ) -> Result<Vec<EventKind>, DomainError> {
        self.expect_staff(actor, "Only our team can hand a case back.")?;
        self.expect_open()?;
        let to = match to {
            Some(to) => to,
            None => self.tier.previous().ok_or(Conflict(
                "The case is already with the front line; there is no lower tier to hand it to.",
            ))?,
        };
        if to >= self.tier {
            return Err(Conflict(
                "Handing back moves a case to a lower tier; the case is already at or below that one. To bring in a higher tier, escalate.",
            ));
        }
        Ok(self.move_tier(
            EventKind::Deescalated {
                from: self.tier,
                to,
                reason: reason.as_str().to_owned(),
                handoff_note,
            },
            to,
            rules,
        ))
    }

    /// The receiving tier's response clock starts afresh on every move.
    fn move_tier(&self, moved: EventKind, to: Tier, rules: &SlaRules) -> Vec<EventKind> {
        let mut kinds = self.stop_if_running(&[SlaTarget::TierResponse]);
        kinds.push(moved);
        kinds.push(EventKind::ClockStarted {
            target: SlaTarget::TierResponse,
            budget: rules.tiers.respond_within(to),
        });
        kinds
    }

    pub(super) fn assign(
        &self,
        actor: &Actor,
        staff_id: i64,
        name: String,
    ) -> Result<EventKind, DomainError> {
        self.expect_staff(actor, "Only our team can assign cases.")?;
        self.expect_open()?;
        if self
            .assignee
            .as_ref()
            .is_some_and(|a| a.staff_id == staff_id)
        {
            return Err(Conflict("The case is already assigned to them."));
        }
        Ok(EventKind::Assigned { staff_id, name })
    }
}
