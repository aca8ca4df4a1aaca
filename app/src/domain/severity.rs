use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad the problem is for the customer. Customers pick it in their own
/// words; staff and policies speak of S1..S4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    S1,
    S2,
    S3,
    S4,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::S1, Severity::S2, Severity::S3, Severity::S4];

    pub fn code(self) -> &'static str {
        match self {
            Severity::S1 => "S1",
            Severity::S2 => "S2",
            Severity::S3 => "S3",
            Severity::S4 => "S4",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(raw.trim()))
    }

    /// The words a customer chooses from on the form.
    pub fn customer_words(self) -> &'static str {
        match self {
            Severity::S1 => "Everything is down for us",
            Severity::S2 => "A major problem: important work is blocked",
            Severity::S3 => "Something isn't working right",
            Severity::S4 => "A question",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_in_any_case() {
        for s in Severity::ALL {
            assert_eq!(Severity::parse(&s.code().to_lowercase()), Some(s));
        }
        assert_eq!(Severity::parse("S5"), None);
    }
}
