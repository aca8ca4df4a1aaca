//! The tier ladder: the ordered list of support tiers ops configure, from the
//! front line up. Each step says who works there (for staff), how customers
//! hear of it, and how fast the tier picks up a case escalated to it.

use super::Tier;
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

pub const MAX_STEPS: usize = 8;
const MAX_TEXT: usize = 60;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierStep {
    pub tier: Tier,
    /// Staff words: "Technical specialists".
    pub name: String,
    /// What customers read instead of the tier: "a specialist team".
    pub customer_words: String,
    /// The tier's response objective, in business time.
    pub respond_within: SignedDuration,
}

/// What is wrong with one step: its place (from 0) and the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepError {
    pub index: usize,
    pub field: &'static str,
    pub problem: String,
}

/// Two to eight tiers, codes unique, ordered from the front line up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierLadder(Vec<TierStep>);

impl TierLadder {
    pub fn new(steps: Vec<TierStep>) -> Result<TierLadder, StepError> {
        let error = |index, field, problem: String| StepError {
            index,
            field,
            problem,
        };
        if !(2..=MAX_STEPS).contains(&steps.len()) {
            return Err(error(
                steps.len().min(MAX_STEPS),
                "code",
                format!("a ladder has 2 to {MAX_STEPS} tiers"),
            ));
        }
        for (index, step) in steps.iter().enumerate() {
            if steps[..index]
                .iter()
                .any(|s| s.tier.code().eq_ignore_ascii_case(step.tier.code()))
            {
                return Err(error(
                    index,
                    "code",
                    format!("{} is in the ladder twice", step.tier),
                ));
            }
            for (field, text) in [
                ("name", &step.name),
                ("customer_words", &step.customer_words),
            ] {
                let length = text.trim().chars().count();
                if length == 0 || length > MAX_TEXT || text.chars().any(char::is_control) {
                    return Err(error(
                        index,
                        field,
                        format!("must be 1 to {MAX_TEXT} characters on one line"),
                    ));
                }
            }
            // Numbered codes (L2, T3) are staff jargon (shared/VOICE.md); a
            // code that is a plain word ("Partner") may be said.
            let words = step.customer_words.to_lowercase();
            if steps.iter().any(|s| {
                s.tier.code().bytes().any(|b| b.is_ascii_digit())
                    && words
                        .split(|c: char| !c.is_alphanumeric() && c != '.')
                        .any(|w| w == s.tier.code().to_lowercase())
            }) {
                return Err(error(
                    index,
                    "customer_words",
                    "must not name a tier: customers never see tier codes".to_owned(),
                ));
            }
            if step.respond_within <= SignedDuration::ZERO {
                return Err(error(
                    index,
                    "respond_within",
                    "must be at least a minute".to_owned(),
                ));
            }
        }
        Ok(TierLadder(steps))
    }

    pub fn steps(&self) -> &[TierStep] {
        &self.0
    }

    /// Every tier, from the front line up.
    pub fn all(&self) -> impl Iterator<Item = Tier> + '_ {
        self.0.iter().map(|s| s.tier)
    }

    /// Whether a stored tier code is one of the ladder's, exactly as stored:
    /// cases and staff at any other code would be stranded outside it.
    pub fn holds(&self, code: &str) -> bool {
        self.all().any(|t| t.code() == code)
    }

    /// Every tier's code, from the front line up.
    pub fn codes(&self) -> Vec<String> {
        self.all().map(|t| t.code().to_owned()).collect()
    }

    pub fn front_line(&self) -> Tier {
        self.0[0].tier
    }

    pub fn top(&self) -> Tier {
        self.0[self.0.len() - 1].tier
    }

    /// Where `tier` stands, from 0 at the front line; `None` when the
    /// ladder no longer has it.
    pub fn rank(&self, tier: Tier) -> Option<usize> {
        self.0.iter().position(|s| s.tier == tier)
    }

    fn step(&self, tier: Tier) -> Option<&TierStep> {
        self.0.iter().find(|s| s.tier == tier)
    }

    /// Whether `a` stands above `b`. A tier the ladder lost stands below all.
    pub fn is_above(&self, a: Tier, b: Tier) -> bool {
        self.rank(a).map_or(-1, |r| r as i64) > self.rank(b).map_or(-1, |r| r as i64)
    }

    /// The next tier up, or `None` at the top. A case at a tier the ladder
    /// lost climbs back in at the front line.
    pub fn next(&self, tier: Tier) -> Option<Tier> {
        match self.rank(tier) {
            Some(rank) => self.0.get(rank + 1).map(|s| s.tier),
            None => Some(self.front_line()),
        }
    }

    /// The next tier down, or `None` at the front line.
    pub fn previous(&self, tier: Tier) -> Option<Tier> {
        let rank = self.rank(tier)?;
        rank.checked_sub(1).map(|r| self.0[r].tier)
    }

    /// The tiers above `tier`, next one first.
    pub fn above(&self, tier: Tier) -> Vec<Tier> {
        self.all().filter(|t| self.is_above(*t, tier)).collect()
    }

    /// The tiers below `tier`, next one down first.
    pub fn below(&self, tier: Tier) -> Vec<Tier> {
        let mut below: Vec<Tier> = self.all().filter(|t| self.is_above(tier, *t)).collect();
        below.reverse();
        below
    }

    /// The ladder's tier with this code, whatever its case.
    pub fn parse(&self, raw: &str) -> Option<Tier> {
        self.all()
            .find(|t| t.code().eq_ignore_ascii_case(raw.trim()))
    }

    /// "L1, L2, L3 or Executive", for messages that ask for a tier.
    pub fn codes_hint(&self) -> String {
        let codes: Vec<&str> = self.0.iter().map(|s| s.tier.code()).collect();
        match codes.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => codes.join(""),
        }
    }

    pub fn name(&self, tier: Tier) -> &str {
        self.step(tier)
            .map_or("A tier no longer in the ladder", |s| &s.name)
    }

    pub fn customer_words(&self, tier: Tier) -> &str {
        self.step(tier)
            .map_or("our support team", |s| &s.customer_words)
    }

    pub fn respond_within(&self, tier: Tier) -> SignedDuration {
        self.step(tier)
            .map_or(SignedDuration::from_mins(60), |s| s.respond_within)
    }

    /// Sets the response objective of a tier in the ladder.
    pub fn set_respond_within(&mut self, tier: Tier, within: SignedDuration) -> bool {
        match self.0.iter_mut().find(|s| s.tier == tier) {
            Some(step) => {
                step.respond_within = within;
                true
            }
            None => false,
        }
    }
}

impl Default for TierLadder {
    /// L1 front line (5 minutes), L2 technical specialists (an hour), L3
    /// experts and management (two hours), Executive (four hours).
    fn default() -> Self {
        let step = |code: &str, name: &str, words: &str, minutes| TierStep {
            tier: Tier::new(code).unwrap_or_else(|_| unreachable!("a valid default code")),
            name: name.to_owned(),
            customer_words: words.to_owned(),
            respond_within: SignedDuration::from_mins(minutes),
        };
        TierLadder(vec![
            step("L1", "Front line", "our support team", 5),
            step("L2", "Technical specialists", "a specialist team", 60),
            step("L3", "Experts and management", "our senior engineers", 120),
            step("Executive", "Executive", "our senior team", 240),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(code: &str) -> Tier {
        Tier::new(code).unwrap()
    }

    #[test]
    fn the_default_ladder_climbs_to_the_top_and_stops() {
        let ladder = TierLadder::default();
        let mut at = ladder.front_line();
        let mut seen = vec![at.code().to_owned()];
        while let Some(next) = ladder.next(at) {
            at = next;
            seen.push(at.code().to_owned());
        }
        assert_eq!(seen, ["L1", "L2", "L3", "Executive"]);
        assert_eq!(ladder.previous(ladder.front_line()), None);
        assert_eq!(ladder.previous(ladder.top()), Some(tier("L3")));
        assert_eq!(ladder.above(tier("L2")), [tier("L3"), tier("Executive")]);
        assert_eq!(ladder.below(tier("L3")), [tier("L2"), tier("L1")]);
        assert_eq!(ladder.parse("executive"), Some(tier("Executive")));
        assert_eq!(ladder.parse("L9"), None);
        assert_eq!(ladder.codes_hint(), "L1, L2, L3 or Executive");
        assert!(ladder.holds("Executive") && !ladder.holds("executive"));
    }

    #[test]
    fn a_configured_ladder_sets_the_order() {
        let step = |code: &str, words: &str| TierStep {
            tier: tier(code),
            name: format!("{code} team"),
            customer_words: words.to_owned(),
            respond_within: SignedDuration::from_mins(10),
        };
        let ladder = TierLadder::new(vec![
            step("Desk", "our support team"),
            step("Vendor", "our partner's engineers"),
            step("Core", "our core engineers"),
        ])
        .unwrap();
        assert_eq!(ladder.next(tier("Desk")), Some(tier("Vendor")));
        assert!(ladder.is_above(tier("Core"), tier("Vendor")));
        // A case left at a removed tier re-enters at the front line.
        assert_eq!(ladder.next(tier("L2")), Some(tier("Desk")));
        assert!(!ladder.is_above(tier("L2"), tier("Desk")));
        assert_eq!(ladder.customer_words(tier("L2")), "our support team");
    }

    #[test]
    fn bad_ladders_name_the_step_and_field() {
        let mut steps = TierLadder::default().steps().to_vec();
        steps[2].tier = tier("l2");
        let error = TierLadder::new(steps).unwrap_err();
        assert_eq!((error.index, error.field), (2, "code"));

        let mut steps = TierLadder::default().steps().to_vec();
        steps[1].customer_words = "the L2 team".into();
        let error = TierLadder::new(steps).unwrap_err();
        assert_eq!((error.index, error.field), (1, "customer_words"));

        let mut steps = TierLadder::default().steps().to_vec();
        steps[0].name = " ".into();
        assert_eq!(TierLadder::new(steps).unwrap_err().field, "name");

        let one = TierLadder::default().steps()[..1].to_vec();
        assert!(TierLadder::new(one).is_err());
    }
}
