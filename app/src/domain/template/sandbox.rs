//! Renders support-ops templates with minijinja, shut in.
//!
//! A template is compiled once (`Sandbox::compile`) into its own
//! `Environment`, then renders any number of messages. The environment has:
//! - include, import, extends, macros and `autoescape` refused in the source
//!   (see `source_rules`), and no loader behind them in any case, so no
//!   template can reach another one;
//! - strict undefined values, so a misspelt placeholder is an error;
//! - fuel (steps per render) and a recursion limit, so loops and recursive
//!   loops stop;
//! - a small allow-list of filters (see `source_rules::FILTERS`), no tests,
//!   no globals or functions;
//! - no joining or repeating text (`~`, `+`, `*`): fuel counts steps, not
//!   bytes, and those operators build a gigabyte string in a few steps;
//! - an output cap: going over it is an error, never a cut-off message.
//!
//! Channels: `web` and `chat` are HTML fragments, so values are HTML-escaped
//! and the source may not contain tags. `email_body` is plain text and goes
//! out exactly as rendered, unescaped. `email_subject` is one line: a line
//! break in the source is refused when the template is saved, and line
//! breaks (and other control characters) inside values become a space when
//! it is rendered, so a value can never start a new mail header; a line
//! break the source itself produces (`{{ "\n" }}`) is an error.

use super::outline::{self, Outline};
use super::plain_language::{self, JargonList, PlainLanguageRules, Warning};
use super::{
    TemplateChannel, TemplateContext, TemplateError, TemplateErrorCode, TemplateKind, source_rules,
};
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use std::collections::BTreeMap;
use std::io;

/// The limits templates run under. `Sandbox::default()` is what Baton uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sandbox {
    /// Engine steps one render may take.
    pub fuel: u64,
    /// How deep loops and recursive loops may nest while rendering.
    pub recursion_limit: usize,
    /// Largest template source accepted, in bytes.
    pub max_source_bytes: usize,
    /// Largest rendered message, in bytes.
    pub max_output_bytes: usize,
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox {
            fuel: 50_000,
            recursion_limit: 64,
            max_source_bytes: 16 * 1024,
            max_output_bytes: 16 * 1024,
        }
    }
}

/// A template that compiled, uses only its kind's placeholders and renders
/// with the example values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validated {
    pub kind: TemplateKind,
    pub channel: TemplateChannel,
    /// The placeholders the template uses, in the kind's order.
    pub placeholders: Vec<&'static str>,
    /// The template rendered with the example values, as the channel sends it.
    pub example: String,
}

impl Validated {
    /// The example as a reader sees it (HTML entities turned back into text).
    pub fn example_text(&self) -> String {
        if self.channel.escapes_html() {
            unescape_html(&self.example)
        } else {
            self.example.clone()
        }
    }

    /// Plain-language warnings on the example, with the kind's rules.
    pub fn warnings(&self, jargon: &JargonList) -> Vec<Warning> {
        let rules = PlainLanguageRules::for_message(self.kind, self.channel, jargon.clone());
        plain_language::check(&self.example_text(), &rules)
    }
}

/// Checks a template the way saving it would, with `Sandbox::default()`.
pub fn validate(
    kind: TemplateKind,
    channel: TemplateChannel,
    source: &str,
) -> Result<Validated, TemplateError> {
    Sandbox::default().validate(kind, channel, source)
}

/// Renders a message with `Sandbox::default()`.
pub fn render(
    kind: TemplateKind,
    channel: TemplateChannel,
    source: &str,
    context: &TemplateContext,
) -> Result<String, TemplateError> {
    Sandbox::default().render(kind, channel, source, context)
}

impl Sandbox {
    /// Syntax, rules and placeholders, then a render with the example values
    /// (which also catches loops that run out of fuel and oversized output).
    pub fn validate(
        &self,
        kind: TemplateKind,
        channel: TemplateChannel,
        source: &str,
    ) -> Result<Validated, TemplateError> {
        if channel == TemplateChannel::EmailSubject
            && let Some(at) = source.find(['\r', '\n'])
        {
            return Err(TemplateError::new(
                TemplateErrorCode::NewlineInSubject,
                "An email subject is one line. Remove the line break.",
            )
            .at_line(Some(source[..at].matches('\n').count() + 1)));
        }
        let (example, placeholders) =
            self.run(kind, channel, source, &TemplateContext::example(kind))?;
        Ok(Validated {
            kind,
            channel,
            placeholders,
            example,
        })
    }

    /// Renders one message. The source is checked again, so a template that
    /// was stored before a rule tightened still cannot misbehave.
    pub fn render(
        &self,
        kind: TemplateKind,
        channel: TemplateChannel,
        source: &str,
        context: &TemplateContext,
    ) -> Result<String, TemplateError> {
        self.compile(kind, channel, source)?.render(context)
    }

    fn run(
        &self,
        kind: TemplateKind,
        channel: TemplateChannel,
        source: &str,
        context: &TemplateContext,
    ) -> Result<(String, Vec<&'static str>), TemplateError> {
        let compiled = self.compile(kind, channel, source)?;
        let output = compiled.render(context)?;
        Ok((output, compiled.placeholders()))
    }

    /// Checks the source (size, rules, syntax, placeholders) and parses it
    /// once, for rendering many messages.
    pub fn compile(
        &self,
        kind: TemplateKind,
        channel: TemplateChannel,
        source: &str,
    ) -> Result<Compiled, TemplateError> {
        if source.len() > self.max_source_bytes {
            return Err(TemplateError::new(
                TemplateErrorCode::TooLong,
                format!(
                    "The template is {} bytes long; the limit is {}.",
                    source.len(),
                    self.max_source_bytes
                ),
            ));
        }
        let outline = outline::outline(source);
        source_rules::check(channel, &outline)?;

        let mut env = self.environment(channel);
        env.add_template_owned(TEMPLATE_NAME, source.to_owned())
            .map_err(|e| self.engine_error(&e, false))?;
        let template = env
            .get_template(TEMPLATE_NAME)
            .map_err(|e| self.engine_error(&e, false))?;
        let used = placeholders_used(kind, &outline, template.undeclared_variables(false))?
            .into_iter()
            .map(|name| (name, source_rules::line_of(&outline, name)))
            .collect();
        Ok(Compiled {
            sandbox: *self,
            kind,
            channel,
            env,
            used,
        })
    }

    fn environment(&self, channel: TemplateChannel) -> Environment<'static> {
        let mut env = Environment::empty();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(self.fuel));
        env.set_recursion_limit(self.recursion_limit);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        let escape = if channel.escapes_html() {
            AutoEscape::Html
        } else {
            AutoEscape::None
        };
        env.set_auto_escape_callback(move |_| escape);
        env.add_filter("capitalize", minijinja::filters::capitalize);
        env.add_filter("default", minijinja::filters::default);
        env.add_filter("d", minijinja::filters::default);
        env.add_filter("escape", minijinja::filters::escape);
        env.add_filter("e", minijinja::filters::escape);
        env.add_filter("length", minijinja::filters::length);
        env.add_filter("lower", minijinja::filters::lower);
        env.add_filter("title", minijinja::filters::title);
        env.add_filter("trim", minijinja::filters::trim);
        env.add_filter("upper", minijinja::filters::upper);
        env
    }

    fn engine_error(&self, err: &minijinja::Error, overflowed: bool) -> TemplateError {
        let detail = err.detail().unwrap_or_default();
        let (code, message) = match err.kind() {
            ErrorKind::SyntaxError => match detail.strip_prefix("unknown statement ") {
                Some(name) if source_rules::FORBIDDEN_STATEMENTS.contains(&name) => (
                    TemplateErrorCode::NotAllowed,
                    format!("Templates can't use {{% {name} %}}."),
                ),
                _ if detail.contains("recursion") => (
                    TemplateErrorCode::TooDeep,
                    "The template nests too deeply.".to_owned(),
                ),
                _ => (
                    TemplateErrorCode::Syntax,
                    format!("The template can't be read: {detail}."),
                ),
            },
            ErrorKind::OutOfFuel => (
                TemplateErrorCode::FuelExhausted,
                format!(
                    "The template does too much work (over {} steps). A loop probably runs \
                     too often.",
                    self.fuel
                ),
            ),
            ErrorKind::WriteFailure if overflowed => (
                TemplateErrorCode::TooLong,
                format!(
                    "The message would be longer than {} bytes. Nothing was cut: shorten the \
                     template.",
                    self.max_output_bytes
                ),
            ),
            ErrorKind::InvalidOperation if detail.contains("recursion") => (
                TemplateErrorCode::TooDeep,
                "The template recurses too deeply.".to_owned(),
            ),
            ErrorKind::TemplateNotFound | ErrorKind::BadInclude => (
                TemplateErrorCode::NotAllowed,
                "Templates can't reach other templates.".to_owned(),
            ),
            ErrorKind::UnknownFilter
            | ErrorKind::UnknownTest
            | ErrorKind::UnknownFunction
            | ErrorKind::UnknownMethod => (
                TemplateErrorCode::NotAllowed,
                format!("Templates can't use this: {detail}."),
            ),
            ErrorKind::UndefinedError => (
                TemplateErrorCode::Render,
                "The template asks for something that has no value.".to_owned(),
            ),
            kind => (
                TemplateErrorCode::Render,
                match detail {
                    "" => format!("The template failed: {kind}."),
                    detail => format!("The template failed: {kind}: {detail}."),
                },
            ),
        };
        TemplateError::new(code, message).at_line(err.line())
    }
}

/// The one template a compiled environment holds. Source rules refuse
/// include and import, so no template can name it.
const TEMPLATE_NAME: &str = "message";

/// A checked and parsed template: rendering it skips the parse, which was
/// most of a render's work.
pub struct Compiled {
    sandbox: Sandbox,
    kind: TemplateKind,
    channel: TemplateChannel,
    env: Environment<'static>,
    /// The placeholders used, in the kind's order, each with the line where
    /// it first appears.
    used: Vec<(&'static str, Option<usize>)>,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiled")
            .field("kind", &self.kind)
            .field("channel", &self.channel)
            .field("used", &self.used)
            .finish_non_exhaustive()
    }
}

impl Compiled {
    /// The placeholders the template uses, in the kind's order.
    pub fn placeholders(&self) -> Vec<&'static str> {
        self.used.iter().map(|(name, _)| *name).collect()
    }

    /// Renders one message from `context`, which must be of the template's kind.
    pub fn render(&self, context: &TemplateContext) -> Result<String, TemplateError> {
        let sandbox = &self.sandbox;
        if context.kind() != self.kind {
            return Err(TemplateError::new(
                TemplateErrorCode::Render,
                format!(
                    "The values were gathered for {} messages, not {}.",
                    context.kind(),
                    self.kind
                ),
            ));
        }
        let mut values = BTreeMap::new();
        for (name, line) in &self.used {
            let value = context.get(name).ok_or_else(|| {
                TemplateError::new(
                    TemplateErrorCode::MissingValue,
                    format!("The template uses {name}, but this message has no value for it."),
                )
                .at_line(*line)
            })?;
            values.insert(*name, Value::from(clean_value(self.channel, value)));
        }
        let template = self
            .env
            .get_template(TEMPLATE_NAME)
            .map_err(|e| sandbox.engine_error(&e, false))?;
        let mut out = CappedOutput::new(sandbox.max_output_bytes);
        template
            .render_captured_to(Value::from(values), &mut out)
            .map_err(|e| sandbox.engine_error(&e, out.overflowed))?;
        let output = String::from_utf8(out.bytes).map_err(|_| {
            TemplateError::new(
                TemplateErrorCode::Render,
                "The template produced broken text.",
            )
        })?;
        finish(self.channel, output)
    }
}

/// The kind's placeholders the template uses; anything else is an error
/// naming the line where it first appears.
fn placeholders_used(
    kind: TemplateKind,
    outline: &Outline<'_>,
    names: impl IntoIterator<Item = String>,
) -> Result<Vec<&'static str>, TemplateError> {
    let names: Vec<String> = names.into_iter().collect();
    let unknown = names
        .iter()
        .filter(|n| kind.placeholder(n).is_none())
        .map(|n| (source_rules::line_of(outline, n), n))
        .min();
    if let Some((line, name)) = unknown {
        let offered: Vec<&str> = kind.placeholders().iter().map(|p| p.name).collect();
        return Err(TemplateError::new(
            TemplateErrorCode::UnknownPlaceholder,
            format!(
                "{name} isn't a placeholder of {kind} messages. You can use: {}.",
                offered.join(", ")
            ),
        )
        .at_line(line));
    }
    Ok(kind
        .placeholders()
        .iter()
        .map(|p| p.name)
        .filter(|p| names.iter().any(|n| n == p))
        .collect())
}

/// Subject values lose their line breaks (and other control characters):
/// each run of them becomes one space.
fn clean_value(channel: TemplateChannel, value: &str) -> String {
    if channel != TemplateChannel::EmailSubject {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut in_break = false;
    for c in value.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    out
}

/// Last checks on the rendered text. A subject line break can still come
/// from the source itself (`{{ "\n" }}`), and that is refused.
fn finish(channel: TemplateChannel, output: String) -> Result<String, TemplateError> {
    if channel != TemplateChannel::EmailSubject {
        return Ok(output);
    }
    if output.contains(['\r', '\n']) {
        return Err(TemplateError::new(
            TemplateErrorCode::NewlineInSubject,
            "The subject would contain a line break. An email subject is one line.",
        ));
    }
    Ok(output.trim().to_owned())
}

/// Collects output and fails the render as soon as it would pass the cap.
struct CappedOutput {
    bytes: Vec<u8>,
    cap: usize,
    overflowed: bool,
}

impl CappedOutput {
    fn new(cap: usize) -> Self {
        CappedOutput {
            bytes: Vec::new(),
            cap,
            overflowed: false,
        }
    }
}

impl io::Write for CappedOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.cap {
            self.overflowed = true;
            return Err(io::Error::other("message is over the size limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Undoes minijinja's HTML escaping, for reading the text back (and for
/// showing web text through a view that escapes again).
pub fn unescape_html(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests;
