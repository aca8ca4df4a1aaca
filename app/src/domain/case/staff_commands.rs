//! What the team does to a case beyond talking to the customer: move it
//! between tiers and give it an owner.

use super::{Actor, Case, DomainError, EventKind, HandoffNote, Severity, Tier, TierMoveReason};
use crate::domain::sla::{SlaRules, SlaTarget};
use DomainError::{Conflict, NotAllowed};

impl Case {
    /// Up the ladder, to `to` or the next tier. Staff leave a handoff note;
    /// no approval is needed.
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
            None => rules
                .tiers
                .next(self.tier)
                .ok_or(Conflict("The case is already with the top tier."))?,
        };
        if rules.tiers.rank(to).is_none() {
            return Err(Conflict("That tier is not in the ladder."));
        }
        if !rules.tiers.is_above(to, self.tier) {
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
            None => rules.tiers.previous(self.tier).ok_or(Conflict(
                "The case is already with the front line; there is no lower tier to hand it to.",
            ))?,
        };
        if rules.tiers.rank(to).is_none() {
            return Err(Conflict("That tier is not in the ladder."));
        }
        if !rules.tiers.is_above(self.tier, to) {
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
        // Baton assigns too, when the RACI matrix picks an owner.
        if !actor.is_staff() && *actor != Actor::System {
            return Err(NotAllowed("Only our team can assign cases."));
        }
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

    /// Re-rates the case. Clocks still running start again on the new
    /// severity's targets from now: the promise is the new one's, not a
    /// deadline already missed under a rating the customer never chose.
    pub(super) fn change_severity(
        &self,
        actor: &Actor,
        to: Severity,
        rules: &SlaRules,
    ) -> Result<Vec<EventKind>, DomainError> {
        self.expect_staff(actor, "Only our team can change the severity.")?;
        self.expect_open()?;
        if to == self.severity {
            return Err(Conflict("The case already has that severity."));
        }
        let policy = rules.policy(to);
        let mut kinds = vec![EventKind::SeverityChanged {
            from: self.severity,
            to,
        }];
        for (target, budget) in [
            (SlaTarget::FirstResponse, policy.first_response),
            (SlaTarget::NextUpdate, policy.next_update),
            (SlaTarget::Resolution, policy.resolution),
        ] {
            if self.clocks.get(target).is_some_and(|c| c.is_running()) {
                kinds.push(EventKind::ClockStarted { target, budget });
            }
        }
        Ok(kinds)
    }

    /// Sets the escalation type; the caller has checked the code exists.
    pub(super) fn change_type(&self, actor: &Actor, to: String) -> Result<EventKind, DomainError> {
        self.expect_staff(actor, "Only our team can change the escalation type.")?;
        self.expect_open()?;
        if to == self.escalation_type {
            return Err(Conflict("The case already has that type."));
        }
        Ok(EventKind::TypeChanged {
            from: self.escalation_type.clone(),
            to,
        })
    }
}
