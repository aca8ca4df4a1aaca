//! When a scheduled version goes live. Support ops type a local date and
//! time (what a browser's date-and-time field sends), or a time with its
//! offset; Baton keeps it as a UTC timestamp.

use crate::domain::FieldError;
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// The field that carries the go-live time, in forms and in the API.
pub const PUBLISH_AT: &str = "publish_at";

/// Reads a go-live time: `2026-11-30T09:00:00Z` or `...+01:00` as given, or
/// a local `2026-11-30T09:00` in `zone` (the support team's time zone).
pub fn parse_publish_at(raw: &str, zone: &TimeZone) -> Result<Timestamp, FieldError> {
    let raw = raw.trim();
    if let Ok(at) = raw.parse::<Timestamp>() {
        return Ok(at);
    }
    raw.parse::<DateTime>()
        .ok()
        .and_then(|local| local.to_zoned(zone.clone()).ok())
        .map(|zoned| zoned.timestamp())
        .ok_or_else(|| {
            FieldError::new(
                PUBLISH_AT,
                "Give the date and time to go live, like 2026-11-30T09:00.",
            )
        })
}

/// A version can only be scheduled for a time still to come; for now,
/// publish it instead.
pub fn check_publish_at(at: Timestamp, now: Timestamp) -> Result<Timestamp, FieldError> {
    if at > now {
        Ok(at)
    } else {
        Err(FieldError::new(
            PUBLISH_AT,
            "That time has passed. Choose a later time, or publish now.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> TimeZone {
        TimeZone::get("Europe/Berlin").unwrap()
    }

    #[test]
    fn a_local_time_is_read_in_the_team_zone_and_kept_in_utc() {
        let at = parse_publish_at("2026-11-30T09:00", &berlin()).unwrap();
        assert_eq!(at, "2026-11-30T08:00:00Z".parse::<Timestamp>().unwrap());
        let summer = parse_publish_at(" 2026-07-01T09:00:00 ", &berlin()).unwrap();
        assert_eq!(summer, "2026-07-01T07:00:00Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn a_time_with_an_offset_is_taken_as_given() {
        let at = parse_publish_at("2026-11-30T09:00:00+02:00", &berlin()).unwrap();
        assert_eq!(at, "2026-11-30T07:00:00Z".parse::<Timestamp>().unwrap());
        let utc = parse_publish_at("2026-11-30T09:00:00Z", &berlin()).unwrap();
        assert_eq!(utc, "2026-11-30T09:00:00Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn anything_else_is_refused_naming_the_field() {
        for raw in ["", "tomorrow", "2026-13-01T09:00", "30/11/2026 09:00"] {
            let error = parse_publish_at(raw, &berlin()).unwrap_err();
            assert_eq!(error.field, PUBLISH_AT, "{raw:?}");
        }
    }

    #[test]
    fn only_a_time_still_to_come_can_be_scheduled() {
        let now: Timestamp = "2026-11-26T12:00:00Z".parse().unwrap();
        let later: Timestamp = "2026-11-26T12:01:00Z".parse().unwrap();
        assert_eq!(check_publish_at(later, now), Ok(later));
        assert_eq!(check_publish_at(now, now).unwrap_err().field, PUBLISH_AT);
        let earlier: Timestamp = "2026-11-26T11:00:00Z".parse().unwrap();
        assert!(check_publish_at(earlier, now).is_err());
    }
}
