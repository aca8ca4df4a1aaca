//! `baton admin ...`: set up staff accounts and their API tokens from the
//! command line, against the database in `BATON_DATABASE_URL`.

use crate::config::Config;
use app::domain::FieldErrors;
use app::error::AppError;
use app::service::{Portal, now, staff_accounts};
use app::store::Store;
use std::process::ExitCode;

/// The lines `baton --help` shows for these commands (kept in `config::HELP`).
pub const USAGE: &str = "\
    baton admin create-staff --email E --name N --role R [--tier T] [--team N] [--password P]
    baton admin issue-token --email E
";

/// `baton admin --help`.
pub const ADMIN_HELP: &str = "\
baton admin: staff accounts and API tokens

USAGE:
    baton admin create-staff --email E --name N --role R [--tier T] [--team N] [--password P]
        Creates a staff account. R is one of agent, specialist, expert,
        manager, executive, ops, admin; T is L1, L2, L3 or Executive;
        N names the team they work in (queues per team).
        Without --password a random one is made and printed once.
    baton admin issue-token --email E
        Prints a new personal API token for the staff API, once. Only its
        hash is stored. Send it as `Authorization: Bearer TOKEN`.

Uses BATON_DATABASE_URL [default: sqlite://data/baton.db]; migrations run first.

Exit status: 0 done, 1 the database failed, 2 bad arguments or input.
";

#[derive(Debug, thiserror::Error)]
enum AdminError {
    #[error("{0}\nRun `baton admin --help` for usage.")]
    Usage(String),
    /// Input the app refused: a field, a duplicate, an unknown account.
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Failed(String),
}

impl AdminError {
    fn exit_code(&self) -> u8 {
        match self {
            AdminError::Failed(_) => 1,
            _ => 2,
        }
    }
}

impl From<AppError> for AdminError {
    fn from(error: AppError) -> Self {
        match &error {
            AppError::Invalid(errors) => AdminError::Refused(
                errors
                    .0
                    .iter()
                    .map(|e| format!("--{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            AppError::Conflict(_) | AppError::NotAllowed(_) | AppError::NotFound => {
                AdminError::Refused(error.to_string())
            }
            _ => AdminError::Failed(
                "the database failed; see the log above (RUST_LOG=info)".to_owned(),
            ),
        }
    }
}

/// Runs `baton admin ARGS...` (the arguments after `admin`).
pub async fn run_admin(args: &[String]) -> ExitCode {
    match admin(args).await {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("baton admin: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

async fn admin(args: &[String]) -> Result<String, AdminError> {
    let usage = AdminError::Usage;
    let (command, rest) = args
        .split_first()
        .ok_or_else(|| usage("say `create-staff` or `issue-token`.".into()))?;
    match command.as_str() {
        "-h" | "--help" | "help" => Ok(ADMIN_HELP.to_owned()),
        "create-staff" => {
            let flags = flags(rest, &["email", "name", "role", "tier", "team", "password"])?;
            let get = |name: &str| flags.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
            let required =
                |name: &str| get(name).ok_or_else(|| usage(format!("missing --{name}.")));
            let (email, name, role) = (required("email")?, required("name")?, required("role")?);
            // The tiers are the ladder ops saved, so the database comes first.
            let portal = portal().await?;
            let mut new = staff_accounts::parse_new_staff(
                email,
                name,
                role,
                get("tier"),
                get("password"),
                &portal.rules().tiers,
            )
            .map_err(AppError::Invalid)?;
            new.team = get("team")
                .map(staff_accounts::parse_team)
                .transpose()
                .map_err(|e| AppError::Invalid(FieldErrors(vec![e])))?;
            let (member, generated) = staff_accounts::create(&portal, new, now()).await?;
            let mut out = format!(
                "Created {} account for {} <{}>.\n",
                member.role, member.name, member.email
            );
            if let Some(password) = generated {
                out.push_str(&format!(
                    "Password (shown only now, store it safely): {password}\n"
                ));
            }
            Ok(out)
        }
        "issue-token" => {
            let flags = flags(rest, &["email"])?;
            let email = flags
                .first()
                .map(|(_, v)| *v)
                .ok_or_else(|| usage("missing --email.".into()))?;
            let portal = portal().await?;
            let token = staff_accounts::issue_token(&portal, email, now()).await?;
            eprintln!("A new staff API token for {email}, shown only now:");
            Ok(format!("{token}\n"))
        }
        other => Err(usage(format!(
            "unknown command {other:?}; say `create-staff` or `issue-token`."
        ))),
    }
}

async fn portal() -> Result<Portal, AdminError> {
    let config = Config::from_lookup(|name| {
        (name == "BATON_DATABASE_URL")
            .then(|| std::env::var(name).ok())
            .flatten()
    })
    .map_err(|e| AdminError::Usage(e.to_string()))?;
    let store = Store::connect(&config.database_url)
        .await
        .map_err(|e| AdminError::Failed(format!("cannot open the database: {e}")))?;
    let portal = Portal::new(store, jiff::tz::TimeZone::UTC);
    // The tier ladder lives in the saved SLA policies.
    let saved = app::service::sla_settings::saved(&portal, app::service::sla_settings::POLICIES)
        .await
        .map_err(|e| AdminError::Failed(e.to_string()))?;
    if let Some(source) = saved {
        // The server refuses to start on broken policies; so does this.
        let rules = crate::sla_files::parse_policies(&source)
            .map_err(|e| AdminError::Failed(format!("the saved SLA policies: {}", e.message)))?;
        portal.set_settings(app::service::SlaSettings {
            rules,
            ..portal.settings()
        });
    }
    Ok(portal)
}

/// `--name value` or `--name=value` pairs, each known and given once.
fn flags<'a>(
    args: &'a [String],
    allowed: &[&'static str],
) -> Result<Vec<(&'static str, &'a str)>, AdminError> {
    let usage = AdminError::Usage;
    let mut found: Vec<(&'static str, &'a str)> = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let flag = arg
            .strip_prefix("--")
            .ok_or_else(|| usage(format!("unexpected argument {arg:?}.")))?;
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (flag, None),
        };
        let name = allowed
            .iter()
            .copied()
            .find(|known| *known == name)
            .ok_or_else(|| usage(format!("unknown option --{name}.")))?;
        let value = match inline {
            Some(value) => value,
            None => args
                .next()
                .map(String::as_str)
                .ok_or_else(|| usage(format!("--{name} needs a value.")))?,
        };
        if found.iter().any(|(seen, _)| *seen == name) {
            return Err(usage(format!("--{name} is given twice.")));
        }
        found.push((name, value));
    }
    Ok(found)
}
