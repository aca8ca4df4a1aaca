//! Walks a calendar's open time in real-time order, day by day, so the
//! arithmetic above only has to add up spans.
//!
//! Why it is not a plain loop over days: around a clock change a converted
//! interval can land out of order or overlap the next one (a boundary in a
//! gap moves forward by the gap). So converted spans wait in `pending` until
//! no later day can produce an earlier one, and each span handed out is
//! clipped to what was already handed out, so shared time counts once.
//!
//! The bound that makes this work: for any local date-time `x' >= x`, the
//! compatible reading of `x'` is never before the *earlier* reading of `x`
//! (readings only jump backwards at the end of a gap, and the earlier reading
//! of a gap time lies before the whole gap). So the earlier reading of a
//! day's midnight is a floor for every span of that day and all later days.

use super::{BusinessCalendar, add_days};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

/// Days walked before the first instant of interest. Offsets differ by less
/// than 52 hours, so no span of an earlier local day can reach that instant.
const LOOKBACK_DAYS: i64 = 3;

/// Real time during which the calendar is open: `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct OpenSpan {
    pub start: Timestamp,
    pub end: Timestamp,
}

/// Seven consecutive days with no holiday, exception or clock change, whose
/// open time is known without converting each interval.
#[derive(Clone, Copy, Debug)]
pub(super) struct PlainWeek {
    /// The first day's midnight.
    pub start: Timestamp,
    /// The midnight after the last day.
    pub end: Timestamp,
    pub open: SignedDuration,
}

pub(super) struct Walk<'a> {
    calendar: &'a BusinessCalendar,
    /// The next local date whose hours have not been converted yet.
    next_day: Date,
    /// The last local date to convert; the walk ends after it.
    last_day: Date,
    /// No span of `next_day` or later starts before this; `None` once the
    /// walk has converted its last day.
    floor: Option<Timestamp>,
    /// Converted spans not handed out yet, latest start first (pop = earliest).
    pending: Vec<OpenSpan>,
    /// The end of the last span handed out.
    covered_to: Option<Timestamp>,
}

impl<'a> Walk<'a> {
    /// A walk that yields every open span ending after `from` (and possibly a
    /// few before it), converting local dates up to `last_day`.
    pub fn new(calendar: &'a BusinessCalendar, from: Timestamp, last_day: Date) -> Self {
        let first = add_days(calendar.local_date(from), -LOOKBACK_DAYS).unwrap_or(Date::MIN);
        Walk {
            calendar,
            next_day: first,
            last_day,
            floor: calendar.floor_of(first),
            pending: Vec::new(),
            covered_to: None,
        }
    }

    /// The next open span: spans come in order, never overlap and are never
    /// empty. `None` when the walk has passed `last_day`.
    pub fn next_span(&mut self) -> Option<OpenSpan> {
        loop {
            match (self.pending.last(), self.floor) {
                (Some(first), floor) if floor.is_none_or(|floor| first.start <= floor) => {
                    let span = self.pending.pop()?;
                    let start = self
                        .covered_to
                        .map_or(span.start, |covered| covered.max(span.start));
                    if span.end <= start {
                        continue;
                    }
                    self.covered_to = Some(span.end);
                    return Some(OpenSpan {
                        start,
                        end: span.end,
                    });
                }
                (None, None) => return None,
                _ => self.convert_next_day(),
            }
        }
    }

    /// Counts the next seven days in one step when nothing in them needs a
    /// closer look and `take` accepts the week; returns the week's open time.
    /// The week's spans are then never handed out by `next_span`.
    pub fn skip_week(&mut self, take: impl FnOnce(&PlainWeek) -> bool) -> Option<SignedDuration> {
        if !self.pending.is_empty() {
            return None;
        }
        let start = self.floor?;
        let calendar = self.calendar;
        let day = self.next_day;
        let last = add_days(day, 6)?;
        if last > self.last_day || calendar.has_special_days(day, last) {
            return None;
        }
        // With one offset in force from the day before to the day after, local
        // hours map to real time by a single shift: the plain weekly total.
        let margin = SignedDuration::from_hours(24);
        let before = calendar
            .instant(add_days(day, -1)?, 0)?
            .checked_sub(margin)
            .ok()?;
        let after = calendar
            .instant(add_days(day, 8)?, 0)?
            .checked_add(margin)
            .ok()?;
        if calendar
            .zone
            .following(before)
            .next()
            .is_some_and(|t| t.timestamp() <= after)
        {
            return None;
        }
        let next = add_days(day, 7)?;
        let week = PlainWeek {
            start,
            end: calendar.instant(next, 0)?,
            open: calendar.week_total,
        };
        if !take(&week) {
            return None;
        }
        self.next_day = next;
        self.floor = calendar.floor_of(next);
        self.covered_to = Some(
            self.covered_to
                .map_or(week.end, |covered| covered.max(week.end)),
        );
        Some(week.open)
    }

    fn convert_next_day(&mut self) {
        let day = self.next_day;
        if day > self.last_day {
            self.floor = None;
            return;
        }
        let calendar = self.calendar;
        for hours in calendar.hours_on(day) {
            let span = calendar
                .instant(day, hours.start)
                .zip(calendar.instant(day, hours.end));
            // A range whose start lies in a gap can convert to nothing (or less).
            if let Some((start, end)) = span.filter(|(start, end)| start < end) {
                self.pending.push(OpenSpan { start, end });
            }
        }
        self.pending
            .sort_unstable_by_key(|span| std::cmp::Reverse(span.start));
        match add_days(day, 1) {
            Some(next) => {
                self.next_day = next;
                self.floor = calendar.floor_of(next);
            }
            None => self.floor = None,
        }
    }
}
