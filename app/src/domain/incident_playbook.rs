//! What ops prepare before an incident: the role cards each holder reads on
//! taking a role (now, next, never), and playbooks, one per incident kind,
//! whose tasks become the incident's checklist when it is declared as that
//! kind. Kept as one setting, edited in the studio as JSON.

use super::incident::IncidentRole;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most tasks one playbook may hold.
pub const MAX_TASKS: usize = 40;
/// Longest task title, in characters.
pub const MAX_TASK: usize = 200;
const MAX_CARD_LINE: usize = 400;

/// What a role does now, next and never: the card staff see on taking it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleCard {
    pub now: String,
    pub next: String,
    pub never: String,
}

/// The checklist for one kind of incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Playbook {
    /// A short code, e.g. `outage`, chosen when declaring.
    pub kind: String,
    pub name: String,
    pub tasks: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaybookSettings {
    /// A role left out reads Baton's shipped card.
    #[serde(default)]
    pub role_cards: BTreeMap<IncidentRole, RoleCard>,
    #[serde(default)]
    pub playbooks: Vec<Playbook>,
}

impl Default for PlaybookSettings {
    /// The shipped cards and one example playbook to start from.
    fn default() -> Self {
        PlaybookSettings {
            role_cards: IncidentRole::ALL
                .into_iter()
                .map(|role| (role, shipped_card(role)))
                .collect(),
            playbooks: vec![Playbook {
                kind: "outage".to_owned(),
                name: "Service outage".to_owned(),
                tasks: [
                    "Confirm what is down and since when",
                    "Link the affected customers' cases",
                    "Publish the first situation update within 30 minutes",
                    "Find a workaround customers can use now",
                    "Restore the service and confirm with two customers",
                    "Book the post-incident review",
                ]
                .map(str::to_owned)
                .to_vec(),
            }],
        }
    }
}

impl PlaybookSettings {
    /// The card for `role`: what ops wrote, else Baton's own.
    pub fn card(&self, role: IncidentRole) -> RoleCard {
        self.role_cards
            .get(&role)
            .cloned()
            .unwrap_or_else(|| shipped_card(role))
    }

    pub fn playbook(&self, kind: &str) -> Option<&Playbook> {
        self.playbooks.iter().find(|p| p.kind == kind)
    }

    /// The kinds one may declare, for forms and refusals.
    pub fn kinds(&self) -> Vec<&str> {
        self.playbooks.iter().map(|p| p.kind.as_str()).collect()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// Parses what `to_json` wrote or ops sent; errors name the entry.
    pub fn from_json(source: &str) -> Result<PlaybookSettings, String> {
        let raw: PlaybookSettings = serde_json::from_str(source).map_err(|e| {
            format!(
                "not an incident playbook setting: {e} (roles are commander, comms_lead and scribe)"
            )
        })?;
        raw.checked()
    }

    fn checked(self) -> Result<PlaybookSettings, String> {
        let mut role_cards = BTreeMap::new();
        for (role, card) in self.role_cards {
            let at = format!("role_cards.{}", role.code());
            let line = |name: &str, text: &str| -> Result<String, String> {
                clean(text, MAX_CARD_LINE).ok_or_else(|| {
                    format!(
                        "{at}.{name}: say it in 1 to {MAX_CARD_LINE} characters, without control characters."
                    )
                })
            };
            let card = RoleCard {
                now: line("now", &card.now)?,
                next: line("next", &card.next)?,
                never: line("never", &card.never)?,
            };
            role_cards.insert(role, card);
        }
        let mut playbooks: Vec<Playbook> = Vec::new();
        for (i, playbook) in self.playbooks.into_iter().enumerate() {
            let at = format!("playbook {} ({:?})", i + 1, playbook.kind);
            let kind = playbook.kind.trim().to_owned();
            let code_like = !kind.is_empty()
                && kind.len() <= 40
                && kind
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
            if !code_like {
                return Err(format!(
                    "{at}: a kind is 1 to 40 lowercase letters, digits, - or _, such as outage."
                ));
            }
            if playbooks.iter().any(|p| p.kind == kind) {
                return Err(format!("{at}: the kind is listed twice."));
            }
            let Some(name) = clean(&playbook.name, 120) else {
                return Err(format!(
                    "{at}: a name is 1 to 120 characters, without control characters."
                ));
            };
            if playbook.tasks.is_empty() || playbook.tasks.len() > MAX_TASKS {
                return Err(format!("{at}: list 1 to {MAX_TASKS} tasks."));
            }
            let mut tasks = Vec::new();
            for (j, task) in playbook.tasks.iter().enumerate() {
                let Some(task) = clean(task, MAX_TASK) else {
                    return Err(format!(
                        "{at}, task {}: a task is 1 to {MAX_TASK} characters, without control characters.",
                        j + 1
                    ));
                };
                tasks.push(task);
            }
            playbooks.push(Playbook { kind, name, tasks });
        }
        Ok(PlaybookSettings {
            role_cards,
            playbooks,
        })
    }
}

/// Trimmed text of 1 to `max` characters with no control characters (line
/// breaks aside), as every text a customer or staff member reads.
fn clean(text: &str, max: usize) -> Option<String> {
    super::validation::bounded_text("text", text, max, "empty").ok()
}

/// Baton's own card for each role.
pub fn shipped_card(role: IncidentRole) -> RoleCard {
    let (now, next, never) = match role {
        IncidentRole::Commander => (
            "Staff the comms lead and scribe. Link the affected cases. Set the first update time.",
            "Decide, and say each decision aloud for the scribe. Hand over if you step away.",
            "Fix things yourself while you command, or leave the role without a hand-over.",
        ),
        IncidentRole::CommsLead => (
            "Publish the first situation update and promise when the next one comes.",
            "Publish before every promised time, even when nothing changed.",
            "Guess at causes, name colleagues, or promise a fix time you cannot keep.",
        ),
        IncidentRole::Scribe => (
            "Write down what is known, who is engaged and every decision, with its time.",
            "Keep the timeline current so the review writes itself.",
            "Judge or blame: record what happened, not who is at fault.",
        ),
    };
    RoleCard {
        now: now.to_owned(),
        next: next.to_owned(),
        never: never.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_setting_round_trips_through_its_json() {
        let shipped = PlaybookSettings::default();
        let again = PlaybookSettings::from_json(&shipped.to_json()).unwrap();
        assert_eq!(again, shipped);
        assert_eq!(again.kinds(), ["outage"]);
    }

    #[test]
    fn a_role_left_out_reads_the_shipped_card() {
        let json = r#"{"role_cards": {"scribe": {"now": "Write.", "next": "Keep writing.", "never": "Blame."}}}"#;
        let settings = PlaybookSettings::from_json(json).unwrap();
        assert_eq!(settings.card(IncidentRole::Scribe).now, "Write.");
        assert_eq!(
            settings.card(IncidentRole::Commander),
            shipped_card(IncidentRole::Commander)
        );
        assert!(settings.playbooks.is_empty());
    }

    #[test]
    fn mistakes_are_named() {
        let cases = [
            (
                r#"{"role_cards": {"boss": {"now": "a", "next": "b", "never": "c"}}}"#,
                "commander, comms_lead and scribe",
            ),
            (
                r#"{"role_cards": {"scribe": {"now": " ", "next": "b", "never": "c"}}}"#,
                "role_cards.scribe.now",
            ),
            (
                r#"{"playbooks": [{"kind": "Outage!", "name": "x", "tasks": ["a"]}]}"#,
                "playbook 1",
            ),
            (
                r#"{"playbooks": [{"kind": "a", "name": "x", "tasks": ["a"]}, {"kind": "a", "name": "y", "tasks": ["b"]}]}"#,
                "listed twice",
            ),
            (
                r#"{"playbooks": [{"kind": "a", "name": "x", "tasks": []}]}"#,
                "1 to 40 tasks",
            ),
            (
                r#"{"playbooks": [{"kind": "a", "name": "x", "tasks": ["ok", ""]}]}"#,
                "task 2",
            ),
            ("[1, 2]", "not an incident playbook setting"),
        ];
        for (json, named) in cases {
            let error = PlaybookSettings::from_json(json).unwrap_err();
            assert!(error.contains(named), "{json}: {error}");
        }
    }

    #[test]
    fn text_is_trimmed() {
        let json = r#"{"playbooks": [{"kind": " db ", "name": " Database ", "tasks": ["  Fail over  "]}]}"#;
        let settings = PlaybookSettings::from_json(json).unwrap();
        let playbook = settings.playbook("db").unwrap();
        assert_eq!(
            (playbook.name.as_str(), playbook.tasks[0].as_str()),
            ("Database", "Fail over")
        );
    }
}
