//! Replies carry the whole conversation below the new words. Staff need the
//! new words only; the history is already on the case.

/// Drops quoted history: everything from an "On ... wrote:" line or an
/// "-----Original Message-----" line on, and every line starting with `>`.
/// An email that is nothing but a quote is kept whole, so no words are lost.
pub fn trim_quoted_reply(text: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if starts_history(trimmed, lines.get(i + 1).map(|next| next.trim())) {
            break;
        }
        if trimmed.starts_with('>') {
            continue;
        }
        kept.push(line.trim_end());
    }
    let new_words = kept.join("\n").trim().to_owned();
    if new_words.is_empty() {
        text.trim().to_owned()
    } else {
        new_words
    }
}

/// An attribution line, which some mail programs wrap onto a second line.
fn starts_history(line: &str, next: Option<&str>) -> bool {
    let attribution = |l: &str| l.starts_with("On ") && l.ends_with("wrote:");
    attribution(line)
        || (line.starts_with("On ")
            && next.is_some_and(|n| n.ends_with("wrote:") && !n.starts_with('>')))
        || line.eq_ignore_ascii_case("-----Original Message-----")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attribution_line_ends_the_new_words() {
        let mail = "Thanks, that worked.\n\nOn Tue, 24 Nov 2026 at 10:00, Baton <help@baton.example> wrote:\n> Please try again.\n> Kind regards";
        assert_eq!(trim_quoted_reply(mail), "Thanks, that worked.");
    }

    #[test]
    fn a_wrapped_attribution_line_ends_the_new_words_too() {
        let mail = "Still broken.\nOn Tue, 24 Nov 2026 at 10:00, Baton\n<help@baton.example> wrote:\n> Please try again.";
        assert_eq!(trim_quoted_reply(mail), "Still broken.");
    }

    #[test]
    fn inline_quotes_are_dropped_and_answers_kept() {
        let mail = "> Which browser?\nFirefox 140.\n> Which page?\nThe checkout.";
        assert_eq!(trim_quoted_reply(mail), "Firefox 140.\nThe checkout.");
    }

    #[test]
    fn an_outlook_separator_ends_the_new_words() {
        let mail = "Yes, still.\n-----Original Message-----\nFrom: Baton";
        assert_eq!(trim_quoted_reply(mail), "Yes, still.");
    }

    #[test]
    fn a_mail_that_is_only_a_quote_is_kept_whole() {
        assert_eq!(trim_quoted_reply("> only this\n"), "> only this");
    }

    #[test]
    fn plain_text_is_unchanged() {
        let mail = "Line one.\nOnce more: it fails.";
        assert_eq!(trim_quoted_reply(mail), mail);
    }
}
