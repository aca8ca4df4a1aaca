//! The email channel: one raw email in, one new case or one customer message
//! on an existing case out, recorded with the email's key in the same commit
//! so a second delivery changes nothing.

use super::{Portal, escalations, notify, secrets};
use crate::domain::customer::{CustomerEmail, CustomerName, Description, Subject, UpdateBody};
use crate::domain::inbound_mail::{
    self, InboundMail, MailRejection, authentication, reply_address, shorten,
};
use crate::domain::{Actor, Case, CaseReference, Channel, Command, NewCase, Severity};
use crate::error::AppError;
use crate::store::{Conn, StoreError, cases, inbound_mail as seen, subscribers};
use jiff::Timestamp;
use sha2::{Digest, Sha256};

/// Which inbound emails can prove who sent them, besides signed reply
/// addresses (always on).
#[derive(Clone, Debug, Default)]
pub struct MailTrust {
    /// authserv-ids of relays whose topmost `Authentication-Results` header
    /// we believe (they must strip copies of their own id from incoming mail).
    pub relays: Vec<String>,
}

/// The `Reply-To` for an email about case `reference` to `recipient`: our
/// own address `base` with the case and a MAC binding both (see
/// `domain::inbound_mail::reply_address`). None when `base` is not an
/// email address.
pub async fn reply_address_for(
    portal: &Portal,
    base: &str,
    reference: &CaseReference,
    recipient: &str,
) -> Result<Option<String>, StoreError> {
    let secret = secrets::instance_secret(&portal.store).await?;
    let mac = reply_mac(&secret, reference, recipient);
    Ok(reply_address::compose(base, reference, &mac))
}

fn reply_mac(secret: &str, reference: &CaseReference, recipient: &str) -> String {
    let message = reply_address::signed_message(reference, recipient);
    let mac = secrets::keyed_mac(secret.as_bytes(), "reply-address", message.as_bytes());
    let mut text = reply_address::base32(&mac);
    text.truncate(reply_address::MAC_CHARS);
    text
}

/// The cases this email proves it answers: those of our signed reply
/// addresses it was sent to that were signed for its sender, and, when a
/// trusted relay vouches for the sender's domain, the cases it names.
fn proven_answers(
    mail: &InboundMail,
    envelope_to: &[String],
    trust: &MailTrust,
    secret: &str,
) -> Vec<CaseReference> {
    let mut proven: Vec<CaseReference> = envelope_to
        .iter()
        .chain(&mail.addressed_to)
        .filter_map(|address| reply_address::parse(address))
        .filter(|(reference, mac)| {
            secrets::same_text(mac, &reply_mac(secret, reference, &mail.from_email))
        })
        .map(|(reference, _)| reference)
        .collect();
    let vouched = mail
        .authentication
        .as_deref()
        .is_some_and(|header| authentication::vouches_for(header, &trust.relays, &mail.from_email));
    if vouched {
        proven.extend(mail.answers.iter().cloned());
    }
    let mut seen = Vec::new();
    proven.retain(|r| {
        let fresh = !seen.contains(r);
        seen.push(r.clone());
        fresh
    });
    proven
}

/// What became of an email that was taken in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// A new case was opened.
    Raised(CaseReference),
    /// The email was added to an existing case as the customer's message.
    Threaded(CaseReference),
    /// The same email came before; nothing changed.
    Duplicate(CaseReference),
}

impl Received {
    pub fn reference(&self) -> &CaseReference {
        match self {
            Received::Raised(r) | Received::Threaded(r) | Received::Duplicate(r) => r,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    /// The email itself is unusable; sending it again will not help.
    #[error(transparent)]
    Rejected(#[from] MailRejection),
    /// Something broke on our side (logged); the sender should try later.
    #[error("the email could not be stored")]
    Unexpected,
}

impl From<StoreError> for ReceiveError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "storing an inbound email failed");
        ReceiveError::Unexpected
    }
}

impl From<AppError> for ReceiveError {
    fn from(error: AppError) -> Self {
        tracing::error!(%error, "taking in an email failed");
        ReceiveError::Unexpected
    }
}

/// The From address of a raw email, if it has a readable one (for limits
/// applied before the email is taken in).
pub fn sender_address(raw: &[u8]) -> Option<String> {
    inbound_mail::read(raw).ok().map(|mail| mail.from_email)
}

/// Takes in one raw email sent to `envelope_to` (the SMTP recipients).
/// Returns only after the outcome is committed.
pub async fn receive(
    portal: &Portal,
    raw: &[u8],
    envelope_to: &[String],
    now: Timestamp,
) -> Result<Received, ReceiveError> {
    let mail = inbound_mail::read(raw)?;
    let key = dedupe_key(&mail, raw);
    let secret = secrets::instance_secret(&portal.store).await?;
    let proven = proven_answers(&mail, envelope_to, &portal.mail_trust, &secret);
    let mut tx = portal.store.begin().await?;
    if let Some(reference) = seen::case_for(&mut tx, &key).await? {
        return Ok(Received::Duplicate(reference));
    }
    let (case_id, received) = thread_or_raise(portal, &mut tx, &mail, &proven, now).await?;
    match seen::record(&mut tx, &key, case_id, now).await {
        Ok(()) => {}
        // Another delivery of the same email committed first: ours changes nothing.
        Err(StoreError::Conflict(_)) => {
            drop(tx);
            let mut conn = portal.store.read().await?;
            return match seen::case_for(&mut conn, &key).await? {
                Some(reference) => Ok(Received::Duplicate(reference)),
                None => Err(ReceiveError::Unexpected),
            };
        }
        Err(other) => return Err(other.into()),
    }
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(received.reference().as_str());
    tracing::info!(reference = %received.reference(), ?received, "email taken in");
    Ok(received)
}

/// The Message-ID, or a hash of the bytes for an email without one.
fn dedupe_key(mail: &InboundMail, raw: &[u8]) -> String {
    match &mail.message_id {
        Some(id) => format!("id:{id}"),
        None => {
            let hash: String = Sha256::digest(raw)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("sha256:{hash}")
        }
    }
}

/// Whether the (proven) sender of an email may write on a case: its
/// customer or someone agreed to as a follower.
pub async fn may_reply(
    conn: &mut Conn,
    case_id: i64,
    case: &Case,
    from: &str,
) -> Result<bool, StoreError> {
    Ok(case.customer_email.trim().eq_ignore_ascii_case(from.trim())
        || subscribers::is_subscriber(conn, case_id, from).await?)
}

/// Everyone the email copied in is invited: they hear nothing until the
/// customer or staff agree, so an email cannot subscribe anyone by itself.
async fn invite_copied(
    tx: &mut Conn,
    case_id: i64,
    mail: &InboundMail,
    now: Timestamp,
) -> Result<(), StoreError> {
    for copied in &mail.copied {
        notify::invite_copied(tx, case_id, &copied.email, &copied.name, now).await?;
    }
    Ok(())
}

async fn thread_or_raise(
    portal: &Portal,
    tx: &mut Conn,
    mail: &InboundMail,
    proven: &[CaseReference],
    now: Timestamp,
) -> Result<(i64, Received), ReceiveError> {
    let mut closed = None;
    for reference in proven {
        let stored = match cases::find_by_reference(tx, reference).await {
            Ok(stored) => stored,
            Err(StoreError::NotFound) => continue,
            Err(other) => return Err(other.into()),
        };
        if !may_reply(tx, stored.id, &stored.case, &mail.from_email).await? {
            continue;
        }
        let body = UpdateBody::parse(&shorten(&reply_text(mail), UpdateBody::MAX_CHARS))
            .map_err(|_| MailRejection::Unreadable)?;
        let command = Command::CustomerReply { body };
        // Ask the domain first: a case that takes no more messages (closed)
        // sends the email to a new case, while a failure to store must not.
        let actor = Actor::Customer;
        if stored
            .case
            .decide(command.clone(), &actor, now, &portal.rules())
            .is_err()
        {
            closed.get_or_insert(reference.clone());
            continue;
        }
        let case_id = escalations::apply_in(portal, tx, reference, &actor, command, now).await?;
        invite_copied(tx, case_id, mail, now).await?;
        return Ok((case_id, Received::Threaded(reference.clone())));
    }
    // A reference the email could not prove is only mentioned, for staff.
    let unproven = mail.answers.iter().find(|r| !proven.contains(r));
    let new_case = new_case(mail, closed.as_ref(), unproven)?;
    let token = secrets::new_token();
    let raised = escalations::raise_in(portal, tx, new_case, &token, now).await?;
    invite_copied(tx, raised.case_id, mail, now).await?;
    let reference =
        CaseReference::parse(&raised.answer.reference).ok_or(ReceiveError::Unexpected)?;
    Ok((raised.case_id, Received::Raised(reference)))
}

/// A reply's words; an empty reply (only a quote, only files) still says something.
fn reply_text(mail: &InboundMail) -> String {
    if mail.text.trim().is_empty() {
        "(The email had no text.)".to_owned()
    } else {
        mail.text.clone()
    }
}

/// A new case from an email, with the web form's limits. Too long is cut,
/// never refused: the customer cannot fix an email they already sent.
fn new_case(
    mail: &InboundMail,
    closed: Option<&CaseReference>,
    unproven: Option<&CaseReference>,
) -> Result<NewCase, MailRejection> {
    let email = CustomerEmail::parse(&mail.from_email).map_err(|_| MailRejection::NoSender)?;
    let fallback_name = mail
        .from_email
        .split('@')
        .next()
        .unwrap_or_default()
        .to_owned();
    let name = mail.from_name.clone().unwrap_or(fallback_name);
    let name = CustomerName::parse(&shorten_line(&name, CustomerName::MAX_CHARS))
        .or_else(|_| CustomerName::parse(email.as_str()))
        .map_err(|_| MailRejection::NoSender)?;
    let subject = match mail.subject.trim() {
        "" => "Email without a subject",
        subject => subject,
    };
    let subject = Subject::parse(&shorten_line(subject, Subject::MAX_CHARS))
        .map_err(|_| MailRejection::Unreadable)?;
    let mut text = match mail.text.trim() {
        "" => subject.as_str().to_owned(),
        text => text.to_owned(),
    };
    if let Some(old) = closed {
        text = format!("(This email answers {old}, which is closed.)\n\n{text}");
    } else if let Some(named) = unproven {
        text = format!("(This email mentions {named}. We opened a new case for it.)\n\n{text}");
    }
    let description = Description::parse(&shorten(&text, Description::MAX_CHARS))
        .map_err(|_| MailRejection::Unreadable)?;
    Ok(NewCase {
        name,
        email,
        subject,
        description,
        severity: Severity::S3,
        channel: Channel::Email,
    })
}

fn shorten_line(line: &str, max: usize) -> String {
    if line.chars().count() <= max {
        line.to_owned()
    } else {
        let mut cut: String = line.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(text: &str) -> InboundMail {
        InboundMail {
            message_id: None,
            from_email: "Kim@Example.com".into(),
            from_name: None,
            subject: String::new(),
            text: text.into(),
            answers: vec![],
            copied: vec![],
            addressed_to: vec![],
            authentication: None,
        }
    }

    #[test]
    fn a_bare_email_still_makes_a_valid_case() {
        let new = new_case(&mail(""), None, None).unwrap();
        assert_eq!(new.name.as_str(), "Kim");
        assert_eq!(new.subject.as_str(), "Email without a subject");
        assert_eq!(new.description.as_str(), "Email without a subject");
        assert_eq!(new.severity, Severity::S3);
        assert_eq!(new.channel, Channel::Email);
    }

    #[test]
    fn an_answer_to_a_closed_case_names_it() {
        let old = CaseReference::parse("ESC-7Q4K2M").unwrap();
        let new = new_case(&mail("Broken again."), Some(&old), None).unwrap();
        assert!(
            new.description
                .as_str()
                .starts_with("(This email answers ESC-7Q4K2M")
        );
    }

    #[test]
    fn a_sender_address_we_cannot_write_to_is_refused() {
        let bad = InboundMail {
            from_email: "not an address".into(),
            ..mail("hi")
        };
        assert_eq!(
            new_case(&bad, None, None).unwrap_err(),
            MailRejection::NoSender
        );
    }

    #[test]
    fn only_a_reply_address_signed_for_the_sender_proves_a_case() {
        let reference = CaseReference::parse("ESC-7Q4K2M").unwrap();
        let secret = "s3cret";
        let signed = reply_address::compose(
            "support@help.example",
            &reference,
            &reply_mac(secret, &reference, "kim@example.com"),
        )
        .unwrap();
        let from_kim = InboundMail {
            answers: vec![reference.clone()],
            ..mail("hi")
        };
        let trust = MailTrust::default();
        assert_eq!(
            proven_answers(&from_kim, std::slice::from_ref(&signed), &trust, secret),
            std::slice::from_ref(&reference)
        );
        // The same address used by someone else, or a bare subject reference, proves nothing.
        let from_eve = InboundMail {
            from_email: "eve@evil.example".into(),
            ..from_kim.clone()
        };
        assert!(proven_answers(&from_eve, &[signed], &trust, secret).is_empty());
        assert!(proven_answers(&from_kim, &[], &trust, secret).is_empty());
    }

    #[test]
    fn a_trusted_relay_vouching_for_the_sender_proves_the_named_case() {
        let reference = CaseReference::parse("ESC-7Q4K2M").unwrap();
        let vouched = InboundMail {
            answers: vec![reference.clone()],
            authentication: Some("mx.help.example; dmarc=pass header.from=example.com".into()),
            ..mail("hi")
        };
        let trust = MailTrust {
            relays: vec!["mx.help.example".into()],
        };
        assert_eq!(proven_answers(&vouched, &[], &trust, "s"), [reference]);
        assert!(proven_answers(&vouched, &[], &MailTrust::default(), "s").is_empty());
    }

    #[test]
    fn the_key_is_the_message_id_or_a_hash_of_the_bytes() {
        let with_id = InboundMail {
            message_id: Some("a@b".into()),
            ..mail("x")
        };
        assert_eq!(dedupe_key(&with_id, b"raw"), "id:a@b");
        let key = dedupe_key(&mail("x"), b"raw");
        assert!(key.starts_with("sha256:") && key.len() == 7 + 64);
        assert_ne!(key, dedupe_key(&mail("x"), b"raw2"));
    }
}
