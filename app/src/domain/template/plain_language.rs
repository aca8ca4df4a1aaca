//! Plain-language checks on what a template says, held to shared/VOICE.md:
//! short sentences, everyday words, active voice, no internal jargon, and a
//! next step or a time. They warn; they never block saving.

mod jargon_text;
mod readability;

pub use jargon_text::JargonError;

pub use readability::{reading_grade, sentences, syllables, words};

use super::{TemplateChannel, TemplateKind};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Something a support-ops editor should look at before publishing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    ReadingGrade,
    LongSentence,
    PassiveVoice,
    Jargon,
    NoNextStep,
}

impl WarningCode {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::ReadingGrade => "reading_grade",
            WarningCode::LongSentence => "long_sentence",
            WarningCode::PassiveVoice => "passive_voice",
            WarningCode::Jargon => "jargon",
            WarningCode::NoNextStep => "no_next_step",
        }
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An internal word, and what customers read instead when we know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JargonTerm {
    pub term: String,
    pub instead: Option<String>,
}

/// The words customers should not meet. Support ops can edit the list;
/// the default is the one in shared/VOICE.md.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JargonList(pub Vec<JargonTerm>);

impl JargonList {
    pub fn voice_default() -> Self {
        const TERMS: &[(&str, Option<&str>)] = &[
            ("ticket", Some("your case")),
            ("L1", Some("our support team")),
            ("L2", Some("a specialist team")),
            ("L3", Some("our senior engineers")),
            ("tier", Some("the team's name, in customer words")),
            ("SLA", Some("our promise: \"we'll reply by ...\"")),
            ("SLO", Some("our promise: \"we'll reply by ...\"")),
            ("breach", Some("\"we're late, and we're sorry\"")),
            ("P1", Some("\"everything is down for you\"")),
            ("P2", Some("\"a major problem\"")),
            ("S1", Some("\"everything is down for you\"")),
            ("S2", Some("\"a major problem\"")),
            ("RCA", Some("what went wrong and what we're changing")),
            (
                "post-mortem",
                Some("what went wrong and what we're changing"),
            ),
            ("escalated", Some("\"we've brought in (team)\"")),
            ("triage", None),
            ("backlog", None),
            ("queue", None),
            (
                "swarm",
                Some("several specialists are working on this together"),
            ),
            ("incident commander", None),
            ("pending", Some("\"waiting for your reply\"")),
            ("ETA", Some("\"we'll reply by ...\" with a time")),
            ("per", None),
            ("as per", Some("\"as you asked\" or \"as we said\"")),
            ("kindly", Some("\"please\"")),
        ];
        JargonList(
            TERMS
                .iter()
                .map(|(term, instead)| JargonTerm {
                    term: (*term).to_owned(),
                    instead: instead.map(str::to_owned),
                })
                .collect(),
        )
    }
}

impl Default for JargonList {
    fn default() -> Self {
        JargonList::voice_default()
    }
}

/// Thresholds for the checks; `Default` follows shared/VOICE.md.
#[derive(Clone, Debug, PartialEq)]
pub struct PlainLanguageRules {
    pub jargon: JargonList,
    pub max_sentence_words: usize,
    pub max_grade: f64,
    /// Below this many words the grade formula says little, so it is skipped.
    pub min_words_for_grade: usize,
    pub require_next_step: bool,
}

impl Default for PlainLanguageRules {
    fn default() -> Self {
        PlainLanguageRules {
            jargon: JargonList::default(),
            max_sentence_words: 20,
            max_grade: 8.0,
            min_words_for_grade: 10,
            require_next_step: true,
        }
    }
}

impl PlainLanguageRules {
    /// The rules for one message: labels and subject lines are not asked
    /// for a next step (the message body carries it).
    pub fn for_message(kind: TemplateKind, channel: TemplateChannel, jargon: JargonList) -> Self {
        PlainLanguageRules {
            jargon,
            require_next_step: kind.expects_next_step() && channel != TemplateChannel::EmailSubject,
            ..PlainLanguageRules::default()
        }
    }
}

/// All warnings for a rendered message, in a stable order. The grade,
/// passive-voice and next-step heuristics are for English; on other
/// languages only the jargon check means much.
pub fn check(text: &str, rules: &PlainLanguageRules) -> Vec<Warning> {
    let text = text.replace('’', "'");
    let mut out = Vec::new();
    grade_warning(&text, rules, &mut out);
    for sentence in sentences(&text) {
        let count = words(sentence).count();
        if count > rules.max_sentence_words {
            out.push(Warning {
                code: WarningCode::LongSentence,
                message: format!(
                    "This sentence has {count} words; keep sentences to {} words or fewer: \
                     \"{}\"",
                    rules.max_sentence_words,
                    opening(sentence)
                ),
            });
        }
        if let Some(phrase) = passive_phrase(sentence) {
            out.push(Warning {
                code: WarningCode::PassiveVoice,
                message: format!(
                    "\"{phrase}\" reads as passive voice in \"{}\". Say who does it: \
                     \"We've ...\".",
                    opening(sentence)
                ),
            });
        }
    }
    jargon_warnings(&text, &rules.jargon, &mut out);
    if rules.require_next_step && !has_next_step(&text) {
        out.push(Warning {
            code: WarningCode::NoNextStep,
            message: "The message doesn't say what happens next or when. Add a next step \
                      with a time, like \"We'll write again by Thu 26 Nov, 14:00.\""
                .to_owned(),
        });
    }
    out
}

fn grade_warning(text: &str, rules: &PlainLanguageRules, out: &mut Vec<Warning>) {
    if words(text).count() < rules.min_words_for_grade {
        return;
    }
    let Some(grade) = reading_grade(text) else {
        return;
    };
    if grade <= rules.max_grade {
        return;
    }
    let mut long: Vec<&str> = words(text).filter(|w| syllables(w) >= 4).collect();
    long.dedup();
    long.truncate(3);
    let hint = if long.is_empty() {
        "Use shorter sentences.".to_owned()
    } else {
        format!(
            "Use shorter sentences and simpler words than \"{}\".",
            long.join("\", \"")
        )
    };
    out.push(Warning {
        code: WarningCode::ReadingGrade,
        message: format!(
            "This reads at school grade {grade:.1}; aim for grade {} or lower. {hint}",
            rules.max_grade
        ),
    });
}

/// The first words of a sentence, to name it in a message.
fn opening(sentence: &str) -> String {
    const SHOWN: usize = 12;
    let mut parts = sentence.split_whitespace();
    let shown: Vec<&str> = parts.by_ref().take(SHOWN).collect();
    let more = if parts.next().is_some() { " ..." } else { "" };
    format!("{}{more}", shown.join(" "))
}

fn lower_words(text: &str) -> Vec<String> {
    words(text)
        .map(|w| w.to_lowercase())
        .map(|w| w.strip_suffix("'s").map(str::to_owned).unwrap_or(w))
        .collect()
}

/// "is/are/was/were/be/been/being" (with up to two adverbs between), then a
/// past participle: "has been escalated", "were sent", "is not fixed".
fn passive_phrase(sentence: &str) -> Option<String> {
    const ADVERBS: &[&str] = &[
        "not", "now", "already", "also", "just", "still", "then", "all",
    ];
    const ADJECTIVES: &[&str] = &[
        "interested",
        "pleased",
        "worried",
        "concerned",
        "delighted",
        "excited",
        "tired",
        "scared",
        "based",
        "supposed",
        "used",
    ];
    const IRREGULAR: &[&str] = &[
        "done",
        "made",
        "given",
        "taken",
        "sent",
        "seen",
        "known",
        "told",
        "brought",
        "found",
        "kept",
        "held",
        "written",
        "shown",
        "paid",
        "built",
        "caught",
        "chosen",
        "driven",
        "forgotten",
        "gotten",
        "hidden",
        "lost",
        "meant",
        "sold",
        "spent",
        "thought",
        "understood",
        "won",
        "broken",
        "put",
        "set",
        "read",
        "left",
    ];
    let tokens = lower_words(sentence);
    for (i, token) in tokens.iter().enumerate() {
        let aux = match token.as_str() {
            "isn't" => "is",
            "aren't" | "we're" | "you're" | "they're" => "are",
            "wasn't" => "was",
            "weren't" => "were",
            other => other,
        };
        if !["am", "is", "are", "was", "were", "be", "been", "being"].contains(&aux) {
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len() && j <= i + 2 && ADVERBS.contains(&tokens[j].as_str()) {
            j += 1;
        }
        let Some(next) = tokens.get(j) else { continue };
        let regular = next.len() > 4
            && next.ends_with("ed")
            && next.chars().all(|c| c.is_alphabetic())
            && !ADJECTIVES.contains(&next.as_str());
        if regular || IRREGULAR.contains(&next.as_str()) {
            let start = match i.checked_sub(1).map(|p| tokens[p].as_str()) {
                Some("has" | "have" | "had") if aux == "been" => i - 1,
                _ => i,
            };
            return Some(tokens[start..=j].join(" "));
        }
    }
    None
}

fn jargon_warnings(text: &str, jargon: &JargonList, out: &mut Vec<Warning>) {
    let tokens = lower_words(text);
    let mut used = vec![false; tokens.len()];
    // Longest terms first, so "as per" is reported instead of "per".
    let mut terms: Vec<(&JargonTerm, Vec<String>)> = jargon
        .0
        .iter()
        .map(|t| (t, lower_words(&t.term)))
        .filter(|(_, parts)| !parts.is_empty())
        .collect();
    terms.sort_by_key(|(_, parts)| std::cmp::Reverse(parts.len()));
    let mut found: Vec<(usize, &JargonTerm)> = Vec::new();
    for (term, parts) in terms {
        let n = parts.len();
        let hit = (0..tokens.len().saturating_sub(n - 1)).find(|&at| {
            (0..n).all(|k| {
                let token = &tokens[at + k];
                !used[at + k]
                    && (*token == parts[k] || (n == 1 && *token == format!("{}s", parts[k])))
            })
        });
        if let Some(at) = hit {
            used[at..at + n].iter_mut().for_each(|u| *u = true);
            found.push((at, term));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    for (_, term) in found {
        let advice = match &term.instead {
            Some(instead) => format!("Customers read: {instead}."),
            None => "Use the words a customer would use.".to_owned(),
        };
        out.push(Warning {
            code: WarningCode::Jargon,
            message: format!("\"{}\" is an internal word. {advice}", term.term),
        });
    }
}

/// A future-time phrase ("by", "within", "we'll", "next", ...) or a clock
/// time like 14:00.
fn has_next_step(text: &str) -> bool {
    const MARKERS: &[&str] = &[
        "by", "within", "will", "until", "before", "next", "tomorrow", "today", "tonight",
    ];
    let tokens = lower_words(text);
    let phrase = |a: &str, b: &str| tokens.windows(2).any(|w| w[0] == a && w[1] == b);
    tokens
        .iter()
        .any(|t| MARKERS.contains(&t.as_str()) || t.ends_with("'ll"))
        || phrase("when", "you")
        || phrase("once", "you")
        || phrase("as", "soon")
        || has_clock_time(text)
}

fn has_clock_time(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b':'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
    })
}

#[cfg(test)]
mod tests;
