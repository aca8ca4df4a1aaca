//! Settings for what Baton sends: email through a relay, and webhooks.

use super::ConfigError;
use std::time::Duration;

#[derive(Clone, Debug, Default)]
pub struct Outbound {
    /// The relay (`host:port`) all email goes through; `None` sends no email.
    pub smtp_relay: Option<(String, u16)>,
    /// The From of every email, e.g. `Support <support@example.com>`.
    pub mail_from: String,
    /// Receive a signed JSON event for every public change.
    pub webhook_urls: Vec<String>,
    /// Per-account URLs: cases from customers whose email is at the domain
    /// (the account) are also sent to the URL, e.g. a key account's own desk.
    pub account_webhooks: Vec<(String, String)>,
    /// The HMAC-SHA256 key for `Baton-Signature`.
    pub webhook_secret: String,
    /// Receive a Slack-compatible `{"text"}` message.
    pub slack_urls: Vec<String>,
    /// The first retry waits this long; each later one twice as long, up to an hour.
    pub retry_after: Duration,
}

impl Outbound {
    pub fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
        mail_domains: &[String],
    ) -> Result<Outbound, ConfigError> {
        let get = |name: &str| super::setting(lookup, name);
        let invalid = super::invalid;
        let smtp_relay = match get("BATON_SMTP_RELAY") {
            None => None,
            Some(raw) => {
                let parsed = raw
                    .rsplit_once(':')
                    .and_then(|(host, port)| Some((host.to_owned(), port.parse::<u16>().ok()?)))
                    .filter(|(host, _)| !host.is_empty());
                Some(parsed.ok_or_else(|| {
                    invalid(
                        "BATON_SMTP_RELAY",
                        raw.clone(),
                        "use HOST:PORT, e.g. localhost:25",
                    )
                })?)
            }
        };
        let domain = mail_domains.first().map_or("localhost", String::as_str);
        let mail_from =
            get("BATON_MAIL_FROM").unwrap_or_else(|| format!("Support <support@{domain}>"));
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(invalid(
                "BATON_MAIL_FROM",
                mail_from,
                "use an address, e.g. Support <support@example.com>",
            ));
        }
        let urls = |name: &'static str| -> Result<Vec<String>, ConfigError> {
            let raw = get(name).unwrap_or_default();
            raw.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|u| !u.is_empty())
                .map(|u| match reqwest::Url::parse(u) {
                    Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(u.to_owned()),
                    // Webhook URLs carry secrets (Slack's do): never echo one.
                    _ => Err(invalid(
                        name,
                        "(hidden)".to_owned(),
                        "use http:// or https:// URLs",
                    )),
                })
                .collect()
        };
        let webhook_urls = urls("BATON_WEBHOOK_URLS")?;
        let slack_urls = urls("BATON_SLACK_WEBHOOK_URLS")?;
        let account_webhooks = account_urls(&get("BATON_ACCOUNT_WEBHOOKS").unwrap_or_default())
            .map_err(|(value, reason)| invalid("BATON_ACCOUNT_WEBHOOKS", value, reason))?;
        let webhook_secret = get("BATON_WEBHOOK_SECRET").unwrap_or_default();
        // Account URLs are signed with each account's own derived secret.
        if !webhook_urls.is_empty() && webhook_secret.len() < 16 {
            return Err(invalid(
                "BATON_WEBHOOK_SECRET",
                "(hidden)".to_owned(),
                "set a secret of at least 16 characters to sign webhook calls",
            ));
        }
        let retry_raw = get("BATON_OUTBOX_RETRY_SECS").unwrap_or_else(|| "30".to_owned());
        let retry_secs = match retry_raw.parse::<u64>() {
            Ok(secs @ 1..=3600) => secs,
            _ => {
                return Err(invalid(
                    "BATON_OUTBOX_RETRY_SECS",
                    retry_raw,
                    "use whole seconds from 1 to 3600",
                ));
            }
        };
        Ok(Outbound {
            smtp_relay,
            mail_from,
            webhook_urls,
            account_webhooks,
            webhook_secret,
            slack_urls,
            retry_after: Duration::from_secs(retry_secs),
        })
    }
}

/// `domain=URL` entries separated by commas or spaces; the domain is the
/// account (the customers' email domain).
fn account_urls(raw: &str) -> Result<Vec<(String, String)>, (String, &'static str)> {
    raw.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let bad = || {
                (
                    entry.to_owned(),
                    "use DOMAIN=URL, e.g. example.com=https://hooks.example.com/baton",
                )
            };
            let (domain, url) = entry.split_once('=').ok_or_else(bad)?;
            let domain = domain.trim().trim_start_matches('@').to_ascii_lowercase();
            let domain_ok = domain.contains('.')
                && domain
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
            match reqwest::Url::parse(url) {
                Ok(parsed) if domain_ok && matches!(parsed.scheme(), "http" | "https") => {
                    Ok((domain, url.to_owned()))
                }
                _ => Err(bad()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<Outbound, ConfigError> {
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Outbound::from_lookup(
            &|name| {
                owned
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            },
            &["help.example".to_owned()],
        )
    }

    #[test]
    fn nothing_set_sends_nothing_and_from_uses_the_mail_domain() {
        let outbound = parse(&[]).unwrap();
        assert!(outbound.smtp_relay.is_none());
        assert_eq!(outbound.mail_from, "Support <support@help.example>");
    }

    #[test]
    fn bad_settings_are_refused_with_their_name() {
        for pairs in [
            vec![("BATON_SMTP_RELAY", "nohost")],
            vec![("BATON_MAIL_FROM", "not an address")],
            vec![("BATON_WEBHOOK_URLS", "ftp://x")],
            vec![("BATON_WEBHOOK_URLS", "https://hooks.example/a")],
            vec![("BATON_OUTBOX_RETRY_SECS", "0")],
        ] {
            let error = parse(&pairs).unwrap_err().to_string();
            assert!(error.contains("BATON_"), "{error}");
        }
        let ok = parse(&[
            ("BATON_SMTP_RELAY", "127.0.0.1:2526"),
            ("BATON_WEBHOOK_URLS", "https://hooks.example/a"),
            ("BATON_WEBHOOK_SECRET", "0123456789abcdef"),
        ])
        .unwrap();
        assert_eq!(ok.smtp_relay, Some(("127.0.0.1".to_owned(), 2526)));
    }

    #[test]
    fn account_webhooks_name_a_domain_and_a_url_and_need_no_global_secret() {
        let ok = parse(&[
            (
                "BATON_ACCOUNT_WEBHOOKS",
                "Example.com=https://desk.example.com/hook",
            ),
            ("BATON_WEBHOOK_SECRET", "0123456789abcdef"),
        ])
        .unwrap();
        assert_eq!(
            ok.account_webhooks,
            [(
                "example.com".to_owned(),
                "https://desk.example.com/hook".to_owned()
            )]
        );
        for bad in [
            "example.com",
            "example.com=ftp://x",
            "nodot=https://x.example/h",
        ] {
            let error = parse(&[
                ("BATON_ACCOUNT_WEBHOOKS", bad),
                ("BATON_WEBHOOK_SECRET", "0123456789abcdef"),
            ])
            .unwrap_err()
            .to_string();
            assert!(error.contains("BATON_ACCOUNT_WEBHOOKS"), "{error}");
        }
        // Each account's calls are signed with its own secret.
        assert!(parse(&[("BATON_ACCOUNT_WEBHOOKS", "example.com=https://x.example/h")]).is_ok());
        let hidden = parse(&[(
            "BATON_SLACK_WEBHOOK_URLS",
            "hooks.slack.example/services/T0/B0/SECRET",
        )])
        .unwrap_err()
        .to_string();
        assert!(
            !hidden.contains("SECRET"),
            "a URL is never echoed: {hidden}"
        );
    }
}
