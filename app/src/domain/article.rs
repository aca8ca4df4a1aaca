//! Knowledge-base articles: what staff write, how they are named in URLs,
//! and how a customer's half-typed words become a safe full-text query.

use super::validation::bounded_text;
use super::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// Who may read an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Staff only (the case page suggests it).
    #[default]
    Internal,
    /// Everyone: the help centre, and suggestions on the raise form.
    Public,
}

impl Visibility {
    pub fn code(self) -> &'static str {
        match self {
            Visibility::Internal => "internal",
            Visibility::Public => "public",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "internal" => Some(Visibility::Internal),
            "public" => Some(Visibility::Public),
            _ => None,
        }
    }
}

pub const MAX_TITLE: usize = 150;
pub const MAX_BODY: usize = 20_000;

/// An article as written, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleDraft {
    pub title: String,
    pub body: String,
    pub visibility: Visibility,
}

impl ArticleDraft {
    pub fn parse(title: &str, body: &str, visibility: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.check(bounded_text(
            "title",
            title,
            MAX_TITLE,
            "Give the article a title, like the question a customer would ask.",
        ));
        let body = errors.check(bounded_text(
            "body",
            body,
            MAX_BODY,
            "Write the answer: what to do, step by step.",
        ));
        let visibility = errors.check(
            Visibility::parse(visibility)
                .ok_or_else(|| FieldError::new("visibility", "Choose public or internal.")),
        );
        match (title, body, visibility) {
            (Some(title), Some(body), Some(visibility)) if errors.is_empty() => Ok(ArticleDraft {
                title,
                body,
                visibility,
            }),
            _ => Err(errors),
        }
    }
}

/// The article's name in its URL: lower-case letters and digits joined by
/// hyphens, at most 60 characters ("article" when the title has none).
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        if out.len() + word.len() + 1 > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    if out.is_empty() {
        "article".to_owned()
    } else {
        out
    }
}

/// Words too common to tell articles apart.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from",
    "has", "have", "how", "i", "if", "in", "is", "it", "its", "my", "no", "not", "of", "on", "or",
    "our", "so", "that", "the", "this", "to", "was", "we", "what", "when", "why", "with", "you",
];

/// The words of a search, as plain lower-case letters and digits: never
/// query syntax, so nothing a customer types can change the query. At most
/// 8 words of 2 to 32 characters, common words left out.
pub fn search_words(query: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    // Lowercasing can add marks ("İ" becomes "i" and a combining dot),
    // which no stored word holds: they are dropped with the separators.
    for word in query.split(|c: char| !c.is_alphanumeric()).map(|word| {
        word.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    }) {
        let length = word.chars().count();
        if (2..=32).contains(&length)
            && !STOP_WORDS.contains(&word.as_str())
            && !words.contains(&word)
        {
            words.push(word);
        }
        if words.len() == 8 {
            break;
        }
    }
    words
}

/// A short extract of `body` around the first of `words` it holds (its
/// start otherwise), on word boundaries, at most about `max` characters.
pub fn snippet(body: &str, words: &[String], max: usize) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>();
    let hit = flat.iter().position(|w| {
        let w = w.to_lowercase();
        words.iter().any(|q| w.contains(q.as_str()))
    });
    let start = hit.map_or(0, |i| i.saturating_sub(6));
    let mut out = String::new();
    for word in &flat[start..] {
        if out.chars().count() + word.chars().count() + 1 > max {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if start > 0 {
        out.insert_str(0, "… ");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_are_short_plain_and_never_empty() {
        assert_eq!(
            slug("Why do invoices show the tax twice?"),
            "why-do-invoices-show-the-tax-twice"
        );
        assert_eq!(slug("¿¿??"), "article");
        assert!(slug(&"word ".repeat(40)).len() <= 60);
    }

    #[test]
    fn drafts_name_the_field_at_fault() {
        let errors = ArticleDraft::parse(" ", "Steps", "secret").unwrap_err();
        assert_eq!(errors.0.len(), 2);
        assert!(errors.for_field("title").is_some());
        assert!(errors.for_field("visibility").is_some());
        assert!(ArticleDraft::parse("Title", "Body\u{7}", "public").is_err());
    }

    #[test]
    fn search_words_drop_syntax_and_common_words() {
        assert_eq!(
            search_words("How do I export \"invoices\" OR* NEAR(pdf)"),
            vec!["export", "invoices", "near", "pdf"]
        );
        assert!(search_words("the a of").is_empty());
        assert_eq!(search_words("İSTANBUL İ"), vec!["istanbul"]);
    }

    #[test]
    fn snippets_start_near_the_first_match() {
        let body = "one two three four five six seven eight nine ten invoices eleven twelve";
        let cut = snippet(body, &["invoices".to_owned()], 40);
        assert!(cut.starts_with("… "), "{cut}");
        assert!(cut.contains("invoices"));
        assert_eq!(snippet("short", &[], 40), "short");
    }

    proptest! {
        #[test]
        fn search_words_are_only_letters_and_digits(query in ".{0,200}") {
            let words = search_words(&query);
            prop_assert!(words.len() <= 8);
            for word in words {
                prop_assert!(word.chars().all(char::is_alphanumeric));
                prop_assert!((2..=32).contains(&word.chars().count()));
            }
        }

        #[test]
        fn snippets_stay_short(body in ".{0,400}", max in 20usize..200) {
            let cut = snippet(&body, &["a".to_owned()], max);
            prop_assert!(cut.chars().count() <= max + 4);
        }
    }
}
