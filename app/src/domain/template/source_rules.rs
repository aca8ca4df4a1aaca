//! The rules a template's source must follow beyond the template language
//! itself. They close the doors minijinja leaves open by design.

use super::outline::{Outline, Tag};
use super::{TemplateChannel, TemplateError, TemplateErrorCode};

/// The filters templates may use. All of them keep text about the size it
/// was, so output stays bounded by fuel. `safe` is left out on purpose: it
/// would let a value skip HTML escaping.
pub(super) const FILTERS: &[&str] = &[
    "capitalize",
    "d",
    "default",
    "e",
    "escape",
    "length",
    "lower",
    "title",
    "trim",
    "upper",
];

/// Statements that reach outside the template or switch escaping off.
/// Refused here whatever engine features are compiled in; with no loader
/// an include would fail anyway, but later and less clearly.
pub(super) const FORBIDDEN_STATEMENTS: &[&str] = &[
    "autoescape",
    "block",
    "call",
    "extends",
    "from",
    "import",
    "include",
    "macro",
];

/// Joining or repeating text (`~`, `+`, `*`) lets a few lines of template
/// build a string of gigabytes in a handful of steps, which fuel does not
/// see. Customer messages never need it: words go next to each other.
const GROWING_OPERATORS: &[char] = &['~', '+', '*'];

pub(super) fn check(channel: TemplateChannel, outline: &Outline<'_>) -> Result<(), TemplateError> {
    for tag in &outline.tags {
        check_tag(tag)?;
    }
    if channel.refuses_markup() {
        for run in &outline.text {
            if let Some(at) = markup_at(run.text) {
                let line = run.line + run.text[..at].matches('\n').count();
                return Err(not_allowed(format!(
                    "{channel} text can't contain HTML tags. Write plain words; the page \
                     does the layout."
                ))
                .at_line(Some(line)));
            }
        }
    }
    Ok(())
}

fn check_tag(tag: &Tag) -> Result<(), TemplateError> {
    if let Some(keyword) = tag.keyword() {
        if FORBIDDEN_STATEMENTS.contains(&keyword) {
            return Err(not_allowed(format!(
                "Templates can't use {{% {keyword} %}}. Each template stands alone and \
                 escaping is always on."
            ))
            .at_line(Some(tag.line)));
        }
        if keyword == "filter" {
            let name = tag.words().nth(1).map(|w| w.text).unwrap_or_default();
            check_filter(name, tag.line)?;
        }
    }
    if let Some(at) = tag.code.find(GROWING_OPERATORS) {
        let line = tag.line + tag.code[..at].matches('\n').count();
        return Err(not_allowed(
            "Templates can't join or repeat text with ~, + or *. Write the words and \
             placeholders next to each other instead.",
        )
        .at_line(Some(line)));
    }
    for word in tag.words() {
        if word.after_pipe {
            check_filter(word.text, word.line)?;
        } else if !word.after_dot && word.text == "is" {
            return Err(not_allowed(
                "Templates can't use tests like \"is defined\": every placeholder always has \
                 a value. Use {% if placeholder %} to check that it isn't empty.",
            )
            .at_line(Some(word.line)));
        }
    }
    Ok(())
}

fn check_filter(name: &str, line: usize) -> Result<(), TemplateError> {
    if FILTERS.contains(&name) {
        return Ok(());
    }
    Err(not_allowed(format!(
        "There is no filter called {name:?}. You can use: {}.",
        FILTERS.join(", ")
    ))
    .at_line(Some(line)))
}

/// Byte offset of the first thing a browser would read as a tag.
fn markup_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes.windows(2).position(|pair| {
        pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || matches!(pair[1], b'/' | b'!' | b'?'))
    })
}

/// The line where a variable is first used, for error messages.
pub(super) fn line_of(outline: &Outline<'_>, name: &str) -> Option<usize> {
    outline
        .tags
        .iter()
        .flat_map(Tag::words)
        .find(|w| w.text == name && !w.after_pipe && !w.after_dot)
        .map(|w| w.line)
}

fn not_allowed(message: impl Into<String>) -> TemplateError {
    TemplateError::new(TemplateErrorCode::NotAllowed, message)
}

#[cfg(test)]
mod tests {
    use super::super::outline::outline;
    use super::*;

    fn check_web(source: &str) -> Result<(), TemplateError> {
        check(TemplateChannel::Web, &outline(source))
    }

    #[test]
    fn growing_operators_are_refused_on_their_line() {
        let err = check_web("Hi\n{% set s = name ~ name %}").unwrap_err();
        assert_eq!(
            (err.code, err.line),
            (TemplateErrorCode::NotAllowed, Some(2))
        );
        assert!(check_web("{{ '1 + 1 ~ *' }} {{- name -}} {%+ if a +%}{% endif %}").is_ok());
    }

    #[test]
    fn unknown_filters_and_tests_are_refused() {
        assert!(check_web("{{ name|upper|e }}").is_ok());
        let err = check_web("\n\n{{ name|safe }}").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("\"safe\""));
        assert!(check_web("{% filter safe %}x{% endfilter %}").is_err());
        assert!(check_web("{% if name is defined %}x{% endif %}").is_err());
    }

    #[test]
    fn markup_is_refused_in_web_text_but_not_in_email() {
        let err = check_web("Hello\n<script>alert(1)</script>").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(check_web("{% raw %}<b>{% endraw %}").is_err());
        assert!(check_web("1 < 2 and a<3").is_ok());
        let email = outline("Hello <b>there</b>");
        assert!(check(TemplateChannel::EmailBody, &email).is_ok());
    }

    #[test]
    fn lines_of_variables_skip_filters_and_attributes() {
        let o = outline("{{ a|nme }}\n{{ b.nme }}\n\n{{ nme }}");
        assert_eq!(line_of(&o, "nme"), Some(4));
        assert_eq!(line_of(&o, "zzz"), None);
    }
}
