//! Concrete cases a support team would recognise, then properties over
//! random calendars, zones, starts and durations.

mod examples;
mod properties;

use super::*;

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

fn hours(n: i64) -> SignedDuration {
    SignedDuration::from_hours(n)
}

fn ranges(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// A calendar from TOML-like parts: `days` pairs weekday keys with ranges.
fn calendar(zone: &str, days: &[(&str, &[&str])]) -> BusinessCalendar {
    let mut spec = CalendarSpec {
        timezone: zone.to_owned(),
        ..CalendarSpec::default()
    };
    for (day, list) in days {
        let slot = match *day {
            "mon" => &mut spec.hours.mon,
            "tue" => &mut spec.hours.tue,
            "wed" => &mut spec.hours.wed,
            "thu" => &mut spec.hours.thu,
            "fri" => &mut spec.hours.fri,
            "sat" => &mut spec.hours.sat,
            "sun" => &mut spec.hours.sun,
            other => panic!("{other}"),
        };
        *slot = ranges(list);
    }
    BusinessCalendar::from_spec(&spec).unwrap()
}

const WEEKDAYS_9_TO_5: &[(&str, &[&str])] = &[
    ("mon", &["09:00-17:00"]),
    ("tue", &["09:00-17:00"]),
    ("wed", &["09:00-17:00"]),
    ("thu", &["09:00-17:00"]),
    ("fri", &["09:00-17:00"]),
];

/// The example calendar from the file format's documentation.
fn berlin_example() -> BusinessCalendar {
    let spec = CalendarSpec {
        timezone: "Europe/Berlin".into(),
        holidays: ranges(&["2026-12-24", "2026-12-25"]),
        hours: WeeklyHoursSpec {
            mon: ranges(&["09:00-12:30", "13:30-17:00"]),
            sun: ranges(&["00:00-24:00"]),
            ..WeeklyHoursSpec::default()
        },
        exceptions: [("2026-12-31".to_owned(), ranges(&["09:00-12:00"]))].into(),
    };
    BusinessCalendar::from_spec(&spec).unwrap()
}
