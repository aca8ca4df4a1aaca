//! Time in each tier and the paths cases take through the tiers
//! (L1 → L2 → L3), from each case's tier moves.

use super::{CaseFact, percentile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A move from one tier to another (an escalation or a hand-back), in
/// milliseconds since the epoch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierMove {
    pub at: i64,
    pub from: String,
    pub to: String,
}

/// A stretch of time a case spent in one tier.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TierStay {
    pub tier: String,
    /// `None` while the case is still there (not solved since it arrived).
    pub hours: Option<f64>,
}

/// The stays of a case raised at `raised` (ms) in `tier_now` when it never
/// moved, otherwise in the first move's `from`. The last stay ends when the
/// case was last solved, if that came after its last move.
pub fn stays(
    tier_now: &str,
    raised: i64,
    moves: &[TierMove],
    last_solved: Option<i64>,
) -> Vec<TierStay> {
    let hours = |from: i64, to: i64| (to.saturating_sub(from)).max(0) as f64 / 3_600_000.0;
    let mut current = moves
        .first()
        .map_or(tier_now, |m| m.from.as_str())
        .to_owned();
    let mut since = raised;
    let mut out = Vec::with_capacity(moves.len() + 1);
    for m in moves {
        out.push(TierStay {
            tier: std::mem::replace(&mut current, m.to.clone()),
            hours: Some(hours(since, m.at)),
        });
        since = m.at;
    }
    out.push(TierStay {
        tier: current,
        hours: last_solved.filter(|s| *s >= since).map(|s| hours(since, s)),
    });
    out
}

/// The tiers a case went through, in order: "L1 → L2 → L3".
pub fn path_of(fact: &CaseFact) -> String {
    if fact.stays.is_empty() {
        return fact.tier.clone();
    }
    fact.stays
        .iter()
        .map(|s| s.tier.as_str())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Whether a case spent any time in `tier`.
pub fn visited(fact: &CaseFact, tier: &str) -> bool {
    if fact.stays.is_empty() {
        return fact.tier == tier;
    }
    fact.stays.iter().any(|s| s.tier == tier)
}

/// How long cases stayed in one tier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TierTimeRow {
    pub tier: String,
    /// Cases that spent time in this tier.
    pub cases: u64,
    /// Of those, cases still there (not solved since they arrived).
    pub still_there: u64,
    /// Hours per case in the tier (all its stays there added), over the
    /// cases that left it or were solved in it.
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

/// Time in each tier, tiers in order of their codes.
pub fn time_in_tier(facts: &[CaseFact]) -> Vec<TierTimeRow> {
    let mut tiers: BTreeMap<&str, (u64, u64, Vec<f64>)> = BTreeMap::new();
    for fact in facts {
        let mut per_case: BTreeMap<&str, Option<f64>> = BTreeMap::new();
        for stay in &fact.stays {
            let total = per_case.entry(stay.tier.as_str()).or_insert(Some(0.0));
            *total = total.zip(stay.hours).map(|(a, b)| a + b);
        }
        for (tier, total) in per_case {
            let entry = tiers.entry(tier).or_default();
            entry.0 += 1;
            match total {
                Some(hours) => entry.2.push(hours),
                None => entry.1 += 1,
            }
        }
    }
    tiers
        .into_iter()
        .map(|(tier, (cases, still_there, mut hours))| {
            hours.sort_by(f64::total_cmp);
            TierTimeRow {
                tier: tier.to_owned(),
                cases,
                still_there,
                median_hours: percentile(&hours, 50),
                p90_hours: percentile(&hours, 90),
            }
        })
        .collect()
}

/// How many cases took one path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathRow {
    pub path: String,
    pub cases: u64,
    /// Share of all cases in the period, 0 to 1.
    pub share: f64,
}

/// The paths cases took, the most common first.
pub fn paths(facts: &[CaseFact]) -> Vec<PathRow> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for fact in facts {
        *counts.entry(path_of(fact)).or_default() += 1;
    }
    let total = facts.len().max(1) as f64;
    let mut rows: Vec<PathRow> = counts
        .into_iter()
        .map(|(path, cases)| PathRow {
            path,
            cases,
            share: cases as f64 / total,
        })
        .collect();
    rows.sort_by(|a, b| b.cases.cmp(&a.cases).then_with(|| a.path.cmp(&b.path)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOUR: i64 = 3_600_000;

    fn moved(at_hours: i64, from: &str, to: &str) -> TierMove {
        TierMove {
            at: at_hours * HOUR,
            from: from.to_owned(),
            to: to.to_owned(),
        }
    }

    fn fact(stays: Vec<TierStay>) -> CaseFact {
        CaseFact {
            tier: stays.last().map(|s| s.tier.clone()).unwrap_or_default(),
            stays,
            ..CaseFact::default()
        }
    }

    #[test]
    fn a_case_that_never_moved_stays_in_its_tier_until_solved() {
        assert_eq!(
            stays("L1", 0, &[], Some(5 * HOUR)),
            vec![TierStay {
                tier: "L1".into(),
                hours: Some(5.0)
            }]
        );
        assert_eq!(stays("L1", 0, &[], None)[0].hours, None);
    }

    #[test]
    fn moves_split_the_time_and_the_path_follows_them() {
        let s = stays(
            "L2",
            0,
            &[moved(2, "L1", "L3"), moved(5, "L3", "L2")],
            Some(6 * HOUR),
        );
        let hours: Vec<_> = s.iter().map(|s| (s.tier.as_str(), s.hours)).collect();
        assert_eq!(
            hours,
            vec![("L1", Some(2.0)), ("L3", Some(3.0)), ("L2", Some(1.0))]
        );
        assert_eq!(path_of(&fact(s)), "L1 → L3 → L2");
        // Solved before the last move and not since: still there.
        let open = stays("L2", 0, &[moved(2, "L1", "L2")], Some(HOUR));
        assert_eq!(open[1].hours, None);
    }

    #[test]
    fn time_in_tier_adds_a_case_s_stays_and_counts_open_ones_apart() {
        let facts = vec![
            fact(stays(
                "L1",
                0,
                &[moved(1, "L1", "L2"), moved(3, "L2", "L1")],
                Some(4 * HOUR),
            )),
            fact(stays("L1", 0, &[], None)),
        ];
        let rows = time_in_tier(&facts);
        let l1 = rows.iter().find(|r| r.tier == "L1").unwrap();
        assert_eq!((l1.cases, l1.still_there), (2, 1));
        assert_eq!(l1.median_hours, Some(2.0));
        let l2 = rows.iter().find(|r| r.tier == "L2").unwrap();
        assert_eq!((l2.cases, l2.median_hours), (1, Some(2.0)));
        let p = paths(&facts);
        assert_eq!(p[0].cases, 1);
        assert!(p.iter().any(|r| r.path == "L1 → L2 → L1"));
    }

    proptest! {
        #[test]
        fn stays_add_up_to_the_time_until_solved(
            gaps in proptest::collection::vec(0i64..100, 0..6),
            tail in 0i64..100,
        ) {
            let tiers = ["L1", "L2", "L3"];
            let mut at = 0;
            let moves: Vec<TierMove> = gaps.iter().enumerate().map(|(i, gap)| {
                at += gap * HOUR;
                moved(at / HOUR, tiers[i % 3], tiers[(i + 1) % 3])
            }).collect();
            let solved = at + tail * HOUR;
            let s = stays("L1", 0, &moves, Some(solved));
            prop_assert_eq!(s.len(), moves.len() + 1);
            let total: f64 = s.iter().map(|s| s.hours.unwrap()).sum();
            prop_assert!((total - solved as f64 / HOUR as f64).abs() < 1e-6);
            let f = fact(s);
            let rows = paths(std::slice::from_ref(&f));
            prop_assert_eq!(rows.len(), 1);
            prop_assert_eq!(path_of(&f).matches(" → ").count(), moves.len());
        }
    }
}
