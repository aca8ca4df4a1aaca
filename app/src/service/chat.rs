//! The chat widget's way in: the customer writes one message, and its first
//! line becomes the case's subject, so the panel asks for fewer fields.

use super::templates::word_fields;
use super::{Portal, escalations};
use crate::domain::customer::Subject;
use crate::domain::{Channel, FieldErrors, NewCase};
use crate::views::RaiseRequest;
use jiff::Timestamp;

/// What the chat panel asks for, as typed.
pub struct ChatStart<'a> {
    pub name: &'a str,
    pub email: &'a str,
    /// What's wrong, in the customer's own words.
    pub problem: &'a str,
    pub severity: &'a str,
}

/// Parses a chat start by the web form's rules. The subject is made from the
/// problem, so its errors are reported on the problem's field.
pub async fn parse(
    portal: &Portal,
    start: &ChatStart<'_>,
    now: Timestamp,
) -> Result<NewCase, FieldErrors> {
    match check(start) {
        Ok(new) => Ok(new),
        Err(errors) => Err(word_fields(portal, errors, now).await),
    }
}

/// `parse` without the words: notices stay codes.
fn check(start: &ChatStart<'_>) -> Result<NewCase, FieldErrors> {
    let request = RaiseRequest {
        name: start.name.to_owned(),
        email: start.email.to_owned(),
        subject: subject_from(start.problem),
        description: start.problem.to_owned(),
        severity: Some(start.severity.to_owned()),
    };
    escalations::check_raise(&request, Channel::Chat).map_err(|errors| {
        let described = errors.for_field("description").is_some();
        FieldErrors(
            errors
                .0
                .into_iter()
                .filter(|e| !(described && e.field == "subject"))
                .map(|mut e| {
                    if e.field == "subject" {
                        e.field = "description".to_owned();
                        e.message = "Please tell us what's wrong.".to_owned();
                    }
                    e
                })
                .collect(),
        )
    })
}

/// The first line of the problem, cut at a word to fit a subject.
pub fn subject_from(problem: &str) -> String {
    let line = problem
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    if line.chars().count() <= Subject::MAX_CHARS {
        return line.to_owned();
    }
    let cut: String = line.chars().take(Subject::MAX_CHARS - 1).collect();
    let words = match cut.rfind(char::is_whitespace) {
        Some(end) if end > Subject::MAX_CHARS / 2 => cut[..end].trim_end(),
        _ => cut.as_str(),
    };
    format!("{words}…")
}

/// Where the chat panel follows a case: the compact status view.
pub fn chat_path(reference: &str, token: &str) -> String {
    format!("/chat/{reference}?token={token}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(problem: &str) -> ChatStart<'_> {
        ChatStart {
            name: "Kim",
            email: "kim@example.com",
            problem,
            severity: "S3",
        }
    }

    #[test]
    fn the_first_line_of_the_problem_is_the_subject() {
        let new = check(&start(
            "\n  Checkout fails  \nSince 9:00 every card is declined.",
        ))
        .expect("parses");
        assert_eq!(new.subject.as_str(), "Checkout fails");
        assert_eq!(new.channel, Channel::Chat);
    }

    #[test]
    fn a_long_first_line_is_cut_at_a_word() {
        let subject = subject_from(&"word ".repeat(100));
        assert!(subject.chars().count() <= Subject::MAX_CHARS);
        assert!(subject.ends_with("word…"));
    }

    #[test]
    fn a_blank_problem_is_one_error_on_its_own_field() {
        let errors = check(&start("  ")).expect_err("refused");
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["description"]);
    }
}
