use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a template cannot be saved or rendered. The message is written for
/// the support-ops editor; `line` points into their source when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct TemplateError {
    pub code: TemplateErrorCode,
    pub message: String,
    pub line: Option<usize>,
}

impl TemplateError {
    pub fn new(code: TemplateErrorCode, message: impl Into<String>) -> Self {
        TemplateError {
            code,
            message: message.into(),
            line: None,
        }
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateErrorCode {
    /// The template language could not read the source.
    Syntax,
    /// A name that is not a placeholder of this kind of message.
    UnknownPlaceholder,
    /// A placeholder the template uses was given no value at render time.
    MissingValue,
    /// A feature the sandbox switches off (include, markup in web text, ...).
    NotAllowed,
    /// The source or the rendered message is over the size limit.
    TooLong,
    /// A line break in an email subject.
    NewlineInSubject,
    /// The template did too much work (a loop that runs too long).
    FuelExhausted,
    /// The template nests or recurses too deeply.
    TooDeep,
    /// Any other failure while rendering.
    Render,
}

impl TemplateErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateErrorCode::Syntax => "syntax",
            TemplateErrorCode::UnknownPlaceholder => "unknown_placeholder",
            TemplateErrorCode::MissingValue => "missing_value",
            TemplateErrorCode::NotAllowed => "not_allowed",
            TemplateErrorCode::TooLong => "too_long",
            TemplateErrorCode::NewlineInSubject => "newline_in_subject",
            TemplateErrorCode::FuelExhausted => "fuel_exhausted",
            TemplateErrorCode::TooDeep => "too_deep",
            TemplateErrorCode::Render => "render",
        }
    }
}

impl fmt::Display for TemplateErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
