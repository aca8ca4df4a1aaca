//! The live countdown under the guarantee. Shared by the server's first
//! render and the browser's ticking, so both always say the same thing.

/// Describes how long is left until a promise is due, in seconds.
pub fn describe(remaining_secs: i64) -> String {
    if remaining_secs <= 0 {
        return "We're late, and we're sorry. We're on it.".to_owned();
    }
    let (days, rest) = (remaining_secs / 86_400, remaining_secs % 86_400);
    let (hours, rest) = (rest / 3_600, rest % 3_600);
    let (minutes, seconds) = (rest / 60, rest % 60);
    if days > 0 {
        let unit = if days == 1 { "day" } else { "days" };
        format!("{days} {unit} {hours} h left")
    } else if hours > 0 {
        format!("{hours} h {minutes:02} min {seconds:02} s left")
    } else if minutes > 0 {
        format!("{minutes} min {seconds:02} s left")
    } else {
        format!("{seconds} s left")
    }
}

/// How long an SLA clock has left, as the console shows it: minutes are
/// enough for staff ("1 h 05 min left", "late by 12 min"). `/staff.js`
/// ticks the same words in the browser.
pub fn staff_left(remaining_secs: i64) -> String {
    let late = remaining_secs < 0;
    let minutes = remaining_secs.unsigned_abs() / 60;
    let (days, hours, minutes) = (minutes / 1_440, minutes % 1_440 / 60, minutes % 60);
    let span = if days > 0 {
        format!("{days} d {hours} h")
    } else if hours > 0 {
        format!("{hours} h {minutes:02} min")
    } else if minutes > 0 {
        format!("{minutes} min")
    } else {
        "under a minute".to_owned()
    };
    if late {
        format!("late by {span}")
    } else {
        format!("{span} left")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shows_seconds_below_a_day_so_it_visibly_ticks() {
        assert_eq!(describe(59), "59 s left");
        assert_eq!(describe(61), "1 min 01 s left");
        assert_eq!(describe(3 * 3600 + 5 * 60 + 9), "3 h 05 min 09 s left");
        assert_eq!(describe(86_400 + 7200), "1 day 2 h left");
        assert_eq!(describe(3 * 86_400), "3 days 0 h left");
    }

    #[test]
    fn overdue_apologises() {
        assert!(describe(0).starts_with("We're late"));
        assert!(describe(-5).starts_with("We're late"));
    }

    #[test]
    fn staff_see_minutes_and_lateness() {
        assert_eq!(staff_left(30), "under a minute left");
        assert_eq!(staff_left(12 * 60 + 59), "12 min left");
        assert_eq!(staff_left(3600 + 5 * 60), "1 h 05 min left");
        assert_eq!(staff_left(2 * 86_400 + 3 * 3600), "2 d 3 h left");
        assert_eq!(staff_left(-12 * 60), "late by 12 min");
        assert_eq!(staff_left(-20), "late by under a minute");
    }

    proptest! {
        #[test]
        fn staff_countdown_says_late_exactly_when_overdue(secs in -10_000_000i64..10_000_000) {
            prop_assert_eq!(staff_left(secs).starts_with("late by"), secs < 0);
        }


        #[test]
        fn the_leading_number_never_overstates_the_time_left(secs in 1i64..10_000_000) {
            let text = describe(secs);
            let lead: i64 = text.split(' ').next().unwrap().parse().unwrap();
            let unit = text.split(' ').nth(1).unwrap();
            let unit_secs = match unit { "day" | "days" => 86_400, "h" => 3_600, "min" => 60, "s" => 1, other => panic!("{other}") };
            prop_assert!(lead * unit_secs <= secs);
            prop_assert!(secs < (lead + 1) * unit_secs);
        }
    }
}
