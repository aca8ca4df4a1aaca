//! The jargon list as ops edit it: one word per line, optionally with what
//! customers read instead: `SLA -> our promise: "we'll reply by ..."`.

use super::{JargonList, JargonTerm};

/// Longest term or suggestion we keep; longer is a paste gone wrong.
const MAX_LEN: usize = 120;
const MAX_TERMS: usize = 500;

/// A mistake in the text, with its line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JargonError {
    pub line: usize,
    pub message: String,
}

impl JargonList {
    /// Parses the editable text. Blank lines and `#` comments are skipped;
    /// a term twice (in any letter case) is a mistake.
    pub fn parse_text(text: &str) -> Result<JargonList, JargonError> {
        let mut terms: Vec<JargonTerm> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let error = |message: String| JargonError { line, message };
            let raw = raw.trim();
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let (term, instead) = match raw.split_once("->") {
                Some((term, instead)) => (term.trim(), Some(instead.trim())),
                None => (raw, None),
            };
            if term.is_empty() {
                return Err(error("Write the word before \"->\".".to_owned()));
            }
            if instead == Some("") {
                return Err(error(format!(
                    "Write what customers read instead of \"{term}\" after \"->\", or leave out the arrow."
                )));
            }
            if term.chars().count() > MAX_LEN
                || instead.is_some_and(|i| i.chars().count() > MAX_LEN)
            {
                return Err(error(format!("Keep each line under {MAX_LEN} characters.")));
            }
            if terms.iter().any(|t| t.term.eq_ignore_ascii_case(term)) {
                return Err(error(format!("\"{term}\" is already in the list.")));
            }
            if terms.len() == MAX_TERMS {
                return Err(error(format!("The list holds at most {MAX_TERMS} words.")));
            }
            terms.push(JargonTerm {
                term: term.to_owned(),
                instead: instead.map(str::to_owned),
            });
        }
        Ok(JargonList(terms))
    }

    /// The text `parse_text` reads back.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|t| match &t.instead {
                Some(instead) => format!("{} -> {instead}\n", t.term),
                None => format!("{}\n", t.term),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_list_round_trips_through_its_text() {
        let list = JargonList::voice_default();
        assert_eq!(JargonList::parse_text(&list.to_text()).unwrap(), list);
    }

    #[test]
    fn comments_blanks_and_suggestions_are_read() {
        let list = JargonList::parse_text("# ours\n\nSLA -> our promise\n  ticket  \n").unwrap();
        assert_eq!(list.0.len(), 2);
        assert_eq!(list.0[0].instead.as_deref(), Some("our promise"));
        assert_eq!(list.0[1].term, "ticket");
    }

    #[test]
    fn mistakes_name_their_line() {
        for (text, line) in [
            ("SLA\n -> promise", 2),
            ("SLA ->", 1),
            ("SLA\nticket\nsla", 3),
            (&format!("ok\n{}", "x".repeat(200)), 2),
        ] {
            assert_eq!(
                JargonList::parse_text(text).unwrap_err().line,
                line,
                "{text}"
            );
        }
    }
}
