//! `baton sla ...`: business-time arithmetic from the command line, so support
//! ops can check a calendar file and a deadline before relying on them.

pub mod admin;
pub use admin::run_admin;

use app::domain::BusinessCalendar;
use jiff::{SignedDuration, Timestamp};
use std::process::ExitCode;

/// The lines `baton --help` shows for these commands (kept in `config::HELP`).
pub const USAGE: &str = "\
    baton sla deadline --calendar FILE.toml --from TIME --minutes N
    baton sla elapsed --calendar FILE.toml --from TIME --to TIME
";

/// `baton sla --help`.
pub const SLA_HELP: &str = "\
baton sla: business-time arithmetic over a calendar file

USAGE:
    baton sla deadline --calendar FILE.toml --from TIME --minutes N
        Prints when N minutes of open time after TIME are up, in UTC.
    baton sla elapsed --calendar FILE.toml --from TIME --to TIME
        Prints the whole minutes of open time between the two times.

TIME is RFC 3339 with an offset, e.g. 2026-03-30T09:15:00Z or
2026-03-30T11:15:00+02:00.

A calendar file looks like this (days not listed are closed):
    timezone = \"Europe/Berlin\"
    holidays = [\"2026-12-24\", \"2026-12-25\"]
    [hours]
    mon = [\"09:00-12:30\", \"13:30-17:00\"]
    sun = [\"00:00-24:00\"]
    [exceptions]
    \"2026-12-31\" = [\"09:00-12:00\"]

Exit status: 0 done, 1 no deadline within about ten years,
2 bad arguments or calendar file.
";

/// Runs `baton sla ARGS...` (the arguments after `sla`), printing the answer
/// on stdout or the problem on stderr.
pub fn run_sla(args: &[String]) -> ExitCode {
    match sla(args) {
        Ok(Some(answer)) => {
            println!("{answer}");
            ExitCode::SUCCESS
        }
        Ok(None) => {
            print!("{SLA_HELP}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("baton sla: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum SlaError {
    #[error("{0}\nRun `baton sla --help` for usage.")]
    Usage(String),
    #[error("cannot read the calendar {path}: {reason}")]
    Unreadable { path: String, reason: String },
    /// `place` is `FILE:LINE`, the form editors jump to (or `FILE` alone).
    #[error("{place}: {message}")]
    Calendar { place: String, message: String },
    #[error("the calendar does not provide {0} minutes of open time within about ten years")]
    NoDeadline(u32),
}

impl SlaError {
    fn exit_code(&self) -> u8 {
        match self {
            SlaError::NoDeadline(_) => 1,
            _ => 2,
        }
    }
}

/// The answer to print, or `None` for help.
fn sla(args: &[String]) -> Result<Option<String>, SlaError> {
    let usage = SlaError::Usage;
    let (command, rest) = match args.split_first() {
        None => return Err(usage("say `deadline` or `elapsed`.".into())),
        Some((command, rest)) => (command.as_str(), rest),
    };
    if matches!(command, "-h" | "--help" | "help") {
        return Ok(None);
    }
    let allowed: &[&str] = match command {
        "deadline" => &["calendar", "from", "minutes"],
        "elapsed" => &["calendar", "from", "to"],
        other => {
            return Err(usage(format!(
                "unknown command {other:?}; say `deadline` or `elapsed`."
            )));
        }
    };
    let flags = Flags::parse(rest, allowed)?;
    let path = flags.required("calendar")?;
    let from = flags.time("from")?;
    match command {
        "deadline" => {
            let minutes = flags.minutes("minutes")?;
            let calendar = load_calendar(path)?;
            let business = SignedDuration::from_mins(i64::from(minutes));
            let due = calendar
                .due_at(from, business)
                .ok_or(SlaError::NoDeadline(minutes))?;
            Ok(Some(due.to_string()))
        }
        _ => {
            let to = flags.time("to")?;
            let calendar = load_calendar(path)?;
            let minutes = calendar.elapsed(from, to).as_secs().div_euclid(60);
            Ok(Some(minutes.to_string()))
        }
    }
}

/// `--name value` or `--name=value` pairs, each known and given once.
struct Flags<'a>(Vec<(&'static str, &'a str)>);

impl<'a> Flags<'a> {
    fn parse(args: &'a [String], allowed: &[&'static str]) -> Result<Self, SlaError> {
        let mut found: Vec<(&'static str, &'a str)> = Vec::new();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let Some(flag) = arg.strip_prefix("--") else {
                return Err(SlaError::Usage(format!("unexpected argument {arg:?}.")));
            };
            let (name, inline) = match flag.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (flag, None),
            };
            let Some(name) = allowed.iter().copied().find(|known| *known == name) else {
                return Err(SlaError::Usage(format!("unknown option --{name}.")));
            };
            let value = match inline {
                Some(value) => value,
                None => args
                    .next()
                    .map(String::as_str)
                    .ok_or_else(|| SlaError::Usage(format!("--{name} needs a value.")))?,
            };
            if found.iter().any(|(seen, _)| *seen == name) {
                return Err(SlaError::Usage(format!("--{name} is given twice.")));
            }
            found.push((name, value));
        }
        Ok(Flags(found))
    }

    fn required(&self, name: &str) -> Result<&'a str, SlaError> {
        self.0
            .iter()
            .find(|(seen, _)| *seen == name)
            .map(|(_, value)| *value)
            .ok_or_else(|| SlaError::Usage(format!("missing --{name}.")))
    }

    fn time(&self, name: &str) -> Result<Timestamp, SlaError> {
        let raw = self.required(name)?;
        raw.parse().map_err(|_| {
            SlaError::Usage(format!(
                "--{name} {raw:?} is not an RFC 3339 time with an offset (e.g. 2026-03-30T09:15:00Z)."
            ))
        })
    }

    fn minutes(&self, name: &str) -> Result<u32, SlaError> {
        let raw = self.required(name)?;
        match raw.parse::<i64>() {
            Ok(n) if n < 0 => Err(SlaError::Usage(format!(
                "--{name} must not be negative (got {n})."
            ))),
            Ok(n) => {
                u32::try_from(n).map_err(|_| SlaError::Usage(format!("--{name} {n} is too large.")))
            }
            Err(_) => Err(SlaError::Usage(format!(
                "--{name} {raw:?} is not a whole number of minutes."
            ))),
        }
    }
}

fn load_calendar(path: &str) -> Result<BusinessCalendar, SlaError> {
    let source = std::fs::read_to_string(path).map_err(|e| SlaError::Unreadable {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    app::service::sla_settings::parse_calendar(&source).map_err(|e| SlaError::Calendar {
        place: match e.line {
            Some(line) => format!("{path}:{line}"),
            None => path.to_owned(),
        },
        message: e.message,
    })
}
