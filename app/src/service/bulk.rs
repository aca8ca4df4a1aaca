//! Bulk acts from the queue: give many cases one owner, or one escalation
//! type, at once. Each case goes through the same act (and the same
//! authority check) as on its own page, in its own transaction: one case a
//! colleague just closed does not hold back the others, and says why.

use super::Portal;
use super::staff_desk::{self, StaffAction};
use crate::domain::{FieldError, FieldErrors, StaffMember};
use crate::error::AppError;
use jiff::Timestamp;

/// The most cases one request may touch (a queue page's worth).
pub const MAX_CASES: usize = 200;

/// What to do to every picked case.
#[derive(Clone, Debug)]
pub enum BulkAct {
    /// Give them to the member of staff with this email.
    Assign { email: String },
    /// Set their escalation type, by code.
    Retype { escalation_type: String },
}

impl BulkAct {
    fn action(&self) -> StaffAction {
        match self {
            BulkAct::Assign { email } => StaffAction::Assign {
                email: email.trim().to_owned(),
            },
            BulkAct::Retype { escalation_type } => StaffAction::ChangeType {
                escalation_type: escalation_type.clone(),
            },
        }
    }
}

/// Which cases changed, and which did not, with why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    pub done: Vec<String>,
    pub refused: Vec<(String, String)>,
}

impl BulkOutcome {
    /// "Done for 3 cases." or "Done for 2 cases; not for RX-…: why."
    pub fn summary(&self) -> String {
        let cases = |n: usize| if n == 1 { "case" } else { "cases" };
        let done = format!("Done for {} {}", self.done.len(), cases(self.done.len()));
        if self.refused.is_empty() {
            return format!("{done}.");
        }
        let refused: Vec<String> = self
            .refused
            .iter()
            .map(|(reference, why)| format!("{reference}: {why}"))
            .collect();
        format!("{done}; not for {}", refused.join("; "))
    }
}

/// Applies `act` to each picked case (duplicates once). A wrong owner or
/// type refuses the whole request before any case changes.
pub async fn apply(
    portal: &Portal,
    member: &StaffMember,
    references: &[String],
    act: BulkAct,
    now: Timestamp,
) -> Result<BulkOutcome, AppError> {
    let mut picked: Vec<String> = Vec::new();
    for reference in references.iter().map(|r| r.trim().to_owned()) {
        if !reference.is_empty() && !picked.contains(&reference) {
            picked.push(reference);
        }
    }
    let refuse = |message: &str| {
        AppError::Invalid(FieldErrors(vec![FieldError::new("references", message)]))
    };
    if picked.is_empty() {
        return Err(refuse("Pick the cases first."));
    }
    if picked.len() > MAX_CASES {
        return Err(refuse(&format!("Pick at most {MAX_CASES} cases at once.")));
    }
    super::staff_actions::command(portal, act.action()).await?;
    let mut outcome = BulkOutcome::default();
    for reference in picked {
        match staff_desk::act(portal, member, &reference, act.action(), now).await {
            Ok(()) => outcome.done.push(reference),
            Err(AppError::Invalid(errors)) => {
                let why = errors
                    .0
                    .first()
                    .map_or_else(|| "not valid".to_owned(), |e| e.message.clone());
                outcome.refused.push((reference, why));
            }
            Err(AppError::NotFound) => outcome.refused.push((reference, "no such case".to_owned())),
            Err(error @ (AppError::Conflict(_) | AppError::NotAllowed(_))) => {
                outcome.refused.push((reference, error.to_string()));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_what_was_not_done() {
        let all = BulkOutcome {
            done: vec!["A".into(), "B".into()],
            refused: vec![],
        };
        assert_eq!(all.summary(), "Done for 2 cases.");
        let some = BulkOutcome {
            done: vec!["A".into()],
            refused: vec![("B".into(), "no such case".into())],
        };
        assert_eq!(some.summary(), "Done for 1 case; not for B: no such case");
    }
}
