//! A member of the support team, as every layer sees them once signed in.

use super::role::StaffRole;

/// A signed-in (or named) member of staff: the one identity that channels,
/// services and pages pass around. The store builds it from a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffMember {
    pub staff_id: i64,
    pub email: String,
    pub name: String,
    pub role: StaffRole,
}

/// Why a member may not do something; the text is shown to them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Only {who} can {to}.")]
pub struct Refused {
    who: &'static str,
    to: &'static str,
}

impl StaffMember {
    /// Support ops and admins configure Baton (templates, SLA settings,
    /// tiers, RACI, sponsors, jargon); nobody else does. `to` says what,
    /// e.g. "change the jargon list".
    pub fn require_configurer(&self, to: &'static str) -> Result<(), Refused> {
        if self.role.may_configure() {
            Ok(())
        } else {
            Err(Refused {
                who: "support ops and admins",
                to,
            })
        }
    }

    /// Only admins manage staff access and the authority matrix.
    pub fn require_admin(&self, to: &'static str) -> Result<(), Refused> {
        if self.role == StaffRole::Admin {
            Ok(())
        } else {
            Err(Refused { who: "admins", to })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(role: StaffRole) -> StaffMember {
        StaffMember {
            staff_id: 1,
            email: "sam@example.com".to_owned(),
            name: "Sam".to_owned(),
            role,
        }
    }

    #[test]
    fn only_ops_and_admins_configure_and_the_refusal_says_what() {
        for role in StaffRole::ALL {
            let allowed = member(role).require_configurer("change the jargon list");
            assert_eq!(
                allowed.is_ok(),
                matches!(role, StaffRole::Ops | StaffRole::Admin)
            );
        }
        let refusal = member(StaffRole::Agent)
            .require_configurer("change the jargon list")
            .unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "Only support ops and admins can change the jargon list."
        );
    }

    #[test]
    fn only_admins_pass_the_admin_check() {
        for role in StaffRole::ALL {
            assert_eq!(
                member(role).require_admin("x").is_ok(),
                role == StaffRole::Admin
            );
        }
    }
}
