//! The SLA policies as ops write them (a TOML file in the console), and the
//! checks that turn them into rules.
//!
//! ```toml
//! warn_at_percent = 75
//! pause_in = ["waiting_on_you", "resolved"]
//! [severity.S1]
//! first_response = 30   # business minutes
//! next_update = 60
//! resolution = 480
//! [[ladder]]            # the tiers, front line first
//! code = "L1"
//! name = "Front line"
//! customer_words = "our support team"
//! respond_within = 5    # business minutes
//! # ...
//! [tiers]               # optional: response objectives by tier code
//! L2 = 60
//! ```

use super::{SlaPolicy, SlaRules};
use crate::domain::ladder::{TierLadder, TierStep};
use crate::domain::{Severity, Stage, Tier};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    #[serde(default = "default_warn")]
    pub warn_at_percent: i64,
    /// Stages whose time does not count: `waiting_on_you`, `resolved`.
    #[serde(default = "default_pause_in")]
    pub pause_in: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, TargetsSpec>,
    /// Response objectives by tier code, over the ladder's own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tiers: BTreeMap<String, i64>,
    /// The tiers, front line first; left out, the default ladder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ladder: Vec<LadderStepSpec>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderStepSpec {
    pub code: String,
    pub name: String,
    pub customer_words: String,
    /// Business minutes.
    pub respond_within: i64,
}

fn default_pause_in() -> Vec<String> {
    super::PAUSABLE_STAGES
        .iter()
        .map(|s| s.code().to_owned())
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsSpec {
    pub first_response: i64,
    pub next_update: i64,
    pub resolution: i64,
}

fn default_warn() -> i64 {
    75
}

/// What is wrong with a policy file: `key` is the TOML path of the value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {problem}")]
pub struct PolicyError {
    pub key: String,
    pub problem: String,
}

const MAX_MINUTES: i64 = 366 * 24 * 60;

impl SlaRules {
    /// Checks a policy file; severities and tiers left out keep their defaults.
    pub fn from_spec(spec: &PolicySpec) -> Result<SlaRules, PolicyError> {
        let error = |key: String, problem: &str| PolicyError {
            key,
            problem: problem.to_owned(),
        };
        let warn = u8::try_from(spec.warn_at_percent)
            .ok()
            .filter(|p| (1..=99).contains(p))
            .ok_or_else(|| {
                error(
                    "warn_at_percent".into(),
                    "must be a whole percent from 1 to 99",
                )
            })?;
        let minutes = |key: String, value: i64| {
            if (1..=MAX_MINUTES).contains(&value) {
                Ok(SignedDuration::from_mins(value))
            } else {
                Err(error(
                    key,
                    "must be a whole number of minutes from 1 to 527040 (a year)",
                ))
            }
        };
        let mut rules = SlaRules::default();
        for (code, targets) in &spec.severity {
            let severity = Severity::parse(code).ok_or_else(|| {
                error(
                    format!("severity.{code}"),
                    "is not a severity (use S1, S2, S3 or S4)",
                )
            })?;
            let key = |field: &str| format!("severity.{code}.{field}");
            let policy = SlaPolicy {
                first_response: minutes(key("first_response"), targets.first_response)?,
                next_update: minutes(key("next_update"), targets.next_update)?,
                resolution: minutes(key("resolution"), targets.resolution)?,
                warn_at_percent: warn,
            };
            if policy.first_response > policy.resolution {
                return Err(error(
                    key("first_response"),
                    "is longer than the resolution target",
                ));
            }
            rules.policies.retain(|(s, _)| *s != severity);
            rules.policies.push((severity, policy));
        }
        for (_, policy) in rules.policies.iter_mut() {
            policy.warn_at_percent = warn;
        }
        rules.policies.sort_by_key(|(s, _)| *s);
        let mut tiers = if spec.ladder.is_empty() {
            TierLadder::default()
        } else {
            let steps = spec
                .ladder
                .iter()
                .enumerate()
                .map(|(i, step)| {
                    Ok(TierStep {
                        tier: Tier::new(&step.code)
                            .map_err(|problem| error(format!("ladder[{i}].code"), &problem))?,
                        name: step.name.trim().to_owned(),
                        customer_words: step.customer_words.trim().to_owned(),
                        respond_within: minutes(
                            format!("ladder[{i}].respond_within"),
                            step.respond_within,
                        )?,
                    })
                })
                .collect::<Result<Vec<_>, PolicyError>>()?;
            TierLadder::new(steps)
                .map_err(|e| error(format!("ladder[{}].{}", e.index, e.field), &e.problem))?
        };
        for (code, value) in &spec.tiers {
            let tier = tiers.parse(code).ok_or_else(|| {
                error(
                    format!("tiers.{code}"),
                    &format!("is not a tier in the ladder (use {})", tiers.codes_hint()),
                )
            })?;
            let within = minutes(format!("tiers.{code}"), *value)?;
            tiers.set_respond_within(tier, within);
        }
        rules.tiers = tiers;
        rules.pause_in = Vec::new();
        for (i, code) in spec.pause_in.iter().enumerate() {
            let stage = Stage::parse(code.trim())
                .filter(|s| super::PAUSABLE_STAGES.contains(s))
                .ok_or_else(|| {
                    error(
                        format!("pause_in[{i}]"),
                        "clocks can pause only in waiting_on_you or resolved",
                    )
                })?;
            if !rules.pause_in.contains(&stage) {
                rules.pause_in.push(stage);
            }
        }
        Ok(rules)
    }

    /// The rules written out as a policy file.
    pub fn to_spec(&self) -> PolicySpec {
        let mins = |d: SignedDuration| d.as_secs() / 60;
        PolicySpec {
            warn_at_percent: self
                .policies
                .first()
                .map_or(75, |(_, p)| i64::from(p.warn_at_percent)),
            severity: self
                .policies
                .iter()
                .map(|(s, p)| {
                    let targets = TargetsSpec {
                        first_response: mins(p.first_response),
                        next_update: mins(p.next_update),
                        resolution: mins(p.resolution),
                    };
                    (s.code().to_owned(), targets)
                })
                .collect(),
            tiers: BTreeMap::new(),
            ladder: self
                .tiers
                .steps()
                .iter()
                .map(|step| LadderStepSpec {
                    code: step.tier.code().to_owned(),
                    name: step.name.clone(),
                    customer_words: step.customer_words.clone(),
                    respond_within: mins(step.respond_within),
                })
                .collect(),
            pause_in: self.pause_in.iter().map(|s| s.code().to_owned()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_survive_a_round_trip() {
        let rules = SlaRules::default();
        assert_eq!(SlaRules::from_spec(&rules.to_spec()).unwrap(), rules);
    }

    #[test]
    fn a_partial_file_changes_only_what_it_names() {
        let mut spec = PolicySpec {
            warn_at_percent: 80,
            pause_in: default_pause_in(),
            severity: BTreeMap::new(),
            tiers: BTreeMap::new(),
            ladder: Vec::new(),
        };
        spec.severity.insert(
            "s1".into(),
            TargetsSpec {
                first_response: 15,
                next_update: 30,
                resolution: 240,
            },
        );
        spec.tiers.insert("L2".into(), 30);
        let rules = SlaRules::from_spec(&spec).unwrap();
        assert_eq!(
            rules.policy(Severity::S1).first_response,
            SignedDuration::from_mins(15)
        );
        assert_eq!(
            rules.policy(Severity::S2),
            SlaPolicy {
                warn_at_percent: 80,
                ..SlaPolicy::default_for(Severity::S2)
            }
        );
        assert_eq!(
            rules.tiers.respond_within(Tier::new("L2").unwrap()),
            SignedDuration::from_mins(30)
        );
        assert_eq!(
            rules.tiers.respond_within(rules.tiers.front_line()),
            SignedDuration::from_mins(5)
        );
    }

    #[test]
    fn clocks_pause_only_in_the_stages_a_policy_may_name() {
        let mut spec = SlaRules::default().to_spec();
        spec.pause_in = vec!["resolved".into()];
        let rules = SlaRules::from_spec(&spec).unwrap();
        assert!(rules.pauses_in(Stage::Resolved) && !rules.pauses_in(Stage::WaitingOnYou));
        spec.pause_in = vec!["in_progress".into()];
        assert_eq!(SlaRules::from_spec(&spec).unwrap_err().key, "pause_in[0]");
    }

    #[test]
    fn mistakes_name_their_key() {
        let bad = |edit: fn(&mut PolicySpec)| {
            let mut spec = SlaRules::default().to_spec();
            edit(&mut spec);
            SlaRules::from_spec(&spec).unwrap_err().key
        };
        assert_eq!(bad(|s| s.warn_at_percent = 100), "warn_at_percent");
        assert_eq!(
            bad(|s| {
                s.severity.insert(
                    "S9".into(),
                    TargetsSpec {
                        first_response: 1,
                        next_update: 1,
                        resolution: 1,
                    },
                );
            }),
            "severity.S9"
        );
        assert_eq!(
            bad(|s| s.severity.get_mut("S2").unwrap().next_update = 0),
            "severity.S2.next_update"
        );
        assert_eq!(
            bad(|s| s.severity.get_mut("S3").unwrap().first_response = 999_999),
            "severity.S3.first_response"
        );
        assert_eq!(
            bad(|s| {
                s.tiers.insert("L9".into(), 5);
            }),
            "tiers.L9"
        );
        assert_eq!(
            bad(|s| s.ladder[1].customer_words = "L2".into()),
            "ladder[1].customer_words"
        );
        assert_eq!(bad(|s| s.ladder[3].code = "L 4".into()), "ladder[3].code");
        assert_eq!(
            bad(|s| s.ladder[0].respond_within = 0),
            "ladder[0].respond_within"
        );
    }

    #[test]
    fn ops_can_add_and_reorder_tiers() {
        let mut spec = SlaRules::default().to_spec();
        spec.ladder.insert(
            1,
            LadderStepSpec {
                code: "Partner".into(),
                name: "Partner engineers".into(),
                customer_words: "our partner's engineers".into(),
                respond_within: 30,
            },
        );
        spec.tiers.insert("partner".into(), 45);
        let rules = SlaRules::from_spec(&spec).unwrap();
        let partner = Tier::new("Partner").unwrap();
        assert_eq!(rules.tiers.next(rules.tiers.front_line()), Some(partner));
        assert_eq!(
            rules.tiers.respond_within(partner),
            SignedDuration::from_mins(45)
        );
        assert_eq!(SlaRules::from_spec(&rules.to_spec()).unwrap(), rules);
    }
}
