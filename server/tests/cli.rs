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
