//! Configuration from the environment, with defaults that run out of the box.

mod outbound;
mod security;

pub use outbound::Outbound;
pub use security::Security;

use jiff::tz::TimeZone;
use std::net::SocketAddr;

pub const HELP: &str = "\
baton: an escalation status portal

USAGE:
    baton            Start the web server
    baton --help     Show this help
    baton --version  Show the version
    baton sla deadline --calendar FILE.toml --from TIME --minutes N
    baton sla elapsed --calendar FILE.toml --from TIME --to TIME
    baton admin create-staff --email E --name N --role R [--tier T] [--team N] [--password P]
    baton admin issue-token --email E
    baton admin revoke-token --email E (--token-id ID | --all)
    baton admin disable-staff --email E
    baton admin enable-staff --email E
    baton admin webhook-secret --account DOMAIN
    baton admin signal-secret

Configuration comes from environment variables:
    BATON_ADDR           Address to listen on             [default: 127.0.0.1:3000]
    BATON_DATABASE_URL   sqlite://PATH or postgres://...  [default: sqlite://data/baton.db]
                         A SQLite file and its folder are created when missing.
    BATON_DEMO           1 seeds demo cases and staff (known password!) into an empty
                         database, 0 never  [default: 0]. A database holding demo
                         staff refuses to serve a non-loopback BATON_ADDR unless 1.
    BATON_PUBLIC_URL     The address customers use, for links   [default: http://BATON_ADDR]
    BATON_TIMEZONE       Time zone for times shown before the browser knows the
                         customer's own (IANA name)  [default: the calendar's, or UTC]
    BATON_CALENDAR       Business calendar (TOML, as for `baton sla`) that every SLA
                         clock counts in              [default: open around the clock, UTC]
    BATON_SLA_SWEEP_SECS The longest the SLA engine sleeps between looks (it wakes at each deadline and on every change) [default: 15]
    BATON_SITE_ROOT      Folder with the built site (pkg/) [default: target/site]
    BATON_CHAT_ORIGINS   Websites that may show the chat widget (/chat in a frame):
                         * or origins like https://shop.example, comma-separated
                         [default: *]
    BATON_SMTP_ADDR      Address for the inbound email (SMTP) listener, or off
                         [default: 127.0.0.1:2525]
    BATON_MAIL_DOMAIN    Domains Baton takes email for, comma-separated; mail to
                         others is refused  [default: any recipient]
    BATON_SMTP_RELAY     Mail relay (HOST:PORT) for outgoing email; unset sends none
    BATON_MAIL_FROM      From of outgoing email  [default: Support <support@MAIL_DOMAIN>]
    BATON_WEBHOOK_URLS   URLs that get a signed JSON POST for each public change
    BATON_WEBHOOK_SECRET Key for the Baton-Signature HMAC (16+ characters)
    BATON_SLACK_WEBHOOK_URLS  Slack incoming-webhook URLs for the same changes
    BATON_ACCOUNT_WEBHOOKS    Per-account URLs, DOMAIN=URL: changes to cases whose
                         customer email is at DOMAIN also go there, signed
    BATON_OUTBOX_RETRY_SECS   First retry delay for failed sends, doubling up to an
                         hour; given up after 20 tries  [default: 30]
    BATON_RATE_LIMITS    on, or off to lift every rate limit (benchmarks)  [default: on]
    BATON_TRUSTED_PROXIES  Proxy addresses whose X-Forwarded-For names the client,
                         comma-separated  [default: none: the socket's address counts]
    BATON_MAIL_AUTH_RELAYS authserv-ids of your mail relays whose
                         Authentication-Results (DMARC/DKIM pass) prove a sender
                         [default: none: only signed reply addresses thread replies]
    BATON_LINK_DAYS_AFTER_CLOSE  Emailed case links stop working this many days
                         after the case closed  [default: 30]
    RUST_LOG             Log filter                       [default: info]

Migrations run at start-up. GET /healthz answers 200 while the database answers.
";

#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub demo: bool,
    pub public_url: Option<String>,
    /// Display zone; `None` means the business calendar's zone.
    pub zone: Option<TimeZone>,
    /// A business calendar in TOML (see `baton sla`); `None` is open around the clock.
    pub calendar: Option<std::path::PathBuf>,
    pub site_root: String,
    pub sla_sweep_every: std::time::Duration,
    /// Origins that may frame the chat panel (`*` for any), checked.
    pub chat_origins: Vec<String>,
    /// Where the SMTP intake listens; `None` turns email intake off.
    pub smtp_addr: Option<SocketAddr>,
    /// Recipient domains we take email for, lowercase; empty means any.
    pub mail_domains: Vec<String>,
    /// Outgoing email and webhooks.
    pub outbound: Outbound,
    /// Rate limits, trusted proxies and relays, link lifetimes.
    pub security: Security,
}

/// A setting's value, trimmed; `None` when unset or blank.
fn setting(lookup: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    lookup(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The error for a setting whose value does not work.
fn invalid(name: &'static str, value: String, reason: &str) -> ConfigError {
    ConfigError::Invalid {
        name,
        value,
        reason: reason.to_owned(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name}={value:?} is not valid: {reason}")]
    Invalid {
        name: &'static str,
        value: String,
        reason: String,
    },
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str, default: &str| {
            lookup(name)
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        let invalid = |name: &'static str, value: String, reason: String| ConfigError::Invalid {
            name,
            value,
            reason,
        };

        let addr_raw = get("BATON_ADDR", "127.0.0.1:3000");
        let addr = addr_raw.parse().map_err(|e: std::net::AddrParseError| {
            invalid("BATON_ADDR", addr_raw.clone(), e.to_string())
        })?;
        let database_url = get("BATON_DATABASE_URL", "sqlite://data/baton.db");
        if !["sqlite:", "postgres:", "postgresql:"]
            .iter()
            .any(|p| database_url.starts_with(p))
        {
            return Err(invalid(
                "BATON_DATABASE_URL",
                database_url,
                "use sqlite://PATH or postgres://...".into(),
            ));
        }
        let demo = match get("BATON_DEMO", "0").as_str() {
            "1" | "true" | "yes" => true,
            "0" | "false" | "no" => false,
            other => return Err(invalid("BATON_DEMO", other.to_owned(), "use 1 or 0".into())),
        };
        let sweep_raw = get("BATON_SLA_SWEEP_SECS", "15");
        let sweep_secs = match sweep_raw.parse::<u64>() {
            Ok(secs @ 1..=3600) => secs,
            _ => {
                return Err(invalid(
                    "BATON_SLA_SWEEP_SECS",
                    sweep_raw,
                    "use whole seconds from 1 to 3600".into(),
                ));
            }
        };
        let zone = match lookup("BATON_TIMEZONE").filter(|v| !v.is_empty()) {
            Some(raw) => Some(
                TimeZone::get(&raw)
                    .map_err(|e| invalid("BATON_TIMEZONE", raw.clone(), e.to_string()))?,
            ),
            None => None,
        };
        let smtp_raw = get("BATON_SMTP_ADDR", "127.0.0.1:2525");
        let smtp_addr = match smtp_raw.as_str() {
            "off" => None,
            raw => Some(raw.parse().map_err(|e: std::net::AddrParseError| {
                invalid(
                    "BATON_SMTP_ADDR",
                    smtp_raw.clone(),
                    format!("{e}; use HOST:PORT or off"),
                )
            })?),
        };
        let mail_domains: Vec<String> = lookup("BATON_MAIL_DOMAIN")
            .unwrap_or_default()
            .split(',')
            .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
            .filter(|d| !d.is_empty())
            .collect();
        let chat_raw = get("BATON_CHAT_ORIGINS", "*");
        let chat_origins = parse_chat_origins(&chat_raw)
            .map_err(|reason| invalid("BATON_CHAT_ORIGINS", chat_raw.clone(), reason))?;
        let outbound = Outbound::from_lookup(&lookup, &mail_domains)?;
        let security = Security::from_lookup(&lookup)?;
        Ok(Config {
            outbound,
            security,
            addr,
            database_url,
            demo,
            public_url: lookup("BATON_PUBLIC_URL")
                .filter(|v| !v.is_empty())
                .map(|v| v.trim_end_matches('/').to_owned()),
            zone,
            calendar: lookup("BATON_CALENDAR")
                .filter(|v| !v.is_empty())
                .map(std::path::PathBuf::from),
            site_root: get("BATON_SITE_ROOT", "target/site"),
            sla_sweep_every: std::time::Duration::from_secs(sweep_secs),
            chat_origins,
            smtp_addr,
            mail_domains,
        })
    }
}

/// `*`, or origins such as `https://shop.example` or `https://*.example.com:8443`,
/// separated by commas or spaces; each becomes a CSP `frame-ancestors` source.
fn parse_chat_origins(raw: &str) -> Result<Vec<String>, String> {
    let host_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*' | ':');
    let origins: Vec<String> = raw
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|o| !o.is_empty())
        .map(|o| o.trim_end_matches('/').to_owned())
        .collect();
    let valid = |o: &String| {
        o == "*"
            || ["https://", "http://"].iter().any(|scheme| {
                o.strip_prefix(scheme)
                    .is_some_and(|host| !host.is_empty() && host.chars().all(host_char))
            })
    };
    match origins.iter().find(|o| !valid(o)) {
        _ if origins.is_empty() => Err("give * or at least one origin".into()),
        Some(bad) => Err(format!("{bad} is not an origin like https://shop.example")),
        None => Ok(origins),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_run_out_of_the_box() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://data/baton.db");
        assert!(!config.demo, "demo data only when asked for");
        assert!(config.security.rate_limits);
        assert_eq!(config.security.link_days_after_close, 30);
        assert_eq!(
            config.smtp_addr.map(|a| a.to_string()).as_deref(),
            Some("127.0.0.1:2525")
        );
        assert!(config.mail_domains.is_empty(), "any recipient by default");
    }

    #[test]
    fn email_intake_can_be_turned_off_and_limited_to_domains() {
        let config = Config::from_lookup(|n| match n {
            "BATON_SMTP_ADDR" => Some("off".to_owned()),
            "BATON_MAIL_DOMAIN" => Some(" Help.Example.com, @baton.example ,".to_owned()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.smtp_addr, None);
        assert_eq!(config.mail_domains, ["help.example.com", "baton.example"]);
        let err =
            Config::from_lookup(|n| (n == "BATON_SMTP_ADDR").then(|| "25".to_owned())).unwrap_err();
        assert!(err.to_string().contains("BATON_SMTP_ADDR"));
    }

    #[test]
    fn chat_origins_default_to_any_and_are_checked() {
        assert_eq!(Config::from_lookup(|_| None).unwrap().chat_origins, ["*"]);
        let config = Config::from_lookup(|n| {
            (n == "BATON_CHAT_ORIGINS")
                .then(|| "https://shop.example/, https://*.shop.example".into())
        })
        .unwrap();
        assert_eq!(
            config.chat_origins,
            ["https://shop.example", "https://*.shop.example"]
        );
        let err = Config::from_lookup(|n| {
            (n == "BATON_CHAT_ORIGINS").then(|| "https://a.example; script-src *".into())
        })
        .unwrap_err();
        assert!(err.to_string().contains("BATON_CHAT_ORIGINS"));
    }

    #[test]
    fn bad_values_are_named() {
        let err =
            Config::from_lookup(|n| (n == "BATON_ADDR").then(|| "nowhere".to_owned())).unwrap_err();
        assert!(err.to_string().starts_with("BATON_ADDR=\"nowhere\""));
        let err = Config::from_lookup(|n| (n == "BATON_TIMEZONE").then(|| "Mars/Base".to_owned()))
            .unwrap_err();
        assert!(err.to_string().contains("BATON_TIMEZONE"));
        let err =
            Config::from_lookup(|n| (n == "BATON_DATABASE_URL").then(|| "mysql://x".to_owned()))
                .unwrap_err();
        assert!(err.to_string().contains("BATON_DATABASE_URL"));
    }
}
