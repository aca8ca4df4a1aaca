//! A light reading of a template's source before minijinja compiles it:
//! where its tags and its literal text are, on which lines, with string
//! literals blanked out. The sandbox uses it to refuse switched-off features
//! up front and to name the line of an unknown placeholder.
//!
//! It follows minijinja's own lexer rules for where a tag ends (bracket
//! balance, quotes, whitespace-control markers, raw blocks), so nothing the
//! engine runs as code can hide in what this reads as text.

/// A `{{ ... }}` or `{% ... %}` tag.
#[derive(Debug)]
pub(super) struct Tag {
    /// Line of the opening delimiter, from 1.
    pub line: usize,
    pub is_statement: bool,
    /// The code between the delimiters: whitespace-control markers removed,
    /// string literals replaced by spaces (newlines kept, so lines still count).
    pub code: String,
}

/// One identifier in a tag's code.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Word<'a> {
    pub text: &'a str,
    pub line: usize,
    /// Written right after `|`: a filter name.
    pub after_pipe: bool,
    /// Written right after `.`: an attribute, not a variable.
    pub after_dot: bool,
}

impl Tag {
    /// The statement's keyword, like `for` or `include`.
    pub fn keyword(&self) -> Option<&str> {
        if !self.is_statement {
            return None;
        }
        self.words().next().map(|w| w.text)
    }

    pub fn words(&self) -> impl Iterator<Item = Word<'_>> {
        let code = self.code.as_str();
        let bytes = code.as_bytes();
        let mut i = 0;
        let mut line = self.line;
        let mut previous = b' ';
        std::iter::from_fn(move || {
            while i < bytes.len() {
                let b = bytes[i];
                if b.is_ascii_alphanumeric() || b == b'_' {
                    let start = i;
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                    let word = Word {
                        text: &code[start..i],
                        line,
                        after_pipe: previous == b'|',
                        after_dot: previous == b'.',
                    };
                    previous = b'a';
                    // A run that starts with a digit is a number.
                    if !b.is_ascii_digit() {
                        return Some(word);
                    }
                    continue;
                }
                if b == b'\n' {
                    line += 1;
                }
                if !b.is_ascii_whitespace() {
                    previous = b;
                }
                i += 1;
            }
            None
        })
    }
}

/// Literal text that goes to the output as written.
#[derive(Debug)]
pub(super) struct TextRun<'a> {
    pub line: usize,
    pub text: &'a str,
}

#[derive(Debug, Default)]
pub(super) struct Outline<'a> {
    pub tags: Vec<Tag>,
    pub text: Vec<TextRun<'a>>,
    /// The source ends inside a tag or comment; minijinja reports it.
    pub unterminated: bool,
}

pub(super) fn outline(source: &str) -> Outline<'_> {
    let lines = LineIndex::new(source);
    let bytes = source.as_bytes();
    let mut out = Outline::default();
    let mut text_start = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'{' || !matches!(bytes[i + 1], b'{' | b'%' | b'#') {
            i += 1;
            continue;
        }
        push_text(&mut out, &lines, source, text_start, i);
        let open = i;
        let mut body = i + 2;
        if matches!(bytes.get(body), Some(b'-' | b'+')) {
            body += 1;
        }
        let raw = (bytes[i + 1] == b'%')
            .then(|| basic_tag(&source[body..], "raw", false))
            .flatten();
        let end = match bytes[i + 1] {
            b'#' => source[body..].find("#}").map(|at| body + at + 2),
            b'%' if raw.is_some() => {
                let content = body + raw.unwrap_or_default();
                find_endraw(&source[content..]).map(|(at, len)| {
                    push_text(&mut out, &lines, source, content, content + at);
                    content + at + len
                })
            }
            delimiter => {
                let close = if delimiter == b'{' { "}}" } else { "%}" };
                tag_end(&source[body..], close).map(|(code_len, total)| {
                    out.tags.push(Tag {
                        line: lines.line_at(open),
                        is_statement: delimiter == b'%',
                        code: blank_strings(&source[body..body + code_len]),
                    });
                    body + total
                })
            }
        };
        match end {
            Some(end) => {
                i = end;
                text_start = end;
            }
            None => {
                out.unterminated = true;
                return out;
            }
        }
    }
    push_text(&mut out, &lines, source, text_start, source.len());
    out
}

fn push_text<'a>(
    out: &mut Outline<'a>,
    lines: &LineIndex,
    source: &'a str,
    from: usize,
    to: usize,
) {
    if from < to {
        out.text.push(TextRun {
            line: lines.line_at(from),
            text: &source[from..to],
        });
    }
}

/// Where a tag's code ends: `(code length, length including the closing
/// delimiter and any whitespace-control marker)`. Like minijinja, a closing
/// delimiter only counts outside strings and with all brackets closed.
fn tag_end(rest: &str, close: &str) -> Option<(usize, usize)> {
    let bytes = rest.as_bytes();
    let mut balance: isize = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if balance == 0 {
            // Bytes, not `str` slices: `i` may sit inside a multi-byte character.
            if bytes[i..].starts_with(close.as_bytes()) {
                return Some((i, i + close.len()));
            }
            if matches!(b, b'-' | b'+') && bytes[i + 1..].starts_with(close.as_bytes()) {
                return Some((i, i + 1 + close.len()));
            }
        }
        match b {
            b'"' | b'\'' => i = skip_string(bytes, i)?,
            b'(' | b'[' | b'{' => balance += 1,
            b')' | b']' | b'}' => balance -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Index of the closing quote of the string starting at `start`.
fn skip_string(bytes: &[u8], start: usize) -> Option<usize> {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn blank_strings(code: &str) -> String {
    let bytes = code.as_bytes();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'"' | b'\'') {
            let end = skip_string(bytes, i).unwrap_or(bytes.len() - 1);
            out.push_str(&code[copied..i]);
            let literal = code.get(i..=end).unwrap_or(&code[i..]);
            out.extend(literal.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
            i = end + 1;
            copied = i.min(code.len());
        } else {
            i += 1;
        }
    }
    out.push_str(&code[copied.min(code.len())..]);
    out
}

/// minijinja's reading of `{% raw %}`: after the opening delimiter, optional
/// whitespace, the name, optional whitespace, an optional `-`/`+`, then `%}`.
/// Returns the length up to and including `%}`.
fn basic_tag(rest: &str, name: &str, allow_leading_marker: bool) -> Option<usize> {
    let mut ptr = rest;
    if allow_leading_marker {
        ptr = ptr.strip_prefix(['-', '+']).unwrap_or(ptr);
    }
    ptr = ptr.trim_start_matches(|c: char| c.is_ascii_whitespace());
    ptr = ptr.strip_prefix(name)?;
    ptr = ptr.trim_start_matches(|c: char| c.is_ascii_whitespace());
    ptr = ptr.strip_prefix(['-', '+']).unwrap_or(ptr);
    ptr = ptr.strip_prefix("%}")?;
    Some(rest.len() - ptr.len())
}

/// `(offset of the endraw tag, its length)`.
fn find_endraw(rest: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = rest[from..].find("{%") {
        let start = from + at;
        if let Some(len) = basic_tag(&rest[start + 2..], "endraw", true) {
            return Some((start, 2 + len));
        }
        from = start + 2;
    }
    None
}

struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(source: &str) -> Self {
        LineIndex(source.match_indices('\n').map(|(at, _)| at).collect())
    }

    fn line_at(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_text_are_found_with_their_lines() {
        let o = outline("Hi {{ name }},\n{% if x -%}\n<b>{{ 'a}}b' ~ y }}</b>{% endif %}");
        let codes: Vec<_> = o.tags.iter().map(|t| (t.line, t.code.trim())).collect();
        assert_eq!(
            codes,
            vec![(1, "name"), (2, "if x"), (3, "~ y"), (3, "endif")]
        );
        let texts: Vec<_> = o.text.iter().map(|t| (t.line, t.text)).collect();
        assert_eq!(
            texts,
            vec![(1, "Hi "), (1, ",\n"), (2, "\n<b>"), (3, "</b>")]
        );
        assert!(!o.unterminated);
    }

    #[test]
    fn brackets_and_comments_and_raw_blocks_follow_the_engine() {
        let o = outline("{{ {'a': 1}}}{# {{ hidden }} #}{% raw %}{{ shown }}{% endraw %}");
        assert_eq!(o.tags.len(), 1);
        assert_eq!(o.tags[0].code.trim(), "{   : 1}");
        assert_eq!(o.text.len(), 1);
        assert_eq!(o.text[0].text, "{{ shown }}");
        assert!(outline("{{ open").unterminated);
    }

    #[test]
    fn words_know_filters_attributes_and_lines() {
        let o = outline("{{ a|upper\n  .b + 12 + c }}");
        let words: Vec<_> = o.tags[0]
            .words()
            .map(|w| (w.text, w.line, w.after_pipe, w.after_dot))
            .collect();
        assert_eq!(
            words,
            vec![
                ("a", 1, false, false),
                ("upper", 1, true, false),
                ("b", 2, false, true),
                ("c", 2, false, false)
            ]
        );
    }
}
