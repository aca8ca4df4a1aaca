//! Which external signals (see `domain::signal`) count on the early-warning
//! desk, above what value, and for how many points: a setting ops keep, with
//! Baton's defaults for the usual monitoring readings.

use serde::{Deserialize, Serialize};

/// One signal that adds to a case's risk while its account's latest
/// reading is above `above`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskSignal {
    pub name: String,
    pub above: f64,
    pub points: u32,
    /// The sign in staff words, e.g. "errors on their side".
    pub why: String,
}

/// The desk's signals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskSignals {
    pub signals: Vec<RiskSignal>,
}

const MOST: usize = 20;

impl Default for RiskSignals {
    fn default() -> Self {
        let signal = |name: &str, above: f64, points: u32, why: &str| RiskSignal {
            name: name.to_owned(),
            above,
            points,
            why: why.to_owned(),
        };
        RiskSignals {
            signals: vec![
                signal("error_rate", 0.05, 15, "their error rate is high"),
                signal("downtime_minutes", 0.0, 15, "they had downtime"),
                signal("failed_payments", 0.0, 10, "their payments are failing"),
            ],
        }
    }
}

impl RiskSignals {
    /// Reads and checks a saved or submitted setting; the error says what
    /// is wrong, naming the entry.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let shape = "Send {\"signals\": [{\"name\", \"above\", \"points\", \"why\"}]}";
        // serde reads a struct from an array too: each entry must be an object.
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("{shape}: {e}"))?;
        let objects = value
            .get("signals")
            .and_then(serde_json::Value::as_array)
            .is_some_and(|all| all.iter().all(serde_json::Value::is_object));
        if !value.is_object() || !objects {
            return Err(shape.to_owned());
        }
        let parsed: RiskSignals =
            serde_json::from_value(value).map_err(|e| format!("{shape}: {e}"))?;
        if parsed.signals.len() > MOST {
            return Err(format!("At most {MOST} signals count on the desk."));
        }
        for (i, s) in parsed.signals.iter().enumerate() {
            let named = !s.name.is_empty()
                && s.name.len() <= 60
                && s.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !named {
                return Err(format!(
                    "signals[{i}]: a name is 1 to 60 lowercase letters, digits or _, as the monitoring tool sends it."
                ));
            }
            if !s.above.is_finite() {
                return Err(format!("signals[{i}]: above is a number."));
            }
            if !(1..=50).contains(&s.points) {
                return Err(format!("signals[{i}]: points are 1 to 50."));
            }
            let why = s.why.trim();
            if why.is_empty() || why.chars().count() > 120 || why.chars().any(char::is_control) {
                return Err(format!(
                    "signals[{i}]: say why it matters in up to 120 characters."
                ));
            }
            if parsed.signals[..i].iter().any(|o| o.name == s.name) {
                return Err(format!("signals[{i}]: {} is listed twice.", s.name));
            }
        }
        Ok(parsed)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_round_trip_and_bad_entries_are_named() {
        let defaults = RiskSignals::default();
        assert_eq!(RiskSignals::from_json(&defaults.to_json()), Ok(defaults));
        let bad = r#"{"signals": [{"name": "error_rate", "above": 1, "points": 10, "why": "x"},
                                  {"name": "Error Rate", "above": 1, "points": 10, "why": "x"}]}"#;
        assert!(
            RiskSignals::from_json(bad)
                .unwrap_err()
                .starts_with("signals[1]")
        );
        let zero = r#"{"signals": [{"name": "a", "above": 1, "points": 0, "why": "x"}]}"#;
        assert!(RiskSignals::from_json(zero).unwrap_err().contains("points"));
        assert!(RiskSignals::from_json("[]").is_err());
        assert!(RiskSignals::from_json(r#"{"signals": [], "more": 1}"#).is_err());
        assert!(RiskSignals::from_json(r#"{"signals": [["a", 1, 10, "x"]]}"#).is_err());
    }
}
