use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

const MAX_CODE: usize = 16;

/// A support tier, known by its code ("L1", "Executive"). Which tiers exist,
/// and in what order, is the ladder's business ([`super::ladder::TierLadder`]),
/// which ops configure; a tier on its own knows only its code. The derived
/// order is the codes' and only serves sets: climbing is the ladder's.
/// Customers never see tier codes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tier {
    len: u8,
    bytes: [u8; MAX_CODE],
}

impl Tier {
    /// A code as ops write it: 1 to 16 letters, digits, `-`, `_` or `.`.
    pub fn new(code: &str) -> Result<Tier, String> {
        let code = code.trim();
        if code.is_empty() || code.len() > MAX_CODE {
            return Err(format!(
                "a tier code is 1 to {MAX_CODE} characters long, like L1 or Executive"
            ));
        }
        if !code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            return Err(format!(
                "the tier code {code:?} may hold only letters, digits, '-', '_' and '.'"
            ));
        }
        let mut bytes = [0; MAX_CODE];
        bytes[..code.len()].copy_from_slice(code.as_bytes());
        Ok(Tier {
            len: code.len() as u8,
            bytes,
        })
    }

    pub fn code(&self) -> &str {
        // Only `new` fills the bytes, with checked ASCII.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("?")
    }

    /// The tier codes Baton has always stored as numbers in early event logs.
    fn from_legacy_rank(rank: u64) -> Option<Tier> {
        let code = match rank {
            1 => "L1",
            2 => "L2",
            3 => "L3",
            4 => "Executive",
            _ => return None,
        };
        Tier::new(code).ok()
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tier({})", self.code())
    }
}

impl Serialize for Tier {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Tier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Code(String),
            Rank(u64),
        }
        match Stored::deserialize(deserializer)? {
            Stored::Code(code) => Tier::new(&code).map_err(serde::de::Error::custom),
            Stored::Rank(rank) => Tier::from_legacy_rank(rank)
                .ok_or_else(|| serde::de::Error::custom(format!("no tier ranked {rank}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_and_kept_as_written() {
        assert_eq!(Tier::new(" Executive ").unwrap().code(), "Executive");
        assert_eq!(Tier::new("L2.5").unwrap().to_string(), "L2.5");
        assert!(Tier::new("").is_err());
        assert!(Tier::new("Level two").is_err());
        assert!(Tier::new("<b>").is_err());
        assert!(Tier::new("ABCDEFGHIJKLMNOPQ").is_err());
    }

    #[test]
    fn tiers_travel_as_their_codes_and_old_numbered_logs_still_read() {
        let l3 = Tier::new("L3").unwrap();
        assert_eq!(serde_json::to_string(&l3).unwrap(), "\"L3\"");
        assert_eq!(serde_json::from_str::<Tier>("\"L3\"").unwrap(), l3);
        assert_eq!(serde_json::from_str::<Tier>("3").unwrap(), l3);
        assert_eq!(
            serde_json::from_str::<Tier>("4").unwrap().code(),
            "Executive"
        );
        assert!(serde_json::from_str::<Tier>("9").is_err());
        assert!(serde_json::from_str::<Tier>("\"no spaces\"").is_err());
    }
}
