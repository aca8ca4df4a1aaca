//! Executive sponsors: key accounts (customer email domains) each have a
//! sponsor on a rotation, and rules say when a case needs them (a key
//! account's S1, or a case its customer had to reopen again and again).

use super::Severity;
use super::case::Case;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One stretch of a sponsor's duty for an account; `until` is inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    pub email: String,
    pub from: Date,
    #[serde(default)]
    pub until: Option<Date>,
}

impl Rotation {
    fn covers(&self, day: Date) -> bool {
        self.from <= day && self.until.is_none_or(|until| day <= until)
    }
}

/// A customer that matters enough to have an executive sponsor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAccount {
    /// The customers' email domain, e.g. `bigco.example`.
    pub domain: String,
    pub name: String,
    pub sponsors: Vec<Rotation>,
}

impl KeyAccount {
    /// Who sponsors the account on `day`, if anyone.
    pub fn sponsor_on(&self, day: Date) -> Option<&Rotation> {
        self.sponsors.iter().find(|r| r.covers(day))
    }
}

/// When a key account's case needs its sponsor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SponsorRules {
    /// Any S1 case of a key account.
    pub on_s1: bool,
    /// A case reopened this many times (0: never by this rule).
    pub reopened_times: u32,
}

impl Default for SponsorRules {
    fn default() -> Self {
        SponsorRules {
            on_s1: true,
            reopened_times: 2,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SponsorSettings {
    pub accounts: Vec<KeyAccount>,
    #[serde(default)]
    pub rules: SponsorRules,
    /// What the briefing asks of the sponsor.
    #[serde(default = "default_ask")]
    pub ask: String,
}

fn default_ask() -> String {
    "Call the customer's leadership today, and tell the case owner what they need from us."
        .to_owned()
}

impl Default for SponsorSettings {
    fn default() -> Self {
        SponsorSettings {
            accounts: Vec::new(),
            rules: SponsorRules::default(),
            ask: default_ask(),
        }
    }
}

/// A sponsor called in, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Engagement<'a> {
    pub account: &'a KeyAccount,
    pub sponsor: &'a Rotation,
    /// Staff words, e.g. "S1 case at a key account".
    pub reason: String,
}

impl SponsorSettings {
    /// Checks what ops wrote: domains, emails, rotations in order, no day
    /// with two sponsors.
    pub fn new(
        accounts: Vec<KeyAccount>,
        rules: SponsorRules,
        ask: String,
    ) -> Result<Self, String> {
        let ask = ask.trim().to_owned();
        if ask.is_empty() || ask.chars().count() > 500 {
            return Err("ask: say in 1 to 500 characters what the sponsor should do.".to_owned());
        }
        let mut seen = Vec::new();
        for (i, account) in accounts.iter().enumerate() {
            let which = format!("account {} ({:?})", i + 1, account.domain);
            let domain = &account.domain;
            if domain.len() > 253
                || !domain.contains('.')
                || domain.starts_with('.')
                || domain.contains(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                || domain.to_ascii_lowercase() != *domain
            {
                return Err(format!(
                    "{which}: use the customers' email domain in lowercase, such as bigco.example."
                ));
            }
            if seen.contains(domain) {
                return Err(format!("{which}: the domain is listed twice."));
            }
            seen.push(domain.clone());
            let name = account.name.trim();
            if name.is_empty() || name.chars().count() > 120 {
                return Err(format!("{which}: a name is 1 to 120 characters."));
            }
            for (j, rotation) in account.sponsors.iter().enumerate() {
                let at = format!("{which}, sponsor {}", j + 1);
                let email = &rotation.email;
                let valid_email = email.split_once('@').is_some_and(|(local, host)| {
                    !local.is_empty() && host.contains('.') && !email.contains(char::is_whitespace)
                });
                if !valid_email {
                    return Err(format!("{at}: {email:?} is not an email address."));
                }
                if rotation.until.is_some_and(|until| until < rotation.from) {
                    return Err(format!("{at}: the rotation ends before it starts."));
                }
                let clash = account.sponsors[..j].iter().position(|earlier| {
                    earlier.covers(rotation.from) || rotation.covers(earlier.from)
                });
                if let Some(k) = clash {
                    return Err(format!(
                        "{at}: the rotation overlaps sponsor {}; one sponsor per day.",
                        k + 1
                    ));
                }
            }
        }
        Ok(SponsorSettings {
            accounts,
            rules,
            ask,
        })
    }

    /// The key account a customer email belongs to.
    pub fn account_of(&self, customer_email: &str) -> Option<&KeyAccount> {
        let domain = customer_email.rsplit_once('@')?.1.to_ascii_lowercase();
        self.accounts.iter().find(|a| a.domain == domain)
    }

    /// Whether the case needs its account's sponsor on `day`, and who that
    /// is. `None` when it does not, or nobody is on duty that day.
    pub fn engagement(&self, case: &Case, day: Date) -> Option<Engagement<'_>> {
        let account = self.account_of(&case.customer_email)?;
        let reason = if self.rules.on_s1 && case.severity == Severity::S1 {
            format!("S1 case at key account {}", account.name)
        } else if self.rules.reopened_times > 0 && case.reopen_count >= self.rules.reopened_times {
            format!(
                "reopened {} times by key account {}",
                case.reopen_count, account.name
            )
        } else {
            return None;
        };
        let sponsor = account.sponsor_on(day)?;
        Some(Engagement {
            account,
            sponsor,
            reason,
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Parses what `to_json` wrote or ops sent; errors name the entry.
    pub fn from_json(source: &str) -> Result<SponsorSettings, String> {
        let raw: SponsorSettings =
            serde_json::from_str(source).map_err(|e| format!("not a sponsor setting: {e}"))?;
        SponsorSettings::new(raw.accounts, raw.rules, raw.ask)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::tests_support::sample_case;

    fn day(raw: &str) -> Date {
        raw.parse().unwrap()
    }

    fn settings() -> SponsorSettings {
        let rotation = |email: &str, from: &str, until: Option<&str>| Rotation {
            email: email.into(),
            from: day(from),
            until: until.map(day),
        };
        SponsorSettings::new(
            vec![KeyAccount {
                domain: "example.com".into(),
                name: "Example Ltd".into(),
                sponsors: vec![
                    rotation("eve@baton.example", "2026-01-01", Some("2026-06-30")),
                    rotation("max@baton.example", "2026-07-01", None),
                ],
            }],
            SponsorRules::default(),
            default_ask(),
        )
        .unwrap()
    }

    #[test]
    fn a_key_account_s1_calls_the_sponsor_on_duty_that_day() {
        let mut case = sample_case();
        case.severity = Severity::S1;
        let settings = settings();
        let spring = settings.engagement(&case, day("2026-03-01")).unwrap();
        assert_eq!(spring.sponsor.email, "eve@baton.example");
        assert_eq!(spring.reason, "S1 case at key account Example Ltd");
        let autumn = settings.engagement(&case, day("2026-11-26")).unwrap();
        assert_eq!(autumn.sponsor.email, "max@baton.example");
        assert!(
            settings.engagement(&case, day("2025-12-31")).is_none(),
            "nobody on duty"
        );
    }

    #[test]
    fn only_key_accounts_and_only_by_the_rules() {
        let settings = settings();
        let mut case = sample_case();
        assert!(
            settings.engagement(&case, day("2026-03-01")).is_none(),
            "S2, never reopened"
        );
        case.reopen_count = 2;
        let reopened = settings.engagement(&case, day("2026-03-01")).unwrap();
        assert!(
            reopened.reason.starts_with("reopened 2 times"),
            "{}",
            reopened.reason
        );
        case.customer_email = "kim@elsewhere.example".into();
        assert!(settings.engagement(&case, day("2026-03-01")).is_none());
        case.customer_email = "KIM@EXAMPLE.COM".into();
        assert!(
            settings.engagement(&case, day("2026-03-01")).is_some(),
            "domains ignore case"
        );
    }

    #[test]
    fn bad_settings_are_named_and_good_ones_round_trip() {
        let good = settings();
        assert_eq!(SponsorSettings::from_json(&good.to_json()).unwrap(), good);
        let mut overlapping = good.clone();
        overlapping.accounts[0].sponsors[1].from = day("2026-06-01");
        let error =
            SponsorSettings::new(overlapping.accounts, SponsorRules::default(), default_ask())
                .unwrap_err();
        assert!(
            error.contains("sponsor 2: the rotation overlaps sponsor 1"),
            "{error}"
        );
        let mut backwards = good.clone();
        backwards.accounts[0].sponsors[0].until = Some(day("2025-01-01"));
        assert!(
            SponsorSettings::new(backwards.accounts, SponsorRules::default(), default_ask())
                .unwrap_err()
                .contains("ends before it starts")
        );
        let mut shouting = good.clone();
        shouting.accounts[0].domain = "Example.COM".into();
        assert!(
            SponsorSettings::new(shouting.accounts, SponsorRules::default(), default_ask())
                .is_err()
        );
        let mut twice = good.clone();
        twice.accounts.push(twice.accounts[0].clone());
        assert!(
            SponsorSettings::new(twice.accounts, SponsorRules::default(), default_ask())
                .unwrap_err()
                .contains("listed twice")
        );
        let mut no_at = good;
        no_at.accounts[0].sponsors[0].email = "eve".into();
        assert!(
            SponsorSettings::new(no_at.accounts, SponsorRules::default(), default_ask()).is_err()
        );
        assert!(SponsorSettings::from_json("[").is_err());
    }
}
