//! Staff accounts and their personal API tokens, as support ops set them up
//! (`baton admin ...`) and as the staff API checks them.

use super::staff_access::token_id_of;
use super::{Portal, secrets};
use crate::domain::StaffMember;
use crate::domain::customer::CustomerEmail;
use crate::domain::ladder::TierLadder;
use crate::domain::validation::bounded_text;
use crate::domain::{FieldError, FieldErrors, StaffRole, Tier};
use crate::error::AppError;
use crate::store::{StoreError, staff, staff_tokens};
use jiff::Timestamp;

/// Shortest password we accept when one is chosen by hand.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A new member of staff, parsed.
#[derive(Clone, Debug)]
pub struct NewStaff {
    pub email: CustomerEmail,
    pub name: String,
    pub role: StaffRole,
    pub tier: Option<Tier>,
    /// The team they work in (queues per team); set with `parse_team`.
    pub team: Option<String>,
    /// `None`: generate one and show it once.
    pub password: Option<String>,
}

/// Parses what support ops typed; every problem is reported at once.
pub fn parse_new_staff(
    email: &str,
    name: &str,
    role: &str,
    tier: Option<&str>,
    password: Option<&str>,
    ladder: &TierLadder,
) -> Result<NewStaff, FieldErrors> {
    let mut errors = FieldErrors::default();
    let email = errors.check(CustomerEmail::parse(email));
    let name = errors.check(bounded_text(
        "name",
        name,
        120,
        "Please give the person's name.",
    ));
    let role = errors.check(StaffRole::parse(role).ok_or_else(|| {
        let known: Vec<_> = StaffRole::ALL.iter().map(|r| r.code()).collect();
        FieldError::new(
            "role",
            &format!("Unknown role {role:?}; use one of {}.", known.join(", ")),
        )
    }));
    let tier = errors.check(match tier {
        None => Ok(None),
        Some(raw) => ladder.parse(raw).map(Some).ok_or_else(|| {
            FieldError::new(
                "tier",
                &format!("Unknown tier {raw:?}; use {}.", ladder.codes_hint()),
            )
        }),
    });
    let password = errors.check(match password {
        Some(p) if p.chars().count() < MIN_PASSWORD_CHARS => Err(FieldError::new(
            "password",
            &format!("Please use at least {MIN_PASSWORD_CHARS} characters."),
        )),
        other => Ok(other.map(str::to_owned)),
    });
    match (email, name, role, tier, password) {
        (Some(email), Some(name), Some(role), Some(tier), Some(password)) if errors.is_empty() => {
            Ok(NewStaff {
                email,
                name,
                role,
                tier,
                team: None,
                password,
            })
        }
        _ => Err(errors),
    }
}

/// A team name as typed: 1 to 60 characters on one line.
pub fn parse_team(raw: &str) -> Result<String, FieldError> {
    let team = raw.trim();
    if team.is_empty() || team.chars().count() > 60 || team.chars().any(char::is_control) {
        return Err(FieldError::new(
            "team",
            "A team name is 1 to 60 characters on one line.",
        ));
    }
    Ok(team.to_owned())
}

/// Creates the account; returns it and the generated password, if any.
pub async fn create(
    portal: &Portal,
    new: NewStaff,
    now: Timestamp,
) -> Result<(StaffMember, Option<String>), AppError> {
    let generated = new.password.is_none().then(secrets::new_token);
    let password = new.password.clone().or_else(|| generated.clone());
    let hash = secrets::hash_password(password.unwrap_or_default())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "hashing a staff password failed");
            AppError::Unexpected
        })?;
    let mut tx = portal.store.begin().await?;
    let email = new.email.as_str();
    let id = match staff::insert(&mut tx, email, &new.name, new.role.code(), &hash, now).await {
        Err(StoreError::Conflict(_)) => {
            return Err(AppError::Conflict(format!(
                "A staff account with the email {} already exists.",
                email.to_lowercase()
            )));
        }
        other => other?,
    };
    staff::set_tier(&mut tx, id, new.tier.as_ref().map(Tier::code)).await?;
    staff::set_team(&mut tx, id, new.team.as_deref()).await?;
    let member = staff::find_by_email(&mut tx, email).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(staff = %member.email, role = %member.role, "staff account created");
    Ok((member, generated))
}

/// Issues a new personal API token for the member with `email`; shown once.
/// Its first characters are its id (`staff_access::token_id_of`), by which
/// it can be revoked.
pub async fn issue_token(portal: &Portal, email: &str, now: Timestamp) -> Result<String, AppError> {
    let email = CustomerEmail::parse(email).map_err(|e| FieldErrors(vec![e]))?;
    let mut tx = portal.store.begin().await?;
    let member = match staff::find_by_email(&mut tx, email.as_str()).await {
        Err(StoreError::NotFound) => {
            return Err(FieldErrors(vec![FieldError::new(
                "email",
                &format!("No staff account has the email {}.", email.as_str()),
            )])
            .into());
        }
        other => other?,
    };
    if staff::lock(&mut tx, member.staff_id).await?.is_some() {
        return Err(AppError::Conflict(format!(
            "{} is disabled; enable them before issuing a token.",
            member.email
        )));
    }
    // A token's id is its first characters, unique among all tokens.
    let mut token = secrets::new_token();
    while staff_tokens::id_taken(&mut tx, token_id_of(&token)).await? {
        token = secrets::new_token();
    }
    let token_id = token_id_of(&token);
    let hash = secrets::hash_token(&token);
    staff_tokens::insert(&mut tx, &hash, token_id, member.staff_id, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(staff = %member.email, token_id, "staff API token issued");
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_member_needs_a_known_role_and_a_plausible_email() {
        let errors = parse_new_staff(
            "nope",
            "Ada",
            "boss",
            Some("L9"),
            Some("short"),
            &TierLadder::default(),
        )
        .unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "role", "tier", "password"]);
        let ok = parse_new_staff(
            "ada@example.com",
            "Ada",
            "Specialist",
            Some("l2"),
            None,
            &TierLadder::default(),
        )
        .unwrap();
        assert_eq!(ok.role, StaffRole::Specialist);
        assert_eq!(ok.tier.map(|t| t.to_string()).as_deref(), Some("L2"));
    }
}
