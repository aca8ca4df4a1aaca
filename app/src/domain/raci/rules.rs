//! The matrix itself: escalation types, their steps, and who each step
//! involves.

use crate::domain::case::Case;
use crate::domain::role::StaffRole;
use crate::domain::{EventKind, Stage, Tier};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A step of a case's life, the rows of each type's matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Triage,
    Fix,
    CustomerUpdate,
    Closure,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Triage, Step::Fix, Step::CustomerUpdate, Step::Closure];

    pub fn code(self) -> &'static str {
        match self {
            Step::Triage => "triage",
            Step::Fix => "fix",
            Step::CustomerUpdate => "customer_update",
            Step::Closure => "closure",
        }
    }

    pub fn parse(raw: &str) -> Option<Step> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Triage => "Triage",
            Step::Fix => "Fix",
            Step::CustomerUpdate => "Customer update",
            Step::Closure => "Closure",
        }
    }

    /// The step a case is in at a stage: who owns it now.
    pub fn of_stage(stage: Stage) -> Step {
        match stage {
            Stage::Received => Step::Triage,
            Stage::WaitingOnYou => Step::CustomerUpdate,
            Stage::Resolved | Stage::Closed => Step::Closure,
            _ => Step::Fix,
        }
    }

    /// The step an event belongs to, for events people hear about. Clock
    /// bookkeeping and notes are nobody's news.
    pub fn of_event(kind: &EventKind) -> Option<Step> {
        Some(match kind {
            EventKind::Created { .. }
            | EventKind::SeverityChanged { .. }
            | EventKind::TypeChanged { .. } => Step::Triage,
            EventKind::Escalated { .. }
            | EventKind::Deescalated { .. }
            | EventKind::Reopened { .. } => Step::Fix,
            EventKind::PublicUpdate { .. } | EventKind::CustomerMessage { .. } => {
                Step::CustomerUpdate
            }
            EventKind::Solved { .. } | EventKind::Confirmed { .. } => Step::Closure,
            _ => return None,
        })
    }
}

/// One cell row of a matrix: the four letters for one type and step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Raci {
    pub responsible: BTreeSet<StaffRole>,
    pub accountable: StaffRole,
    pub consulted: BTreeSet<StaffRole>,
    pub informed: BTreeSet<StaffRole>,
}

impl Raci {
    /// The letters `role` holds here, e.g. "RA", or "" for none.
    pub fn letters(&self, role: StaffRole) -> String {
        [
            (self.responsible.contains(&role), 'R'),
            (self.accountable == role, 'A'),
            (self.consulted.contains(&role), 'C'),
            (self.informed.contains(&role), 'I'),
        ]
        .into_iter()
        .filter_map(|(held, letter)| held.then_some(letter))
        .collect()
    }
}

/// A kind of escalation (technical, billing, complaint, ...) with its matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationType {
    pub code: String,
    pub label: String,
    pub steps: BTreeMap<Step, Raci>,
}

/// Every escalation type, in the order ops listed them; the first is the
/// type of a new case until someone changes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaciMatrix {
    types: Vec<EscalationType>,
}

/// What the matrix asks for after some events: alerts to roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaciNotice {
    pub role: StaffRole,
    /// `raci_informed` or `raci_consulted`.
    pub kind: &'static str,
    pub step: Step,
    /// Staff words, e.g. "For your information: ESC-… (Security, S1, L2) was escalated to L2 — Login broken".
    pub message: String,
}

impl RaciMatrix {
    /// Checks a matrix as written: codes, labels, every step present.
    pub fn new(types: Vec<EscalationType>) -> Result<RaciMatrix, String> {
        if types.is_empty() {
            return Err("List at least one escalation type.".to_owned());
        }
        let mut seen = BTreeSet::new();
        for (i, t) in types.iter().enumerate() {
            let which = format!("type {} ({:?})", i + 1, t.code);
            if !valid_code(&t.code) {
                return Err(format!(
                    "{which}: a code is 1 to 30 lowercase letters, digits or underscores."
                ));
            }
            if !seen.insert(t.code.as_str()) {
                return Err(format!("{which}: the code is used twice."));
            }
            let label = t.label.trim();
            if label.is_empty() || label.chars().count() > 60 {
                return Err(format!("{which}: a label is 1 to 60 characters."));
            }
            if let Some(missing) = Step::ALL.iter().find(|s| !t.steps.contains_key(s)) {
                return Err(format!(
                    "{which}: the {} step has no roles.",
                    missing.code()
                ));
            }
            for (step, raci) in &t.steps {
                if raci.responsible.is_empty() {
                    return Err(format!(
                        "{which}, {}: name at least one Responsible role.",
                        step.code()
                    ));
                }
            }
        }
        Ok(RaciMatrix { types })
    }

    pub fn types(&self) -> &[EscalationType] {
        &self.types
    }

    /// The type new cases get.
    pub fn default_type(&self) -> &EscalationType {
        // `new` refuses an empty list.
        &self.types[0]
    }

    pub fn find(&self, code: &str) -> Option<&EscalationType> {
        self.types.iter().find(|t| t.code == code)
    }

    /// The letters for a case's type at a step; a type that was removed
    /// since the case got it falls back to the default type's.
    pub fn raci(&self, type_code: &str, step: Step) -> &Raci {
        let t = self.find(type_code).unwrap_or(self.default_type());
        // `new` makes sure every step is there.
        &t.steps[&step]
    }

    /// The one role answerable for a case of this type (at the fix step,
    /// where SLA trouble lands).
    pub fn accountable(&self, type_code: &str) -> StaffRole {
        self.raci(type_code, Step::Fix).accountable
    }

    /// Who hears about these events on `case` (its state after them):
    /// Informed roles are told, Consulted roles are asked. Each role hears
    /// once per step, asked rather than told when it is both.
    pub fn notices(&self, case: &Case, events: &[EventKind]) -> Vec<RaciNotice> {
        let label = self
            .find(&case.escalation_type)
            .map_or(case.escalation_type.as_str(), |t| t.label.as_str());
        let about = format!(
            "{} ({label}, {}, {})",
            case.reference, case.severity, case.tier
        );
        let mut out: Vec<RaciNotice> = Vec::new();
        for event in events {
            let (Some(step), Some(what)) = (Step::of_event(event), news(event)) else {
                continue;
            };
            let raci = self.raci(&case.escalation_type, step);
            let asked = raci.consulted.iter().map(|r| (*r, "raci_consulted"));
            let told = raci.informed.iter().map(|r| (*r, "raci_informed"));
            for (role, kind) in asked.chain(told) {
                if out.iter().any(|n| n.role == role && n.step == step) {
                    continue;
                }
                let message = if kind == "raci_consulted" {
                    format!("Your input is asked: {about} {what} — {}", case.subject)
                } else {
                    format!("For your information: {about} {what} — {}", case.subject)
                };
                out.push(RaciNotice {
                    role,
                    kind,
                    step,
                    message,
                });
            }
        }
        out
    }
}

/// A member of staff who might own a case, with how much they already own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub staff_id: i64,
    pub name: String,
    pub role: StaffRole,
    pub tier: Option<Tier>,
    pub open_cases: i64,
}

impl RaciMatrix {
    /// Who should own a case that just moved tier: a member of the receiving
    /// tier in a role Responsible for the fix, the least loaded first. `None`
    /// when nothing moved, the owner already fits, or nobody does.
    pub fn owner_after_move<'a>(
        &self,
        case: &Case,
        events: &[EventKind],
        candidates: &'a [Candidate],
    ) -> Option<&'a Candidate> {
        let moved = events.iter().any(|e| {
            matches!(
                e,
                EventKind::Escalated { .. } | EventKind::Deescalated { .. }
            )
        });
        if !moved {
            return None;
        }
        let responsible = &self.raci(&case.escalation_type, Step::Fix).responsible;
        let fits = |c: &Candidate| c.tier == Some(case.tier) && responsible.contains(&c.role);
        let owner = case.assignee.as_ref().map(|a| a.staff_id);
        if candidates
            .iter()
            .any(|c| Some(c.staff_id) == owner && fits(c))
        {
            return None;
        }
        candidates
            .iter()
            .filter(|c| fits(c))
            .min_by_key(|c| (c.open_cases, c.staff_id))
    }
}

/// What happened, in staff words, for the events people hear about.
fn news(kind: &EventKind) -> Option<String> {
    Some(match kind {
        EventKind::Created { channel, .. } => format!("was raised ({})", channel.code()),
        EventKind::SeverityChanged { from, to } => format!("was re-rated from {from} to {to}"),
        EventKind::TypeChanged { from, .. } => format!("changed type (was {from})"),
        EventKind::Escalated { to, .. } => format!("was escalated to {to}"),
        EventKind::Deescalated { to, .. } => format!("was handed back to {to}"),
        EventKind::Reopened { .. } => "was reopened by the customer".to_owned(),
        EventKind::PublicUpdate { .. } => "got a public update".to_owned(),
        EventKind::CustomerMessage { .. } => "has a new message from the customer".to_owned(),
        EventKind::Solved { .. } => "was marked solved".to_owned(),
        EventKind::Confirmed { .. } => "was confirmed solved by the customer".to_owned(),
        _ => return None,
    })
}

fn valid_code(code: &str) -> bool {
    (1..=30).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Default for RaciMatrix {
    /// Front line triages and talks to the customer; specialists fix
    /// technical and security cases; managers own billing and complaints;
    /// managers are accountable for nearly everything, as the SLA alerts
    /// always assumed.
    fn default() -> Self {
        use StaffRole::*;
        let raci = |r: &[StaffRole], a: StaffRole, c: &[StaffRole], i: &[StaffRole]| Raci {
            responsible: r.iter().copied().collect(),
            accountable: a,
            consulted: c.iter().copied().collect(),
            informed: i.iter().copied().collect(),
        };
        let kind = |code: &str, label: &str, steps: [Raci; 4]| EscalationType {
            code: code.to_owned(),
            label: label.to_owned(),
            steps: Step::ALL.into_iter().zip(steps).collect(),
        };
        let types = vec![
            kind(
                "technical",
                "Technical problem",
                [
                    raci(&[Agent], Manager, &[], &[]),
                    raci(&[Specialist, Expert], Manager, &[Expert], &[Manager]),
                    raci(&[Agent], Manager, &[Specialist], &[]),
                    raci(&[Agent, Specialist], Manager, &[], &[Manager]),
                ],
            ),
            kind(
                "billing",
                "Billing",
                [
                    raci(&[Agent], Manager, &[], &[]),
                    raci(&[Manager], Manager, &[Agent], &[Executive]),
                    raci(&[Agent], Manager, &[], &[]),
                    raci(&[Manager], Manager, &[], &[Agent]),
                ],
            ),
            kind(
                "complaint",
                "Complaint",
                [
                    raci(&[Agent], Manager, &[], &[Manager]),
                    raci(&[Manager], Manager, &[Specialist], &[Executive]),
                    raci(&[Manager], Manager, &[], &[]),
                    raci(&[Manager], Executive, &[], &[Executive]),
                ],
            ),
            kind(
                "security",
                "Security",
                [
                    raci(&[Specialist], Expert, &[], &[Manager]),
                    raci(&[Expert], Expert, &[Specialist], &[Manager, Executive]),
                    raci(&[Specialist], Manager, &[Expert], &[]),
                    raci(&[Expert], Expert, &[], &[Manager, Executive]),
                ],
            ),
        ];
        RaciMatrix::new(types).unwrap_or_else(|_| unreachable!("the default matrix is valid"))
    }
}
