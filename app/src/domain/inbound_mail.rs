//! An email to Baton as the rest of the app reads it: who wrote, about what,
//! which case it may answer, and the words that are new in it. Pure: bytes in,
//! an `InboundMail` or a `MailRejection` out, so it can be fuzzed.

mod attachments;
pub mod authentication;
mod quotes;
pub mod reply_address;
mod threading;

use super::CaseReference;
use mail_parser::{MessageParser, MimeHeaders};

pub use quotes::trim_quoted_reply;
pub use threading::{reference_in_message_id, references_in_subject};

/// The largest message we accept, in bytes; SMTP advertises it with SIZE.
pub const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;

/// What Baton keeps of one email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboundMail {
    /// The Message-ID without angle brackets, when the sender gave one.
    pub message_id: Option<String>,
    /// The sender's address as written in From.
    pub from_email: String,
    /// The sender's display name, when From has one.
    pub from_name: Option<String>,
    /// The subject line; empty when there is none.
    pub subject: String,
    /// The new words of the email (quoted history trimmed), followed by the
    /// list of attached files.
    pub text: String,
    /// Cases this email says it answers, most specific first: In-Reply-To,
    /// then References (newest first), then `[ESC-...]` in the subject.
    pub answers: Vec<CaseReference>,
    /// People the sender copied in (Cc), who may be invited to follow the
    /// case. Our own addresses (the domains the email was sent to) are left out.
    pub copied: Vec<Copied>,
    /// Every address in To and Cc, as written: a signed reply address of
    /// ours among them is the proof that a reply belongs to its case.
    pub addressed_to: Vec<String>,
    /// The topmost `Authentication-Results` header, whitespace folded: what
    /// the last relay said about the sender, if it said anything.
    pub authentication: Option<String>,
}

/// Someone copied in on an email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    pub email: String,
    pub name: String,
}

/// At most this many people copied in are kept per email.
const MAX_COPIED: usize = 20;
/// At most this many To or Cc addresses are looked at for a reply address.
const MAX_ADDRESSED: usize = 100;

/// Why an email cannot be taken in. Each maps to one SMTP reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MailRejection {
    /// The bytes are not an email we can read.
    #[error("the message cannot be read as an email")]
    Unreadable,
    /// No usable From address, so we could not answer the sender.
    #[error("the message has no usable From address")]
    NoSender,
    /// Larger than `MAX_MESSAGE_BYTES`.
    #[error("the message is too big")]
    TooBig,
}

/// Reads raw RFC 5322 bytes. Never panics, whatever the input.
pub fn read(raw: &[u8]) -> Result<InboundMail, MailRejection> {
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(MailRejection::TooBig);
    }
    let message = MessageParser::default()
        .parse(raw)
        .ok_or(MailRejection::Unreadable)?;
    let sender = message
        .from()
        .and_then(|from| from.first())
        .ok_or(MailRejection::NoSender)?;
    let from_email = sender
        .address()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .ok_or(MailRejection::NoSender)?
        .to_owned();
    let from_name = sender
        .name()
        .map(clean_line)
        .filter(|name| !name.is_empty());
    let subject = clean_line(message.subject().unwrap_or_default());

    let mut body = String::new();
    for pos in 0..message.text_body_count() {
        if let Some(part) = message.body_text(pos) {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            body.push_str(&part);
        }
    }
    let mut text = trim_quoted_reply(&clean_text(&body));
    let files = attachments::listing(message.attachments().map(|part| attachments::Attached {
        name: part.attachment_name(),
        content_type: part.content_type().map(|ct| match ct.subtype() {
            Some(sub) => format!("{}/{sub}", ct.ctype()),
            None => ct.ctype().to_owned(),
        }),
        bytes: part.len(),
    }));
    if !files.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&files);
    }

    let mut answers = Vec::new();
    let ids = |value: &mail_parser::HeaderValue<'_>| -> Vec<String> {
        value
            .as_text_list()
            .map(|list| list.iter().map(|id| id.to_string()).collect())
            .unwrap_or_default()
    };
    let in_reply_to = ids(message.in_reply_to());
    let mut references = ids(message.references());
    references.reverse();
    for id in in_reply_to.iter().chain(&references) {
        answers.extend(reference_in_message_id(id));
    }
    answers.extend(references_in_subject(&subject));
    let mut seen = Vec::new();
    answers.retain(|r| {
        let fresh = !seen.contains(r);
        seen.push(r.clone());
        fresh
    });

    let domain_of = |email: &str| email.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase());
    let ours: Vec<String> = message
        .to()
        .map(|to| {
            to.iter()
                .filter_map(|a| a.address().and_then(domain_of))
                .collect()
        })
        .unwrap_or_default();
    let copied = message
        .cc()
        .map(|cc| {
            cc.iter()
                .filter_map(|addr| {
                    let email = addr.address()?.trim();
                    let domain = domain_of(email)?;
                    let other = !ours.contains(&domain) && !email.eq_ignore_ascii_case(&from_email);
                    (other && !email.chars().any(char::is_whitespace)).then(|| Copied {
                        email: email.to_owned(),
                        name: addr.name().map(clean_line).unwrap_or_default(),
                    })
                })
                .take(MAX_COPIED)
                .collect()
        })
        .unwrap_or_default();

    let mut addressed_to = Vec::new();
    for list in [message.to(), message.cc()].into_iter().flatten() {
        addressed_to.extend(
            list.iter()
                .filter_map(|a| a.address())
                .map(|a| a.trim().to_owned())
                .take(MAX_ADDRESSED),
        );
    }
    let authentication = message
        .headers_raw()
        .find(|(name, _)| name.eq_ignore_ascii_case("Authentication-Results"))
        .map(|(_, value)| clean_line(value));

    Ok(InboundMail {
        copied,
        addressed_to,
        authentication,
        message_id: message
            .message_id()
            .map(|id| clean_line(id.trim_matches(['<', '>'])))
            .filter(|id| !id.is_empty()),
        from_email,
        from_name,
        subject,
        text,
        answers,
    })
}

/// One line of header text: no line breaks or control characters.
fn clean_line(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Body text with `\n` line ends and no control characters the store refuses.
fn clean_text(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// Cuts `text` to at most `max` characters, saying so at the end.
pub fn shorten(text: &str, max: usize) -> String {
    const CUT: &str = "\n[The rest of this email was too long to keep.]";
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(CUT.chars().count());
    let mut short: String = text.chars().take(keep).collect();
    short.push_str(CUT);
    short
}

#[cfg(test)]
mod tests;
