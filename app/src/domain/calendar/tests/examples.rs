use super::*;
use jiff::civil::Weekday;

#[test]
fn the_documented_example_counts_the_monday_lunch_break_as_closed() {
    let cal = berlin_example();
    // Monday 2026-03-02, 12:00 Berlin (CET): 30 min before lunch, 15 after it.
    let due = cal
        .due_at(ts("2026-03-02T12:00:00+01:00"), mins(45))
        .unwrap();
    assert_eq!(due, ts("2026-03-02T13:45:00+01:00"));
    assert_eq!(
        cal.elapsed(
            ts("2026-03-02T08:00:00+01:00"),
            ts("2026-03-02T18:00:00+01:00")
        ),
        hours(7)
    );
}

#[test]
fn spring_forward_does_not_count_the_missing_hour() {
    // Sunday 2026-03-29: Berlin clocks jump from 02:00 CET to 03:00 CEST.
    let cal = calendar("Europe/Berlin", &[("sun", &["01:00-04:00"])]);
    let day = (
        ts("2026-03-29T00:00:00+01:00"),
        ts("2026-03-30T00:00:00+02:00"),
    );
    assert_eq!(cal.elapsed(day.0, day.1), hours(2));
    // 01:30 CET + 1 h of open time = 03:30 CEST, one real hour later.
    assert_eq!(
        cal.due_at(ts("2026-03-29T01:30:00+01:00"), hours(1)),
        Some(ts("2026-03-29T03:30:00+02:00"))
    );
    // A range lying entirely in the gap is no open time at all that day.
    let gap_only = calendar("Europe/Berlin", &[("sun", &["02:00-03:00"])]);
    assert_eq!(gap_only.elapsed(day.0, day.1), SignedDuration::ZERO);
    assert!(!gap_only.is_open(ts("2026-03-29T01:00:00Z")));
    assert_eq!(
        gap_only.elapsed(ts("2026-03-22T00:00:00Z"), ts("2026-03-23T00:00:00Z")),
        hours(1)
    );
}

#[test]
fn a_boundary_in_the_gap_moves_forward_by_the_gap() {
    // 02:30 does not exist on 2026-03-29; compatible reading makes it 03:30 CEST.
    let cal = calendar("Europe/Berlin", &[("sun", &["02:30-06:00"])]);
    assert_eq!(
        cal.next_opening(ts("2026-03-29T00:00:00Z")),
        Some(ts("2026-03-29T03:30:00+02:00"))
    );
    assert_eq!(
        cal.elapsed(ts("2026-03-29T00:00:00Z"), ts("2026-03-30T00:00:00Z")),
        mins(150)
    );
}

#[test]
fn ranges_that_convert_out_of_order_or_overlapping_count_their_time_once() {
    let day = (ts("2026-03-29T00:00:00Z"), ts("2026-03-30T00:00:00Z"));
    // 02:30 reads as 03:30 CEST, past the start of the next range: shared time counts once.
    let cal = calendar("Europe/Berlin", &[("sun", &["01:00-02:30", "03:00-04:00"])]);
    assert_eq!(cal.elapsed(day.0, day.1), hours(2));
    // A range wholly in the gap reads as 03:30-03:45 CEST, after the next range starts.
    let cal = calendar("Europe/Berlin", &[("sun", &["02:30-02:45", "03:00-03:15"])]);
    assert_eq!(cal.elapsed(day.0, day.1), mins(30));
    assert_eq!(
        cal.due_at(day.0, mins(20)),
        Some(ts("2026-03-29T03:35:00+02:00"))
    );
}

#[test]
fn a_calendar_day_that_never_happened_still_counts_each_moment_once() {
    // Samoa skipped 2011-12-30 (UTC-10 to UTC+14). Its hours read as the 31st's,
    // where they overlap the 31st's own: the union counts, in real order.
    let spec = CalendarSpec {
        timezone: "Pacific/Apia".into(),
        exceptions: [
            ("2011-12-30".to_owned(), ranges(&["09:00-10:00"])),
            ("2011-12-31".to_owned(), ranges(&["08:00-09:30"])),
        ]
        .into(),
        ..CalendarSpec::default()
    };
    let cal = BusinessCalendar::from_spec(&spec).unwrap();
    let (from, to) = (ts("2011-12-29T00:00:00Z"), ts("2012-01-02T00:00:00Z"));
    assert_eq!(cal.elapsed(from, to), hours(2));
    assert_eq!(
        cal.next_opening(from),
        Some(ts("2011-12-31T08:00:00+14:00"))
    );
    assert_eq!(
        cal.due_at(from, hours(2)),
        Some(ts("2011-12-31T10:00:00+14:00"))
    );
}

#[test]
fn fall_back_counts_the_repeated_hour_twice() {
    // Sunday 2026-10-25: Berlin clocks go back from 03:00 CEST to 02:00 CET.
    let cal = calendar("Europe/Berlin", &[("sun", &["02:00-03:00"])]);
    let day = (
        ts("2026-10-25T00:00:00+02:00"),
        ts("2026-10-26T00:00:00+01:00"),
    );
    assert_eq!(cal.elapsed(day.0, day.1), hours(2));
    assert!(cal.is_open(ts("2026-10-25T02:30:00+02:00")));
    assert!(cal.is_open(ts("2026-10-25T02:30:00+01:00")));
    assert_eq!(
        cal.due_at(ts("2026-10-25T02:00:00+02:00"), mins(90)),
        Some(ts("2026-10-25T02:30:00+01:00"))
    );
    let wide = calendar("Europe/Berlin", &[("sun", &["01:00-04:00"])]);
    assert_eq!(wide.elapsed(day.0, day.1), hours(4));
}

#[test]
fn a_friday_evening_start_rolls_to_monday_morning() {
    let cal = calendar("Europe/Berlin", WEEKDAYS_9_TO_5);
    let due = cal
        .due_at(ts("2026-03-06T16:30:00+01:00"), hours(1))
        .unwrap();
    assert_eq!(due, ts("2026-03-09T09:30:00+01:00"));
    // Starting on Saturday begins counting at Monday's opening.
    let due = cal
        .due_at(ts("2026-03-07T11:00:00+01:00"), mins(15))
        .unwrap();
    assert_eq!(due, ts("2026-03-09T09:15:00+01:00"));
    // A deadline reached exactly at closing is the closing instant, not Monday.
    let due = cal
        .due_at(ts("2026-03-06T16:00:00+01:00"), hours(1))
        .unwrap();
    assert_eq!(due, ts("2026-03-06T17:00:00+01:00"));
}

#[test]
fn holidays_and_exceptions_override_the_weekday() {
    let mut spec = CalendarSpec {
        timezone: "Europe/Berlin".into(),
        ..CalendarSpec::default()
    };
    let nine_to_five = ranges(&["09:00-17:00"]);
    spec.hours = WeeklyHoursSpec {
        mon: nine_to_five.clone(),
        tue: nine_to_five.clone(),
        wed: nine_to_five.clone(),
        thu: nine_to_five.clone(),
        fri: nine_to_five,
        ..WeeklyHoursSpec::default()
    };
    spec.holidays = ranges(&["2026-12-24", "2026-12-25"]);
    spec.exceptions
        .insert("2026-12-31".into(), ranges(&["09:00-12:00"]));
    spec.exceptions.insert("2026-12-30".into(), vec![]);
    let cal = BusinessCalendar::from_spec(&spec).unwrap();

    // Wednesday 23rd 16:00 + 2 h: 1 h that day, Thu/Fri holidays, weekend, Monday 10:00.
    assert_eq!(
        cal.due_at(ts("2026-12-23T16:00:00+01:00"), hours(2)),
        Some(ts("2026-12-28T10:00:00+01:00"))
    );
    assert!(!cal.is_open(ts("2026-12-24T10:00:00+01:00")));
    // The 30th is closed by an empty exception; the 31st closes at noon.
    assert!(!cal.is_open(ts("2026-12-30T10:00:00+01:00")));
    assert!(cal.is_open(ts("2026-12-31T11:59:00+01:00")));
    assert!(!cal.is_open(ts("2026-12-31T12:00:00+01:00")));
    assert_eq!(
        cal.due_at(ts("2026-12-31T11:00:00+01:00"), hours(2)),
        Some(ts("2027-01-01T10:00:00+01:00"))
    );
}

#[test]
fn half_and_three_quarter_hour_offsets_are_respected() {
    // Kathmandu is UTC+05:45: 09:00 local on Monday 2026-03-02 is 03:15Z.
    let cal = calendar("Asia/Kathmandu", WEEKDAYS_9_TO_5);
    assert!(!cal.is_open(ts("2026-03-02T03:14:59Z")));
    assert!(cal.is_open(ts("2026-03-02T03:15:00Z")));
    assert_eq!(
        cal.next_opening(ts("2026-03-01T12:00:00Z")),
        Some(ts("2026-03-02T03:15:00Z"))
    );
    assert_eq!(
        cal.due_at(ts("2026-03-02T00:00:00Z"), hours(8)),
        Some(ts("2026-03-02T11:15:00Z"))
    );
    assert_eq!(
        cal.elapsed(ts("2026-03-02T03:00:00Z"), ts("2026-03-02T12:00:00Z")),
        hours(8)
    );

    // Kolkata is UTC+05:30.
    let cal = calendar("Asia/Kolkata", &[("mon", &["09:30-18:00"])]);
    assert_eq!(
        cal.due_at(ts("2026-03-02T00:00:00Z"), mins(30)),
        Some(ts("2026-03-02T04:30:00Z"))
    );
}

#[test]
fn lord_howe_shifts_its_clocks_by_half_an_hour() {
    // Lord Howe Island: +10:30, +11:00 in summer; changes on the first Sunday
    // of October (02:00 -> 02:30) and April (02:00 -> 01:30).
    let cal = BusinessCalendar::always_open(TimeZone::get("Australia/Lord_Howe").unwrap());
    let spring = (
        ts("2026-10-04T00:00:00+10:30"),
        ts("2026-10-05T00:00:00+11:00"),
    );
    assert_eq!(cal.elapsed(spring.0, spring.1), mins(23 * 60 + 30));
    let autumn = (
        ts("2026-04-05T00:00:00+11:00"),
        ts("2026-04-06T00:00:00+10:30"),
    );
    assert_eq!(cal.elapsed(autumn.0, autumn.1), mins(24 * 60 + 30));
    let sunday = calendar("Australia/Lord_Howe", &[("sun", &["01:00-03:00"])]);
    assert_eq!(sunday.elapsed(spring.0, spring.1), mins(90));
    assert_eq!(sunday.elapsed(autumn.0, autumn.1), mins(150));
}

#[test]
fn a_night_shift_written_as_two_ranges_runs_through_midnight() {
    let cal = calendar(
        "Europe/Berlin",
        &[("fri", &["22:00-24:00"]), ("sat", &["00:00-06:00"])],
    );
    let start = ts("2026-03-06T22:00:00+01:00");
    assert_eq!(
        cal.due_at(start, hours(8)),
        Some(ts("2026-03-07T06:00:00+01:00"))
    );
    assert_eq!(
        cal.elapsed(
            ts("2026-03-06T23:00:00+01:00"),
            ts("2026-03-07T01:00:00+01:00")
        ),
        hours(2)
    );
    assert!(cal.is_open(ts("2026-03-07T00:00:00+01:00")));
}

#[test]
fn a_zero_promise_is_due_at_once_even_when_closed() {
    let cal = calendar("Europe/Berlin", WEEKDAYS_9_TO_5);
    let saturday = ts("2026-03-07T11:00:00+01:00");
    assert_eq!(cal.due_at(saturday, SignedDuration::ZERO), Some(saturday));
}

#[test]
fn a_calendar_that_never_opens_gives_no_deadline() {
    let cal = calendar("UTC", &[]);
    let start = ts("2026-03-07T11:00:00Z");
    assert_eq!(cal.due_at(start, mins(1)), None);
    assert_eq!(cal.next_opening(start), None);
    assert_eq!(
        cal.elapsed(start, ts("2036-03-07T11:00:00Z")),
        SignedDuration::ZERO
    );
    assert!(!cal.is_open(start));
}

#[test]
fn remaining_turns_negative_in_real_time_once_overdue() {
    let cal = calendar("Europe/Berlin", WEEKDAYS_9_TO_5);
    let due = ts("2026-03-09T09:30:00+01:00");
    assert_eq!(
        cal.remaining(due, ts("2026-03-06T16:30:00+01:00")),
        hours(1)
    );
    assert_eq!(cal.remaining(due, due), SignedDuration::ZERO);
    // Overdue since Monday 09:30; asked on Tuesday 09:30 that is a full day late.
    assert_eq!(
        cal.remaining(due, ts("2026-03-10T09:30:00+01:00")),
        -hours(24)
    );
}

#[test]
fn long_promises_skip_whole_weeks_and_stay_exact() {
    let cal = calendar("Europe/Berlin", WEEKDAYS_9_TO_5);
    let start = ts("2026-03-04T10:00:00+01:00");
    // Five years of 40-hour weeks; DST changes and the calendar's shift stay exact.
    let business = hours(40 * 52 * 5);
    let due = cal.due_at(start, business).unwrap();
    assert_eq!(cal.elapsed(start, due), business);
    assert!(
        cal.elapsed(
            start,
            due.checked_sub(SignedDuration::from_nanos(1)).unwrap()
        ) < business
    );
    // Beyond about ten years there is no deadline.
    assert_eq!(cal.due_at(start, hours(40 * 52 * 11)), None);
}

#[test]
fn always_open_in_utc_is_real_time() {
    let cal = BusinessCalendar::always_open(TimeZone::UTC);
    let start = ts("2026-03-07T11:00:00Z");
    assert_eq!(
        cal.due_at(start, hours(50)),
        Some(ts("2026-03-09T13:00:00Z"))
    );
    assert!(cal.is_open(start));
}

#[test]
fn spec_errors_say_what_and_where() {
    let spec = |f: &dyn Fn(&mut CalendarSpec)| {
        let mut spec = CalendarSpec {
            timezone: "Europe/Berlin".into(),
            ..CalendarSpec::default()
        };
        f(&mut spec);
        BusinessCalendar::from_spec(&spec).unwrap_err()
    };
    let err = spec(&|s| s.hours.mon = ranges(&["09:00-12:30", "13:30-12:00"]));
    assert_eq!(
        err.to_string(),
        r#"hours.mon[1]: "13:30-12:00" ends before it starts"#
    );
    assert_eq!(err.field, CalendarField::Hours(Weekday::Monday, 1));
    assert_eq!(err.value, "13:30-12:00");
    assert_eq!(
        err.field.path(),
        [
            PathSegment::Key("hours"),
            PathSegment::Key("mon"),
            PathSegment::Index(1)
        ]
    );

    let err = spec(&|s| s.holidays = ranges(&["2026-13-01"]));
    assert_eq!(
        err.to_string(),
        r#"holidays[0]: "2026-13-01" is not a date (YYYY-MM-DD)"#
    );
    let err = spec(&|s| s.timezone = "Mars/Base".into());
    assert_eq!(
        err.to_string(),
        r#"timezone: "Mars/Base" is not a known IANA time zone"#
    );
    let err = spec(&|s| s.hours.tue = ranges(&["13:00-17:00", "09:00-13:30"]));
    assert_eq!(
        err.to_string(),
        r#"hours.tue[1]: "09:00-13:30" overlaps "13:00-17:00" at hours.tue[0]"#
    );
    let err = spec(&|s| s.hours.sun = ranges(&["9-5"]));
    assert_eq!(err.problem, CalendarProblem::NotARange);
    let err = spec(&|s| s.hours.sat = ranges(&["09:00-25:00"]));
    assert!(
        err.to_string()
            .contains(r#"has "25:00", which is not a time of day"#),
        "{err}"
    );
    let err = spec(&|s| s.hours.wed = ranges(&["24:00-24:00"]));
    assert!(matches!(err.problem, CalendarProblem::NotATime { .. }));
    let err = spec(&|s| s.hours.thu = ranges(&["10:00-10:00"]));
    assert_eq!(err.problem, CalendarProblem::Empty);
    let err = spec(&|s| {
        s.holidays = ranges(&["2026-12-24"]);
        s.exceptions.insert("2026-12-24".into(), vec![]);
    });
    assert_eq!(
        err.to_string(),
        r#"exceptions."2026-12-24": "2026-12-24" is also listed in holidays; list the date in one place"#
    );
    let err = spec(&|s| {
        s.exceptions
            .insert("2026-12-31".into(), ranges(&["09:00-12:00", "x"]));
    });
    assert_eq!(
        err.field,
        CalendarField::ExceptionHours("2026-12-31".into(), 1)
    );
    let err = spec(&|s| {
        s.exceptions.insert("20261231".into(), vec![]);
    });
    assert_eq!(err.problem, CalendarProblem::NotADate);
}

#[test]
fn touching_ranges_and_any_order_are_fine() {
    let cal = calendar("UTC", &[("mon", &["12:00-17:00", "09:00-12:00"])]);
    assert_eq!(
        cal.elapsed(ts("2026-03-02T00:00:00Z"), ts("2026-03-03T00:00:00Z")),
        hours(8)
    );
}

#[test]
fn a_spec_with_only_a_time_zone_deserializes_as_closed() {
    let spec: CalendarSpec = serde_json::from_str(r#"{"timezone": "UTC"}"#).unwrap();
    assert!(spec.hours.mon.is_empty() && spec.holidays.is_empty() && spec.exceptions.is_empty());
    assert!(serde_json::from_str::<CalendarSpec>(r#"{"timezone": "UTC", "hour": {}}"#).is_err());
}

#[test]
fn a_deadline_at_closing_time_then_continues_at_the_next_opening() {
    let cal = calendar("Europe/Berlin", WEEKDAYS_9_TO_5);
    let start = ts("2026-03-06T16:00:00+01:00");
    // Friday 16:00 + 1 h is Friday 17:00 exactly, the closing instant ...
    let first = cal.due_at(start, hours(1)).unwrap();
    assert_eq!(first, ts("2026-03-06T17:00:00+01:00"));
    assert!(!cal.is_open(first));
    // ... and 30 more minutes from there is Monday 09:30, the same as 90 from the start.
    let then = cal.due_at(first, mins(30)).unwrap();
    assert_eq!(then, ts("2026-03-09T09:30:00+01:00"));
    assert_eq!(cal.due_at(start, mins(90)), Some(then));
}

#[test]
fn new_york_spring_forward_skips_the_missing_hour() {
    // Sunday 2026-03-08: 02:00 EST (-05:00) jumps to 03:00 EDT (-04:00) at 07:00Z.
    let cal = calendar("America/New_York", &[("sun", &["00:00-06:00"])]);
    // 00:00 EST = 05:00Z, 06:00 EDT = 10:00Z: 5 real hours, not 6.
    let (open, close) = (ts("2026-03-08T05:00:00Z"), ts("2026-03-08T10:00:00Z"));
    assert_eq!(
        cal.elapsed(ts("2026-03-08T00:00:00Z"), ts("2026-03-09T00:00:00Z")),
        hours(5)
    );
    // 01:30 EST = 06:30Z; + 60 min = 07:30Z = 03:30 EDT (the clock shows +2 h).
    assert_eq!(
        cal.due_at(ts("2026-03-08T01:30:00-05:00"), hours(1)),
        Some(ts("2026-03-08T03:30:00-04:00"))
    );
    assert_eq!(ts("2026-03-08T03:30:00-04:00"), ts("2026-03-08T07:30:00Z"));
    // From the opening, 4 h = 09:00Z = 05:00 EDT; 5 h is the closing, 10:00Z.
    assert_eq!(cal.due_at(open, hours(4)), Some(ts("2026-03-08T09:00:00Z")));
    assert_eq!(cal.due_at(open, hours(5)), Some(close));
    // One minute more rolls to next Sunday: 00:00 EDT = 2026-03-15T04:00Z, + 1 min.
    assert_eq!(
        cal.due_at(open, hours(5) + mins(1)),
        Some(ts("2026-03-15T04:01:00Z"))
    );
}

#[test]
fn new_york_fall_back_counts_the_repeated_hour_twice() {
    // Sunday 2026-11-01: 02:00 EDT (-04:00) falls back to 01:00 EST (-05:00) at 06:00Z.
    let cal = calendar("America/New_York", &[("sun", &["00:00-06:00"])]);
    // 00:00 EDT = 04:00Z, 06:00 EST = 11:00Z: 7 real hours.
    assert_eq!(
        cal.elapsed(ts("2026-11-01T00:00:00Z"), ts("2026-11-02T00:00:00Z")),
        hours(7)
    );
    // 00:30 EDT = 04:30Z; + 1 h = 05:30Z = 01:30 EDT (first pass);
    // + 2 h = 06:30Z = 01:30 EST (second pass).
    let start = ts("2026-11-01T00:30:00-04:00");
    assert_eq!(
        cal.due_at(start, hours(1)),
        Some(ts("2026-11-01T01:30:00-04:00"))
    );
    assert_eq!(
        cal.due_at(start, hours(2)),
        Some(ts("2026-11-01T01:30:00-05:00"))
    );
    assert_eq!(ts("2026-11-01T01:30:00-05:00"), ts("2026-11-01T06:30:00Z"));
    // + 6.5 h = 11:00Z = 06:00 EST, the closing.
    assert_eq!(
        cal.due_at(start, mins(390)),
        Some(ts("2026-11-01T11:00:00Z"))
    );
}

#[test]
fn sydney_fall_back_in_april_counts_the_repeated_hour_twice() {
    // Sunday 2026-04-05: 03:00 AEDT (+11:00) falls back to 02:00 AEST (+10:00)
    // at 2026-04-04T16:00Z.
    let cal = calendar("Australia/Sydney", &[("sun", &["00:00-06:00"])]);
    // 00:00 AEDT = 04-04T13:00Z, 06:00 AEST = 04-04T20:00Z: 7 real hours.
    assert_eq!(
        cal.elapsed(ts("2026-04-04T00:00:00Z"), ts("2026-04-05T00:00:00Z")),
        hours(7)
    );
    // 01:00 AEDT = 14:00Z; + 150 min = 16:30Z = 02:30 AEST (second pass; the
    // first pass, 02:30 AEDT, was 15:30Z).
    let start = ts("2026-04-05T01:00:00+11:00");
    assert_eq!(
        cal.due_at(start, mins(150)),
        Some(ts("2026-04-05T02:30:00+10:00"))
    );
    assert_eq!(
        cal.due_at(start, mins(90)),
        Some(ts("2026-04-05T02:30:00+11:00"))
    );
    assert_eq!(ts("2026-04-05T02:30:00+10:00"), ts("2026-04-04T16:30:00Z"));
}

#[test]
fn sydney_spring_forward_in_october_skips_the_missing_hour() {
    // Sunday 2026-10-04: 02:00 AEST (+10:00) jumps to 03:00 AEDT (+11:00) at
    // 2026-10-03T16:00Z.
    let cal = calendar("Australia/Sydney", &[("sun", &["00:00-06:00"])]);
    // 00:00 AEST = 10-03T14:00Z, 06:00 AEDT = 10-03T19:00Z: 5 real hours.
    assert_eq!(
        cal.elapsed(ts("2026-10-03T00:00:00Z"), ts("2026-10-04T00:00:00Z")),
        hours(5)
    );
    // 01:30 AEST = 15:30Z; + 1 h = 16:30Z = 03:30 AEDT.
    assert_eq!(
        cal.due_at(ts("2026-10-04T01:30:00+10:00"), hours(1)),
        Some(ts("2026-10-04T03:30:00+11:00"))
    );
    assert_eq!(ts("2026-10-04T03:30:00+11:00"), ts("2026-10-03T16:30:00Z"));
    // 5 h from 00:00 AEST is the closing at 19:00Z; the next minute is next
    // Sunday 00:00 AEDT = 10-10T13:00Z, + 1 min.
    let open = ts("2026-10-03T14:00:00Z");
    assert_eq!(cal.due_at(open, hours(5)), Some(ts("2026-10-03T19:00:00Z")));
    assert_eq!(
        cal.due_at(open, hours(5) + mins(1)),
        Some(ts("2026-10-10T13:01:00Z"))
    );
}

#[test]
fn kolkata_keeps_its_half_hour_offset_while_others_change_clocks() {
    // Asia/Kolkata is +05:30 all year; on the Berlin change night (Sunday
    // 2026-03-29) a 00:00-06:00 range is 6 real hours: 03-28T18:30Z to 03-29T00:30Z.
    let cal = calendar("Asia/Kolkata", &[("sun", &["00:00-06:00"])]);
    assert_eq!(
        cal.elapsed(ts("2026-03-28T00:00:00Z"), ts("2026-03-30T00:00:00Z")),
        hours(6)
    );
    // 01:30 IST = 03-28T20:00Z; + 1 h crosses 02:00-03:00 local = 21:00Z (02:30 IST).
    assert_eq!(
        cal.due_at(ts("2026-03-29T01:30:00+05:30"), hours(1)),
        Some(ts("2026-03-28T21:00:00Z"))
    );
    // From Saturday noon UTC, 6 h ends at the closing 03-29T00:30Z.
    assert_eq!(
        cal.due_at(ts("2026-03-28T12:00:00Z"), hours(6)),
        Some(ts("2026-03-29T00:30:00Z"))
    );
}
