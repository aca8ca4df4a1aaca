//! Staff and customer acts as typed, before the service parses them.

use serde::{Deserialize, Serialize};

/// A handoff note as typed: free text, or the three answers the console asks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HandoffNoteInput {
    Text(String),
    Parts {
        #[serde(default)]
        tried: String,
        #[serde(default)]
        known: String,
        #[serde(default)]
        told_customer: String,
    },
}

/// A move to another tier, as typed: `to_tier` absent means one step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierMoveRequest {
    #[serde(default)]
    pub to_tier: Option<String>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub handoff_note: Option<HandoffNoteInput>,
}

/// A move on the management path, as typed: `to_level` (manager or
/// executive) absent means one step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagementMoveRequest {
    #[serde(default)]
    pub to_level: Option<String>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub handoff_note: Option<HandoffNoteInput>,
}

/// The customer's answer to "Is this solved for you?", as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolutionAnswer {
    pub resolved: bool,
    #[serde(default, deserialize_with = "whole_number")]
    pub rating: Option<i64>,
    #[serde(default)]
    pub comment: Option<String>,
    /// Why it is still a problem; API clients may send it as `comment`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// A whole number sent as `4` or `4.0`: JSON (and JSON Schema's `integer`)
/// does not tell them apart, so API clients may send either.
fn whole_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Whole(i64),
        Float(f64),
    }
    match Option::<Number>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Number::Whole(n)) => Ok(Some(n)),
        // Within 2^53 every whole float is exact, and so is its cast.
        Some(Number::Float(f)) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => {
            Ok(Some(f as i64))
        }
        Some(Number::Float(f)) => Err(serde::de::Error::custom(format!(
            "expected a whole number, not {f}"
        ))),
    }
}
