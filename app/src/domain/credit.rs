//! Goodwill credits staff grant a customer, in whole units of the billing
//! currency. How much each role may grant at each tier is the authority
//! matrix's business.

use super::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most one credit may be: a typo guard, not a policy.
pub const MAX_CREDIT: u32 = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CreditAmount(u32);

impl CreditAmount {
    pub const FIELD: &'static str = "amount";

    /// A whole amount from 1 to [`MAX_CREDIT`], as typed ("250").
    pub fn parse(raw: &str) -> Result<CreditAmount, FieldError> {
        let problem = || {
            FieldError::new(
                Self::FIELD,
                &format!("Please give a whole amount from 1 to {MAX_CREDIT}."),
            )
        };
        let amount: u32 = raw.trim().parse().map_err(|_| problem())?;
        Self::new(amount).ok_or_else(problem)
    }

    pub fn new(amount: u32) -> Option<CreditAmount> {
        (1..=MAX_CREDIT)
            .contains(&amount)
            .then_some(CreditAmount(amount))
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for CreditAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_are_whole_positive_amounts_within_reason() {
        assert_eq!(CreditAmount::parse(" 250 ").unwrap().get(), 250);
        for bad in ["0", "-5", "12.50", "lots", "", "1000001"] {
            assert_eq!(
                CreditAmount::parse(bad).unwrap_err().field,
                "amount",
                "{bad}"
            );
        }
        assert_eq!(
            CreditAmount::new(MAX_CREDIT).map(CreditAmount::get),
            Some(MAX_CREDIT)
        );
    }
}
