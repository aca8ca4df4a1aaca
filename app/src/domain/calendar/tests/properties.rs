use super::*;
use proptest::prelude::*;

const ZONES: &[&str] = &[
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
];

/// 2026-01-01T00:00:00Z; random instants fall within the two years after it.
const BASE: i64 = 1_767_225_600;
const TWO_YEARS: i64 = 2 * 366 * 86_400;

fn hhmm(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Up to three ranges on quarter hours (so they meet DST boundaries).
fn day_ranges() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::btree_set((0u16..=96).prop_map(|q| q * 15), 0..=6).prop_map(|points| {
        let points: Vec<u16> = points.into_iter().collect();
        points
            .chunks_exact(2)
            .map(|p| format!("{}-{}", hhmm(p[0]), hhmm(p[1])))
            .collect()
    })
}

fn date_text(offset_days: i64) -> String {
    add_days(jiff::civil::date(2026, 1, 1), offset_days)
        .unwrap()
        .to_string()
}

fn any_spec() -> impl Strategy<Value = CalendarSpec> {
    let week = proptest::collection::vec(day_ranges(), 7);
    let holidays = proptest::collection::btree_set(0i64..730, 0..12);
    let exceptions = proptest::collection::btree_map(0i64..730, day_ranges(), 0..8);
    (proptest::sample::select(ZONES), week, holidays, exceptions).prop_map(
        |(zone, week, holidays, exceptions)| {
            let mut week = week.into_iter();
            let mut next = || week.next().unwrap_or_default();
            CalendarSpec {
                timezone: zone.to_owned(),
                hours: WeeklyHoursSpec {
                    mon: next(),
                    tue: next(),
                    wed: next(),
                    thu: next(),
                    fri: next(),
                    sat: next(),
                    sun: next(),
                },
                holidays: holidays.iter().map(|d| date_text(*d)).collect(),
                exceptions: exceptions
                    .into_iter()
                    .filter(|(d, _)| !holidays.contains(d))
                    .map(|(d, r)| (date_text(d), r))
                    .collect(),
            }
        },
    )
}

fn any_instant() -> impl Strategy<Value = Timestamp> {
    (0..TWO_YEARS).prop_map(|s| Timestamp::from_second(BASE + s).unwrap())
}

fn any_business() -> impl Strategy<Value = SignedDuration> {
    (0i64..21 * 86_400).prop_map(SignedDuration::from_secs)
}

/// Independent reference: converts every day's hours near the window and
/// measures their union, without the walk's ordering or week skipping.
fn naive_elapsed(cal: &BusinessCalendar, from: Timestamp, to: Timestamp) -> SignedDuration {
    let (first, last) = (
        add_days(cal.local_date(from), -3).unwrap(),
        add_days(cal.local_date(to), 3).unwrap(),
    );
    let mut spans = Vec::new();
    let mut day = first;
    while day <= last {
        for hours in cal.hours_on(day) {
            let (a, b) = (
                cal.instant(day, hours.start).unwrap(),
                cal.instant(day, hours.end).unwrap(),
            );
            spans.push((a.max(from), b.min(to)));
        }
        day = day.tomorrow().unwrap();
    }
    spans.retain(|(a, b)| a < b);
    spans.sort();
    let (mut total, mut covered) = (SignedDuration::ZERO, from);
    for (a, b) in spans {
        let a = a.max(covered);
        if b > a {
            total += b.duration_since(a);
            covered = b;
        }
    }
    total
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_deadline_is_reached_after_exactly_the_promised_open_time(
        spec in any_spec(), start in any_instant(), business in any_business(),
    ) {
        let cal = BusinessCalendar::from_spec(&spec).unwrap();
        match cal.due_at(start, business) {
            Some(due) => prop_assert_eq!(cal.elapsed(start, due), business),
            None => {
                let ten_years = start.checked_add(SignedDuration::from_hours(24 * 3_650)).unwrap();
                prop_assert!(cal.elapsed(start, ten_years) < business);
            }
        }
    }

    #[test]
    fn the_deadline_is_the_earliest_such_instant(
        spec in any_spec(), start in any_instant(), business in any_business(), share in any::<u32>(),
    ) {
        let cal = BusinessCalendar::from_spec(&spec).unwrap();
        prop_assume!(business > SignedDuration::ZERO);
        if let Some(due) = cal.due_at(start, business) {
            let just_before = due.checked_sub(SignedDuration::from_nanos(1)).unwrap();
            prop_assert!(cal.elapsed(start, just_before) < business);
            let part = (due.duration_since(start).as_nanos() * i128::from(share)) >> 32;
            let some_time_before = start.checked_add(SignedDuration::from_nanos_i128(part)).unwrap();
            prop_assert!(cal.elapsed(start, some_time_before) < business);
        }
    }

    #[test]
    fn a_longer_promise_is_never_due_sooner(
        spec in any_spec(), start in any_instant(), a in any_business(), b in any_business(),
    ) {
        let cal = BusinessCalendar::from_spec(&spec).unwrap();
        let (short, long) = if a <= b { (a, b) } else { (b, a) };
        if let (Some(x), Some(y)) = (cal.due_at(start, short), cal.due_at(start, long)) {
            prop_assert!(x <= y);
        }
    }

    #[test]
    fn open_time_adds_up_across_a_split(
        spec in any_spec(), mut points in proptest::collection::vec(any_instant(), 3),
    ) {
        let cal = BusinessCalendar::from_spec(&spec).unwrap();
        points.sort();
        let (a, b, c) = (points[0], points[1], points[2]);
        prop_assert_eq!(cal.elapsed(a, b) + cal.elapsed(b, c), cal.elapsed(a, c));
    }

    #[test]
    fn open_time_matches_a_day_by_day_count(
        spec in any_spec(), from in any_instant(), length in 0i64..90 * 86_400,
    ) {
        let cal = BusinessCalendar::from_spec(&spec).unwrap();
        let to = from.checked_add(SignedDuration::from_secs(length)).unwrap();
        prop_assert_eq!(cal.elapsed(from, to), naive_elapsed(&cal, from, to));
    }

    #[test]
    fn is_open_and_next_opening_agree_with_elapsed(spec in any_spec(), at in any_instant()) {
        let cal = BusinessCalendar::from_spec(&spec).unwrap();
        let nano = SignedDuration::from_nanos(1);
        let open_for = cal.elapsed(at, at.checked_add(nano).unwrap());
        prop_assert_eq!(cal.is_open(at), open_for == nano);
        if let Some(opening) = cal.next_opening(at) {
            prop_assert!(opening >= at);
            prop_assert!(cal.is_open(opening));
            prop_assert_eq!(cal.elapsed(at, opening), SignedDuration::ZERO);
        }
    }

    #[test]
    fn around_the_clock_business_time_is_real_time_in_any_zone(
        zone in proptest::sample::select(ZONES), start in any_instant(), business in any_business(),
    ) {
        let cal = BusinessCalendar::always_open(TimeZone::get(zone).unwrap());
        let due = cal.due_at(start, business).unwrap();
        prop_assert_eq!(due, start.checked_add(business).unwrap());
        prop_assert_eq!(cal.elapsed(start, due), business);
    }

    #[test]
    fn around_the_clock_in_utc_the_deadline_is_start_plus_duration(
        start in any_instant(), business in any_business(),
    ) {
        let cal = BusinessCalendar::always_open(TimeZone::UTC);
        prop_assert_eq!(cal.due_at(start, business), Some(start.checked_add(business).unwrap()));
    }
}

/// Instants on the quarter-hour grid: with ranges on quarter hours and every
/// zone above offset by whole quarter hours, these often hit an opening or a
/// closing exactly.
fn any_quarter_instant() -> impl Strategy<Value = Timestamp> {
    (0..TWO_YEARS / 900).prop_map(|q| Timestamp::from_second(BASE + q * 900).unwrap())
}

/// Whole quarter hours, so a deadline often lands exactly on a closing.
fn any_quarter_business() -> impl Strategy<Value = SignedDuration> {
    (0i64..=21 * 96).prop_map(|q| SignedDuration::from_mins(q * 15))
}

fn start_and_promise() -> impl Strategy<Value = (Timestamp, SignedDuration)> {
    prop_oneof![
        (any_instant(), any_business()),
        (any_quarter_instant(), any_quarter_business()),
    ]
}

/// About ten years after `start`, past which a `None` from `due_at` is allowed.
fn beyond_the_horizon(start: Timestamp) -> Timestamp {
    start
        .checked_add(SignedDuration::from_hours(24 * 3_650))
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_later_start_is_never_due_sooner(
        spec in any_spec(),
        (start, business) in start_and_promise(),
        delay in prop_oneof![0i64..7 * 86_400, (0i64..7 * 96).prop_map(|q| q * 900)],
    ) {
        let cal = BusinessCalendar::from_spec(&spec).unwrap();
        let later = start.checked_add(SignedDuration::from_secs(delay)).unwrap();
        match (cal.due_at(start, business), cal.due_at(later, business)) {
            (Some(early), Some(late)) => prop_assert!(early <= late, "{early} > {late}"),
            // The later start looks further ahead, so only it may find a deadline.
            (None, Some(late)) => prop_assert!(late > beyond_the_horizon(start)),
            (Some(early), None) => prop_assert!(false, "due {early} from {start}, none from {later}"),
            (None, None) => {}
        }
    }

    #[test]
    fn a_promise_split_in_two_is_due_when_the_whole_is(
        spec in any_spec(),
        (start, a) in start_and_promise(),
        b in prop_oneof![any_business(), any_quarter_business()],
    ) {
        let cal = BusinessCalendar::from_spec(&spec).unwrap();
        let whole = cal.due_at(start, a + b);
        match cal.due_at(start, a) {
            Some(first) => {
                // `first` may be a closing instant; the rest still starts at the next opening.
                let chained = cal.due_at(first, b);
                match (chained, whole) {
                    (Some(chained), Some(whole)) => prop_assert_eq!(chained, whole),
                    // The second leg starts later, so its horizon reaches further.
                    (Some(chained), None) => prop_assert!(chained > beyond_the_horizon(start)),
                    (None, Some(whole)) => prop_assert!(false, "whole due {whole}, second leg none"),
                    (None, None) => {}
                }
            }
            None => prop_assert_eq!(whole, None),
        }
    }
}
