//! The authority matrix: which role may use which power on a case at which
//! tier. Moving a case between tiers is never in it: anyone may escalate or
//! hand back, at once, without approval (with a handoff note). What needs authority is what can hurt a customer if done too
//! early or by the wrong person.

use super::role::StaffRole;
use super::{Command, Severity, Tier};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Something a member of staff may or may not do to a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Power {
    /// Mark an S1 case solved: the worst outages close only with authority.
    CloseS1,
    /// Give a case to someone else (taking it yourself needs no power).
    Reassign,
    /// Give a case to someone in another team than your own.
    ReassignAcrossTeams,
}

impl Power {
    pub const ALL: [Power; 3] = [Power::CloseS1, Power::Reassign, Power::ReassignAcrossTeams];

    pub fn code(self) -> &'static str {
        match self {
            Power::CloseS1 => "close_s1",
            Power::Reassign => "reassign",
            Power::ReassignAcrossTeams => "reassign_across_teams",
        }
    }

    pub fn parse(raw: &str) -> Option<Power> {
        Self::ALL.into_iter().find(|p| p.code() == raw.trim())
    }

    /// Staff words for the console grid.
    pub fn label(self) -> &'static str {
        match self {
            Power::CloseS1 => "Mark S1 cases solved",
            Power::Reassign => "Assign cases to others",
            Power::ReassignAcrossTeams => "Assign cases to another team",
        }
    }

    /// The powers a command needs on this case. `actor` is the staff
    /// member's id: assigning a case to yourself needs nothing. `crosses_teams`:
    /// an assignment goes to someone in another team than the actor's.
    pub fn needed_for(
        command: &Command,
        severity: Severity,
        actor: i64,
        crosses_teams: bool,
    ) -> Vec<Power> {
        match command {
            Command::MarkSolved { .. } if severity == Severity::S1 => vec![Power::CloseS1],
            Command::Assign { staff_id, .. } if *staff_id != actor && crosses_teams => {
                vec![Power::Reassign, Power::ReassignAcrossTeams]
            }
            Command::Assign { staff_id, .. } if *staff_id != actor => vec![Power::Reassign],
            _ => Vec::new(),
        }
    }
}

/// One cell of the matrix: `role` may use `power` on cases at `tier`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub power: Power,
    pub role: StaffRole,
    pub tier: Tier,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityMatrix {
    grants: BTreeSet<Grant>,
}

impl AuthorityMatrix {
    pub fn from_grants(grants: impl IntoIterator<Item = Grant>) -> Self {
        AuthorityMatrix {
            grants: grants.into_iter().collect(),
        }
    }

    pub fn grants(&self) -> impl Iterator<Item = &Grant> {
        self.grants.iter()
    }

    pub fn allows(&self, role: StaffRole, power: Power, tier: Tier) -> bool {
        // Admins run the system: the matrix cannot lock them out of it.
        role == StaffRole::Admin || self.grants.contains(&Grant { power, role, tier })
    }

    /// Checks a power; a refusal says who may do it instead.
    pub fn check(&self, role: StaffRole, power: Power, tier: Tier) -> Result<(), String> {
        if self.allows(role, power, tier) {
            return Ok(());
        }
        let who: Vec<&str> = StaffRole::ALL
            .into_iter()
            .filter(|r| *r != StaffRole::Admin && self.allows(*r, power, tier))
            .map(StaffRole::code)
            .collect();
        let instead = if who.is_empty() {
            "only admins can".to_owned()
        } else {
            format!("{} can", who.join(", "))
        };
        Err(format!(
            "Your role ({}) may not {} at {}: {instead}. Escalate the case or ask one of them.",
            role.code(),
            power.label().to_lowercase(),
            tier.code()
        ))
    }

    /// JSON for storage and the admin API: `[{"power","role","tier"}]`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.grants.iter().map(GrantJson::from).collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".to_owned())
    }

    /// Parses what `to_json` wrote, or what an admin sent; names the bad entry.
    pub fn from_json(source: &str) -> Result<AuthorityMatrix, String> {
        let rows: Vec<GrantJson> =
            serde_json::from_str(source).map_err(|e| format!("not a list of grants: {e}"))?;
        rows.into_iter()
            .enumerate()
            .map(|(i, row)| row.parse().map_err(|e| format!("grant {}: {e}", i + 1)))
            .collect::<Result<BTreeSet<_>, _>>()
            .map(|grants| AuthorityMatrix { grants })
    }
}

impl Default for AuthorityMatrix {
    /// Front line closes nothing severe; specialists and experts act in
    /// their tiers; managers and executives anywhere.
    fn default() -> Self {
        use StaffRole::*;
        let tiers =
            |codes: &[&str]| -> Vec<Tier> { codes.iter().filter_map(|c| Tier::parse(c)).collect() };
        let all = tiers(&["L1", "L2", "L3", "Executive"]);
        let rules: [(Power, StaffRole, Vec<Tier>); 12] = [
            (Power::CloseS1, Specialist, tiers(&["L2", "L3"])),
            (Power::CloseS1, Expert, tiers(&["L2", "L3", "Executive"])),
            (Power::CloseS1, Manager, all.clone()),
            (Power::CloseS1, Executive, all.clone()),
            (Power::Reassign, Agent, tiers(&["L1"])),
            (Power::Reassign, Specialist, tiers(&["L1", "L2"])),
            (Power::Reassign, Expert, tiers(&["L1", "L2", "L3"])),
            (Power::Reassign, Manager, all.clone()),
            (Power::Reassign, Executive, all.clone()),
            // The front desk dispatches new cases to any team; once a team
            // holds a case, moving it to another is a manager's call.
            (Power::ReassignAcrossTeams, Agent, tiers(&["L1"])),
            (Power::ReassignAcrossTeams, Manager, all.clone()),
            (Power::ReassignAcrossTeams, Executive, all),
        ];
        AuthorityMatrix::from_grants(rules.into_iter().flat_map(|(power, role, tiers)| {
            tiers
                .into_iter()
                .map(move |tier| Grant { power, role, tier })
        }))
    }
}

#[derive(Serialize, Deserialize)]
struct GrantJson {
    power: String,
    role: String,
    tier: String,
}

impl From<&Grant> for GrantJson {
    fn from(grant: &Grant) -> Self {
        GrantJson {
            power: grant.power.code().to_owned(),
            role: grant.role.code().to_owned(),
            tier: grant.tier.code().to_owned(),
        }
    }
}

impl GrantJson {
    fn parse(self) -> Result<Grant, String> {
        Ok(Grant {
            power: Power::parse(&self.power).ok_or_else(|| {
                format!(
                    "unknown power {:?} (close_s1, reassign, reassign_across_teams)",
                    self.power
                )
            })?,
            role: StaffRole::parse(&self.role)
                .ok_or_else(|| format!("unknown role {:?}", self.role))?,
            tier: Tier::parse(&self.tier)
                .ok_or_else(|| format!("unknown tier {:?} (L1, L2, L3, Executive)", self.tier))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::UpdateBody;

    fn tier(code: &str) -> Tier {
        Tier::parse(code).unwrap()
    }

    #[test]
    fn by_default_agents_cannot_close_s1_but_managers_can_anywhere() {
        let matrix = AuthorityMatrix::default();
        assert!(!matrix.allows(StaffRole::Agent, Power::CloseS1, tier("L1")));
        for t in Tier::all() {
            assert!(matrix.allows(StaffRole::Manager, Power::CloseS1, t));
        }
        assert!(matrix.allows(StaffRole::Specialist, Power::CloseS1, tier("L2")));
        assert!(!matrix.allows(StaffRole::Specialist, Power::CloseS1, tier("Executive")));
    }

    #[test]
    fn a_refusal_names_who_may_do_it() {
        let message = AuthorityMatrix::default()
            .check(StaffRole::Agent, Power::CloseS1, tier("L1"))
            .unwrap_err();
        assert!(message.contains("manager"), "{message}");
        assert!(message.contains("L1"), "{message}");
        assert!(
            !message.contains("specialist"),
            "specialists may not at L1: {message}"
        );
    }

    #[test]
    fn admins_are_never_locked_out() {
        let empty = AuthorityMatrix::from_grants([]);
        assert!(empty.allows(StaffRole::Admin, Power::Reassign, tier("L3")));
        let message = empty
            .check(StaffRole::Manager, Power::Reassign, tier("L3"))
            .unwrap_err();
        assert!(message.contains("only admins"), "{message}");
    }

    #[test]
    fn only_severe_closes_and_others_reassignments_need_power() {
        let summary = UpdateBody::parse("Fixed").unwrap();
        let solve = Command::MarkSolved { summary };
        assert_eq!(
            Power::needed_for(&solve, Severity::S1, 7, false),
            [Power::CloseS1]
        );
        assert!(Power::needed_for(&solve, Severity::S2, 7, false).is_empty());
        let take = Command::Assign {
            staff_id: 7,
            name: "Me".into(),
        };
        assert!(Power::needed_for(&take, Severity::S1, 7, true).is_empty());
        assert_eq!(
            Power::needed_for(&take, Severity::S1, 8, false),
            [Power::Reassign]
        );
        assert_eq!(
            Power::needed_for(&take, Severity::S1, 8, true),
            [Power::Reassign, Power::ReassignAcrossTeams]
        );
        let matrix = AuthorityMatrix::default();
        assert!(matrix.allows(StaffRole::Specialist, Power::Reassign, tier("L2")));
        assert!(!matrix.allows(
            StaffRole::Specialist,
            Power::ReassignAcrossTeams,
            tier("L2")
        ));
        assert!(matrix.allows(StaffRole::Manager, Power::ReassignAcrossTeams, tier("L2")));
        let update = Command::PostUpdate {
            body: UpdateBody::parse("Working on it").unwrap(),
            waits_for_customer: false,
        };
        assert!(Power::needed_for(&update, Severity::S1, 7, true).is_empty());
    }

    #[test]
    fn the_matrix_round_trips_through_json_and_bad_entries_are_named() {
        let matrix = AuthorityMatrix::default();
        assert_eq!(
            AuthorityMatrix::from_json(&matrix.to_json()).unwrap(),
            matrix
        );
        let error = AuthorityMatrix::from_json(
            r#"[{"power":"close_s1","role":"agent","tier":"L1"},{"power":"fly","role":"agent","tier":"L1"}]"#,
        )
        .unwrap_err();
        assert!(error.starts_with("grant 2: unknown power"), "{error}");
        assert!(AuthorityMatrix::from_json("{").is_err());
    }
}
