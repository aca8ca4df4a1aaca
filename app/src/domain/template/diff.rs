//! A line diff of two template versions, for the studio's history.

use serde::{Deserialize, Serialize};

/// One line of a diff: kept, removed from the old version, or added in the new.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffLine {
    Same(String),
    Removed(String),
    Added(String),
}

/// Templates are short (16 KiB at most), so the quadratic longest-common-
/// subsequence table stays small; above this many lines we show a plain
/// replace instead.
const MAX_LINES: usize = 2_000;

/// The lines of `new` against `old`, in order.
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a.len() > MAX_LINES || b.len() > MAX_LINES {
        return a
            .iter()
            .map(|l| DiffLine::Removed((*l).to_owned()))
            .chain(b.iter().map(|l| DiffLine::Added((*l).to_owned())))
            .collect();
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(DiffLine::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(DiffLine::Removed(a[i].to_owned()));
            i += 1;
        } else {
            out.push(DiffLine::Added(b[j].to_owned()));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|l| DiffLine::Removed((*l).to_owned())));
    out.extend(b[j..].iter().map(|l| DiffLine::Added((*l).to_owned())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_shows_as_removed_then_added() {
        let diff = line_diff(
            "Hi\nWe have your case.\nBye",
            "Hi\nWe've got your case.\nBye",
        );
        assert_eq!(
            diff,
            vec![
                DiffLine::Same("Hi".into()),
                DiffLine::Removed("We have your case.".into()),
                DiffLine::Added("We've got your case.".into()),
                DiffLine::Same("Bye".into()),
            ]
        );
    }

    #[test]
    fn identical_sources_have_no_changes() {
        let diff = line_diff("a\nb", "a\nb");
        assert!(diff.iter().all(|l| matches!(l, DiffLine::Same(_))));
        assert_eq!(line_diff("", "x"), vec![DiffLine::Added("x".into())]);
    }
}
