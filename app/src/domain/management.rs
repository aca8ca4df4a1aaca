//! The management path of escalation. The technical path moves a case up the
//! tier ladder to people with more skill; the management path brings in
//! people with more authority to oversee it (a team manager, then the
//! executives) while the case stays with the tier working it. Staff take it
//! when the relationship, not the skill, is at stake: an angry customer, a
//! contract at risk, a decision above their pay grade. Like a tier move it
//! needs no approval and leaves a handoff note.

use super::StaffRole;
use super::event::{Event, EventKind};
use super::sla::alerts::SlaAlert;
use super::{Case, HandoffNote};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManagementLevel {
    Manager,
    Executive,
}

impl ManagementLevel {
    pub const ALL: [ManagementLevel; 2] = [ManagementLevel::Manager, ManagementLevel::Executive];

    pub fn code(self) -> &'static str {
        match self {
            ManagementLevel::Manager => "manager",
            ManagementLevel::Executive => "executive",
        }
    }

    pub fn parse(raw: &str) -> Option<ManagementLevel> {
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(raw.trim()))
    }

    /// Staff words, for the console.
    pub fn label(self) -> &'static str {
        match self {
            ManagementLevel::Manager => "Team manager",
            ManagementLevel::Executive => "Executives",
        }
    }

    /// Who is called in at this level.
    pub fn role(self) -> StaffRole {
        match self {
            ManagementLevel::Manager => StaffRole::Manager,
            ManagementLevel::Executive => StaffRole::Executive,
        }
    }

    /// What customers read: "A manager is now overseeing your case."
    pub fn customer_words(self) -> &'static str {
        match self {
            ManagementLevel::Manager => "a manager",
            ManagementLevel::Executive => "our leadership team",
        }
    }

    /// One level up from `current` (none: the manager); `None` at the top.
    pub fn above(current: Option<ManagementLevel>) -> Option<ManagementLevel> {
        match current {
            None => Some(ManagementLevel::Manager),
            Some(ManagementLevel::Manager) => Some(ManagementLevel::Executive),
            Some(ManagementLevel::Executive) => None,
        }
    }

    /// One level down from `self`: the manager, or back to no management.
    pub fn below(self) -> Option<ManagementLevel> {
        match self {
            ManagementLevel::Executive => Some(ManagementLevel::Manager),
            ManagementLevel::Manager => None,
        }
    }
}

/// The console alerts that call in the level staff escalated to, with the
/// reason and the note; everyone at that level hears it.
pub fn alerts(case: &Case, events: &[Event]) -> Vec<SlaAlert> {
    events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::ManagementEscalated {
                to,
                reason,
                handoff_note,
                ..
            } => Some(SlaAlert {
                recipient: format!("role:{}", to.role().code()),
                kind: "management_escalation",
                message: format!(
                    "{} ({}) needs {} to oversee it: {reason}. {}",
                    case.reference,
                    case.subject,
                    to.customer_words(),
                    note_line(handoff_note)
                ),
            }),
            _ => None,
        })
        .collect()
}

fn note_line(note: &HandoffNote) -> String {
    match note {
        HandoffNote::Text(text) => format!("Note: {text}"),
        HandoffNote::Structured {
            tried,
            known,
            told_customer,
        } => format!("Tried: {tried}. Known: {known}. Customer told: {told_customer}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_management_path_climbs_from_none_to_executives_and_back() {
        let mut level = None;
        let mut seen = Vec::new();
        while let Some(next) = ManagementLevel::above(level) {
            seen.push(next.code());
            level = Some(next);
        }
        assert_eq!(seen, ["manager", "executive"]);
        assert_eq!(
            ManagementLevel::Executive.below(),
            Some(ManagementLevel::Manager)
        );
        assert_eq!(ManagementLevel::Manager.below(), None);
        assert_eq!(
            ManagementLevel::parse(" Executive "),
            Some(ManagementLevel::Executive)
        );
        assert_eq!(ManagementLevel::parse("ceo"), None);
    }
}
