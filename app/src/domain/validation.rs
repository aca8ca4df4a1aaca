use serde::{Deserialize, Serialize};

/// A problem with one field of what a person submitted, worded for that person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: &str) -> Self {
        Self {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// All the problems found in one submission, so a form can show every one at once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Keeps the parsed value, or records the error and returns `None`.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first(&self) -> Option<&FieldError> {
        self.0.first()
    }

    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// Trims `raw` and checks it is present and at most `max` characters long.
pub fn bounded_text(
    field: &str,
    raw: &str,
    max: usize,
    missing: &str,
) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, missing));
    }
    if text.chars().count() > max {
        return Err(FieldError::new(
            field,
            &format!("Please keep this under {max} characters."),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new(
            field,
            "This contains characters we can't store.",
        ));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_missing() {
        let err = bounded_text("name", "   ", 10, "Please tell us your name.").unwrap_err();
        assert_eq!(err.field, "name");
        assert_eq!(err.message, "Please tell us your name.");
    }

    #[test]
    fn text_is_trimmed_and_capped_by_characters_not_bytes() {
        assert_eq!(bounded_text("f", "  äöü  ", 3, "m").unwrap(), "äöü");
        assert!(bounded_text("f", "äöüß", 3, "m").is_err());
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(bounded_text("f", "a\u{0}b", 10, "m").is_err());
        assert!(bounded_text("f", "line\nnext", 20, "m").is_ok());
    }
}
