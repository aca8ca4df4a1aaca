use serde::{Deserialize, Serialize};

/// What a member of staff does in the support organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    Agent,
    Specialist,
    Expert,
    Manager,
    Executive,
    Ops,
    Admin,
}

impl std::fmt::Display for StaffRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl StaffRole {
    pub const ALL: [StaffRole; 7] = [
        StaffRole::Agent,
        StaffRole::Specialist,
        StaffRole::Expert,
        StaffRole::Manager,
        StaffRole::Executive,
        StaffRole::Ops,
        StaffRole::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StaffRole::Agent => "agent",
            StaffRole::Specialist => "specialist",
            StaffRole::Expert => "expert",
            StaffRole::Manager => "manager",
            StaffRole::Executive => "executive",
            StaffRole::Ops => "ops",
            StaffRole::Admin => "admin",
        }
    }

    /// Support ops and admins configure what customers read (templates)
    /// and how Baton keeps its promises (SLA calendar and policies).
    pub fn may_configure(self) -> bool {
        matches!(self, StaffRole::Ops | StaffRole::Admin)
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|r| r.code() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_parses_from_its_code_and_nothing_else_does() {
        for role in StaffRole::ALL {
            assert_eq!(StaffRole::parse(role.code()), Some(role));
        }
        assert_eq!(StaffRole::parse(" Manager "), Some(StaffRole::Manager));
        assert_eq!(StaffRole::parse("boss"), None);
    }

    #[test]
    fn only_ops_and_admins_may_configure_templates_and_slas() {
        for role in StaffRole::ALL {
            assert_eq!(
                role.may_configure(),
                matches!(role, StaffRole::Ops | StaffRole::Admin),
                "{role:?}"
            );
        }
    }
}
