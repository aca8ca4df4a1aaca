//! `baton admin ...`: set up staff accounts and their API tokens from the
//! command line, and end access at once (disable a member, revoke tokens),
//! against the database in `BATON_DATABASE_URL`.

use crate::config::Config;
use app::domain::FieldErrors;
use app::error::AppError;
use app::service::staff_access::{self, AccessError, ChangedBy, token_id_of};
use app::service::{Portal, now, staff_accounts};
use app::store::Store;
use std::process::ExitCode;

/// The lines `baton --help` shows for these commands (kept in `config::HELP`).
pub const USAGE: &str = "\
    baton admin create-staff --email E --name N --role R [--tier T] [--team N] [--password P]
    baton admin issue-token --email E
    baton admin revoke-token --email E (--token-id ID | --all)
    baton admin disable-staff --email E
    baton admin enable-staff --email E
    baton admin webhook-secret --account DOMAIN
    baton admin signal-secret
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
        hash is stored. Send it as `Authorization: Bearer TOKEN`. Its first
        8 characters are its token id, also shown on stderr.
    baton admin revoke-token --email E (--token-id ID | --all)
        Revokes the member's token with that id (the first 8 characters of
        the token), or all their tokens. They stop working at once.
    baton admin disable-staff --email E
        Disables the member: their sessions end and their tokens are revoked
        at once, and they cannot sign in (refused like a wrong password).
    baton admin enable-staff --email E
        Lets a disabled member sign in again. Old sessions and tokens stay
        ended: issue new tokens if they need them.
    baton admin webhook-secret --account DOMAIN
        Prints the secret that signs the webhook calls to this account's own
        URL (BATON_ACCOUNT_WEBHOOKS), to give to that account. Each account
        has its own, derived from the instance secret.

    baton admin signal-secret
        Prints the secret monitoring tools sign their signals with
        (POST /api/v1/signals, header Baton-Signature).

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
                    .map(|e| format!("--{}: {}", e.field.replace('_', "-"), e.message))
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
        .ok_or_else(|| usage(format!("say {COMMANDS}.")))?;
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
            let email = email_only(rest)?;
            let portal = portal().await?;
            let token = staff_accounts::issue_token(&portal, email, now()).await?;
            // stdout holds only the token, for scripts.
            eprintln!(
                "A new staff API token for {email} (token id {}), shown only now:",
                token_id_of(&token)
            );
            Ok(format!("{token}\n"))
        }
        "revoke-token" => {
            let all = rest.iter().any(|a| a == "--all");
            let rest: Vec<String> = rest.iter().filter(|a| *a != "--all").cloned().collect();
            let flags = flags(&rest, &["email", "token-id"])?;
            let get = |name: &str| flags.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
            let email = get("email").ok_or_else(|| usage("missing --email.".into()))?;
            let revocation = match (get("token-id"), all) {
                (None, false) => return Err(usage("give --token-id ID or --all.".into())),
                (Some(_), true) => return Err(usage("give --token-id or --all, not both.".into())),
                (id, all) => staff_access::parse_revocation(id, all).map_err(AppError::Invalid)?,
            };
            let portal = portal().await?;
            let by = ChangedBy::CommandLine;
            let access = staff_access::revoke_tokens(&portal, by, email, &revocation, now())
                .await
                .map_err(access_error)?;
            Ok(format!(
                "Revoked {} of {}.\n",
                tokens(access.tokens_revoked),
                access.email
            ))
        }
        "disable-staff" => {
            let email = email_only(rest)?;
            let portal = portal().await?;
            let access = staff_access::disable(&portal, ChangedBy::CommandLine, email, now())
                .await
                .map_err(access_error)?;
            Ok(format!(
                "Disabled {}: {} ended, {} revoked.\n",
                access.email,
                plural(access.sessions_ended, "session"),
                tokens(access.tokens_revoked)
            ))
        }
        "enable-staff" => {
            let email = email_only(rest)?;
            let portal = portal().await?;
            let access = staff_access::enable(&portal, ChangedBy::CommandLine, email)
                .await
                .map_err(access_error)?;
            Ok(format!(
                "Enabled {}: they can sign in again; old sessions and tokens stay ended.\n",
                access.email
            ))
        }
        "signal-secret" => {
            let portal = portal().await?;
            let secret = app::service::secrets::signal_secret(&portal.store)
                .await
                .map_err(|e| AdminError::Failed(e.to_string()))?;
            eprintln!("The secret that signs signals to POST /api/v1/signals:");
            Ok(format!("{secret}\n"))
        }
        "webhook-secret" => {
            let flags = flags(rest, &["account"])?;
            let account = flags
                .iter()
                .find(|(n, _)| *n == "account")
                .map(|(_, v)| v.trim().to_ascii_lowercase())
                .filter(|a| a.contains('.') && !a.contains('@'))
                .ok_or_else(|| {
                    usage("give --account DOMAIN, e.g. --account example.com.".into())
                })?;
            let portal = portal().await?;
            let secret = app::service::secrets::account_webhook_secret(&portal.store, &account)
                .await
                .map_err(|e| AdminError::Failed(e.to_string()))?;
            eprintln!("The webhook signing secret for {account}:");
            Ok(format!("{secret}\n"))
        }
        other => Err(usage(format!("unknown command {other:?}; say {COMMANDS}."))),
    }
}

const COMMANDS: &str = "`create-staff`, `issue-token`, `revoke-token`, `disable-staff`, `enable-staff`, `webhook-secret` or `signal-secret`";

/// The `--email E` of a command that takes nothing else.
fn email_only(rest: &[String]) -> Result<&str, AdminError> {
    let flags = flags(rest, &["email"])?;
    flags
        .first()
        .map(|(_, v)| *v)
        .ok_or_else(|| AdminError::Usage("missing --email.".into()))
}

fn access_error(error: AccessError) -> AdminError {
    match error {
        AccessError::UnknownMember(_) => AdminError::Refused(error.to_string()),
        AccessError::App(error) => error.into(),
    }
}

fn tokens(count: u64) -> String {
    plural(count, "token")
}

fn plural(count: u64, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
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
    app::service::sla_settings::load_policies(&portal)
        .await
        .map_err(AdminError::Failed)?;
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
