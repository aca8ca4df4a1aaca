//! Blameless reviews of significant escalations: which cases need one (the
//! policy ops set), the root-cause taxonomy, what a written review holds
//! (never a person as a cause), its timeline from the case's own events,
//! and the action items that follow it up.

mod settings;
mod timeline;

pub use settings::{ReviewPolicy, ReviewPrompts, ReviewSettings, RootCause};
pub use timeline::timeline_lines;

use super::validation::bounded_text;
use super::{FieldError, FieldErrors};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Why a case needs a review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    Severity1,
    MajorIncident,
    SlaBreach,
    Reopened,
}

impl ReviewReason {
    pub fn code(self) -> &'static str {
        match self {
            ReviewReason::Severity1 => "s1",
            ReviewReason::MajorIncident => "major_incident",
            ReviewReason::SlaBreach => "sla_breach",
            ReviewReason::Reopened => "reopened",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            ReviewReason::Severity1,
            ReviewReason::MajorIncident,
            ReviewReason::SlaBreach,
            ReviewReason::Reopened,
        ]
        .into_iter()
        .find(|r| r.code() == raw)
    }

    pub fn words(self) -> &'static str {
        match self {
            ReviewReason::Severity1 => "an S1 case",
            ReviewReason::MajorIncident => "part of a major incident",
            ReviewReason::SlaBreach => "an SLA promise was missed",
            ReviewReason::Reopened => "reopened more than once",
        }
    }
}

/// Where a review stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Due,
    Written,
}

impl ReviewState {
    pub fn code(self) -> &'static str {
        match self {
            ReviewState::Due => "due",
            ReviewState::Written => "written",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "due" => Some(ReviewState::Due),
            "written" => Some(ReviewState::Written),
            _ => None,
        }
    }
}

const MAX_TEXT: usize = 10_000;

/// A written review, in the blameless template's parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDraft {
    pub summary: String,
    pub impact: String,
    /// A root cause's code from the taxonomy.
    pub root_cause: String,
    /// Contributing factors: more codes from the taxonomy.
    pub factors: Vec<String>,
    pub went_well: String,
    pub went_wrong: String,
    pub got_lucky: String,
}

/// What was typed, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewInput {
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub impact: String,
    #[serde(default)]
    pub root_cause: String,
    #[serde(default)]
    pub factors: Vec<String>,
    #[serde(default)]
    pub went_well: String,
    #[serde(default)]
    pub went_wrong: String,
    #[serde(default)]
    pub got_lucky: String,
}

impl ReviewDraft {
    /// Checks a review: every part present, causes from the taxonomy, and no
    /// part naming one of `people` (staff names and addresses): a review
    /// looks for what let it happen, never for whom to blame.
    pub fn parse(
        input: &ReviewInput,
        settings: &ReviewSettings,
        people: &[String],
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut text = |field: &'static str, raw: &str, missing: &str| {
            let checked = bounded_text(field, raw, MAX_TEXT, missing)
                .and_then(|text| blameless(field, text, people));
            errors.check(checked)
        };
        let summary = text(
            "summary",
            &input.summary,
            "Say in a few lines what happened.",
        );
        let impact = text(
            "impact",
            &input.impact,
            "Say what it meant for the customer.",
        );
        let went_well = text(
            "went_well",
            &input.went_well,
            "Say what went well, so we keep it.",
        );
        let went_wrong = text("went_wrong", &input.went_wrong, "Say what went wrong.");
        let got_lucky = match input.got_lucky.trim() {
            "" => Some(String::new()),
            lucky => text("got_lucky", lucky, ""),
        };
        let known = |code: &str| settings.root_causes.iter().any(|c| c.code == code);
        let root_cause = input.root_cause.trim().to_owned();
        if !known(&root_cause) {
            errors.0.push(FieldError::new(
                "root_cause",
                &format!(
                    "Choose a root cause from the list: {}.",
                    settings.codes().join(", ")
                ),
            ));
        }
        let mut factors: Vec<String> = Vec::new();
        for factor in input
            .factors
            .iter()
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
        {
            if !known(factor) {
                errors.0.push(FieldError::new(
                    "factors",
                    &format!("{factor:?} is not in the root-cause list."),
                ));
            } else if factor != root_cause && !factors.iter().any(|f| f == factor) {
                factors.push(factor.to_owned());
            }
        }
        match (summary, impact, went_well, went_wrong, got_lucky) {
            (Some(summary), Some(impact), Some(went_well), Some(went_wrong), Some(got_lucky))
                if errors.is_empty() =>
            {
                Ok(ReviewDraft {
                    summary,
                    impact,
                    root_cause,
                    factors,
                    went_well,
                    went_wrong,
                    got_lucky,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Refuses text that names one of `people`.
fn blameless(field: &str, text: String, people: &[String]) -> Result<String, FieldError> {
    let lower = text.to_lowercase();
    let named = people
        .iter()
        .map(|p| p.trim().to_lowercase())
        .filter(|p| p.chars().count() >= 3)
        .find(|p| lower.contains(p.as_str()));
    match named {
        Some(person) => Err(FieldError::new(
            field,
            &format!(
                "A review is blameless: describe what happened and what let it happen, not who \
                 (leave out \"{person}\")."
            ),
        )),
        None => Ok(text),
    }
}

/// An action item that follows a review up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionDraft {
    pub title: String,
    pub owner_email: String,
    pub due: Date,
}

impl ActionDraft {
    pub fn parse(
        title: &str,
        owner_email: &str,
        due: &str,
        today: Date,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.check(bounded_text(
            "title",
            title,
            300,
            "Say what will be done, like \"Alert on a full mail queue\".",
        ));
        let owner_email = owner_email.trim().to_lowercase();
        if !owner_email.contains('@') {
            errors.0.push(FieldError::new(
                "owner_email",
                "Give the owner's staff email.",
            ));
        }
        let due = match due.trim().parse::<Date>() {
            Ok(date) if date >= today => Some(date),
            Ok(_) => {
                errors.0.push(FieldError::new(
                    "due",
                    "The due date cannot be in the past.",
                ));
                None
            }
            Err(_) => {
                errors
                    .0
                    .push(FieldError::new("due", "Give a due date like 2026-12-31."));
                None
            }
        };
        match (title, due) {
            (Some(title), Some(due)) if errors.is_empty() => Ok(ActionDraft {
                title,
                owner_email,
                due,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests;

/// A past reviewed case, as the recurrence check sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastCase<'a> {
    pub reference: &'a str,
    pub subject: &'a str,
    pub customer_email: &'a str,
}

/// Whether a new case looks like a reviewed one coming back: two or more
/// words of the subject in common, or the same account and one word.
pub fn looks_like(subject: &str, customer_email: &str, past: &PastCase<'_>) -> bool {
    let ours = super::article::search_words(subject);
    let theirs = super::article::search_words(past.subject);
    let shared = ours.iter().filter(|w| theirs.contains(w)).count();
    let account = |email: &str| super::report::account_of(email);
    shared >= 2 || (shared >= 1 && account(customer_email) == account(past.customer_email))
}
