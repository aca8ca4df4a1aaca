//! Configuration from the environment, with defaults that run out of the box.

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
    baton admin create-staff --email E --name N --role R [--tier T] [--password P]
    baton admin issue-token --email E

Configuration comes from environment variables:
    BATON_ADDR           Address to listen on             [default: 127.0.0.1:3000]
    BATON_DATABASE_URL   sqlite://PATH or postgres://...  [default: sqlite://data/baton.db]
                         A SQLite file and its folder are created when missing.
    BATON_DEMO           1 seeds demo cases and staff into an empty database, 0 never
                         [default: 1]
    BATON_PUBLIC_URL     The address customers use, for links   [default: http://BATON_ADDR]
    BATON_TIMEZONE       Time zone for times shown before the browser knows the
                         customer's own (IANA name)  [default: the calendar's, or UTC]
    BATON_CALENDAR       Business calendar (TOML, as for `baton sla`) that every SLA
                         clock counts in              [default: open around the clock, UTC]
    BATON_SLA_SWEEP_SECS How often the SLA engine looks for due deadlines [default: 15]
    BATON_SITE_ROOT      Folder with the built site (pkg/) [default: target/site]
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
        let demo = match get("BATON_DEMO", "1").as_str() {
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
        Ok(Config {
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
        })
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
        assert!(config.demo);
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
