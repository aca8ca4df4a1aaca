//! Business calendars: when the support team is open, so SLA clocks count
//! only the time in which we can actually work on a case.
//!
//! Opening hours are written in local wall-clock time in the calendar's IANA
//! time zone. Business time is *real* elapsed time inside those hours: each
//! local interval of each day is turned into a pair of real instants, and the
//! calendar is open between them. Across a daylight-saving change this means:
//! - local times that do not exist (the spring-forward gap) are not counted;
//! - repeated local times (the fall-back overlap) count twice, as real time does;
//! - a boundary that falls in a gap becomes the instant that local time
//!   "would be" under jiff's compatible disambiguation, i.e. it is read with
//!   the offset in force before the change (02:30 in a 02:00-03:00 gap becomes
//!   03:30 new time), so a range ending at the gap's end (02:00-03:00) is
//!   empty that day and a range wholly inside the gap moves past it;
//! - a boundary in an overlap is its first occurrence, so a range ending
//!   inside the repeated hour stops at its first pass;
//! - should two converted intervals then overlap, the shared time counts once.

mod spec;
mod walk;

pub use spec::{
    CalendarError, CalendarField, CalendarProblem, CalendarSpec, PathSegment, WeeklyHoursSpec,
};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};
use std::collections::{BTreeMap, BTreeSet};
use walk::Walk;

/// How far ahead `due_at` and `next_opening` look (about ten years) before
/// deciding the calendar will not open in time.
const HORIZON_DAYS: i64 = 3_660;

/// When the support team is open: an IANA time zone, weekly opening hours,
/// holidays (closed all day) and one-off exceptions (a date with its own
/// hours, possibly none). SLA deadlines are counted in this calendar's time.
///
/// Build one from a [`CalendarSpec`] with [`BusinessCalendar::from_spec`]
/// (once you hold one, it is valid), or use [`BusinessCalendar::always_open`].
#[derive(Clone, Debug)]
pub struct BusinessCalendar {
    zone: TimeZone,
    /// Monday first; each day sorted, non-overlapping.
    week: [Vec<OpenInterval>; 7],
    holidays: BTreeSet<Date>,
    exceptions: BTreeMap<Date, Vec<OpenInterval>>,
    /// Open time in a week without holidays, exceptions or clock changes.
    week_total: SignedDuration,
    /// Whether any day can ever be open; lets a never-open calendar answer at once.
    ever_opens: bool,
}

/// Local opening hours on one day, as minutes after midnight; `end` may be
/// 1440 (24:00, the next midnight).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct OpenInterval {
    start: u16,
    end: u16,
}

impl OpenInterval {
    const ALL_DAY: OpenInterval = OpenInterval {
        start: 0,
        end: 1440,
    };

    fn length(self) -> SignedDuration {
        SignedDuration::from_mins(i64::from(self.end - self.start))
    }
}

impl BusinessCalendar {
    /// A calendar open around the clock, every day (24/7 support).
    pub fn always_open(zone: TimeZone) -> Self {
        Self::new(
            zone,
            std::array::from_fn(|_| vec![OpenInterval::ALL_DAY]),
            BTreeSet::new(),
            BTreeMap::new(),
        )
    }

    fn new(
        zone: TimeZone,
        week: [Vec<OpenInterval>; 7],
        holidays: BTreeSet<Date>,
        exceptions: BTreeMap<Date, Vec<OpenInterval>>,
    ) -> Self {
        let week_total = week.iter().flatten().map(|i| i.length()).sum();
        let ever_opens =
            week_total > SignedDuration::ZERO || exceptions.values().any(|day| !day.is_empty());
        Self {
            zone,
            week,
            holidays,
            exceptions,
            week_total,
            ever_opens,
        }
    }

    /// The time zone the opening hours are written in.
    pub fn time_zone(&self) -> &TimeZone {
        &self.zone
    }

    /// Whether the team is working at this instant.
    pub fn is_open(&self, at: Timestamp) -> bool {
        let mut walk = Walk::new(self, at, self.day_after(at, 4));
        while let Some(span) = walk.next_span() {
            if span.start > at {
                return false;
            }
            if at < span.end {
                return true;
            }
        }
        false
    }

    /// The earliest instant at or after `at` when the team is working: `at`
    /// itself when open. `None` when the calendar does not open within about
    /// ten years (e.g. it has no opening hours at all).
    pub fn next_opening(&self, at: Timestamp) -> Option<Timestamp> {
        if !self.ever_opens {
            return None;
        }
        let mut walk = Walk::new(self, at, self.day_after(at, HORIZON_DAYS));
        loop {
            // Whole closed weeks cannot contain the opening.
            if walk
                .skip_week(|w| w.start >= at && w.open.is_zero())
                .is_some()
            {
                continue;
            }
            let span = walk.next_span()?;
            if span.end > at {
                return Some(span.start.max(at));
            }
        }
    }

    /// The deadline for a promise of `business` open time made at `start`:
    /// the earliest instant by which that much open time has passed. Counting
    /// starts at the next opening when `start` is outside opening hours; a
    /// deadline that is reached exactly at closing is that closing instant.
    /// A zero (or negative) duration is due at `start` itself.
    ///
    /// `None` when the deadline would lie more than about ten years ahead,
    /// which includes calendars that never open.
    pub fn due_at(&self, start: Timestamp, business: SignedDuration) -> Option<Timestamp> {
        if business <= SignedDuration::ZERO {
            return Some(start);
        }
        if !self.ever_opens {
            return None;
        }
        let mut walk = Walk::new(self, start, self.day_after(start, HORIZON_DAYS));
        let mut left = business;
        loop {
            // Strictly less: a deadline at the very end of a week is found by the span scan.
            if let Some(open) = walk.skip_week(|w| w.start >= start && w.open < left) {
                left -= open;
                continue;
            }
            let span = walk.next_span()?;
            let from = span.start.max(start);
            if span.end <= from {
                continue;
            }
            let length = span.end.duration_since(from);
            if left <= length {
                return from.checked_add(left).ok();
            }
            left -= length;
        }
    }

    /// Open time between two instants; zero when `to <= from`.
    pub fn elapsed(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        if to <= from {
            return SignedDuration::ZERO;
        }
        let mut walk = Walk::new(self, from, self.day_after(to, 4));
        let mut total = SignedDuration::ZERO;
        loop {
            if let Some(open) = walk.skip_week(|w| w.start >= from && w.end <= to) {
                total += open;
                continue;
            }
            let Some(span) = walk.next_span() else { break };
            if span.start >= to {
                break;
            }
            let (a, b) = (span.start.max(from), span.end.min(to));
            if b > a {
                total += b.duration_since(a);
            }
        }
        total
    }

    /// Open time left until `due` as seen at `now`: `elapsed(now, due)` while
    /// the deadline is ahead, and once it has passed, the real time since it
    /// as a negative duration (how late we are, nights and weekends included).
    pub fn remaining(&self, due: Timestamp, now: Timestamp) -> SignedDuration {
        if now <= due {
            self.elapsed(now, due)
        } else {
            due.duration_since(now)
        }
    }

    /// The hours that apply on a local date: holidays close it, an exception
    /// replaces the weekday's hours.
    fn hours_on(&self, day: Date) -> &[OpenInterval] {
        if self.holidays.contains(&day) {
            return &[];
        }
        if let Some(hours) = self.exceptions.get(&day) {
            return hours;
        }
        let index = usize::try_from(day.weekday().to_monday_zero_offset()).unwrap_or(0);
        &self.week[index]
    }

    /// Whether any day in `first..=last` is a holiday or an exception.
    fn has_special_days(&self, first: Date, last: Date) -> bool {
        self.holidays.range(first..=last).next().is_some()
            || self.exceptions.range(first..=last).next().is_some()
    }

    /// The real instant of a local time on `day` (`minute` 1440 is the next
    /// midnight); gaps and overlaps resolve with jiff's compatible rule.
    fn instant(&self, day: Date, minute: u16) -> Option<Timestamp> {
        let (date, minute) = if minute >= 1440 {
            (day.tomorrow().ok()?, 0)
        } else {
            (day, minute)
        };
        let time = date.at(
            i8::try_from(minute / 60).ok()?,
            i8::try_from(minute % 60).ok()?,
            0,
            0,
        );
        self.zone.to_ambiguous_timestamp(time).compatible().ok()
    }

    /// A lower bound for every instant produced by local times from `day`'s
    /// midnight on (the earlier reading of that midnight; see `walk`).
    fn floor_of(&self, day: Date) -> Option<Timestamp> {
        self.zone
            .to_ambiguous_timestamp(DateTime::from(day))
            .earlier()
            .ok()
    }

    fn local_date(&self, at: Timestamp) -> Date {
        self.zone.to_datetime(at).date()
    }

    /// The local date `days` after the one containing `at`, capped at the end of time.
    fn day_after(&self, at: Timestamp, days: i64) -> Date {
        add_days(self.local_date(at), days).unwrap_or(Date::MAX)
    }
}

impl super::sla::BusinessTime for BusinessCalendar {
    fn elapsed(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        BusinessCalendar::elapsed(self, from, to)
    }

    fn due_at(&self, start: Timestamp, business: SignedDuration) -> Option<Timestamp> {
        BusinessCalendar::due_at(self, start, business)
    }
}

fn add_days(day: Date, days: i64) -> Option<Date> {
    day.checked_add(Span::new().try_days(days).ok()?).ok()
}

#[cfg(test)]
mod tests;
