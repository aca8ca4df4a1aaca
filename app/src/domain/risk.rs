//! The early-warning desk's risk score: leading signs that a customer is
//! heading for an escalation, each worth points and explained in words, so
//! staff see why a case is on the list, not just that it is.
//!
//! And "prevented escalations": flagged cases someone acted on, compared
//! with flagged cases nobody acted on, week by week.

use crate::domain::rule::Facts;
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

pub mod signals;

pub use signals::{RiskSignal, RiskSignals};

/// A case at or above this score is flagged for the desk.
pub const THRESHOLD: u32 = 30;

/// Words that say a customer is losing patience, anywhere in the thread.
pub const FRUSTRATION: [&str; 12] = [
    "unacceptable",
    "frustrat",
    "angry",
    "ridiculous",
    "cancel",
    "lawyer",
    "still not",
    "still broken",
    "again and again",
    "worst",
    "refund",
    "complain",
];

/// One sign and what it adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// A stable code: `repeat_contacts`, `sla_warning`, ...
    pub signal: String,
    pub points: u32,
    /// The sign in staff words.
    pub why: String,
}

/// What the case's facts do not hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context<'a> {
    /// Rules whose episode is open on the case now.
    pub rule_flags: Vec<String>,
    /// The account rated a case 1 or 2 lately.
    pub low_rating_lately: bool,
    /// The external signals that count, as ops set them (`RiskSignals`).
    pub signals: &'a [RiskSignal],
}

/// The score and its reasons, largest first.
pub fn score(facts: &Facts, context: &Context<'_>) -> (u32, Vec<Reason>) {
    let mut reasons = Vec::new();
    let mut add = |signal: &str, points: u32, why: String| {
        if points > 0 {
            reasons.push(Reason {
                signal: signal.to_owned(),
                points,
                why,
            });
        }
    };
    let recent = facts.customer_messages_within(SignedDuration::from_hours(24));
    if recent >= 2 {
        let extra = u32::try_from(recent - 1).unwrap_or(u32::MAX);
        add(
            "repeat_contacts",
            (extra * 10).min(30),
            format!("wrote {recent} times in the last 24 hours"),
        );
    }
    if facts.breached {
        add(
            "sla_breach",
            25,
            "we missed a promise on this case".to_owned(),
        );
    } else if facts.warned {
        add(
            "sla_warning",
            15,
            "a promise is close to being missed".to_owned(),
        );
    }
    if facts.reopen_count > 0 {
        add(
            "reopened",
            (facts.reopen_count * 15).min(30),
            format!("reopened {} time(s) by the customer", facts.reopen_count),
        );
    }
    let words: Vec<&str> = FRUSTRATION
        .iter()
        .copied()
        .filter(|w| facts.text.contains(w))
        .collect();
    if !words.is_empty() {
        let count = u32::try_from(words.len()).unwrap_or(u32::MAX);
        add(
            "frustration",
            (count * 8).min(24),
            format!("frustration in the thread: {}", words.join(", ")),
        );
    }
    if let Some(wait) = facts.customer_wait {
        let hours = wait.as_hours();
        if hours >= 24 {
            add(
                "waiting",
                20,
                format!("waiting {hours} hours for our answer"),
            );
        } else if hours >= 4 {
            add(
                "waiting",
                10,
                format!("waiting {hours} hours for our answer"),
            );
        }
    }
    if context.low_rating_lately {
        add(
            "low_rating",
            15,
            "the account rated a case 1 or 2 in the last 90 days".to_owned(),
        );
    }
    for signal in context.signals {
        if let Some(value) = facts
            .signals
            .get(&signal.name)
            .filter(|v| **v > signal.above)
        {
            add(
                "signal",
                signal.points,
                format!(
                    "{}: {} is {} (above {})",
                    signal.why,
                    signal.name,
                    number(*value),
                    number(signal.above)
                ),
            );
        }
    }
    for rule in &context.rule_flags {
        add("rule", 10, format!("rule {rule} flagged it"));
    }
    if facts.account_open_cases >= 3 {
        add(
            "account_load",
            10,
            format!("the account has {} open cases", facts.account_open_cases),
        );
    }
    if facts.key_account {
        add("key_account", 10, "a key account".to_owned());
    }
    reasons.sort_by(|a, b| b.points.cmp(&a.points).then(a.signal.cmp(&b.signal)));
    (reasons.iter().map(|r| r.points).sum(), reasons)
}

/// A reading as people write it: no trailing zeros.
fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One flagged case, followed to its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Followed {
    /// Monday of the week it was flagged.
    pub week: jiff::civil::Date,
    pub intervened: bool,
    /// Escalated, breached or reopened within the follow-up window after
    /// the flag.
    pub went_bad: bool,
}

/// One week of the prevented-escalations report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Week {
    pub week: jiff::civil::Date,
    pub flagged: u32,
    pub acted_on: u32,
    pub acted_on_went_bad: u32,
    pub left_alone: u32,
    pub left_alone_went_bad: u32,
    /// Escalations the desk prevented that week, by the method below.
    pub prevented: f64,
}

/// How `prevented` is counted, in words for the desk and the reports.
pub const METHOD: &str = "Each flagged case is followed for 7 days after its flag: did it get \
     escalated, miss a promise or get reopened? Cases the desk acted on are compared with flagged \
     cases nobody acted on that week. Prevented = cases acted on x (share of the cases left alone \
     that went bad - share of the cases acted on that went bad), never below zero. With no case \
     left alone that week, the share of all weeks is used.";

/// The prevented-escalations report, week by week.
pub fn prevented(followed: &[Followed]) -> Vec<Week> {
    let share = |bad: u32, all: u32| (all > 0).then(|| f64::from(bad) / f64::from(all));
    let alone: Vec<&Followed> = followed.iter().filter(|f| !f.intervened).collect();
    let overall = share(
        u32::try_from(alone.iter().filter(|f| f.went_bad).count()).unwrap_or(u32::MAX),
        u32::try_from(alone.len()).unwrap_or(u32::MAX),
    );
    let mut weeks: std::collections::BTreeMap<jiff::civil::Date, Week> = Default::default();
    for f in followed {
        let week = weeks.entry(f.week).or_insert(Week {
            week: f.week,
            flagged: 0,
            acted_on: 0,
            acted_on_went_bad: 0,
            left_alone: 0,
            left_alone_went_bad: 0,
            prevented: 0.0,
        });
        week.flagged += 1;
        if f.intervened {
            week.acted_on += 1;
            week.acted_on_went_bad += u32::from(f.went_bad);
        } else {
            week.left_alone += 1;
            week.left_alone_went_bad += u32::from(f.went_bad);
        }
    }
    weeks
        .into_values()
        .map(|mut w| {
            let baseline = share(w.left_alone_went_bad, w.left_alone).or(overall);
            let acted = share(w.acted_on_went_bad, w.acted_on);
            w.prevented = match (baseline, acted) {
                (Some(base), Some(acted)) => (f64::from(w.acted_on) * (base - acted)).max(0.0),
                _ => 0.0,
            };
            w
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rule::facts::tests::{base, created, event, history, message};
    use crate::domain::{EventKind, Severity};
    use proptest::prelude::*;

    #[test]
    fn every_point_is_explained() {
        let h = history(
            "ESC-AAAAAA",
            "kim@bigco.example",
            vec![
                event(0, created(Severity::S2)),
                event(10, message("This is unacceptable, I will cancel.")),
                event(20, message("Still not working.")),
                event(
                    30,
                    EventKind::SlaWarned {
                        target: crate::domain::sla::SlaTarget::FirstResponse,
                    },
                ),
            ],
        );
        let mut facts = Facts::at(&h, base() + SignedDuration::from_mins(300), true, 3);
        let desk = RiskSignals::default();
        let context = Context {
            rule_flags: vec!["repeat-contacts".into()],
            low_rating_lately: false,
            signals: &desk.signals,
        };
        // A reading at the limit does not count; above it does.
        facts.signals.insert("error_rate".into(), 0.05);
        assert!(
            !score(&facts, &context)
                .1
                .iter()
                .any(|r| r.signal == "signal")
        );
        facts.signals.insert("error_rate".into(), 0.125);
        let (_, with_signal) = score(&facts, &context);
        let signal = with_signal.iter().find(|r| r.signal == "signal").unwrap();
        assert_eq!(signal.points, 15);
        assert_eq!(
            signal.why,
            "their error rate is high: error_rate is 0.125 (above 0.05)"
        );
        facts.signals.clear();
        let (total, reasons) = score(&facts, &context);
        let signals: Vec<&str> = reasons.iter().map(|r| r.signal.as_str()).collect();
        assert_eq!(
            signals,
            [
                "frustration",
                "repeat_contacts",
                "sla_warning",
                "account_load",
                "key_account",
                "rule",
                "waiting"
            ]
        );
        assert_eq!(total, reasons.iter().map(|r| r.points).sum::<u32>());
        assert!(total >= THRESHOLD);
        assert!(reasons[0].why.contains("unacceptable"));
    }

    #[test]
    fn a_quiet_case_scores_nothing() {
        let h = history(
            "ESC-AAAAAA",
            "kim@small.example",
            vec![event(0, created(Severity::S4))],
        );
        let facts = Facts::at(&h, base() + SignedDuration::from_mins(30), false, 1);
        assert_eq!(score(&facts, &Context::default()), (0, Vec::new()));
    }

    fn monday() -> jiff::civil::Date {
        jiff::civil::date(2026, 11, 2)
    }

    #[test]
    fn prevented_compares_acted_on_with_left_alone() {
        let f = |intervened, went_bad| Followed {
            week: monday(),
            intervened,
            went_bad,
        };
        // Left alone: 2 of 4 went bad (50%). Acted on: 1 of 4 (25%).
        let followed = [
            f(false, true),
            f(false, true),
            f(false, false),
            f(false, false),
            f(true, true),
            f(true, false),
            f(true, false),
            f(true, false),
        ];
        let weeks = prevented(&followed);
        assert_eq!(weeks.len(), 1);
        assert_eq!(
            (weeks[0].flagged, weeks[0].acted_on, weeks[0].left_alone),
            (8, 4, 4)
        );
        assert!((weeks[0].prevented - 1.0).abs() < 1e-9, "4 x (0.5 - 0.25)");
    }

    proptest! {
        #[test]
        fn prevented_is_never_negative_nor_more_than_the_cases_acted_on(
            cases in prop::collection::vec((any::<bool>(), any::<bool>(), 0i16..3), 0..60)
        ) {
            let followed: Vec<Followed> = cases
                .iter()
                .map(|(intervened, went_bad, week)| Followed {
                    week: monday().checked_add(jiff::Span::new().weeks(i64::from(*week))).unwrap(),
                    intervened: *intervened,
                    went_bad: *went_bad,
                })
                .collect();
            let weeks = prevented(&followed);
            let total: u32 = weeks.iter().map(|w| w.flagged).sum();
            prop_assert_eq!(total as usize, followed.len());
            for w in weeks {
                prop_assert!(w.prevented >= 0.0);
                prop_assert!(w.prevented <= f64::from(w.acted_on) + 1e-9);
                prop_assert_eq!(w.flagged, w.acted_on + w.left_alone);
            }
        }
    }
}
