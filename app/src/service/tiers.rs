//! Tiers and teams as ops see them: the ladder ops configured (in the SLA
//! policies), who works in each tier, what each tier promises, and moving a
//! member of staff to another tier or team.

use super::Portal;
use crate::api::dto::{PlacedMemberView, TierView, TiersPage};
use crate::domain::{FieldError, FieldErrors};
use crate::error::AppError;
use crate::store::staff::StaffMember;
use crate::store::{StoreError, staff};

fn require_configurer(member: &StaffMember) -> Result<(), AppError> {
    super::authority::require_ops(member, "place staff in tiers and teams")
}

pub async fn page(portal: &Portal, member: &StaffMember) -> Result<TiersPage, AppError> {
    require_configurer(member)?;
    let mut conn = portal.store.read().await?;
    let placed = staff::all_placed(&mut conn).await?;
    let teams = staff::teams(&mut conn).await?;
    let ladder = portal.rules().tiers;
    Ok(TiersPage {
        tiers: ladder
            .steps()
            .iter()
            .map(|step| TierView {
                code: step.tier.code().to_owned(),
                name: step.name.clone(),
                customer_words: step.customer_words.clone(),
                respond_within: format!("{} business minutes", step.respond_within.as_secs() / 60),
                members: placed
                    .iter()
                    .filter(|m| m.tier.as_deref() == Some(step.tier.code()))
                    .map(|m| format!("{} ({})", m.name, m.role))
                    .collect(),
            })
            .collect(),
        staff: placed
            .into_iter()
            .map(|m| PlacedMemberView {
                email: m.email,
                name: m.name,
                role: m.role,
                tier: m.tier,
                team: m.team,
            })
            .collect(),
        teams,
    })
}

/// Puts the member with `email` in `tier` and `team` (blank: none).
pub async fn place(
    portal: &Portal,
    member: &StaffMember,
    email: &str,
    tier: &str,
    team: &str,
) -> Result<(), AppError> {
    require_configurer(member)?;
    let mut errors = FieldErrors::default();
    let tier =
        match tier.trim() {
            "" => None,
            raw => {
                let ladder = portal.rules().tiers;
                errors.check(ladder.parse(raw).ok_or_else(|| {
                    FieldError::new("tier", &format!("Use {}.", ladder.codes_hint()))
                }))
            }
        };
    let team = match team.trim() {
        "" => None,
        raw => errors.check(super::staff_accounts::parse_team(raw)),
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = portal.store.begin().await?;
    let placed = match staff::find_by_email(&mut tx, email).await {
        Err(StoreError::NotFound) => {
            return Err(AppError::Invalid(FieldErrors(vec![FieldError::new(
                "email",
                "No member of staff has that email.",
            )])));
        }
        other => other?,
    };
    staff::set_tier(&mut tx, placed.staff_id, tier.as_ref().map(|t| t.code())).await?;
    staff::set_team(&mut tx, placed.staff_id, team.as_deref()).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(by = %member.email, staff = %placed.email, ?tier, ?team, "staff placed");
    Ok(())
}
