//! What customers and staff type, parsed once at the edge into types that are
//! valid by construction.

use super::validation::{FieldError, bounded_text};
use serde::{Deserialize, Serialize};

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $field:literal, $max:literal, $missing:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name(String);

        impl $name {
            pub const FIELD: &'static str = $field;
            pub const MAX_CHARS: usize = $max;

            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                bounded_text($field, raw, $max, $missing).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

text_type!(
    /// The customer's name as they gave it.
    CustomerName, "name", 120, "Please tell us your name."
);
text_type!(
    /// One line that says what the problem is.
    Subject, "subject", 200, "Please give your problem a short title."
);
text_type!(
    /// The customer's own account of the problem.
    Description, "description", 20_000, "Please describe what is happening."
);
text_type!(
    /// A public update from staff, read by the customer.
    UpdateBody, "body", 20_000, "Please write the update for the customer."
);
text_type!(
    /// A note for the team only; customers never see it.
    InternalNoteBody, "body", 20_000, "Please write the note."
);
text_type!(
    /// Why staff move a case to another tier; for the team only.
    TierMoveReason, "reason", 2_000, "Please say why the case moves."
);
text_type!(
    /// Why the customer says the problem is not solved.
    ReopenReason, "reason", 5_000, "Please tell us what is still wrong."
);
text_type!(
    /// What changed, when a customer says their problem got worse.
    WhatChanged, "what_changed", 5_000, "Please tell us what changed."
);
text_type!(
    /// The customer's optional words when confirming a resolution.
    Comment, "comment", 5_000, "Please write a comment or leave the box empty."
);

/// Where we write to the customer. Kept as typed, compared case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerEmail(String);

impl CustomerEmail {
    pub const FIELD: &'static str = "email";

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let email = raw.trim();
        let invalid = || {
            FieldError::new(
                "email",
                "Please enter an email address like name@example.com.",
            )
        };
        if email.is_empty() {
            return Err(FieldError::new(
                "email",
                "Please tell us your email address.",
            ));
        }
        let (local, domain) = email.rsplit_once('@').ok_or_else(invalid)?;
        let bad_char = |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c);
        let ok = email.len() <= 254
            && !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.contains(bad_char);
        if ok {
            Ok(Self(email.to_owned()))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How the customer rates the resolution, 1 (poor) to 5 (excellent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating(u8);

impl Rating {
    pub fn new(value: i64) -> Result<Self, FieldError> {
        match u8::try_from(value) {
            Ok(v @ 1..=5) => Ok(Self(v)),
            _ => Err(FieldError::new(
                "rating",
                "Please choose a rating from 1 to 5.",
            )),
        }
    }

    /// Form input: empty means no rating.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<i64>()
            .map_err(|_| FieldError::new("rating", "Please choose a rating from 1 to 5."))
            .and_then(Self::new)
            .map(Some)
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl Comment {
    /// Form input: empty means no comment.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(raw).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_emails_are_accepted() {
        for ok in [
            "a@b.co",
            "first.last+tag@example.co.uk",
            " ann@example.com ",
        ] {
            assert!(CustomerEmail::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn malformed_emails_are_refused_with_a_field_error() {
        for bad in [
            "",
            "plain",
            "a@b",
            "@example.com",
            "a b@example.com",
            "a@.com",
            "a@b.com.",
            "<a@b.com>",
        ] {
            let err = CustomerEmail::parse(bad).unwrap_err();
            assert_eq!(err.field, "email", "{bad}");
        }
    }

    #[test]
    fn ratings_outside_one_to_five_are_refused() {
        assert!(Rating::new(0).is_err());
        assert!(Rating::new(6).is_err());
        assert_eq!(Rating::new(5).unwrap().value(), 5);
        assert_eq!(Rating::parse_optional("").unwrap(), None);
        assert!(Rating::parse_optional("x").is_err());
    }

    #[test]
    fn subject_is_capped() {
        assert!(Subject::parse(&"x".repeat(201)).is_err());
        assert!(Subject::parse(&"x".repeat(200)).is_ok());
    }
}
