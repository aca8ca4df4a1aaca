use serde::{Deserialize, Serialize};
use std::fmt;

/// A support tier: who holds the case. Ordered from the front line upward.
/// The default ladder is L1 (front line), L2 (specialists), L3 (experts and
/// management), Executive. Customers never see tier names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Tier(u8);

impl Tier {
    pub const FRONT_LINE: Tier = Tier(1);
    pub const TOP: Tier = Tier(4);

    pub fn parse(code: &str) -> Option<Tier> {
        match code.trim().to_ascii_uppercase().as_str() {
            "L1" => Some(Tier(1)),
            "L2" => Some(Tier(2)),
            "L3" => Some(Tier(3)),
            "EXECUTIVE" | "EXEC" | "L4" => Some(Tier(4)),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self.0 {
            1 => "L1",
            2 => "L2",
            3 => "L3",
            _ => "Executive",
        }
    }

    /// The next tier up, or `None` at the top.
    pub fn next(self) -> Option<Tier> {
        (self < Tier::TOP).then_some(Tier(self.0 + 1))
    }

    /// The next tier down, or `None` at the front line.
    pub fn previous(self) -> Option<Tier> {
        (self > Tier::FRONT_LINE).then_some(Tier(self.0 - 1))
    }

    /// Every tier, from the front line up.
    pub fn all() -> impl Iterator<Item = Tier> {
        (Tier::FRONT_LINE.0..=Tier::TOP.0).map(Tier)
    }

    /// What customers read instead of the tier's name (shared/VOICE.md).
    pub fn customer_words(self) -> &'static str {
        match self.0 {
            1 => "our support team",
            2 => "a specialist team",
            3 => "our senior engineers",
            _ => "our senior team",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_climbs_to_the_top_and_stops() {
        let mut tier = Tier::FRONT_LINE;
        let mut seen = vec![tier.code()];
        while let Some(next) = tier.next() {
            tier = next;
            seen.push(tier.code());
        }
        assert_eq!(seen, ["L1", "L2", "L3", "Executive"]);
        assert_eq!(Tier::FRONT_LINE.previous(), None);
        assert_eq!(Tier::TOP.previous().map(Tier::code), Some("L3"));
        assert_eq!(Tier::all().count(), 4);
        for code in seen {
            assert_eq!(Tier::parse(code).map(Tier::code), Some(code));
        }
    }
}
