use serde::{Deserialize, Serialize};
use std::fmt;

/// Letters and digits that cannot be mistaken for each other when read aloud
/// or copied by hand: no 0/O, no 1/I.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const PREFIX: &str = "ESC-";
const LEN: usize = 6;

/// The short name of a case that customers and staff quote, e.g. `ESC-7Q4K2M`.
/// It names a case; it does not grant access to it (the token does).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseReference(String);

/// `prefix` and six characters of `ALPHABET` made from random bytes.
pub(crate) fn from_random(prefix: &str, bytes: [u8; LEN]) -> String {
    let body: String = bytes
        .iter()
        .map(|b| ALPHABET[(*b % 32) as usize] as char)
        .collect();
    format!("{prefix}{body}")
}

/// What a person typed, upper-cased and trimmed, when it is `prefix` and
/// six characters of `ALPHABET`.
pub(crate) fn parse_prefixed(raw: &str, prefix: &str) -> Option<String> {
    let upper = raw.trim().to_ascii_uppercase();
    let body = upper.strip_prefix(prefix)?;
    let valid = body.len() == LEN && body.bytes().all(|b| ALPHABET.contains(&b));
    valid.then_some(upper)
}

impl CaseReference {
    /// Builds a reference from six random bytes supplied by the caller.
    pub fn from_random(bytes: [u8; LEN]) -> Self {
        Self(from_random(PREFIX, bytes))
    }

    /// Accepts what a person might type: any case, surrounding spaces.
    pub fn parse(raw: &str) -> Option<Self> {
        parse_prefixed(raw, PREFIX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_accepts_lowercase_and_spaces() {
        let r = CaseReference::parse("  esc-7q4k2m ").unwrap();
        assert_eq!(r.as_str(), "ESC-7Q4K2M");
    }

    #[test]
    fn parse_refuses_confusable_characters() {
        for bad in [
            "ESC-0Q4K2M",
            "ESC-OQ4K2M",
            "ESC-1Q4K2M",
            "ESC-IQ4K2M",
            "ESC-7Q4K2",
            "7Q4K2M",
        ] {
            assert!(CaseReference::parse(bad).is_none(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_generated_reference_parses_back(bytes in any::<[u8; 6]>()) {
            let r = CaseReference::from_random(bytes);
            prop_assert_eq!(CaseReference::parse(r.as_str()), Some(r.clone()));
            prop_assert!(!r.as_str()[4..].contains(['0', 'O', '1', 'I']));
        }
    }
}
