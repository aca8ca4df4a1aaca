//! The rule editor's form: the same rules as the language, as rows of
//! "fact, comparison, value" joined by all-of or any-of, and a list of
//! actions. A rule written in the form becomes source text (the one the
//! parser checks and the backtest reads); a rule whose condition is a flat
//! all-of or any-of comes back into the form. Nested conditions stay text.

use super::parse::{clause, rule};
use super::{Expr, Rule};

/// Rows the form offers.
pub const ROWS: usize = 6;

/// The actions the form offers as boxes to tick; `alert <role>` has a
/// field of its own.
pub const PLAIN_ACTIONS: [&str; 8] = [
    "flag_at_risk",
    "suggest_incident_link",
    "raise_severity",
    "escalate_tier",
    "bring_in_management",
    "start_swarm",
    "engage_sponsor",
    "send_message proactive_update",
];

/// What the left-hand side of a row may say, for the form's suggestions.
pub const FACTS: [&str; 22] = [
    "severity",
    "type",
    "tier",
    "channel",
    "age",
    "customer_wait",
    "reopen_count",
    "customer_messages(24h)",
    "rating",
    "escalations",
    "account_open_cases",
    "health_score",
    "signal(error_rate)",
    "text contains",
    "open",
    "key_account",
    "breached",
    "warned",
    "waiting_on_customer",
    "not breached",
    "not warned",
    "not waiting_on_customer",
];

/// One condition: `severity >= S2`, `text contains "refund"`, `breached`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormRow {
    pub fact: String,
    pub op: String,
    pub value: String,
}

/// A rule as the form shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleForm {
    /// Any row may hold (or), rather than all of them (and).
    pub any: bool,
    pub rows: Vec<FormRow>,
    /// Action lines, as after `then`.
    pub actions: Vec<String>,
}

/// What is wrong with a form: the row (from 1) or the actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    pub row: Option<usize>,
    pub message: String,
}

impl RuleForm {
    /// The form of a rule whose condition is one clause or a flat
    /// all-of/any-of of clauses; `None` for nested conditions.
    pub fn from_rule(rule: &Rule) -> Option<RuleForm> {
        let (any, leaves): (bool, Vec<&Expr>) = match &rule.condition {
            Expr::And(all) => (false, all.iter().collect()),
            Expr::Or(any) => (true, any.iter().collect()),
            leaf => (false, vec![leaf]),
        };
        let rows = leaves
            .into_iter()
            .map(row_of)
            .collect::<Option<Vec<FormRow>>>()?;
        Some(RuleForm {
            any,
            rows,
            actions: rule.actions.iter().map(|a| a.source()).collect(),
        })
    }

    /// The rule's source text, checked by the parser; an error names the
    /// row at fault.
    pub fn to_source(&self) -> Result<String, FormError> {
        let rows: Vec<(usize, String)> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.fact.trim().is_empty())
            .map(|(i, r)| (i + 1, r.text()))
            .collect();
        if rows.is_empty() {
            return Err(FormError {
                row: Some(1),
                message: "Give at least one condition.".to_owned(),
            });
        }
        for (number, text) in &rows {
            clause(text).map_err(|e| FormError {
                row: Some(*number),
                message: e.message,
            })?;
        }
        if self.actions.is_empty() {
            return Err(FormError {
                row: None,
                message: "Choose at least one action.".to_owned(),
            });
        }
        let join = if self.any { " or " } else { " and " };
        let condition = rows
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(join);
        let mut source = format!("when {condition}\n");
        for action in &self.actions {
            source.push_str(&format!("then {}\n", action.trim()));
        }
        rule(&source).map_err(|e| FormError {
            row: None,
            message: e.message,
        })?;
        Ok(source)
    }
}

impl FormRow {
    /// The clause as the language writes it.
    fn text(&self) -> String {
        let fact = self.fact.trim();
        let value = self.value.trim();
        if fact == "text contains" {
            return format!("text contains \"{}\"", value.trim_matches('"'));
        }
        if self.op.trim().is_empty() && value.is_empty() {
            return fact.to_owned();
        }
        format!("{fact} {} {value}", self.op.trim())
    }
}

/// A clause as a row, or `None` for one the form cannot hold (a nested
/// and/or, or `not` of anything but a flag).
fn row_of(leaf: &Expr) -> Option<FormRow> {
    let printed = super::parse::print_clause(leaf);
    match leaf {
        Expr::And(_) | Expr::Or(_) => None,
        Expr::Not(inner) if !matches!(**inner, Expr::Flag(_)) => None,
        Expr::Not(_) | Expr::Flag(_) => Some(FormRow {
            fact: printed,
            ..FormRow::default()
        }),
        Expr::Contains(words) => Some(FormRow {
            fact: "text contains".to_owned(),
            op: String::new(),
            value: words.clone(),
        }),
        Expr::Compare(_) | Expr::Signal { .. } => {
            // "fact op value": the fact has no spaces, the op is one word.
            let mut parts = printed.splitn(3, ' ');
            Some(FormRow {
                fact: parts.next()?.to_owned(),
                op: parts.next()?.to_owned(),
                value: parts.next()?.to_owned(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form_of(source: &str) -> Option<RuleForm> {
        RuleForm::from_rule(&rule(source).unwrap())
    }

    #[test]
    fn a_flat_rule_comes_into_the_form_and_goes_back_the_same() {
        let source = "when severity >= S2 and customer_messages(24h) >= 3 and not breached \
                      and text contains \"refund\" and signal(error_rate) > 0.05\n\
                      then flag_at_risk\nthen alert manager\n";
        let form = form_of(source).unwrap();
        assert!(!form.any);
        assert_eq!(form.rows.len(), 5);
        assert_eq!(
            form.rows[1],
            FormRow {
                fact: "customer_messages(1d)".into(),
                op: ">=".into(),
                value: "3".into()
            }
        );
        assert_eq!(form.rows[2].fact, "not breached");
        assert_eq!(form.rows[3].value, "refund");
        assert_eq!(form.actions, ["flag_at_risk", "alert manager"]);
        assert_eq!(rule(&form.to_source().unwrap()), rule(source));
    }

    #[test]
    fn nested_conditions_stay_text() {
        assert!(form_of("when open and (breached or warned)\nthen flag_at_risk").is_none());
        assert!(form_of("when not (open and breached)\nthen flag_at_risk").is_none());
        assert!(
            form_of("when breached or warned\nthen flag_at_risk")
                .unwrap()
                .any
        );
    }

    #[test]
    fn a_wrong_row_is_named_and_empty_rows_are_skipped() {
        let form = RuleForm {
            any: false,
            rows: vec![
                FormRow {
                    fact: "open".into(),
                    ..Default::default()
                },
                FormRow::default(),
                FormRow {
                    fact: "mood".into(),
                    op: ">".into(),
                    value: "3".into(),
                },
            ],
            actions: vec!["flag_at_risk".into()],
        };
        let error = form.to_source().unwrap_err();
        assert_eq!(error.row, Some(3));
        assert!(error.message.contains("not a fact"), "{error:?}");
        let none = RuleForm {
            actions: vec![],
            ..form_of("when open\nthen flag_at_risk").unwrap()
        };
        assert_eq!(none.to_source().unwrap_err().row, None);
    }

    proptest! {
        #[test]
        fn rows_of_any_flat_rule_round_trip(
            picks in proptest::collection::vec(0usize..8, 1..5),
            any in any::<bool>(),
        ) {
            let clauses = [
                "severity >= S2", "age > 4h", "customer_messages(24h) >= 3", "open",
                "not warned", "text contains \"cancel\"", "signal(error_rate) > 0.05",
                "health_score < 50",
            ];
            let join = if any { " or " } else { " and " };
            let condition = picks.iter().map(|i| clauses[*i]).collect::<Vec<_>>().join(join);
            let source = format!("when {condition}\nthen flag_at_risk\n");
            let written = rule(&source).unwrap();
            let form = RuleForm::from_rule(&written).unwrap();
            prop_assert_eq!(rule(&form.to_source().unwrap()).unwrap(), written);
        }
    }
}
