//! The SLA settings as files ops edit (in the console, the admin API or on
//! disk for `baton sla`): the business calendar and the policies, in TOML.
//! Parsed here, with errors that name the line.

use crate::domain::BusinessCalendar;
use crate::domain::calendar::{CalendarSpec, PathSegment};
use crate::domain::sla::SlaRules;
use crate::domain::sla::policy_spec::PolicySpec;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A settings file that cannot be used: the problem and, when known, its
/// 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceError {
    pub line: Option<usize>,
    pub message: String,
}

/// Reads a business calendar written in TOML, pointing at the offending line
/// for syntax errors, wrong types and values the calendar rejects.
pub fn parse_calendar(source: &str) -> Result<BusinessCalendar, SourceError> {
    parse_file(source, |spec: CalendarSpec, document| {
        BusinessCalendar::from_spec(&spec).map_err(|e| {
            let span = span_of(document, &e.field.path());
            (span, e.to_string())
        })
    })
}

/// Reads SLA policies written in TOML.
pub fn parse_policies(source: &str) -> Result<SlaRules, SourceError> {
    parse_file(source, |spec: PolicySpec, document| {
        SlaRules::from_spec(&spec).map_err(|e| {
            let span = span_of(document, &key_path(&e.key));
            (span, e.to_string())
        })
    })
}

type Problem = (Option<Range<usize>>, String);

/// Reads `source` as TOML into `Spec`, then `check`s it; every problem is
/// reported at its line.
fn parse_file<Spec: serde::de::DeserializeOwned, T>(
    source: &str,
    check: impl FnOnce(Spec, &Spanned<DeTable<'_>>) -> Result<T, Problem>,
) -> Result<T, SourceError> {
    let at = |(span, message): Problem| SourceError {
        line: span.map(|s| line_of(source, s.start)),
        message,
    };
    // The parser recovers and reports errors out of order; the earliest one
    // is the cause (an unclosed string shows up later as a missing comma).
    let (document, errors) = DeTable::parse_recoverable(source);
    if let Some(first) = errors
        .iter()
        .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start))
    {
        return Err(at((
            first.span(),
            format!("invalid TOML: {}", first.message()),
        )));
    }
    let spec: Spec = toml::from_str(source).map_err(|e| at((e.span(), e.message().to_owned())))?;
    check(spec, &document).map_err(at)
}

/// Where a calendar field is written: the value for array items, the key
/// itself otherwise (e.g. an exception's date).
fn span_of(document: &Spanned<DeTable<'_>>, path: &[PathSegment<'_>]) -> Option<Range<usize>> {
    let mut table = document.get_ref();
    let mut current: Option<&Spanned<DeValue<'_>>> = None;
    let mut span = None;
    for segment in path {
        match *segment {
            PathSegment::Key(key) => {
                if let Some(value) = current {
                    table = value.get_ref().as_table()?;
                }
                let (key, value) = table.get_key_value(key)?;
                span = Some(key.span());
                current = Some(value);
            }
            PathSegment::Index(index) => {
                let value = current?.get_ref().get(index)?;
                span = Some(value.span());
                current = Some(value);
            }
        }
    }
    span
}

fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    source.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// `ladder[2].code` as the keys and indexes that lead to it.
fn key_path(key: &str) -> Vec<PathSegment<'_>> {
    key.split('.')
        .flat_map(|part| match part.split_once('[') {
            Some((name, index)) => {
                let index = index.trim_end_matches(']').parse().unwrap_or(usize::MAX);
                vec![PathSegment::Key(name), PathSegment::Index(index)]
            }
            None => vec![PathSegment::Key(part)],
        })
        .collect()
}

/// The rules written out as a policy file ops can edit and import again.
pub fn policies_toml(rules: &SlaRules) -> String {
    let body = toml::to_string(&rules.to_spec()).unwrap_or_default();
    format!(
        "# Baton SLA policies. Targets are business minutes in the business calendar.\n\
         # Warn when this share of a target is used; breach escalates one tier up.\n{body}"
    )
}

/// The calendar in force when ops have saved none and BATON_CALENDAR names no file.
pub const OPEN_AROUND_THE_CLOCK: &str = "# Open around the clock.\ntimezone = \"UTC\"\n[hours]\nmon = [\"00:00-24:00\"]\ntue = [\"00:00-24:00\"]\nwed = [\"00:00-24:00\"]\nthu = [\"00:00-24:00\"]\nfri = [\"00:00-24:00\"]\nsat = [\"00:00-24:00\"]\nsun = [\"00:00-24:00\"]\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exported_policies_read_back_as_the_same_rules() {
        let rules = SlaRules::default();
        assert_eq!(parse_policies(&policies_toml(&rules)).unwrap(), rules);
    }

    #[test]
    fn a_bad_value_names_its_line() {
        let source = "warn_at_percent = 75\n[severity.S1]\nfirst_response = 30\nnext_update = 0\nresolution = 480\n";
        let error = parse_policies(source).unwrap_err();
        assert_eq!(error.line, Some(4), "{error:?}");
        assert!(
            error.message.contains("severity.S1.next_update"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_bad_ladder_step_names_its_line() {
        let source = policies_toml(&SlaRules::default()).replace(
            "customer_words = \"a specialist team\"",
            "customer_words = \"the L2 desk\"",
        );
        let error = parse_policies(&source).unwrap_err();
        let line = source
            .lines()
            .position(|l| l.contains("the L2 desk"))
            .map(|i| i + 1);
        assert_eq!(error.line, line, "{error:?}");
        assert!(
            error.message.contains("ladder[1].customer_words"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let error = parse_policies("warn_at_percent = 75\n[tiers\nL1 = 5\n").unwrap_err();
        assert_eq!(error.line, Some(2));
    }

    #[test]
    fn the_around_the_clock_calendar_parses() {
        assert!(parse_calendar(OPEN_AROUND_THE_CLOCK).is_ok());
    }
}
