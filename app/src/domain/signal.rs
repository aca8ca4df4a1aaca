//! External signals: numbers a monitoring tool sends Baton (an error rate,
//! minutes of downtime, failed payments), for one account (a customer email
//! domain) or for everyone. Rules read them with `signal(name)`.

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

/// Most signals one call may carry.
pub const MAX_BATCH: usize = 1000;

/// How long a signal counts for rules: the latest value within a day.
pub const FRESH_FOR: SignedDuration = SignedDuration::from_hours(24);

/// One reading, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Signal {
    pub name: String,
    /// Lowercase email domain, or empty for every account.
    pub account: String,
    pub value: f64,
    pub at: Timestamp,
}

#[derive(Deserialize)]
struct RawBatch {
    signals: Vec<RawSignal>,
}

#[derive(Deserialize)]
struct RawSignal {
    name: String,
    value: f64,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    at: Option<String>,
}

/// Reads a call's body: `{"signals": [{"name", "value", "account"?, "at"?}]}`.
/// The error names the entry at fault.
pub fn parse_batch(body: &str, now: Timestamp) -> Result<Vec<Signal>, String> {
    let raw: RawBatch = serde_json::from_str(body)
        .map_err(|e| format!("not a batch of signals ({{\"signals\": [...]}}): {e}"))?;
    if raw.signals.is_empty() || raw.signals.len() > MAX_BATCH {
        return Err(format!("send 1 to {MAX_BATCH} signals at a time."));
    }
    raw.signals
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let at_entry = |what: &str| format!("signals[{i}]: {what}");
            let name = s.name.trim().to_owned();
            let named = !name.is_empty()
                && name.len() <= 60
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !named {
                return Err(at_entry(
                    "a name is 1 to 60 lowercase letters, digits or _, such as error_rate.",
                ));
            }
            if !s.value.is_finite() {
                return Err(at_entry("the value must be a finite number."));
            }
            let account = s.account.unwrap_or_default().trim().to_ascii_lowercase();
            let domain_like = account.is_empty()
                || (account.contains('.')
                    && account.len() <= 253
                    && account
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'));
            if !domain_like {
                return Err(at_entry(
                    "the account is a customer email domain, such as bigco.example, or left out.",
                ));
            }
            let at = match s.at {
                None => now,
                Some(text) => text.parse::<Timestamp>().map_err(|_| {
                    at_entry("at is a time with its zone, such as 2026-12-06T10:00:00Z.")
                })?,
            };
            if at > now + SignedDuration::from_mins(5)
                || at < now - SignedDuration::from_hours(24 * 30)
            {
                return Err(at_entry(
                    "at is within the last 30 days, not in the future.",
                ));
            }
            Ok(Signal {
                name,
                account,
                value: s.value,
                at,
            })
        })
        .collect()
}

/// The latest reading of each name that bears on `account` at `at`: its
/// own, else everyone's, within `FRESH_FOR`. `log` is sorted by time.
pub fn latest(
    log: &[Signal],
    account: &str,
    at: Timestamp,
) -> std::collections::HashMap<String, f64> {
    let since = at - FRESH_FOR;
    let mut own = std::collections::HashMap::new();
    let mut everyone = std::collections::HashMap::new();
    for s in log
        .iter()
        .take_while(|s| s.at <= at)
        .filter(|s| s.at >= since)
    {
        if s.account == account {
            own.insert(s.name.clone(), s.value);
        } else if s.account.is_empty() {
            everyone.insert(s.name.clone(), s.value);
        }
    }
    everyone.extend(own);
    everyone
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-12-06T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_batch_is_checked_entry_by_entry() {
        let ok = parse_batch(
            r#"{"signals": [{"name": "error_rate", "value": 0.12, "account": "BigCo.example"},
                            {"name": "downtime_minutes", "value": 4, "at": "2026-12-06T09:00:00Z"}]}"#,
            now(),
        )
        .unwrap();
        assert_eq!(ok[0].account, "bigco.example");
        assert_eq!(ok[1].account, "");
        assert_eq!(ok[0].at, now());
        for (body, named) in [
            (r#"{"signals": []}"#, "1 to 1000"),
            (
                r#"{"signals": [{"name": "Error Rate", "value": 1}]}"#,
                "signals[0]",
            ),
            (
                r#"{"signals": [{"name": "a", "value": 1}, {"name": "b", "value": 1, "account": "x@y.z"}]}"#,
                "signals[1]",
            ),
            (
                r#"{"signals": [{"name": "a", "value": 1, "at": "2027-01-01T00:00:00Z"}]}"#,
                "future",
            ),
            (
                r#"{"signals": [{"name": "a", "value": 1, "at": "yesterday"}]}"#,
                "zone",
            ),
            ("[]", "not a batch"),
        ] {
            let error = parse_batch(body, now()).unwrap_err();
            assert!(error.contains(named), "{body}: {error}");
        }
    }

    #[test]
    fn an_accounts_own_reading_wins_and_stale_ones_do_not_count() {
        let s = |name: &str, account: &str, value: f64, hours_ago: i64| Signal {
            name: name.into(),
            account: account.into(),
            value,
            at: now() - SignedDuration::from_hours(hours_ago),
        };
        let log = vec![
            s("error_rate", "", 0.5, 30),
            s("error_rate", "", 0.2, 3),
            s("error_rate", "bigco.example", 0.9, 2),
            s("failed_payments", "other.example", 7.0, 1),
        ];
        let bigco = latest(&log, "bigco.example", now());
        assert_eq!(bigco.get("error_rate"), Some(&0.9));
        assert_eq!(bigco.get("failed_payments"), None);
        let small = latest(&log, "small.example", now());
        assert_eq!(
            small.get("error_rate"),
            Some(&0.2),
            "everyone's, and only the fresh one"
        );
        let earlier = latest(
            &log,
            "bigco.example",
            now() - SignedDuration::from_hours(29),
        );
        assert_eq!(earlier.get("error_rate"), Some(&0.5));
    }
}
