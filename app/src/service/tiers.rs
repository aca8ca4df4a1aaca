//! Tiers and teams as ops see them: the ladder ops configured (in the SLA
//! policies), who works in each tier, what each tier promises, and moving a
//! member of staff to another tier or team.

use super::Portal;
use crate::domain::StaffMember;
use crate::domain::ladder::MAX_STEPS;
use crate::domain::sla::SlaRules;
use crate::domain::sla::policy_spec::LadderStepSpec;
use crate::domain::{FieldError, FieldErrors};
use crate::error::AppError;
use crate::store::{StoreError, staff};
use crate::views::{PlacedMemberView, TierView, TiersPage};
use std::collections::BTreeMap;

/// What configuring here means, for the refusal.
pub const CONFIGURING: &str = "place staff in tiers and teams";

pub async fn page(portal: &Portal, member: &StaffMember) -> Result<TiersPage, AppError> {
    member.require_configurer(CONFIGURING)?;
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
                respond_minutes: step.respond_within.as_secs() / 60,
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
    member.require_configurer(CONFIGURING)?;
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

/// The ladder grid of `/ops/tiers` as posted: `code.N`, `name.N`,
/// `customer_words.N`, `respond_within.N` (business minutes) and
/// `position.N` for each row N. A row left blank is dropped (that is how a
/// tier is removed); rows are ordered by position.
pub fn parse_ladder_form(fields: &[(String, String)]) -> Result<Vec<LadderStepSpec>, AppError> {
    let invalid =
        |message: String| AppError::Invalid(FieldErrors(vec![FieldError::new("ladder", &message)]));
    let mut rows: BTreeMap<usize, BTreeMap<&str, &str>> = BTreeMap::new();
    for (key, value) in fields {
        let Some((name, row)) = key.rsplit_once('.') else {
            continue;
        };
        let Ok(row) = row.parse::<usize>() else {
            continue;
        };
        if row >= 2 * MAX_STEPS {
            return Err(invalid(format!("A ladder has at most {MAX_STEPS} tiers.")));
        }
        rows.entry(row).or_default().insert(name, value.trim());
    }
    let mut steps = Vec::new();
    for (row, cells) in rows {
        let cell = |name: &str| cells.get(name).copied().unwrap_or_default();
        if ["code", "name", "customer_words"]
            .iter()
            .all(|n| cell(n).is_empty())
        {
            continue;
        }
        let number = |name: &str, what: &str| {
            cell(name)
                .parse::<i64>()
                .map_err(|_| invalid(format!("Row {}: {what} must be a whole number.", row + 1)))
        };
        let position = match cell("position") {
            "" => row as i64 + 1,
            _ => number("position", "the position")?,
        };
        steps.push((
            position,
            row,
            LadderStepSpec {
                code: cell("code").to_owned(),
                name: cell("name").to_owned(),
                customer_words: cell("customer_words").to_owned(),
                respond_within: number("respond_within", "the response objective (minutes)")?,
            },
        ));
    }
    // On a tie the moved row wins: a row given the number of another row
    // takes its place, whether it moved up or down past it.
    steps.sort_by_key(|(position, row, _)| (*position, std::cmp::Reverse(*row)));
    Ok(steps.into_iter().map(|(_, _, step)| step).collect())
}

/// The rules in force with `steps` as the ladder (objectives from the steps);
/// a mistake names the tier and what is wrong in staff words.
pub fn with_ladder(current: &SlaRules, steps: Vec<LadderStepSpec>) -> Result<SlaRules, AppError> {
    let mut spec = current.to_spec();
    spec.tiers.clear();
    spec.ladder = steps;
    SlaRules::from_spec(&spec).map_err(|error| {
        let place = error
            .key
            .strip_prefix("ladder[")
            .and_then(|rest| rest.split_once("]."))
            .and_then(|(index, field)| Some((index.parse::<usize>().ok()?, field)));
        let message = match place {
            Some((index, field)) => format!(
                "Tier {} ({}): {} {}.",
                index + 1,
                spec.ladder.get(index).map_or("?", |s| s.code.as_str()),
                field.replace('_', " "),
                error.problem
            ),
            None => format!("{}.", error.problem),
        };
        AppError::Invalid(FieldErrors(vec![FieldError::new("ladder", &message)]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(rows: &[[&str; 5]]) -> Vec<(String, String)> {
        rows.iter()
            .enumerate()
            .flat_map(|(n, row)| {
                [
                    "code",
                    "name",
                    "customer_words",
                    "respond_within",
                    "position",
                ]
                .iter()
                .zip(row)
                .map(move |(field, value)| (format!("{field}.{n}"), (*value).to_owned()))
            })
            .collect()
    }

    #[test]
    fn the_grid_orders_by_position_drops_blank_rows_and_names_mistakes() {
        let steps = parse_ladder_form(&form(&[
            ["L1", "Front line", "our support team", "5", "1"],
            ["L2", "Specialists", "a specialist team", "60", "3"],
            ["", "", "", "", "4"],
            [
                "Partner",
                "Partner engineers",
                "our partner engineers",
                "30",
                "2",
            ],
        ]))
        .unwrap();
        let codes: Vec<&str> = steps.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes, ["L1", "Partner", "L2"]);
        // Typing an occupied number puts the row there, moving up or down.
        let moved = |rows: &[[&str; 5]]| -> Vec<String> {
            parse_ladder_form(&form(rows))
                .unwrap()
                .into_iter()
                .map(|s| s.code)
                .collect()
        };
        let up = moved(&[
            ["A", "a", "our desk", "5", "1"],
            ["B", "b", "our team", "5", "2"],
            ["C", "c", "our crew", "5", "2"],
        ]);
        assert_eq!(up, ["A", "C", "B"]);
        let down = moved(&[
            ["A", "a", "our desk", "5", "2"],
            ["B", "b", "our team", "5", "2"],
            ["C", "c", "our crew", "5", "3"],
        ]);
        assert_eq!(down, ["B", "A", "C"]);
        let rules = with_ladder(&SlaRules::default(), steps).unwrap();
        assert_eq!(rules.tiers.codes(), ["L1", "Partner", "L2"]);

        let Err(AppError::Invalid(bad)) =
            parse_ladder_form(&form(&[["L1", "Desk", "us", "five", "1"]]))
        else {
            panic!("minutes must be a number");
        };
        assert!(
            bad.for_field("ladder")
                .unwrap_or_default()
                .starts_with("Row 1")
        );
        let steps = parse_ladder_form(&form(&[
            ["L1", "Desk", "our support team", "5", "1"],
            ["L2", "Two", "the L2 desk", "60", "2"],
        ]))
        .unwrap();
        let Err(AppError::Invalid(errors)) = with_ladder(&SlaRules::default(), steps) else {
            panic!("a tier code in customer words is refused");
        };
        let message = errors.for_field("ladder").unwrap_or_default();
        assert!(
            message.starts_with("Tier 2 (L2): customer words"),
            "{message}"
        );
    }
}
