//! Repeat escalations: escalated cases that look like a reviewed one coming
//! back, counted against the review's root cause, and accounts that
//! escalated more than once in the period.

use super::{CaseFact, account_of};
use crate::domain::article::search_words;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A written review, as the repeats report reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Reviewed {
    pub reference: String,
    pub subject: String,
    pub customer_email: String,
    /// The root cause's label; reviews without one are left out.
    pub root_cause: String,
    pub written_at: Timestamp,
}

/// One row of a repeats table: `base` is the reviews with this root cause
/// (by cause) or 1 (by account: the first escalation); `repeats` the
/// escalations that came back after it; `cases` those cases' references.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepeatRow {
    pub key: String,
    pub base: u64,
    pub repeats: u64,
    pub cases: Vec<String>,
}

/// Escalated cases raised after a review was written that look like the
/// reviewed case (the recurrence check's test: two subject words in
/// common, or the same account and one), per root cause, most repeats first.
/// A case counts once per cause, however many of its reviews it resembles.
pub fn by_cause(facts: &[CaseFact], reviewed: &[Reviewed]) -> Vec<RepeatRow> {
    struct Past<'a> {
        review: &'a Reviewed,
        words: Vec<String>,
        account: String,
    }
    let past: Vec<Past<'_>> = reviewed
        .iter()
        .filter(|r| !r.root_cause.is_empty())
        .map(|review| Past {
            words: search_words(&review.subject),
            account: account_of(&review.customer_email),
            review,
        })
        .collect();
    let mut rows: BTreeMap<&str, (u64, Vec<String>)> = BTreeMap::new();
    for p in &past {
        rows.entry(p.review.root_cause.as_str()).or_default().0 += 1;
    }
    for fact in facts.iter().filter(|f| f.escalated) {
        let words = search_words(&fact.subject);
        let account = account_of(&fact.customer_email);
        let mut causes: Vec<&str> = past
            .iter()
            .filter(|p| p.review.reference != fact.reference && fact.raised > p.review.written_at)
            .filter(|p| {
                let shared = words.iter().filter(|w| p.words.contains(w)).count();
                shared >= 2 || (shared >= 1 && account == p.account)
            })
            .map(|p| p.review.root_cause.as_str())
            .collect();
        causes.sort_unstable();
        causes.dedup();
        for cause in causes {
            if let Some(row) = rows.get_mut(cause) {
                row.1.push(fact.reference.clone());
            }
        }
    }
    sorted(
        rows.into_iter()
            .map(|(key, (base, cases))| RepeatRow {
                key: key.to_owned(),
                base,
                repeats: cases.len() as u64,
                cases,
            })
            .collect(),
    )
}

/// Accounts with more than one escalated case in the period: every
/// escalation after the first is a repeat.
pub fn by_account(facts: &[CaseFact]) -> Vec<RepeatRow> {
    let mut accounts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for fact in facts.iter().filter(|f| f.escalated) {
        accounts
            .entry(account_of(&fact.customer_email))
            .or_default()
            .push(fact.reference.clone());
    }
    sorted(
        accounts
            .into_iter()
            .filter(|(_, cases)| cases.len() > 1)
            .map(|(key, cases)| RepeatRow {
                key,
                base: 1,
                repeats: cases.len() as u64 - 1,
                cases,
            })
            .collect(),
    )
}

fn sorted(mut rows: Vec<RepeatRow>) -> Vec<RepeatRow> {
    rows.sort_by(|a, b| b.repeats.cmp(&a.repeats).then_with(|| a.key.cmp(&b.key)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    fn case(reference: &str, subject: &str, email: &str, raised: Timestamp) -> CaseFact {
        CaseFact {
            reference: reference.to_owned(),
            subject: subject.to_owned(),
            customer_email: email.to_owned(),
            escalated: true,
            raised,
            ..CaseFact::default()
        }
    }

    #[test]
    fn a_look_alike_after_the_review_counts_against_its_cause() {
        let written = Timestamp::from_second(1_000_000).unwrap();
        let later = written + SignedDuration::from_hours(1);
        let before = written - SignedDuration::from_hours(1);
        let reviewed = vec![Reviewed {
            reference: "ESC-AAAAAA".into(),
            subject: "Webhooks stopped arriving".into(),
            customer_email: "kim@north.example".into(),
            root_cause: "Configuration change".into(),
            written_at: written,
        }];
        let mut facts = vec![
            case(
                "ESC-BBBBBB",
                "Our webhooks stopped again",
                "lee@south.example",
                later,
            ),
            case("ESC-CCCCCC", "webhooks stopped", "x@south.example", before),
            case("ESC-DDDDDD", "Webhooks late", "ana@north.example", later),
            case("ESC-EEEEEE", "Invoice is wrong", "ana@north.example", later),
        ];
        facts.push(CaseFact {
            escalated: false,
            ..case("ESC-FFFFFF", "webhooks stopped", "y@z.example", later)
        });
        let rows = by_cause(&facts, &reviewed);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].base, rows[0].repeats), (1, 2));
        assert_eq!(rows[0].cases, vec!["ESC-BBBBBB", "ESC-DDDDDD"]);
    }

    #[test]
    fn accounts_escalating_twice_are_repeats() {
        let at = Timestamp::UNIX_EPOCH;
        let facts = vec![
            case("ESC-AAAAAA", "a", "kim@north.example", at),
            case("ESC-BBBBBB", "b", "lee@North.example", at),
            case("ESC-CCCCCC", "c", "ana@south.example", at),
        ];
        let rows = by_account(&facts);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].key.as_str(), rows[0].repeats),
            ("north.example", 1)
        );
    }
}
