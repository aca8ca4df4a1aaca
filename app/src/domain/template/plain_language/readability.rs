//! Sentences, words and syllables of English text, and the Flesch–Kincaid
//! grade built from them. Heuristics, tuned for short customer messages.

/// Sentences: text between `.`, `!` or `?` followed by a space, and line
/// breaks (a greeting line counts as its own sentence). Only pieces with at
/// least one word are returned.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        let end = match c {
            '\n' => Some(at),
            '.' | '!' | '?' if next_is_space => Some(at + c.len_utf8()),
            _ => None,
        };
        if let Some(end) = end {
            push_sentence(&mut out, &text[start..end]);
            start = end;
        }
    }
    push_sentence(&mut out, &text[start..]);
    out
}

fn push_sentence<'a>(out: &mut Vec<&'a str>, piece: &'a str) {
    let piece = piece.trim();
    if words(piece).next().is_some() {
        out.push(piece);
    }
}

/// Words: whitespace-separated tokens with outer punctuation trimmed; only
/// tokens with a letter or digit count. Inner hyphens and apostrophes stay.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
}

/// Syllables in one word. Numbers, times, links and references count as one.
pub fn syllables(word: &str) -> usize {
    if word
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '/' | ':' | '@' | '.'))
    {
        return 1;
    }
    let word = word.to_lowercase().replace(['\'', '’'], "");
    word.split('-')
        .filter(|part| !part.is_empty())
        .map(part_syllables)
        .sum::<usize>()
        .max(1)
}

fn part_syllables(word: &str) -> usize {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() <= 3 {
        return 1;
    }
    let n = letters.len();
    let is_vowel = |i: usize| match letters[i] {
        'a' | 'e' | 'i' | 'o' | 'u' => true,
        // "y" is a consonant at the start ("you"), a vowel elsewhere ("any").
        'y' => i > 0,
        _ => false,
    };
    let mut end = n;
    // Silent endings: "worked", "notes", "make" (but not "wanted", "cases", "table").
    if letters[n - 1] == 'e' {
        let le = letters[n - 2] == 'l' && !is_vowel(n - 3);
        if !le && letters[n - 2] != 'e' {
            end = n - 1;
        }
    } else if letters[n - 2] == 'e' && matches!(letters[n - 1], 'd' | 's') {
        let keeps = match letters[n - 1] {
            'd' => matches!(letters[n - 3], 't' | 'd'),
            _ => matches!(letters[n - 3], 's' | 'x' | 'z' | 'c' | 'g' | 'h'),
        };
        if !keeps && !is_vowel(n - 3) {
            end = n - 2;
        }
    }
    let mut count = 0;
    let mut previous_vowel = false;
    for i in 0..end {
        let vowel = is_vowel(i);
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    count.max(1)
}

/// Flesch–Kincaid grade level; `None` for text without words.
pub fn reading_grade(text: &str) -> Option<f64> {
    let sentence_count = sentences(text).len();
    let (word_count, syllable_count) = words(text).fold((0usize, 0usize), |(w, s), word| {
        (w + 1, s + syllables(word))
    });
    if word_count == 0 || sentence_count == 0 {
        return None;
    }
    let words_per_sentence = word_count as f64 / sentence_count as f64;
    let syllables_per_word = syllable_count as f64 / word_count as f64;
    Some(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_of_common_words() {
        let cases = [
            ("we", 1),
            ("case", 1),
            ("worked", 1),
            ("wanted", 2),
            ("cases", 2),
            ("notes", 1),
            ("table", 2),
            ("reply", 2),
            ("update", 2),
            ("question", 2),
            ("specialist", 3),
            ("problem", 2),
            ("everything", 4),
            ("communication", 5),
            ("we'll", 1),
            ("post-mortem", 3),
            ("14:00", 1),
            ("https://baton.example.com/c/ESC-7Q4K2M", 1),
        ];
        for (word, expected) in cases {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn sentences_split_on_stops_and_lines_not_on_times_or_links() {
        let text = "Hi Dana,\nWe'll reply by Thu 26 Nov, 14:00. See https://x.example/c/1 now! Ok?";
        assert_eq!(
            sentences(text),
            vec![
                "Hi Dana,",
                "We'll reply by Thu 26 Nov, 14:00.",
                "See https://x.example/c/1 now!",
                "Ok?"
            ]
        );
    }

    #[test]
    fn plain_text_reads_easier_than_dense_text() {
        let plain = reading_grade("We have your case. We'll reply by Thu 26 Nov.").unwrap();
        let dense = reading_grade(
            "Organisational communication considerations necessitate comprehensive \
             documentation of escalation procedures and prioritisation methodologies.",
        )
        .unwrap();
        assert!(plain < 4.0, "{plain}");
        assert!(dense > 16.0, "{dense}");
        assert_eq!(reading_grade("  ... "), None);
    }
}
