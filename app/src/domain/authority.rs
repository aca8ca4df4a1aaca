//! The authority matrix: which role may use which power on a case at which
//! tier. Moving a case between tiers is never in it: anyone may escalate or
//! hand back, at once, without approval (with a handoff note). What needs authority is what can hurt a customer if done too
//! early or by the wrong person.

use super::role::StaffRole;
use super::{Command, Severity, Tier};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

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
    /// Declare the case a major incident.
    DeclareMajorIncident,
    /// Grant the customer a goodwill credit, up to an amount per role and tier.
    GrantCredit,
}

impl Power {
    pub const ALL: [Power; 5] = [
        Power::CloseS1,
        Power::Reassign,
        Power::ReassignAcrossTeams,
        Power::DeclareMajorIncident,
        Power::GrantCredit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Power::CloseS1 => "close_s1",
            Power::Reassign => "reassign",
            Power::ReassignAcrossTeams => "reassign_across_teams",
            Power::DeclareMajorIncident => "declare_major_incident",
            Power::GrantCredit => "grant_credit",
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
            Power::DeclareMajorIncident => "Declare a major incident",
            Power::GrantCredit => "Grant credits",
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
            Command::DeclareMajorIncident { .. } => vec![Power::DeclareMajorIncident],
            Command::GrantCredit { .. } => vec![Power::GrantCredit],
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

/// The grants, and for each role and tier granted credits, how much one
/// credit may be at most (whole units of the billing currency).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityMatrix {
    grants: BTreeSet<Grant>,
    credit_limits: BTreeMap<(StaffRole, Tier), u32>,
}

impl AuthorityMatrix {
    /// A `GrantCredit` grant given here has no limit yet: see `with_credit_limit`.
    pub fn from_grants(grants: impl IntoIterator<Item = Grant>) -> Self {
        AuthorityMatrix {
            grants: grants
                .into_iter()
                .filter(|g| g.power != Power::GrantCredit)
                .collect(),
            credit_limits: BTreeMap::new(),
        }
    }

    /// Lets `role` grant credits of up to `up_to` at `tier`.
    pub fn with_credit_limit(mut self, role: StaffRole, tier: Tier, up_to: u32) -> Self {
        self.credit_limits.insert((role, tier), up_to);
        self
    }

    /// The most `role` may grant at `tier`; `None` when it may grant none.
    pub fn credit_limit(&self, role: StaffRole, tier: Tier) -> Option<u32> {
        self.credit_limits.get(&(role, tier)).copied()
    }

    /// Every limit, as (role, tier, up to).
    pub fn credit_limits(&self) -> impl Iterator<Item = (StaffRole, Tier, u32)> + '_ {
        self.credit_limits
            .iter()
            .map(|((r, t), up_to)| (*r, *t, *up_to))
    }

    /// Checks a credit of `amount`; a refusal says who may grant that much.
    pub fn check_credit(&self, role: StaffRole, tier: Tier, amount: u32) -> Result<(), String> {
        if role == StaffRole::Admin || self.credit_limit(role, tier).is_some_and(|l| amount <= l) {
            return Ok(());
        }
        let yours = match self.credit_limit(role, tier) {
            Some(limit) => format!("up to {limit}"),
            None => "none".to_owned(),
        };
        let instead = who_may(|r| self.credit_limit(r, tier).is_some_and(|l| amount <= l));
        Err(format!(
            "Your role ({}) may grant credits {yours} at {tier}, not {amount}: {instead}. Ask one of them.",
            role.code()
        ))
    }

    pub fn grants(&self) -> impl Iterator<Item = &Grant> {
        self.grants.iter()
    }

    pub fn allows(&self, role: StaffRole, power: Power, tier: Tier) -> bool {
        // Admins run the system: the matrix cannot lock them out of it.
        role == StaffRole::Admin
            || self.grants.contains(&Grant { power, role, tier })
            || (power == Power::GrantCredit && self.credit_limit(role, tier).is_some())
    }

    /// Checks a power; a refusal says who may do it instead.
    pub fn check(&self, role: StaffRole, power: Power, tier: Tier) -> Result<(), String> {
        if self.allows(role, power, tier) {
            return Ok(());
        }
        let instead = who_may(|r| self.allows(r, power, tier));
        Err(format!(
            "Your role ({}) may not {} at {}: {instead}. Escalate the case or ask one of them.",
            role.code(),
            power.label().to_lowercase(),
            tier.code()
        ))
    }

    /// Checks a power held at any of `tiers`, for acts above a single case
    /// (declaring a major incident); a refusal says who may instead.
    pub fn check_anywhere(
        &self,
        role: StaffRole,
        power: Power,
        tiers: &[Tier],
    ) -> Result<(), String> {
        let may = |r: StaffRole| tiers.iter().any(|t| self.allows(r, power, *t));
        if may(role) {
            return Ok(());
        }
        Err(format!(
            "Your role ({}) may not {}: {}. Ask one of them.",
            role.code(),
            power.label().to_lowercase(),
            who_may(may)
        ))
    }

    /// JSON for storage and the admin API: `[{"power","role","tier"}]`,
    /// with `"up_to"` on each `grant_credit` entry.
    pub fn to_json(&self) -> String {
        let credits = self.credit_limits().map(|(role, tier, up_to)| GrantJson {
            power: Power::GrantCredit.code().to_owned(),
            role: role.code().to_owned(),
            tier: tier.code().to_owned(),
            up_to: Some(up_to),
        });
        let rows: Vec<GrantJson> = self
            .grants
            .iter()
            .map(GrantJson::from)
            .chain(credits)
            .collect();
        serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Parses what `to_json` wrote, or what an admin sent; names the bad entry.
    pub fn from_json(source: &str) -> Result<AuthorityMatrix, String> {
        let rows: Vec<GrantJson> =
            serde_json::from_str(source).map_err(|e| format!("not a list of grants: {e}"))?;
        let mut matrix = AuthorityMatrix::from_grants([]);
        for (i, row) in rows.into_iter().enumerate() {
            let up_to = row.up_to;
            let grant = row.parse().map_err(|e| format!("grant {}: {e}", i + 1))?;
            match (grant.power, up_to) {
                (Power::GrantCredit, Some(up_to)) if up_to <= crate::domain::credit::MAX_CREDIT => {
                    matrix = matrix.with_credit_limit(grant.role, grant.tier, up_to);
                }
                (Power::GrantCredit, _) => {
                    return Err(format!(
                        "grant {}: grant_credit needs \"up_to\", a whole amount up to {}",
                        i + 1,
                        crate::domain::credit::MAX_CREDIT
                    ));
                }
                (_, Some(_)) => {
                    return Err(format!(
                        "grant {}: only grant_credit takes \"up_to\"",
                        i + 1
                    ));
                }
                (_, None) => {
                    matrix.grants.insert(grant);
                }
            }
        }
        Ok(matrix)
    }
}

/// "manager, executive can" (or "only admins can"): the roles, admins
/// aside, that `may` lets through, for a refusal to point at.
fn who_may(may: impl Fn(StaffRole) -> bool) -> String {
    let who: Vec<&str> = StaffRole::ALL
        .into_iter()
        .filter(|r| *r != StaffRole::Admin && may(*r))
        .map(StaffRole::code)
        .collect();
    if who.is_empty() {
        "only admins can".to_owned()
    } else {
        format!("{} can", who.join(", "))
    }
}

impl Default for AuthorityMatrix {
    /// Front line closes nothing severe; specialists and experts act in
    /// their tiers; managers and executives anywhere.
    fn default() -> Self {
        use StaffRole::*;
        let tiers = |codes: &[&str]| -> Vec<Tier> {
            codes.iter().filter_map(|c| Tier::new(c).ok()).collect()
        };
        let all = tiers(&["L1", "L2", "L3", "Executive"]);
        let rules: [(Power, StaffRole, Vec<Tier>); 16] = [
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
            (Power::ReassignAcrossTeams, Executive, all.clone()),
            // Waking the major-incident process is for those who see the
            // whole picture.
            (
                Power::DeclareMajorIncident,
                Specialist,
                tiers(&["L2", "L3"]),
            ),
            (
                Power::DeclareMajorIncident,
                Expert,
                tiers(&["L2", "L3", "Executive"]),
            ),
            (Power::DeclareMajorIncident, Manager, all.clone()),
            (Power::DeclareMajorIncident, Executive, all.clone()),
        ];
        let matrix =
            AuthorityMatrix::from_grants(rules.into_iter().flat_map(|(power, role, tiers)| {
                tiers
                    .into_iter()
                    .map(move |tier| Grant { power, role, tier })
            }));
        // Credits grow with seniority: the front line smooths things over,
        // managers and executives settle real losses.
        let credits: [(StaffRole, Vec<Tier>, u32); 5] = [
            (Agent, tiers(&["L1"]), 50),
            (Specialist, tiers(&["L1", "L2"]), 200),
            (Expert, tiers(&["L1", "L2", "L3"]), 500),
            (Manager, all.clone(), 2_000),
            (Executive, all, 10_000),
        ];
        credits
            .into_iter()
            .flat_map(|(role, tiers, up_to)| tiers.into_iter().map(move |t| (role, t, up_to)))
            .fold(matrix, |m, (role, tier, up_to)| {
                m.with_credit_limit(role, tier, up_to)
            })
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantJson {
    power: String,
    role: String,
    tier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    up_to: Option<u32>,
}

impl From<&Grant> for GrantJson {
    fn from(grant: &Grant) -> Self {
        GrantJson {
            power: grant.power.code().to_owned(),
            role: grant.role.code().to_owned(),
            tier: grant.tier.code().to_owned(),
            up_to: None,
        }
    }
}

impl GrantJson {
    fn parse(self) -> Result<Grant, String> {
        Ok(Grant {
            power: Power::parse(&self.power).ok_or_else(|| {
                format!(
                    "unknown power {:?} ({})",
                    self.power,
                    Power::ALL.map(Power::code).join(", ")
                )
            })?,
            role: StaffRole::parse(&self.role)
                .ok_or_else(|| format!("unknown role {:?}", self.role))?,
            tier: Tier::new(&self.tier)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::UpdateBody;

    fn tier(code: &str) -> Tier {
        Tier::new(code).unwrap()
    }

    #[test]
    fn by_default_agents_cannot_close_s1_but_managers_can_anywhere() {
        let matrix = AuthorityMatrix::default();
        assert!(!matrix.allows(StaffRole::Agent, Power::CloseS1, tier("L1")));
        for t in crate::domain::ladder::TierLadder::default().all() {
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

    #[test]
    fn credits_are_capped_per_role_and_tier_and_a_refusal_names_who_may() {
        let matrix = AuthorityMatrix::default();
        assert!(
            matrix
                .check_credit(StaffRole::Agent, tier("L1"), 50)
                .is_ok()
        );
        let refused = matrix
            .check_credit(StaffRole::Agent, tier("L1"), 80)
            .unwrap_err();
        assert!(refused.contains("up to 50"), "{refused}");
        assert!(refused.contains("specialist"), "{refused}");
        let none = matrix
            .check_credit(StaffRole::Agent, tier("L2"), 1)
            .unwrap_err();
        assert!(none.contains("credits none at L2"), "{none}");
        assert!(
            matrix
                .check_credit(StaffRole::Manager, tier("Executive"), 2_000)
                .is_ok()
        );
        let big = matrix
            .check_credit(StaffRole::Manager, tier("L3"), 50_000)
            .unwrap_err();
        assert!(big.contains("only admins"), "{big}");
        assert!(
            matrix
                .check_credit(StaffRole::Admin, tier("L3"), 50_000)
                .is_ok()
        );
        assert!(matrix.allows(StaffRole::Agent, Power::GrantCredit, tier("L1")));
        assert!(!matrix.allows(StaffRole::Agent, Power::GrantCredit, tier("L2")));
    }

    #[test]
    fn declaring_a_major_incident_and_granting_credit_need_their_powers() {
        let summary =
            crate::domain::customer::InternalNoteBody::parse("Checkout down for all").unwrap();
        let declare = Command::DeclareMajorIncident {
            summary: summary.clone(),
        };
        assert_eq!(
            Power::needed_for(&declare, Severity::S3, 7, false),
            [Power::DeclareMajorIncident]
        );
        let credit = Command::GrantCredit {
            amount: crate::domain::credit::CreditAmount::new(10).unwrap(),
            reason: summary,
        };
        assert_eq!(
            Power::needed_for(&credit, Severity::S3, 7, false),
            [Power::GrantCredit]
        );
        let matrix = AuthorityMatrix::default();
        assert!(!matrix.allows(StaffRole::Agent, Power::DeclareMajorIncident, tier("L1")));
        assert!(matrix.allows(StaffRole::Manager, Power::DeclareMajorIncident, tier("L1")));
    }

    #[test]
    fn credit_limits_travel_in_the_json_and_must_be_given() {
        let matrix = AuthorityMatrix::default();
        let json = matrix.to_json();
        assert!(json.contains("\"up_to\": 50"), "{json}");
        assert_eq!(AuthorityMatrix::from_json(&json).unwrap(), matrix);
        let missing =
            AuthorityMatrix::from_json(r#"[{"power":"grant_credit","role":"agent","tier":"L1"}]"#)
                .unwrap_err();
        assert!(
            missing.starts_with("grant 1: grant_credit needs"),
            "{missing}"
        );
        let stray = AuthorityMatrix::from_json(
            r#"[{"power":"reassign","role":"agent","tier":"L1","up_to":5}]"#,
        )
        .unwrap_err();
        assert!(stray.contains("only grant_credit"), "{stray}");
    }
}
