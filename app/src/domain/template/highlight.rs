//! The editor shows a template's source with its template language picked
//! out, so support ops see at a glance which words are placeholders
//! (`{{ name }}`), which are logic (`{% if %}`) and which are notes to
//! themselves (`{# ... #}`) that customers never read.

/// What one stretch of template source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourcePart {
    /// Words that go to the customer as written.
    Text,
    /// `{{ ... }}`: a value filled in when the message is sent.
    Placeholder,
    /// `{% ... %}`: a choice or a loop.
    Tag,
    /// `{# ... #}`: a note for the team, left out of the message.
    Comment,
}

impl SourcePart {
    /// The CSS class of the part in the highlighted view.
    pub fn class(self) -> &'static str {
        match self {
            SourcePart::Text => "tpl-text",
            SourcePart::Placeholder => "tpl-placeholder",
            SourcePart::Tag => "tpl-tag",
            SourcePart::Comment => "tpl-comment",
        }
    }
}

/// Splits a source into its parts, in order; joined again they are the
/// source. An opening bracket that is never closed runs to the end, as the
/// template language would read it.
pub fn source_parts(source: &str) -> Vec<(SourcePart, &str)> {
    let mut parts = Vec::new();
    let mut rest = source;
    while !rest.is_empty() {
        let next = [
            ("{{", SourcePart::Placeholder, "}}"),
            ("{%", SourcePart::Tag, "%}"),
            ("{#", SourcePart::Comment, "#}"),
        ]
        .into_iter()
        .filter_map(|(open, part, close)| rest.find(open).map(|at| (at, part, close)))
        .min_by_key(|(at, _, _)| *at);
        let Some((start, part, close)) = next else {
            parts.push((SourcePart::Text, rest));
            break;
        };
        if start > 0 {
            parts.push((SourcePart::Text, &rest[..start]));
        }
        let opened = &rest[start..];
        let end = opened[2..]
            .find(close)
            .map_or(opened.len(), |at| at + 2 + close.len());
        parts.push((part, &opened[..end]));
        rest = &opened[end..];
    }
    parts
}

/// The source as an HTML fragment: every character escaped, each part of
/// the template language in a `<span>` with its class (see `SourcePart`).
pub fn highlight_html(source: &str) -> String {
    let mut html = String::with_capacity(source.len() * 2);
    for (part, text) in source_parts(source) {
        match part {
            SourcePart::Text => escape_into(&mut html, text),
            _ => {
                html.push_str("<span class=\"");
                html.push_str(part.class());
                html.push_str("\">");
                escape_into(&mut html, text);
                html.push_str("</span>");
            }
        }
    }
    html
}

fn escape_into(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            _ => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_tags_and_comments_are_told_apart() {
        let source = "Hi {{ customer_name }}.{% if stage %} Soon.{% endif %}{# for ops #}";
        let parts = source_parts(source);
        assert_eq!(
            parts,
            vec![
                (SourcePart::Text, "Hi "),
                (SourcePart::Placeholder, "{{ customer_name }}"),
                (SourcePart::Text, "."),
                (SourcePart::Tag, "{% if stage %}"),
                (SourcePart::Text, " Soon."),
                (SourcePart::Tag, "{% endif %}"),
                (SourcePart::Comment, "{# for ops #}"),
            ]
        );
        let joined: String = parts.iter().map(|(_, t)| *t).collect();
        assert_eq!(joined, source);
    }

    #[test]
    fn an_unclosed_opening_runs_to_the_end() {
        assert_eq!(
            source_parts("We have {{ reference"),
            vec![
                (SourcePart::Text, "We have "),
                (SourcePart::Placeholder, "{{ reference"),
            ]
        );
        assert_eq!(source_parts("{#"), vec![(SourcePart::Comment, "{#")]);
        assert!(source_parts("").is_empty());
    }

    #[test]
    fn closing_marks_of_another_kind_do_not_end_a_part() {
        assert_eq!(
            source_parts("{% if a %}}{{ b }}"),
            vec![
                (SourcePart::Tag, "{% if a %}"),
                (SourcePart::Text, "}"),
                (SourcePart::Placeholder, "{{ b }}"),
            ]
        );
    }

    #[test]
    fn the_html_escapes_every_character_of_the_source() {
        let html = highlight_html("<b>Hi</b> & {{ \"<script>\" }}{# it's <i> #}");
        assert_eq!(
            html,
            "&lt;b&gt;Hi&lt;/b&gt; &amp; \
             <span class=\"tpl-placeholder\">{{ &quot;&lt;script&gt;&quot; }}</span>\
             <span class=\"tpl-comment\">{# it&#39;s &lt;i&gt; #}</span>"
        );
        assert!(!html.contains("<script>"));
        assert!(!highlight_html("</span><img src=x onerror=alert(1)>").contains("<img"));
    }

    #[test]
    fn text_keeps_its_line_breaks_and_unicode() {
        assert_eq!(
            highlight_html("Grüße\n{% if x %}"),
            "Grüße\n<span class=\"tpl-tag\">{% if x %}</span>"
        );
    }
}
