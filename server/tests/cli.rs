#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `baton sla ...` run as the real binary, the way support ops use it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE: &str = r#"# Berlin support desk
timezone = "Europe/Berlin"
holidays = ["2026-12-24", "2026-12-25"]

[hours]
mon = ["09:00-12:30", "13:30-17:00"]
sun = ["00:00-24:00"]
# days not listed are closed

[exceptions]
"2026-12-31" = ["09:00-12:00"]
"#;

/// Writes a calendar file for one test and returns its path.
fn calendar_file(name: &str, contents: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-calendars");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, contents).unwrap();
    path
}

fn baton(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(args)
        .output()
        .expect("baton runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn deadline(calendar: &Path, from: &str, minutes: &str) -> Output {
    baton(&[
        "sla",
        "deadline",
        "--calendar",
        calendar.to_str().unwrap(),
        "--from",
        from,
        "--minutes",
        minutes,
    ])
}

fn assert_prints(output: &Output, expected: &str) {
    assert!(output.status.success(), "stderr: {}", stderr(output));
    assert_eq!(stdout(output), format!("{expected}\n"));
}

/// Exit code 2 and a message naming the file and line.
fn assert_rejected_at_line(output: &Output, calendar: &Path, line: usize) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "stderr: {err}");
    assert!(
        err.contains(&format!("{}:{line}:", calendar.display())),
        "expected line {line} in: {err}"
    );
    assert!(stdout(output).is_empty());
    err
}

#[test]
fn a_deadline_skips_the_lunch_break() {
    let calendar = calendar_file("lunch", EXAMPLE);
    // Monday 12:00 CET + 45 min: 30 before lunch, 15 after 13:30.
    assert_prints(
        &deadline(&calendar, "2026-03-02T11:00:00Z", "45"),
        "2026-03-02T12:45:00Z",
    );
    // The same instant written with its local offset.
    assert_prints(
        &deadline(&calendar, "2026-03-02T12:00:00+01:00", "45"),
        "2026-03-02T12:45:00Z",
    );
}

#[test]
fn a_deadline_runs_through_sunday_and_into_monday() {
    let calendar = calendar_file("weekend", EXAMPLE);
    // Saturday noon: closed until Sunday 00:00 CET, 24 h on Sunday, 30 min on Monday.
    assert_prints(
        &deadline(&calendar, "2026-03-07T12:00:00Z", "1470"),
        "2026-03-09T08:30:00Z",
    );
}

#[test]
fn a_deadline_across_the_spring_clock_change_counts_real_time() {
    let calendar = calendar_file("dst", EXAMPLE);
    // Sunday 2026-03-29 has only 23 real hours; the last of 24 h falls on Monday, 09:00-10:00 CEST.
    assert_prints(
        &deadline(&calendar, "2026-03-28T12:00:00Z", "1440"),
        "2026-03-30T08:00:00Z",
    );
}

#[test]
fn exceptions_open_a_closed_day_and_zero_minutes_is_now() {
    let calendar = calendar_file("exception", EXAMPLE);
    // Thursday 2026-12-31 is normally closed; the exception opens 09:00-12:00 CET.
    assert_prints(
        &deadline(&calendar, "2026-12-31T07:00:00Z", "30"),
        "2026-12-31T08:30:00Z",
    );
    assert_prints(
        &deadline(&calendar, "2026-12-30T07:00:00Z", "0"),
        "2026-12-30T07:00:00Z",
    );
}

#[test]
fn elapsed_prints_whole_business_minutes() {
    let calendar = calendar_file("elapsed", EXAMPLE);
    let path = calendar.to_str().unwrap();
    let elapsed = |from: &str, to: &str| {
        baton(&[
            "sla",
            "elapsed",
            "--calendar",
            path,
            "--from",
            from,
            "--to",
            to,
        ])
    };
    // A whole week: Monday's 7 h plus Sunday's 24 h.
    assert_prints(
        &elapsed("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z"),
        "1860",
    );
    // Whole minutes only (rounded down).
    assert_prints(
        &elapsed("2026-03-02T08:00:00Z", "2026-03-02T08:01:59Z"),
        "1",
    );
    assert_prints(
        &elapsed("2026-03-03T08:00:00Z", "2026-03-03T18:00:00Z"),
        "0",
    );
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let calendar = calendar_file(
        "syntax",
        "timezone = \"Europe/Berlin\"\n\n[hours]\nmon = [\"09:00-17:00]\ntue = []\n",
    );
    let err = assert_rejected_at_line(
        &deadline(&calendar, "2026-03-02T11:00:00Z", "45"),
        &calendar,
        4,
    );
    assert!(err.contains("invalid TOML"), "{err}");
}

#[test]
fn a_backwards_range_names_its_line_and_says_what_is_wrong() {
    let broken = EXAMPLE.replace(r#""13:30-17:00""#, "\n  \"13:30-12:00\",\n");
    let calendar = calendar_file("backwards", &broken);
    let err = assert_rejected_at_line(
        &deadline(&calendar, "2026-03-02T11:00:00Z", "45"),
        &calendar,
        7,
    );
    assert!(
        err.contains(r#"hours.mon[1]: "13:30-12:00" ends before it starts"#),
        "{err}"
    );
}

#[test]
fn an_unknown_time_zone_names_its_line() {
    let calendar = calendar_file("zone", &EXAMPLE.replace("Europe/Berlin", "Mars/Base"));
    let err = assert_rejected_at_line(
        &deadline(&calendar, "2026-03-02T11:00:00Z", "45"),
        &calendar,
        2,
    );
    assert!(
        err.contains(r#"timezone: "Mars/Base" is not a known IANA time zone"#),
        "{err}"
    );
}

#[test]
fn a_bad_date_or_a_wrong_type_names_its_line() {
    let calendar = calendar_file("date", &EXAMPLE.replace("2026-12-31", "2026-12-32"));
    let err = assert_rejected_at_line(
        &deadline(&calendar, "2026-03-02T11:00:00Z", "45"),
        &calendar,
        11,
    );
    assert!(err.contains("is not a date (YYYY-MM-DD)"), "{err}");
    let calendar = calendar_file(
        "type",
        &EXAMPLE.replace(r#"sun = ["00:00-24:00"]"#, r#"sun = "00:00-24:00""#),
    );
    assert_rejected_at_line(
        &deadline(&calendar, "2026-03-02T11:00:00Z", "45"),
        &calendar,
        7,
    );
    // A misspelt table is refused rather than silently ignored.
    let calendar = calendar_file("typo", &EXAMPLE.replace("[hours]", "[hour]"));
    let err = assert_rejected_at_line(
        &deadline(&calendar, "2026-03-02T11:00:00Z", "45"),
        &calendar,
        5,
    );
    assert!(err.contains("hour"), "{err}");
}

#[test]
fn bad_arguments_are_explained_with_exit_code_2() {
    let calendar = calendar_file("args", EXAMPLE);
    let path = calendar.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "sla",
                "deadline",
                "--calendar",
                path,
                "--from",
                "2026-03-02T11:00:00Z",
            ],
            "missing --minutes",
        ),
        (
            &[
                "sla",
                "deadline",
                "--calendar",
                path,
                "--from",
                "2026-03-02 11:00",
                "--minutes",
                "5",
            ],
            "not an RFC 3339 time",
        ),
        (
            &[
                "sla",
                "deadline",
                "--calendar",
                path,
                "--from",
                "2026-03-02T11:00:00",
                "--minutes",
                "5",
            ],
            "not an RFC 3339 time",
        ),
        (
            &[
                "sla",
                "deadline",
                "--calendar",
                path,
                "--from",
                "2026-03-02T11:00:00Z",
                "--minutes",
                "-5",
            ],
            "must not be negative",
        ),
        (
            &[
                "sla",
                "deadline",
                "--calendar",
                path,
                "--from",
                "2026-03-02T11:00:00Z",
                "--minutes",
                "ten",
            ],
            "whole number",
        ),
        (
            &[
                "sla",
                "elapsed",
                "--calendar",
                path,
                "--from",
                "2026-03-02T11:00:00Z",
                "--minutes",
                "5",
            ],
            "unknown option --minutes",
        ),
        (
            &[
                "sla",
                "elapsed",
                "--calendar",
                path,
                "--from",
                "2026-03-02T11:00:00Z",
            ],
            "missing --to",
        ),
        (
            &[
                "sla",
                "deadline",
                "--calendar",
                "/nonexistent/cal.toml",
                "--from",
                "2026-03-02T11:00:00Z",
                "--minutes",
                "5",
            ],
            "/nonexistent/cal.toml",
        ),
        (&["sla", "fortnight"], "unknown command"),
        (&["sla"], "deadline"),
    ];
    for (args, expected) in cases {
        let output = baton(args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: expected {expected:?} in {err}"
        );
    }
}

#[test]
fn help_lists_the_sla_commands() {
    let output = baton(&["--help"]);
    assert!(stdout(&output).contains(server::cli::USAGE));
    let output = baton(&["sla", "--help"]);
    assert!(output.status.success());
    assert!(stdout(&output).contains("RFC 3339"));
}

/// An independent reference for business time, sharing nothing with the
/// domain's calendar code: it walks real time one UTC minute at a time, reads
/// each minute's local wall-clock time with jiff and asks whether that local
/// minute is open (weekday hours, holidays). A local minute repeated by a
/// fall-back change is met twice and counts twice; a local minute in a
/// spring-forward gap never occurs and never counts. `24:00` ends the day.
mod reference {
    use jiff::civil::{Date, Weekday};
    use jiff::tz::TimeZone;
    use jiff::{SignedDuration, Timestamp};

    pub struct Calendar {
        pub name: &'static str,
        pub zone: &'static str,
        pub holidays: Vec<&'static str>,
        /// Weekday key (`mon` ... `sun`) and its ranges, as in the file.
        pub hours: Vec<(&'static str, &'static [&'static str])>,
    }

    fn minute_of_day(text: &str) -> u32 {
        let (h, m) = text.split_once(':').unwrap();
        h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
    }

    fn key(weekday: Weekday) -> &'static str {
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

    impl Calendar {
        /// The calendar file the CLI reads.
        pub fn toml(&self) -> String {
            let quoted = |list: &[&str]| {
                list.iter()
                    .map(|s| format!("{s:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut text = format!(
                "timezone = {:?}\nholidays = [{}]\n\n[hours]\n",
                self.zone,
                quoted(&self.holidays)
            );
            for (day, ranges) in &self.hours {
                text.push_str(&format!("{day} = [{}]\n", quoted(ranges)));
            }
            text
        }

        /// Whether the UTC minute starting at `at` is open.
        fn open_minute(&self, zone: &TimeZone, at: Timestamp) -> bool {
            let local = zone.to_datetime(at);
            let date: Date = local.date();
            if self
                .holidays
                .iter()
                .any(|h| h.parse::<Date>().unwrap() == date)
            {
                return false;
            }
            let minute =
                u32::try_from(local.hour()).unwrap() * 60 + u32::try_from(local.minute()).unwrap();
            self.hours
                .iter()
                .filter(|(day, _)| *day == key(date.weekday()))
                .flat_map(|(_, ranges)| ranges.iter())
                .any(|range| {
                    let (start, end) = range.split_once('-').unwrap();
                    (minute_of_day(start)..minute_of_day(end)).contains(&minute)
                })
        }

        /// Open minutes in `[from, to)`; both on whole minutes.
        pub fn elapsed(&self, from: Timestamp, to: Timestamp) -> i64 {
            let zone = TimeZone::get(self.zone).unwrap();
            let mut at = from;
            let mut open = 0;
            while at < to {
                if self.open_minute(&zone, at) {
                    open += 1;
                }
                at = at.checked_add(SignedDuration::from_mins(1)).unwrap();
            }
            open
        }

        /// The end of the `minutes`-th open minute from `from` (`from` itself
        /// for zero); gives up after 400 days.
        pub fn deadline(&self, from: Timestamp, minutes: i64) -> Timestamp {
            let zone = TimeZone::get(self.zone).unwrap();
            let (mut at, mut left) = (from, minutes);
            let limit = from
                .checked_add(SignedDuration::from_hours(400 * 24))
                .unwrap();
            while left > 0 {
                assert!(at < limit, "{}: no deadline within 400 days", self.name);
                if self.open_minute(&zone, at) {
                    left -= 1;
                }
                at = at.checked_add(SignedDuration::from_mins(1)).unwrap();
            }
            at
        }
    }
}

const WEEKDAYS_9_TO_5: [(&str, &[&str]); 5] = [
    ("mon", &["09:00-17:00"]),
    ("tue", &["09:00-17:00"]),
    ("wed", &["09:00-17:00"]),
    ("thu", &["09:00-17:00"]),
    ("fri", &["09:00-17:00"]),
];

/// One calendar, a start, some promises (minutes) and an `elapsed` window.
struct Scenario {
    calendar: reference::Calendar,
    from: &'static str,
    minutes: &'static [i64],
    to: &'static str,
}

/// Runs the CLI on every promise and on the window, and compares with the
/// reference; returns the disagreements, one line each.
fn disagreements(scenario: &Scenario) -> Vec<String> {
    let cal = &scenario.calendar;
    let file = calendar_file(&format!("reference-{}", cal.name), &cal.toml());
    let path = file.to_str().unwrap();
    let from: jiff::Timestamp = scenario.from.parse().unwrap();
    let mut wrong = Vec::new();
    for minutes in scenario.minutes {
        let output = deadline(&file, scenario.from, &minutes.to_string());
        assert!(output.status.success(), "stderr: {}", stderr(&output));
        let expected = cal.deadline(from, *minutes).to_string();
        let got = stdout(&output).trim().to_owned();
        if got != expected {
            wrong.push(format!(
                "{}: deadline --from {} --minutes {minutes}: CLI {got}, reference {expected}",
                cal.name, scenario.from
            ));
        }
    }
    let to: jiff::Timestamp = scenario.to.parse().unwrap();
    let output = baton(&[
        "sla",
        "elapsed",
        "--calendar",
        path,
        "--from",
        scenario.from,
        "--to",
        scenario.to,
    ]);
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let expected = cal.elapsed(from, to).to_string();
    let got = stdout(&output).trim().to_owned();
    if got != expected {
        wrong.push(format!(
            "{}: elapsed --from {} --to {}: CLI {got}, reference {expected}",
            cal.name, scenario.from, scenario.to
        ));
    }
    wrong
}

fn assert_agrees(scenarios: &[Scenario]) {
    let wrong: Vec<String> = scenarios.iter().flat_map(disagreements).collect();
    assert!(
        wrong.is_empty(),
        "CLI and reference disagree:\n{}",
        wrong.join("\n")
    );
}

/// Weekdays 09:00-17:00 plus `sunday`, which lies around the night's clock change.
fn sunday_night(
    name: &'static str,
    zone: &'static str,
    sunday: &'static [&'static str],
) -> reference::Calendar {
    let mut hours = WEEKDAYS_9_TO_5.to_vec();
    hours.push(("sun", sunday));
    reference::Calendar {
        name,
        zone,
        holidays: vec![],
        hours,
    }
}

fn weekdays(
    name: &'static str,
    zone: &'static str,
    holidays: &[&'static str],
) -> reference::Calendar {
    reference::Calendar {
        name,
        zone,
        holidays: holidays.to_vec(),
        hours: WEEKDAYS_9_TO_5.to_vec(),
    }
}

/// The scenarios, with the reference's answers worked out by hand in the
/// comments (checked against the reference in the test below).
fn scenarios() -> Vec<Scenario> {
    vec![
        // Berlin, Sun 2026-03-29 02:00 CET -> 03:00 CEST. 00:00 CET = Sat 23:00Z,
        // 06:00 CEST = 04:00Z: 300 min. 120 -> 01:00Z; 300 -> 04:00Z;
        // 301 -> Mon 09:00 CEST (07:00Z) + 1 = 07:01Z; window 300 + 480 = 780.
        Scenario {
            calendar: sunday_night("berlin-spring", "Europe/Berlin", &["00:00-06:00"]),
            from: "2026-03-28T12:00:00Z",
            minutes: &[0, 1, 60, 119, 120, 121, 240, 300, 301, 780],
            to: "2026-03-31T00:00:00Z",
        },
        // Berlin, Sun 2026-10-25 03:00 CEST -> 02:00 CET. 01:00 CEST = Sat 23:00Z,
        // 04:00 CET = 03:00Z: 240 min. 241 -> Mon 09:00 CET (08:00Z) + 1; window 240 + 480.
        Scenario {
            calendar: sunday_night("berlin-fall", "Europe/Berlin", &["01:00-04:00"]),
            from: "2026-10-24T12:00:00Z",
            minutes: &[60, 61, 120, 180, 240, 241],
            to: "2026-10-27T00:00:00Z",
        },
        // New York, Sun 2026-03-08 02:00 EST -> 03:00 EDT. 00:00 EST = 05:00Z,
        // 06:00 EDT = 10:00Z: 300 min. 120 -> 07:00Z (03:00 EDT); 301 -> Mon 13:01Z.
        Scenario {
            calendar: sunday_night("new-york-spring", "America/New_York", &["00:00-06:00"]),
            from: "2026-03-07T17:00:00Z",
            minutes: &[120, 121, 300, 301],
            to: "2026-03-10T00:00:00Z",
        },
        // New York, Sun 2026-11-01 02:00 EDT -> 01:00 EST. 00:00 EDT = 04:00Z,
        // 06:00 EST = 11:00Z: 420 min. 120 -> 06:00Z (01:00 EST, second pass);
        // 421 -> Mon 09:00 EST (14:00Z) + 1; window 420 + 480 = 900.
        Scenario {
            calendar: sunday_night("new-york-fall", "America/New_York", &["00:00-06:00"]),
            from: "2026-10-31T16:00:00Z",
            minutes: &[60, 120, 121, 180, 420, 421],
            to: "2026-11-03T00:00:00Z",
        },
        // Sydney, Sun 2026-04-05 03:00 AEDT -> 02:00 AEST. 00:00 AEDT = Sat 13:00Z,
        // 06:00 AEST = 20:00Z: 420 min. 180 -> 16:00Z; 421 -> Mon 09:00 AEST
        // (Sun 23:00Z) + 1; window to Mon 00:00Z (10:00 AEST): 420 + 60 = 480.
        Scenario {
            calendar: sunday_night("sydney-fall", "Australia/Sydney", &["00:00-06:00"]),
            from: "2026-04-04T00:00:00Z",
            minutes: &[180, 181, 240, 420, 421],
            to: "2026-04-06T00:00:00Z",
        },
        // Sydney, Sun 2026-10-04 02:00 AEST -> 03:00 AEDT. 00:00 AEST = Sat 14:00Z,
        // 06:00 AEDT = 19:00Z: 300 min. 120 -> 16:00Z; 301 -> Mon 09:00 AEDT
        // (Sun 22:00Z) + 1; window to Mon 00:00Z (11:00 AEDT): 300 + 120 = 420.
        Scenario {
            calendar: sunday_night("sydney-spring", "Australia/Sydney", &["00:00-06:00"]),
            from: "2026-10-03T00:00:00Z",
            minutes: &[119, 120, 121, 300, 301],
            to: "2026-10-05T00:00:00Z",
        },
        // Kolkata (+05:30), weekdays 09:30-18:00. Fri 15:30 IST = 10:00Z; 150 ->
        // 12:30Z (18:00 IST); 151 -> Mon 09:30 IST (04:00Z) + 1; window 150 + 510.
        Scenario {
            calendar: reference::Calendar {
                name: "kolkata",
                zone: "Asia/Kolkata",
                holidays: vec![],
                hours: ["mon", "tue", "wed", "thu", "fri"]
                    .into_iter()
                    .map(|day| (day, &["09:30-18:00"] as &[&str]))
                    .collect(),
            },
            from: "2026-03-06T10:00:00Z",
            minutes: &[1, 150, 151, 660],
            to: "2026-03-10T00:00:00Z",
        },
        // Kathmandu (+05:45): Mon 09:00 = 03:15Z; 480 -> 11:15Z; 481 -> Tue 03:16Z.
        Scenario {
            calendar: weekdays("kathmandu", "Asia/Kathmandu", &[]),
            from: "2026-03-02T00:00:00Z",
            minutes: &[1, 480, 481],
            to: "2026-03-04T00:00:00Z",
        },
        // Berlin holidays Thu 24th and Fri 25th: Wed 16:00 CET (15:00Z) + 60 ->
        // 16:00Z; 61 -> Mon 28th 09:00 CET (08:00Z) + 1; window 60 + 480 = 540.
        Scenario {
            calendar: weekdays("holiday", "Europe/Berlin", &["2026-12-24", "2026-12-25"]),
            from: "2026-12-23T15:00:00Z",
            minutes: &[60, 61, 120],
            to: "2026-12-29T00:00:00Z",
        },
        // New York weekend (which also springs forward): Fri 15:00 EST = 20:00Z;
        // 120 -> 22:00Z; 121 -> Mon 09:00 EDT (13:00Z) + 1; window 120 + 480 = 600.
        Scenario {
            calendar: weekdays("weekend", "America/New_York", &[]),
            from: "2026-03-06T20:00:00Z",
            minutes: &[120, 121, 180],
            to: "2026-03-10T00:00:00Z",
        },
        // Around the clock ("24:00" ends the day) over the Berlin fall-back day:
        // Sun 00:00 CEST = Sat 22:00Z to Mon 00:00 CET = Sun 23:00Z is 1500 min.
        Scenario {
            calendar: reference::Calendar {
                name: "around-the-clock",
                zone: "Europe/Berlin",
                holidays: vec![],
                hours: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                    .into_iter()
                    .map(|day| (day, &["00:00-24:00"] as &[&str]))
                    .collect(),
            },
            from: "2026-10-24T22:00:00Z",
            minutes: &[1499, 1500, 1501],
            to: "2026-10-25T23:00:00Z",
        },
    ]
}

#[test]
fn the_reference_itself_matches_the_arithmetic_done_by_hand() {
    let all = scenarios();
    let find = |name: &str| all.iter().find(|s| s.calendar.name == name).unwrap();
    let t = |text: &str| text.parse::<jiff::Timestamp>().unwrap();
    let hand: &[(&str, i64, &str, i64)] = &[
        // name, minutes, deadline, window's open minutes
        ("berlin-spring", 301, "2026-03-30T07:01:00Z", 780),
        ("berlin-fall", 241, "2026-10-26T08:01:00Z", 720),
        ("new-york-spring", 120, "2026-03-08T07:00:00Z", 300 + 480),
        ("new-york-fall", 120, "2026-11-01T06:00:00Z", 900),
        ("sydney-fall", 421, "2026-04-05T23:01:00Z", 480),
        ("sydney-spring", 301, "2026-10-04T22:01:00Z", 420),
        ("kolkata", 151, "2026-03-09T04:01:00Z", 150 + 510),
        ("kathmandu", 481, "2026-03-03T03:16:00Z", 960),
        ("holiday", 61, "2026-12-28T08:01:00Z", 540),
        ("weekend", 121, "2026-03-09T13:01:00Z", 600),
        ("around-the-clock", 1500, "2026-10-25T23:00:00Z", 1500),
    ];
    for (name, minutes, due, window) in hand {
        let scenario = find(name);
        let from = t(scenario.from);
        assert_eq!(scenario.calendar.deadline(from, *minutes), t(due), "{name}");
        assert_eq!(
            scenario.calendar.elapsed(from, t(scenario.to)),
            *window,
            "{name}"
        );
    }
}

#[test]
fn the_cli_agrees_with_an_independent_business_time_computation_on_dst_holiday_and_odd_offset_cases()
 {
    assert_agrees(&scenarios());
}

/// Known disagreement, by design: when a range *boundary* falls inside the
/// changing hour, the domain reads it as one instant (a gap time with the
/// offset in force before the change, an overlap time at its first pass; see
/// the module docs of `app::domain::calendar`) and counts all real time in
/// between, while the minute walk asks of every real minute whether its local
/// time is inside the range. Open minutes on the Sunday, domain vs walk:
/// - Berlin 2026-03-29 "01:00-02:30": 02:30 reads as 03:30 CEST (01:30Z), so
///   00:00Z-01:30Z = 90; the walk has only 01:00-01:59 CET = 60.
/// - Berlin 2026-03-29 "02:30-05:00": 03:30 CEST-05:00 CEST = 90; the walk
///   has 03:00-04:59 CEST = 120.
/// - Berlin 2026-10-25 "01:00-02:30": 02:30 is its first pass (CEST), so
///   23:00Z-00:30Z = 90; the walk also counts 02:00-02:29 CET again = 120.
/// - Berlin 2026-10-25 "02:30-04:00": 02:30 CEST (00:30Z) to 04:00 CET
///   (03:00Z) = 150, including 02:00-02:29 CET; the walk skips those = 120.
///
/// Ranges whose ends lie outside the changing hour agree (see above).
#[test]
#[ignore = "boundaries inside a DST gap/overlap: the domain's documented reading differs from the minute walk"]
fn boundaries_inside_the_changing_hour_differ_from_the_minute_walk() {
    let scenarios = [
        (
            "berlin-gap-end",
            "Europe/Berlin",
            &["01:00-02:30"],
            "2026-03-28T12:00:00Z",
            "2026-03-30T00:00:00Z",
        ),
        (
            "berlin-gap-start",
            "Europe/Berlin",
            &["02:30-05:00"],
            "2026-03-28T12:00:00Z",
            "2026-03-30T00:00:00Z",
        ),
        (
            "berlin-overlap-end",
            "Europe/Berlin",
            &["01:00-02:30"],
            "2026-10-24T12:00:00Z",
            "2026-10-26T00:00:00Z",
        ),
        (
            "berlin-overlap-start",
            "Europe/Berlin",
            &["02:30-04:00"],
            "2026-10-24T12:00:00Z",
            "2026-10-26T00:00:00Z",
        ),
    ];
    let scenarios: Vec<Scenario> = scenarios
        .into_iter()
        .map(|(name, zone, sunday, from, to)| Scenario {
            calendar: reference::Calendar {
                name,
                zone,
                holidays: vec![],
                hours: vec![("sun", sunday as &[&str])],
            },
            from,
            minutes: &[30, 60, 90, 120],
            to,
        })
        .collect();
    assert_agrees(&scenarios);
}
