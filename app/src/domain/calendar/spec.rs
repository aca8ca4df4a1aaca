//! The written form of a business calendar (as kept in a TOML file or the
//! database) and its checks, which say what is wrong and where.

use super::{BusinessCalendar, OpenInterval};
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A business calendar as the support team writes it:
///
/// ```toml
/// timezone = "Europe/Berlin"
/// holidays = ["2026-12-24", "2026-12-25"]
/// [hours]
/// mon = ["09:00-12:30", "13:30-17:00"]
/// sun = ["00:00-24:00"]
/// [exceptions]
/// "2026-12-31" = ["09:00-12:00"]
/// ```
///
/// Only [`BusinessCalendar::from_spec`] gives it meaning; nothing here is
/// checked yet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// IANA time zone the hours are written in, e.g. `"Europe/Berlin"`.
    pub timezone: String,
    /// Dates (`YYYY-MM-DD`) on which the team is closed all day.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// The usual opening hours of each weekday.
    #[serde(default)]
    pub hours: WeeklyHoursSpec,
    /// Dates with their own hours instead of the weekday's; an empty list
    /// closes the day.
    #[serde(default)]
    pub exceptions: BTreeMap<String, Vec<String>>,
}

/// Opening hours per weekday, each range written `"09:00-12:30"` (an end of
/// `"24:00"` runs to midnight). A day left out is closed. A shift past
/// midnight is written as two ranges on two days.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklyHoursSpec {
    #[serde(default)]
    pub mon: Vec<String>,
    #[serde(default)]
    pub tue: Vec<String>,
    #[serde(default)]
    pub wed: Vec<String>,
    #[serde(default)]
    pub thu: Vec<String>,
    #[serde(default)]
    pub fri: Vec<String>,
    #[serde(default)]
    pub sat: Vec<String>,
    #[serde(default)]
    pub sun: Vec<String>,
}

impl WeeklyHoursSpec {
    /// The ranges written for a weekday.
    pub fn day(&self, weekday: Weekday) -> &[String] {
        match weekday {
            Weekday::Monday => &self.mon,
            Weekday::Tuesday => &self.tue,
            Weekday::Wednesday => &self.wed,
            Weekday::Thursday => &self.thu,
            Weekday::Friday => &self.fri,
            Weekday::Saturday => &self.sat,
            Weekday::Sunday => &self.sun,
        }
    }
}

/// The key a weekday is written under in `[hours]`.
fn day_key(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "mon",
        Weekday::Tuesday => "tue",
        Weekday::Wednesday => "wed",
        Weekday::Thursday => "thu",
        Weekday::Friday => "fri",
        Weekday::Saturday => "sat",
        Weekday::Sunday => "sun",
    }
}

/// Where in a [`CalendarSpec`] a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarField {
    /// `timezone`
    TimeZone,
    /// `holidays[i]`
    Holiday(usize),
    /// `hours.mon[i]` and so on
    Hours(Weekday, usize),
    /// The date key of an exception, `exceptions."2026-12-31"`.
    ExceptionDate(String),
    /// `exceptions."2026-12-31"[i]`
    ExceptionHours(String, usize),
}

/// One step of a [`CalendarField`]'s path: a table key or an array index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathSegment<'a> {
    Key(&'a str),
    Index(usize),
}

impl CalendarField {
    /// The keys and indexes leading to the value, so a file reader can find
    /// its position (for [`CalendarField::ExceptionDate`], the key itself).
    pub fn path(&self) -> Vec<PathSegment<'_>> {
        use PathSegment::{Index, Key};
        match self {
            CalendarField::TimeZone => vec![Key("timezone")],
            CalendarField::Holiday(i) => vec![Key("holidays"), Index(*i)],
            CalendarField::Hours(day, i) => vec![Key("hours"), Key(day_key(*day)), Index(*i)],
            CalendarField::ExceptionDate(date) => vec![Key("exceptions"), Key(date)],
            CalendarField::ExceptionHours(date, i) => vec![Key("exceptions"), Key(date), Index(*i)],
        }
    }
}

impl fmt::Display for CalendarField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarField::TimeZone => f.write_str("timezone"),
            CalendarField::Holiday(i) => write!(f, "holidays[{i}]"),
            CalendarField::Hours(day, i) => write!(f, "hours.{}[{i}]", day_key(*day)),
            CalendarField::ExceptionDate(date) => write!(f, "exceptions.{date:?}"),
            CalendarField::ExceptionHours(date, i) => write!(f, "exceptions.{date:?}[{i}]"),
        }
    }
}

/// What is wrong with a value in a calendar.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarProblem {
    #[error("is not a known IANA time zone")]
    UnknownTimeZone,
    #[error("is not a date (YYYY-MM-DD)")]
    NotADate,
    #[error("is not a range of hours (HH:MM-HH:MM, e.g. \"09:00-17:00\")")]
    NotARange,
    #[error("has {time:?}, which is not a time of day (00:00 to 23:59, or 24:00 to end a day)")]
    NotATime { time: String },
    #[error("ends before it starts")]
    EndsBeforeStart,
    #[error("starts and ends at the same time (leave it out to close)")]
    Empty,
    #[error("overlaps {other:?} at {field}")]
    Overlaps { field: CalendarField, other: String },
    #[error("is also listed in holidays; list the date in one place")]
    AlsoAHoliday,
}

/// A calendar that cannot be used, saying where (`field`), what was written
/// there (`value`) and what is wrong with it, e.g.
/// `hours.mon[1]: "13:30-12:00" ends before it starts`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {value:?} {problem}")]
pub struct CalendarError {
    pub field: CalendarField,
    pub value: String,
    pub problem: CalendarProblem,
}

impl BusinessCalendar {
    /// Checks a written calendar and builds it; the first problem found
    /// (time zone, then hours Monday to Sunday, holidays, exceptions) is
    /// returned.
    pub fn from_spec(spec: &CalendarSpec) -> Result<Self, CalendarError> {
        let error = |field, value: &str, problem| CalendarError {
            field,
            value: value.to_owned(),
            problem,
        };
        let zone = TimeZone::get(&spec.timezone).map_err(|_| {
            error(
                CalendarField::TimeZone,
                &spec.timezone,
                CalendarProblem::UnknownTimeZone,
            )
        })?;

        let mut week: [Vec<OpenInterval>; 7] = Default::default();
        for (index, hours) in week.iter_mut().enumerate() {
            let weekday = Weekday::Monday.wrapping_add(i64::try_from(index).unwrap_or(0));
            *hours = parse_day(spec.hours.day(weekday), |i| {
                CalendarField::Hours(weekday, i)
            })?;
        }

        let mut holidays = BTreeSet::new();
        for (i, raw) in spec.holidays.iter().enumerate() {
            let date = parse_date(raw)
                .ok_or_else(|| error(CalendarField::Holiday(i), raw, CalendarProblem::NotADate))?;
            holidays.insert(date);
        }

        let mut exceptions = BTreeMap::new();
        for (raw, ranges) in &spec.exceptions {
            let field = CalendarField::ExceptionDate(raw.clone());
            let date = parse_date(raw)
                .ok_or_else(|| error(field.clone(), raw, CalendarProblem::NotADate))?;
            if holidays.contains(&date) {
                return Err(error(field, raw, CalendarProblem::AlsoAHoliday));
            }
            let hours = parse_day(ranges, |i| CalendarField::ExceptionHours(raw.clone(), i))?;
            exceptions.insert(date, hours);
        }

        Ok(Self::new(zone, week, holidays, exceptions))
    }
}

/// Parses one day's ranges, sorted, and refuses overlaps (touching is fine).
fn parse_day(
    ranges: &[String],
    field: impl Fn(usize) -> CalendarField,
) -> Result<Vec<OpenInterval>, CalendarError> {
    let mut parsed = Vec::with_capacity(ranges.len());
    for (i, raw) in ranges.iter().enumerate() {
        let interval = parse_range(raw).map_err(|problem| CalendarError {
            field: field(i),
            value: raw.clone(),
            problem,
        })?;
        parsed.push((interval, i));
    }
    parsed.sort_unstable();
    for pair in parsed.windows(2) {
        let [(a, ai), (b, bi)] = pair else { continue };
        if a.end > b.start {
            // Blame the range written later; point at the one written first.
            let (first, later) = if ai < bi { (*ai, *bi) } else { (*bi, *ai) };
            return Err(CalendarError {
                field: field(later),
                value: ranges[later].clone(),
                problem: CalendarProblem::Overlaps {
                    field: field(first),
                    other: ranges[first].clone(),
                },
            });
        }
    }
    Ok(parsed.into_iter().map(|(interval, _)| interval).collect())
}

fn parse_range(raw: &str) -> Result<OpenInterval, CalendarProblem> {
    let (start, end) = raw.split_once('-').ok_or(CalendarProblem::NotARange)?;
    let (start, end) = (start.trim(), end.trim());
    let start_minute = parse_time(start)?;
    let end_minute = parse_time(end)?;
    if start_minute == 1440 {
        return Err(CalendarProblem::NotATime {
            time: start.to_owned(),
        });
    }
    match end_minute.cmp(&start_minute) {
        std::cmp::Ordering::Less => Err(CalendarProblem::EndsBeforeStart),
        std::cmp::Ordering::Equal => Err(CalendarProblem::Empty),
        std::cmp::Ordering::Greater => Ok(OpenInterval {
            start: start_minute,
            end: end_minute,
        }),
    }
}

/// `H:MM` or `HH:MM` as minutes after midnight, up to 24:00.
fn parse_time(raw: &str) -> Result<u16, CalendarProblem> {
    let (hours, minutes) = raw.split_once(':').ok_or(CalendarProblem::NotARange)?;
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(hours, 1..=2) || !digits(minutes, 2..=2) {
        return Err(CalendarProblem::NotARange);
    }
    let not_a_time = || CalendarProblem::NotATime {
        time: raw.to_owned(),
    };
    let hours: u16 = hours.parse().map_err(|_| not_a_time())?;
    let minutes: u16 = minutes.parse().map_err(|_| not_a_time())?;
    match (hours, minutes) {
        (0..=23, 0..=59) | (24, 0) => Ok(hours * 60 + minutes),
        _ => Err(not_a_time()),
    }
}

/// Exactly `YYYY-MM-DD`, a real date.
fn parse_date(raw: &str) -> Option<Date> {
    let shape = raw.len() == 10
        && raw.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape {
        return None;
    }
    raw.parse().ok()
}
