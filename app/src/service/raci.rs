//! Escalation types and their RACI matrices in force: kept with the other
//! settings, edited by ops and admins in a grid, and applied by themselves
//! whenever a case changes (owner on a tier move, who is told, who is asked).

use super::{Portal, notify};
use crate::domain::StaffMember;
use crate::domain::raci::{Candidate, Raci, RaciMatrix, Step};
use crate::domain::role::StaffRole;
use crate::domain::sla::alerts::SlaAlert;
use crate::domain::{Case, Command, Event, FieldError, FieldErrors, Tier};
use crate::error::AppError;
use crate::store::{Conn, StoreError, outbox, sla_settings, staff};
use crate::views::{RaciCellView, RaciPage, RaciRowView, RaciTypeView, RaciView};
use jiff::Timestamp;
use std::collections::{BTreeSet, HashMap};

/// The setting's name beside the SLA calendar, policies and authority.
pub const RACI: &str = "raci";

/// What configuring here means, for the refusal.
pub const CONFIGURING: &str = "change escalation types and the RACI matrix";

/// The matrix in force: the saved one, or the default.
pub async fn matrix(conn: &mut Conn) -> Result<RaciMatrix, StoreError> {
    let saved = sla_settings::get(conn, RACI).await?;
    Ok(from_saved(saved.as_ref().map(|s| s.source.as_str())))
}

/// The matrix a saved source (or none) puts in force.
pub fn from_saved(source: Option<&str>) -> RaciMatrix {
    match source {
        Some(source) => RaciMatrix::from_json(source).unwrap_or_else(|error| {
            // Saving validates, so this is a hand-edited database.
            tracing::error!(%error, "the saved RACI matrix is broken; using the default");
            RaciMatrix::default()
        }),
        None => RaciMatrix::default(),
    }
}

/// Refuses a type code the matrix does not know, naming the known ones.
pub fn check_type(matrix: &RaciMatrix, code: &str) -> Result<(), FieldError> {
    if matrix.find(code).is_some() {
        return Ok(());
    }
    let known: Vec<&str> = matrix.types().iter().map(|t| t.code.as_str()).collect();
    Err(FieldError::new(
        "escalation_type",
        &format!(
            "Unknown escalation type {code:?}; use one of {}.",
            known.join(", ")
        ),
    ))
}

/// The grid for the ops page and the admin API.
pub async fn page(portal: &Portal, member: &StaffMember) -> Result<RaciPage, AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    let matrix = matrix(&mut conn).await?;
    let saved = sla_settings::get(&mut conn, RACI).await?;
    let roles = assignable_roles();
    Ok(RaciPage {
        roles: roles.iter().map(|r| r.code().to_owned()).collect(),
        types: matrix
            .types()
            .iter()
            .map(|t| RaciTypeView {
                code: t.code.clone(),
                label: t.label.clone(),
                rows: Step::ALL
                    .into_iter()
                    .map(|step| {
                        let raci = &t.steps[&step];
                        RaciRowView {
                            step: step.code().to_owned(),
                            step_label: step.label().to_owned(),
                            cells: roles
                                .iter()
                                .map(|role| RaciCellView {
                                    role: role.code().to_owned(),
                                    letters: raci.letters(*role),
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            })
            .collect(),
        json: matrix.to_json(),
        updated: saved.map(|s| super::present::changed_label(&s, &portal.zone)),
    })
}

/// Roles that can hold a letter: everyone but ops and admins, who run Baton
/// rather than cases.
fn assignable_roles() -> Vec<StaffRole> {
    StaffRole::ALL
        .into_iter()
        .filter(|r| !matches!(r, StaffRole::Ops | StaffRole::Admin))
        .collect()
}

/// Reads the grid form back: `{type}.{step}.{R|C|I}.{role}` boxes and one
/// `{type}.{step}.A` choice per row, for the types in force. Anything else,
/// or a row without exactly one Accountable, is an error naming the row.
pub fn parse_grid(
    current: &RaciMatrix,
    form: &HashMap<String, String>,
) -> Result<RaciMatrix, AppError> {
    let invalid =
        |message: String| AppError::Invalid(FieldErrors(vec![FieldError::new("grid", &message)]));
    let mut used = BTreeSet::new();
    let mut types = current.types().to_vec();
    for t in &mut types {
        for step in Step::ALL {
            let prefix = format!("{}.{}", t.code, step.code());
            let mut letter = |l: &str| -> BTreeSet<StaffRole> {
                assignable_roles()
                    .into_iter()
                    .filter(|role| {
                        let key = format!("{prefix}.{l}.{}", role.code());
                        form.contains_key(&key) && used.insert(key)
                    })
                    .collect()
            };
            let (responsible, consulted, informed) = (letter("R"), letter("C"), letter("I"));
            let a_key = format!("{prefix}.A");
            used.insert(a_key.clone());
            let accountable = form
                .get(&a_key)
                .and_then(|raw| StaffRole::parse(raw))
                .ok_or_else(|| {
                    invalid(format!(
                        "{}, {}: choose exactly one Accountable role.",
                        t.label,
                        step.label()
                    ))
                })?;
            t.steps.insert(
                step,
                Raci {
                    responsible,
                    accountable,
                    consulted,
                    informed,
                },
            );
        }
    }
    if let Some(stray) = form.keys().find(|k| !used.contains(*k)) {
        return Err(invalid(format!("{stray:?} is not a cell of the grid.")));
    }
    RaciMatrix::new(types).map_err(invalid)
}

/// Reads a whole matrix as JSON (types added, renamed or removed).
pub fn parse_json(source: &str) -> Result<RaciMatrix, AppError> {
    RaciMatrix::from_json(source)
        .map_err(|e| AppError::Invalid(FieldErrors(vec![FieldError::new("json", &e)])))
}

/// Puts a new matrix in force, with an audit record.
pub async fn save(
    portal: &Portal,
    member: &StaffMember,
    matrix: &RaciMatrix,
    now: Timestamp,
) -> Result<(), AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut tx = portal.store.begin().await?;
    sla_settings::put(&mut tx, RACI, &matrix.to_json(), &member.email, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(by = %member.email, "RACI matrix changed");
    Ok(())
}

/// The four letters for a case where it stands now, for the case page.
pub fn view(matrix: &RaciMatrix, case: &Case) -> RaciView {
    let step = Step::of_stage(case.stage);
    let raci = matrix.raci(&case.escalation_type, step);
    let codes = |roles: &BTreeSet<StaffRole>| roles.iter().map(|r| r.code().to_owned()).collect();
    RaciView {
        type_label: matrix
            .find(&case.escalation_type)
            .map_or_else(|| case.escalation_type.clone(), |t| t.label.clone()),
        step: step.label().to_owned(),
        responsible: codes(&raci.responsible),
        accountable: raci.accountable.code().to_owned(),
        consulted: codes(&raci.consulted),
        informed: codes(&raci.informed),
    }
}

/// When a tier move calls for a new owner, the command that assigns them.
pub async fn owner_command(
    conn: &mut Conn,
    matrix: &RaciMatrix,
    case: &Case,
    events: &[Event],
) -> Result<Option<Command>, StoreError> {
    OwnerPool::default()
        .owner_command(conn, matrix, case, events)
        .await
}

/// The staff each tier offers as owners, read once for a batch of cases
/// and kept current as the batch assigns them, so the least loaded member
/// is still chosen each time.
#[derive(Default)]
pub struct OwnerPool {
    tiers: HashMap<String, Vec<Candidate>>,
}

impl OwnerPool {
    /// As `owner_command`, counting this assignment for the next case.
    pub async fn owner_command(
        &mut self,
        conn: &mut Conn,
        matrix: &RaciMatrix,
        case: &Case,
        events: &[Event],
    ) -> Result<Option<Command>, StoreError> {
        let tier = case.tier.code();
        if !self.tiers.contains_key(tier) {
            let members = staff::members_of_tier(conn, tier).await?;
            let candidates = members
                .into_iter()
                .filter_map(|m| {
                    Some(Candidate {
                        staff_id: m.staff_id,
                        name: m.name,
                        role: StaffRole::parse(&m.role)?,
                        tier: m.tier.as_deref().and_then(|t| Tier::new(t).ok()),
                        open_cases: m.open_cases,
                    })
                })
                .collect();
            self.tiers.insert(tier.to_owned(), candidates);
        }
        let kinds: Vec<_> = events.iter().map(|e| e.kind.clone()).collect();
        let Some(owner) = matrix.owner_after_move(case, &kinds, &self.tiers[tier]) else {
            return Ok(None);
        };
        let command = Command::Assign {
            staff_id: owner.staff_id,
            name: owner.name.clone(),
        };
        let (new, previous) = (owner.staff_id, case.assignee.as_ref().map(|a| a.staff_id));
        for candidate in self.tiers.values_mut().flatten() {
            if candidate.staff_id == new {
                candidate.open_cases += 1;
            } else if Some(candidate.staff_id) == previous {
                candidate.open_cases -= 1;
            }
        }
        Ok(Some(command))
    }
}

/// Tells the Informed and asks the Consulted about these events, and calls
/// in the management staff escalated to, in the console and by email, in the
/// caller's transaction.
pub async fn notify_roles(
    portal: &Portal,
    conn: &mut Conn,
    matrix: &RaciMatrix,
    case_id: i64,
    case: &Case,
    events: &[Event],
    now: Timestamp,
) -> Result<(), StoreError> {
    let alerts = role_alerts(matrix, case, events);
    outbox::add_alerts(conn, case_id, &alerts, now).await?;
    notify::staff_alerts(portal, conn, case_id, case, &alerts, now).await
}

/// The console alerts `events` call for by the matrix (Informed, Consulted)
/// and the management path.
pub fn role_alerts(matrix: &RaciMatrix, case: &Case, events: &[Event]) -> Vec<SlaAlert> {
    let kinds: Vec<_> = events.iter().map(|e| e.kind.clone()).collect();
    matrix
        .notices(case, &kinds)
        .into_iter()
        .map(|n| SlaAlert {
            recipient: format!("role:{}", n.role.code()),
            kind: n.kind,
            message: n.message,
        })
        .chain(crate::domain::management::alerts(case, events))
        .collect()
}
