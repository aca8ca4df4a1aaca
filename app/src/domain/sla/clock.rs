use super::{BusinessTime, SlaTarget};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// One promise's clock: the stretches of time it ran, and what has fired.
/// Business time is derived from the stretches with a calendar, so folding
/// events never needs one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaClock {
    pub target: SlaTarget,
    /// Business time allowed.
    pub budget: SignedDuration,
    /// Closed stretches of running time.
    pub ran: Vec<(Timestamp, Timestamp)>,
    /// When the current stretch began; `None` while paused or stopped.
    pub running_since: Option<Timestamp>,
    /// Why the clock is paused, when it is.
    pub paused: Option<(Timestamp, String)>,
    pub warned: bool,
    pub breached: bool,
}

impl SlaClock {
    pub fn start(target: SlaTarget, budget: SignedDuration, at: Timestamp) -> Self {
        Self {
            target,
            budget,
            ran: Vec::new(),
            running_since: Some(at),
            paused: None,
            warned: false,
            breached: false,
        }
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Business time used so far, up to `now`.
    pub fn used(&self, calendar: &dyn BusinessTime, now: Timestamp) -> SignedDuration {
        let closed: SignedDuration = self.ran.iter().map(|(a, b)| calendar.elapsed(*a, *b)).sum();
        closed
            + self
                .running_since
                .map_or(SignedDuration::ZERO, |since| calendar.elapsed(since, now))
    }

    /// When `share` of the budget will have been used, if the clock keeps running.
    pub fn reaches(&self, calendar: &dyn BusinessTime, share: SignedDuration) -> Option<Timestamp> {
        let since = self.running_since?;
        let closed: SignedDuration = self.ran.iter().map(|(a, b)| calendar.elapsed(*a, *b)).sum();
        let left = (share - closed).max(SignedDuration::ZERO);
        calendar.due_at(since, left)
    }

    /// When the promise falls due, if the clock keeps running.
    pub fn due_at(&self, calendar: &dyn BusinessTime) -> Option<Timestamp> {
        self.reaches(calendar, self.budget)
    }

    pub fn pause(&mut self, at: Timestamp, reason: &str) {
        if let Some(since) = self.running_since.take() {
            self.ran.push((since, at.max(since)));
            self.paused = Some((at, reason.to_owned()));
        }
    }

    pub fn resume(&mut self, at: Timestamp) {
        if self.paused.take().is_some() {
            self.running_since = Some(at);
        }
    }

    /// The promise was kept (or no longer applies): the clock stops for good.
    pub fn stop(&mut self, at: Timestamp) {
        if let Some(since) = self.running_since.take() {
            self.ran.push((since, at.max(since)));
        }
        self.paused = None;
    }
}

/// All clocks of a case, at most one per target.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clocks(pub Vec<SlaClock>);

impl Clocks {
    pub fn get(&self, target: SlaTarget) -> Option<&SlaClock> {
        self.0.iter().find(|c| c.target == target)
    }

    pub fn get_mut(&mut self, target: SlaTarget) -> Option<&mut SlaClock> {
        self.0.iter_mut().find(|c| c.target == target)
    }

    /// Starts (or restarts from zero) the clock for `target`.
    pub fn restart(&mut self, target: SlaTarget, budget: SignedDuration, at: Timestamp) {
        self.0.retain(|c| c.target != target);
        self.0.push(SlaClock::start(target, budget, at));
    }

    pub fn stop(&mut self, target: SlaTarget, at: Timestamp) {
        if let Some(clock) = self.get_mut(target) {
            clock.stop(at);
        }
    }

    pub fn pause_all(&mut self, at: Timestamp, reason: &str) {
        self.0.iter_mut().for_each(|c| c.pause(at, reason));
    }

    pub fn resume_all(&mut self, at: Timestamp) {
        self.0.iter_mut().for_each(|c| c.resume(at));
    }

    pub fn stop_all(&mut self, at: Timestamp) {
        self.0.iter_mut().for_each(|c| c.stop(at));
    }

    /// Running clocks whose promise is broken: the case is breached.
    pub fn breached(&self) -> impl Iterator<Item = &SlaClock> {
        self.0.iter().filter(|c| c.is_running() && c.breached)
    }

    /// Running clocks warned about but not yet broken: the case is at risk.
    pub fn at_risk(&self) -> impl Iterator<Item = &SlaClock> {
        self.0
            .iter()
            .filter(|c| c.is_running() && c.warned && !c.breached)
    }

    /// The pause the customer sees: the earliest among paused clocks.
    pub fn pause(&self) -> Option<&(Timestamp, String)> {
        self.0
            .iter()
            .filter_map(|c| c.paused.as_ref())
            .min_by_key(|(at, _)| *at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::AlwaysOpen;

    fn at(mins: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + mins * 60).unwrap()
    }

    #[test]
    fn a_pause_stops_the_clock_and_moves_the_deadline() {
        let mut clock =
            SlaClock::start(SlaTarget::NextUpdate, SignedDuration::from_mins(60), at(0));
        assert_eq!(clock.due_at(&AlwaysOpen), Some(at(60)));
        clock.pause(at(20), "waiting for your reply");
        assert_eq!(clock.due_at(&AlwaysOpen), None);
        assert_eq!(
            clock.used(&AlwaysOpen, at(500)),
            SignedDuration::from_mins(20)
        );
        clock.resume(at(100));
        assert_eq!(
            clock.due_at(&AlwaysOpen),
            Some(at(140)),
            "40 minutes were left"
        );
    }

    #[test]
    fn resuming_a_clock_that_was_not_paused_changes_nothing() {
        let mut clock =
            SlaClock::start(SlaTarget::Resolution, SignedDuration::from_mins(60), at(0));
        clock.stop(at(10));
        clock.resume(at(20));
        assert!(!clock.is_running());
    }
}
