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

    proptest! {
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
