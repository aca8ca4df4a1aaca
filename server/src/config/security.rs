//! Settings that decide whom Baton believes and how much it takes from one
//! client: rate limits, trusted proxies and mail relays, link lifetimes.

use super::ConfigError;
use std::net::IpAddr;

#[derive(Clone, Debug)]
pub struct Security {
    /// `BATON_RATE_LIMITS`: on unless `off` (benchmarks).
    pub rate_limits: bool,
    /// `BATON_TRUSTED_PROXIES`: proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// `BATON_MAIL_AUTH_RELAYS`: authserv-ids whose `Authentication-Results` we believe.
    pub mail_auth_relays: Vec<String>,
    /// `BATON_LINK_DAYS_AFTER_CLOSE`: emailed links stop working this many days after closing.
    pub link_days_after_close: u32,
}

impl Security {
    pub fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> Result<Security, ConfigError> {
        let get = |name: &str| super::setting(lookup, name);
        let invalid = super::invalid;
        let list = |raw: String| -> Vec<String> {
            raw.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let rate_limits = match get("BATON_RATE_LIMITS").as_deref() {
            None | Some("on") => true,
            Some("off") => false,
            Some(other) => {
                return Err(invalid(
                    "BATON_RATE_LIMITS",
                    other.to_owned(),
                    "use on or off",
                ));
            }
        };
        let trusted_proxies = list(get("BATON_TRUSTED_PROXIES").unwrap_or_default())
            .into_iter()
            .map(|ip| {
                ip.parse().map_err(|_| {
                    invalid(
                        "BATON_TRUSTED_PROXIES",
                        ip.clone(),
                        "use IP addresses, e.g. 127.0.0.1,10.0.0.5",
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        let mail_auth_relays = list(get("BATON_MAIL_AUTH_RELAYS").unwrap_or_default());
        let days_raw = get("BATON_LINK_DAYS_AFTER_CLOSE").unwrap_or_else(|| "30".to_owned());
        let link_days_after_close = match days_raw.parse::<u32>() {
            Ok(days @ 0..=3650) => days,
            _ => {
                return Err(invalid(
                    "BATON_LINK_DAYS_AFTER_CLOSE",
                    days_raw,
                    "use whole days from 0 to 3650",
                ));
            }
        };
        Ok(Security {
            rate_limits,
            trusted_proxies,
            mail_auth_relays,
            link_days_after_close,
        })
    }
}
