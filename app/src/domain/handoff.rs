//! The handoff note: what a team leaves for the team that takes a case over,
//! so nobody asks the customer the same questions twice. Never shown to the
//! customer.

use super::validation::{FieldError, FieldErrors, bounded_text};
use serde::{Deserialize, Serialize};

/// What the receiving team needs to pick a case up at once. Either free text
/// (API clients, older events) or the three answers the console asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HandoffNote {
    Structured {
        /// What was tried already.
        tried: String,
        /// What is known about the cause and the impact.
        known: String,
        /// What the customer was told, so the next team says nothing different.
        told_customer: String,
    },
    Text(String),
}

impl HandoffNote {
    pub const FIELD: &'static str = "handoff_note";
    pub const MAX_CHARS: usize = 10_000;

    /// A free-text note; blank is refused.
    pub fn parse_text(raw: &str) -> Result<Self, FieldError> {
        bounded_text(
            Self::FIELD,
            raw,
            Self::MAX_CHARS,
            "Please leave a handoff note for the team taking over.",
        )
        .map(HandoffNote::Text)
    }

    /// The three answers; each must say something. Errors name the fields
    /// `tried`, `known` and `told_customer`.
    pub fn parse_parts(tried: &str, known: &str, told_customer: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut part = |field: &str, raw: &str, missing: &str| {
            errors.check(bounded_text(field, raw, Self::MAX_CHARS, missing))
        };
        let tried = part("tried", tried, "Please say what was tried already.");
        let known = part("known", known, "Please say what is known so far.");
        let told = part(
            "told_customer",
            told_customer,
            "Please say what the customer was told.",
        );
        match (tried, known, told) {
            (Some(tried), Some(known), Some(told_customer)) => Ok(HandoffNote::Structured {
                tried,
                known,
                told_customer,
            }),
            _ => Err(errors),
        }
    }

    /// The note as (label, text) lines, for staff to read.
    pub fn lines(&self) -> Vec<(&'static str, &str)> {
        match self {
            HandoffNote::Structured {
                tried,
                known,
                told_customer,
            } => vec![
                ("Tried", tried.as_str()),
                ("Known", known.as_str()),
                ("Customer was told", told_customer.as_str()),
            ],
            HandoffNote::Text(text) => vec![("Note", text.as_str())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_structured_note_needs_something_in_each_part() {
        let errors = HandoffNote::parse_parts("Restarted it", " ", "").unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["known", "told_customer"]);
        assert!(HandoffNote::parse_parts("a", "b", "c").is_ok());
    }

    #[test]
    fn old_free_text_notes_still_read() {
        let note: HandoffNote = serde_json::from_str("\"Checked logs\"").unwrap();
        assert_eq!(note, HandoffNote::Text("Checked logs".into()));
        let parts: HandoffNote =
            serde_json::from_str(r#"{"tried":"a","known":"b","told_customer":"c"}"#).unwrap();
        assert!(matches!(parts, HandoffNote::Structured { .. }));
        assert!(HandoffNote::parse_text("  ").is_err());
    }
}
