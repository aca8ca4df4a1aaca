//! The authority matrix in force: kept with the other settings, edited by
//! admins, and checked before every staff action in the console and the API.

use super::Portal;
use crate::domain::StaffMember;
use crate::domain::Tier;
use crate::domain::authority::{AuthorityMatrix, Grant, Power};
use crate::domain::role::StaffRole;
use crate::domain::{Command, FieldError, FieldErrors, Severity};
use crate::error::AppError;
use crate::store::{Conn, StoreError, sla_settings, staff};
use crate::views::{AuthorityPage, PowerRow};
use jiff::Timestamp;

/// The setting's name beside the SLA calendar and policies.
pub const AUTHORITY: &str = "authority";

/// What only admins may do here, for the refusal.
pub const CONFIGURING: &str = "change the authority matrix";

/// The matrix in force: the saved one, or the default.
pub async fn matrix(conn: &mut Conn) -> Result<AuthorityMatrix, StoreError> {
    Ok(match sla_settings::get(conn, AUTHORITY).await? {
        Some(saved) => AuthorityMatrix::from_json(&saved.source).unwrap_or_else(|error| {
            // Saving validates, so this is a hand-edited database.
            tracing::error!(%error, "the saved authority matrix is broken; using the default");
            AuthorityMatrix::default()
        }),
        None => AuthorityMatrix::default(),
    })
}

/// Refuses a command the member's role may not give on a case at `tier`.
pub async fn check(
    conn: &mut Conn,
    member: &StaffMember,
    command: &Command,
    severity: Severity,
    tier: Tier,
) -> Result<(), AppError> {
    let crosses_teams = match command {
        Command::Assign { staff_id, .. } => {
            let theirs = staff::team_of(conn, *staff_id).await?;
            let mine = staff::team_of(conn, member.staff_id).await?;
            // Only two known, different teams are a crossing.
            theirs.is_some() && mine.is_some() && theirs != mine
        }
        _ => false,
    };
    let powers = Power::needed_for(command, severity, member.staff_id, crosses_teams);
    if powers.is_empty() {
        return Ok(());
    }
    let role = member.role;
    let matrix = matrix(conn).await?;
    for power in powers {
        let checked = match command {
            Command::GrantCredit { amount, .. } => matrix.check_credit(role, tier, amount.get()),
            _ => matrix.check(role, power, tier),
        };
        checked.map_err(AppError::NotAllowed)?;
    }
    Ok(())
}

/// The grid for the admin page and API.
pub async fn page(portal: &Portal, member: &StaffMember) -> Result<AuthorityPage, AppError> {
    member.require_admin(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    let matrix = matrix(&mut conn).await?;
    let saved = sla_settings::get(&mut conn, AUTHORITY).await?;
    Ok(AuthorityPage {
        powers: Power::ALL
            .into_iter()
            .map(|p| PowerRow {
                code: p.code().to_owned(),
                label: p.label().to_owned(),
            })
            .collect(),
        roles: StaffRole::ALL
            .into_iter()
            .filter(|r| *r != StaffRole::Admin)
            .map(|r| r.code().to_owned())
            .collect(),
        tiers: portal.rules().tiers.codes(),
        granted: matrix.grants().map(grant_key).collect(),
        credit_limits: matrix
            .credit_limits()
            .map(|(role, tier, up_to)| (credit_key(role, tier), up_to))
            .collect(),
        json: matrix.to_json(),
        updated: saved.map(|s| super::present::changed_label(&s, &portal.zone)),
    })
}

/// `power.role.tier`: one checkbox of the grid.
pub fn grant_key(grant: &Grant) -> String {
    format!(
        "{}.{}.{}",
        grant.power.code(),
        grant.role.code(),
        grant.tier.code()
    )
}

/// `grant_credit.role.tier`: one amount box of the grid.
pub fn credit_key(role: StaffRole, tier: Tier) -> String {
    format!("{}.{}.{tier}", Power::GrantCredit.code(), role.code())
}

/// Reads the grid back: ticked boxes (`power.role.tier`) become grants and
/// filled amount boxes (`grant_credit.role.tier` = amount) credit limits; a
/// name that is neither, or an amount that is no whole number, is an error.
pub fn parse_form<'a>(
    fields: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<AuthorityMatrix, AppError> {
    let invalid =
        |message: String| AppError::Invalid(FieldErrors(vec![FieldError::new("grants", &message)]));
    let (credits, ticked): (Vec<_>, Vec<_>) = fields
        .filter(|(key, _)| !key.starts_with('_'))
        .partition(|(key, _)| key.starts_with("grant_credit."));
    let mut matrix = parse_keys(ticked.into_iter().map(|(key, _)| key))?;
    for (key, value) in credits {
        if value.trim().is_empty() {
            continue;
        }
        let mut parts = key.splitn(3, '.').skip(1);
        let cell = StaffRole::parse(parts.next().unwrap_or_default())
            .zip(parts.next().and_then(|t| Tier::new(t).ok()))
            .ok_or_else(|| invalid(format!("{key:?} is not a role and tier.")))?;
        let up_to = value
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|v| *v <= crate::domain::credit::MAX_CREDIT)
            .ok_or_else(|| {
                invalid(format!(
                    "The credit limit for {} at {} must be a whole amount up to {}.",
                    cell.0.code(),
                    cell.1,
                    crate::domain::credit::MAX_CREDIT
                ))
            })?;
        matrix = matrix.with_credit_limit(cell.0, cell.1, up_to);
    }
    Ok(matrix)
}

/// Reads checkbox names back into grants; a name that is no grant is an error.
fn parse_keys<'a>(keys: impl Iterator<Item = &'a str>) -> Result<AuthorityMatrix, AppError> {
    let grants = keys
        .map(|key| {
            let mut parts = key.splitn(3, '.');
            let grant = match (parts.next(), parts.next(), parts.next()) {
                (Some(p), Some(r), Some(t)) => Power::parse(p)
                    .zip(StaffRole::parse(r))
                    .zip(Tier::new(t).ok()),
                _ => None,
            };
            grant
                .map(|((power, role), tier)| Grant { power, role, tier })
                .ok_or_else(|| {
                    AppError::Invalid(FieldErrors(vec![FieldError::new(
                        "grants",
                        &format!("{key:?} is not a power, role and tier."),
                    )]))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AuthorityMatrix::from_grants(grants))
}

/// Puts a new matrix in force, with an audit record.
pub async fn save(
    portal: &Portal,
    member: &StaffMember,
    matrix: &AuthorityMatrix,
    now: Timestamp,
) -> Result<(), AppError> {
    member.require_admin(CONFIGURING)?;
    let ladder = portal.rules().tiers;
    let tiers = matrix
        .grants()
        .map(|g| g.tier)
        .chain(matrix.credit_limits().map(|(_, tier, _)| tier));
    if let Some(stray) = tiers.into_iter().find(|t| ladder.rank(*t).is_none()) {
        return Err(AppError::Invalid(FieldErrors(vec![FieldError::new(
            "grants",
            &format!(
                "{stray} is not a tier in the ladder (use {}).",
                ladder.codes_hint()
            ),
        )])));
    }
    let mut tx = portal.store.begin().await?;
    sla_settings::put(&mut tx, AUTHORITY, &matrix.to_json(), &member.email, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(by = %member.email, "authority matrix changed");
    Ok(())
}
