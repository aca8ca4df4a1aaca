//! Replays a draft rule over stored history: when it would have fired on
//! each case (once per episode), how many firings a day that makes, and how
//! well its firings foretold what really happened next.
//!
//! The rule is evaluated at every stored event and on the hour while a case
//! is open (age and waiting grow between events). A case's outcome is bad
//! when, within the window, it was escalated, breached a promise, was
//! reopened, or rated 1 or 2. A firing is borne out when a bad outcome
//! followed it; precision is borne-out flagged cases over flagged cases,
//! recall is borne-out flagged cases over cases with a bad outcome.

use super::{CaseHistory, Facts, Rule};
use crate::domain::EventKind;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How often the rule is looked at between events.
pub const TICK: SignedDuration = SignedDuration::from_hours(1);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Firing {
    pub reference: String,
    pub at: Timestamp,
}

/// What the rule would have done, and how it lines up with reality.
#[derive(Clone, Debug, PartialEq)]
pub struct Backtest {
    pub firings: Vec<Firing>,
    /// Every day of the window with its firings: the fatigue forecast.
    pub per_day: Vec<(Date, usize)>,
    pub cases_seen: usize,
    /// Flagged cases a bad outcome followed.
    pub borne_out: Vec<String>,
    /// Flagged cases nothing bad followed.
    pub false_alarms: Vec<String>,
    /// Cases with a bad outcome the rule did not flag before it.
    pub missed: Vec<String>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

pub struct Window<'a> {
    pub from: Timestamp,
    pub to: Timestamp,
    pub zone: &'a TimeZone,
    /// Key accounts' email domains.
    pub key_accounts: &'a HashSet<String>,
    /// External signals from a day before the window on, oldest first.
    pub signals: &'a [crate::domain::signal::Signal],
}

pub fn run(rule: &Rule, histories: &[CaseHistory], window: &Window<'_>) -> Backtest {
    let open_spans = open_spans(histories);
    let mut firings = Vec::new();
    let mut borne_out = Vec::new();
    let mut false_alarms = Vec::new();
    let mut bad_cases = Vec::new();
    let mut cases_seen = 0;
    for history in histories {
        let Some(created) = history.created_at() else {
            continue;
        };
        if created > window.to {
            continue;
        }
        cases_seen += 1;
        let account = history.account();
        let key_account = window.key_accounts.contains(&account);
        let spans = open_spans
            .get(&account)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut first_firing = None;
        let mut holding = false;
        for at in instants(history, window) {
            let open_cases = spans
                .iter()
                .filter(|(start, end)| *start <= at && end.is_none_or(|end| at < end))
                .count() as u32;
            let mut facts = Facts::at(history, at, key_account, open_cases);
            if !window.signals.is_empty() {
                facts.signals = crate::domain::signal::latest(window.signals, &account, at);
            }
            let holds = rule.holds(&facts);
            if holds && !holding {
                firings.push(Firing {
                    reference: history.reference.clone(),
                    at,
                });
                first_firing.get_or_insert(at);
            }
            holding = holds;
        }
        let bad = bad_outcomes(history, window);
        if !bad.is_empty() {
            bad_cases.push(history.reference.clone());
        }
        if let Some(first) = first_firing {
            if bad.iter().any(|at| *at > first) {
                borne_out.push(history.reference.clone());
            } else {
                false_alarms.push(history.reference.clone());
            }
        }
    }
    let flagged: HashSet<&String> = borne_out.iter().collect();
    let missed: Vec<String> = bad_cases
        .iter()
        .filter(|r| !flagged.contains(r))
        .cloned()
        .collect();
    let ratio = |part: usize, whole: usize| (whole > 0).then(|| part as f64 / whole as f64);
    Backtest {
        per_day: per_day(&firings, window),
        precision: ratio(borne_out.len(), borne_out.len() + false_alarms.len()),
        recall: ratio(borne_out.len(), bad_cases.len()),
        firings,
        cases_seen,
        borne_out,
        false_alarms,
        missed,
    }
}

/// When to look: every event in the window, and on the hour while open.
fn instants(history: &CaseHistory, window: &Window<'_>) -> Vec<Timestamp> {
    let mut at: Vec<Timestamp> = history
        .events
        .iter()
        .map(|e| e.at)
        .filter(|at| window.from <= *at && *at <= window.to)
        .collect();
    if let Some(created) = history.created_at() {
        let end = history.settled_at().unwrap_or(window.to).min(window.to);
        let mut tick = created.max(window.from) + TICK;
        while tick <= end {
            at.push(tick);
            tick += TICK;
        }
    }
    at.sort();
    at.dedup();
    at
}

/// Each account's cases as (opened, settled) spans.
fn open_spans(histories: &[CaseHistory]) -> HashMap<String, Vec<(Timestamp, Option<Timestamp>)>> {
    let mut spans: HashMap<String, Vec<_>> = HashMap::new();
    for history in histories {
        if let Some(created) = history.created_at() {
            spans
                .entry(history.account())
                .or_default()
                .push((created, history.settled_at()));
        }
    }
    spans
}

/// When, in the window, something went wrong for the customer.
fn bad_outcomes(history: &CaseHistory, window: &Window<'_>) -> Vec<Timestamp> {
    history
        .events
        .iter()
        .filter(|e| window.from <= e.at && e.at <= window.to)
        .filter(|e| match &e.kind {
            EventKind::Escalated { .. }
            | EventKind::SlaBreached { .. }
            | EventKind::Reopened { .. } => true,
            EventKind::Confirmed { rating, .. } => rating.is_some_and(|r| r <= 2),
            _ => false,
        })
        .map(|e| e.at)
        .collect()
}

fn per_day(firings: &[Firing], window: &Window<'_>) -> Vec<(Date, usize)> {
    let day = |at: Timestamp| at.to_zoned(window.zone.clone()).date();
    let mut days: BTreeMap<Date, usize> = BTreeMap::new();
    let (first, last) = (day(window.from), day(window.to));
    let mut d = first;
    while d <= last {
        days.insert(d, 0);
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    for firing in firings {
        *days.entry(day(firing.at)).or_default() += 1;
    }
    days.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::super::facts::tests::{base, created, event, history, message};
    use super::*;
    use crate::domain::{Severity, Tier};

    fn rule(source: &str) -> Rule {
        Rule::parse(source).unwrap()
    }

    fn window(days: i64) -> (Timestamp, Timestamp) {
        (base(), base() + SignedDuration::from_hours(24 * days))
    }

    #[test]
    fn a_rule_fires_once_per_episode_and_is_scored_against_what_happened() {
        let l2 = Tier::new("L2").unwrap();
        let l1 = Tier::new("L1").unwrap();
        let escalated = EventKind::Escalated {
            from: l1,
            to: l2,
            reason: "stuck".into(),
            handoff_note: None,
        };
        let cases = vec![
            // Writes three times, then is escalated: borne out.
            history(
                "ESC-AAAAAA",
                "a@one.example",
                vec![
                    event(0, created(Severity::S2)),
                    event(10, message("again")),
                    event(20, message("and again")),
                    event(300, escalated.clone()),
                ],
            ),
            // Writes three times, nothing bad follows: a false alarm.
            history(
                "ESC-BBBBBB",
                "b@two.example",
                vec![
                    event(0, created(Severity::S3)),
                    event(10, message("again")),
                    event(20, message("and again")),
                ],
            ),
            // Quiet, yet escalated: missed.
            history(
                "ESC-CCCCCC",
                "c@three.example",
                vec![event(0, created(Severity::S3)), event(600, escalated)],
            ),
        ];
        let (from, to) = window(2);
        let keys = HashSet::new();
        let zone = TimeZone::UTC;
        let w = Window {
            from,
            to,
            zone: &zone,
            key_accounts: &keys,
            signals: &[],
        };
        let result = run(
            &rule("when customer_messages(1h) >= 3\nthen flag_at_risk"),
            &cases,
            &w,
        );
        let fired: Vec<&str> = result
            .firings
            .iter()
            .map(|f| f.reference.as_str())
            .collect();
        assert_eq!(
            fired,
            ["ESC-AAAAAA", "ESC-BBBBBB"],
            "once each, though it held for an hour"
        );
        assert_eq!(result.firings[0].at, base() + SignedDuration::from_mins(20));
        assert_eq!(result.borne_out, ["ESC-AAAAAA"]);
        assert_eq!(result.false_alarms, ["ESC-BBBBBB"]);
        assert_eq!(result.missed, ["ESC-CCCCCC"]);
        assert_eq!(result.precision, Some(0.5));
        assert_eq!(result.recall, Some(0.5));
        assert_eq!(
            result.per_day.len(),
            3,
            "every day of the window, zero or not"
        );
        assert_eq!(result.per_day[0].1, 2);
        assert_eq!(result.cases_seen, 3);
    }

    #[test]
    fn a_condition_that_goes_false_and_true_again_is_a_new_episode() {
        let cases = vec![history(
            "ESC-AAAAAA",
            "a@one.example",
            vec![
                event(0, created(Severity::S3)),
                event(
                    90,
                    EventKind::PublicUpdate {
                        body: "On it".into(),
                        waits_for_customer: false,
                    },
                ),
                event(200, message("Any news?")),
            ],
        )];
        let (from, to) = window(1);
        let keys = HashSet::new();
        let zone = TimeZone::UTC;
        let w = Window {
            from,
            to,
            zone: &zone,
            key_accounts: &keys,
            signals: &[],
        };
        let result = run(
            &rule("when customer_wait >= 1h\nthen alert manager"),
            &cases,
            &w,
        );
        let at: Vec<i64> = result
            .firings
            .iter()
            .map(|f| f.at.duration_since(base()).as_mins())
            .collect();
        assert_eq!(
            at,
            [60, 300],
            "waiting an hour, answered, then waiting again"
        );
    }

    #[test]
    fn account_facts_see_the_other_cases_of_the_account() {
        let many: Vec<CaseHistory> = ["ESC-AAAAAA", "ESC-BBBBBB", "ESC-CCCCCC"]
            .iter()
            .enumerate()
            .map(|(i, r)| {
                history(
                    r,
                    &format!("p{i}@bigco.example"),
                    vec![event(i as i64 * 10, created(Severity::S3))],
                )
            })
            .collect();
        let (from, to) = window(1);
        let keys: HashSet<String> = ["bigco.example".to_owned()].into();
        let zone = TimeZone::UTC;
        let w = Window {
            from,
            to,
            zone: &zone,
            key_accounts: &keys,
            signals: &[],
        };
        let result = run(
            &rule("when key_account and account_open_cases >= 3\nthen engage_sponsor"),
            &many,
            &w,
        );
        assert_eq!(result.firings.len(), 3, "each case, once the third is open");
        assert!(
            result
                .firings
                .iter()
                .all(|f| f.at >= base() + SignedDuration::from_mins(20))
        );
    }
}
