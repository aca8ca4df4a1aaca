//! The matrix as JSON, for storage and the admin API: written by Baton,
//! read back from the database or from an admin, with errors naming the
//! bad entry.

use super::rules::{EscalationType, Raci, RaciMatrix, Step};
use crate::domain::role::StaffRole;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

impl RaciMatrix {
    /// JSON for storage and the admin API.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.types().iter().map(TypeJson::from).collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".to_owned())
    }

    /// Parses what `to_json` wrote or an admin sent; names the bad entry.
    pub fn from_json(source: &str) -> Result<RaciMatrix, String> {
        let rows: Vec<TypeJson> = serde_json::from_str(source)
            .map_err(|e| format!("not a list of escalation types: {e}"))?;
        let types = rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| row.parse().map_err(|e| format!("type {}: {e}", i + 1)))
            .collect::<Result<Vec<_>, _>>()?;
        RaciMatrix::new(types)
    }
}

#[derive(Serialize, Deserialize)]
struct TypeJson {
    code: String,
    label: String,
    steps: BTreeMap<String, RaciJson>,
}

/// One step as written: `accountable` is a single role, so "exactly one"
/// is a parse error, not a rule to remember.
#[derive(Serialize, Deserialize)]
struct RaciJson {
    #[serde(default)]
    responsible: Vec<String>,
    accountable: serde_json::Value,
    #[serde(default)]
    consulted: Vec<String>,
    #[serde(default)]
    informed: Vec<String>,
}

impl From<&EscalationType> for TypeJson {
    fn from(t: &EscalationType) -> Self {
        let codes = |roles: &BTreeSet<StaffRole>| -> Vec<String> {
            roles.iter().map(|r| r.code().to_owned()).collect()
        };
        TypeJson {
            code: t.code.clone(),
            label: t.label.clone(),
            steps: t
                .steps
                .iter()
                .map(|(step, raci)| {
                    let row = RaciJson {
                        responsible: codes(&raci.responsible),
                        accountable: raci.accountable.code().into(),
                        consulted: codes(&raci.consulted),
                        informed: codes(&raci.informed),
                    };
                    (step.code().to_owned(), row)
                })
                .collect(),
        }
    }
}

impl TypeJson {
    fn parse(self) -> Result<EscalationType, String> {
        let steps = self
            .steps
            .into_iter()
            .map(|(step, row)| {
                let step = Step::parse(&step).ok_or_else(|| {
                    format!("unknown step {step:?} (triage, fix, customer_update, closure)")
                })?;
                let raci = row.parse().map_err(|e| format!("{}: {e}", step.code()))?;
                Ok((step, raci))
            })
            .collect::<Result<_, String>>()?;
        Ok(EscalationType {
            code: self.code.trim().to_owned(),
            label: self.label.trim().to_owned(),
            steps,
        })
    }
}

impl RaciJson {
    fn parse(self) -> Result<Raci, String> {
        let roles = |names: Vec<String>| -> Result<BTreeSet<StaffRole>, String> {
            names
                .iter()
                .map(|n| StaffRole::parse(n).ok_or_else(|| format!("unknown role {n:?}")))
                .collect()
        };
        let accountable = match &self.accountable {
            serde_json::Value::String(role) => role.clone(),
            serde_json::Value::Array(roles) if roles.len() == 1 => {
                roles[0].as_str().unwrap_or_default().to_owned()
            }
            _ => return Err("name exactly one Accountable role.".to_owned()),
        };
        Ok(Raci {
            responsible: roles(self.responsible)?,
            accountable: StaffRole::parse(&accountable)
                .ok_or_else(|| format!("unknown role {accountable:?}"))?,
            consulted: roles(self.consulted)?,
            informed: roles(self.informed)?,
        })
    }
}
