//! Emails through the configured relay, with headers that thread them per
//! case and let mail clients unsubscribe in one click.

use super::Failure;
use app::domain::CaseReference;
use app::service::{Portal, inbound_mail};
use app::store::outbox::Pending;

/// The outbox kind of emails to a case's customer and followers.
const CUSTOMER_EMAIL: &str = "customer_email";
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The domain of our Message-IDs: the From address's.
    domain: String,
}

impl Mailer {
    pub fn new(host: &str, port: u16, from: Mailbox) -> Mailer {
        // The relay is ours (localhost or the LAN); it handles TLS onward.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let domain = from.email.domain().to_owned();
        Mailer {
            transport,
            from,
            domain,
        }
    }

    /// Where replies to this email go: for an email to a customer or a
    /// follower about a case, our address signed for that case and that
    /// recipient, so their reply proves where it belongs; otherwise our own.
    pub async fn reply_to(&self, portal: &Portal, pending: &Pending) -> Result<Mailbox, Failure> {
        let reference = pending.reference.as_deref().and_then(CaseReference::parse);
        let (Some(reference), true) = (reference, pending.delivery.kind == CUSTOMER_EMAIL) else {
            return Ok(self.from.clone());
        };
        let signed = inbound_mail::reply_address_for(
            portal,
            self.from.email.as_ref(),
            &reference,
            &pending.delivery.recipient,
        )
        .await
        .map_err(|e| Failure::Temporary(format!("cannot sign the reply address: {e}")))?
        .ok_or_else(|| {
            Failure::Permanent(format!("{} cannot carry a reply address", self.from.email))
        })?;
        let address = signed
            .parse()
            .map_err(|e| Failure::Permanent(format!("bad reply address: {e}")))?;
        Ok(Mailbox::new(self.from.name.clone(), address))
    }

    pub async fn send(&self, pending: &Pending, reply_to: Mailbox) -> Result<(), Failure> {
        let message = self.message(pending, reply_to)?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            if e.is_permanent() {
                Failure::Permanent(e.to_string())
            } else {
                Failure::Temporary(e.to_string())
            }
        })
    }

    /// Builds the message; a bad stored address is permanent (no retry helps).
    pub fn message(&self, pending: &Pending, reply_to: Mailbox) -> Result<Message, Failure> {
        let delivery = &pending.delivery;
        let to: Mailbox = delivery.recipient.parse().map_err(|e| {
            Failure::Permanent(format!("bad recipient {:?}: {e}", delivery.recipient))
        })?;
        let reference = pending.reference.as_deref().unwrap_or("baton");
        let mut builder = Message::builder()
            .from(self.from.clone())
            .reply_to(reply_to)
            .to(to)
            .subject(delivery.subject.clone())
            // Stable per row: a resend after a crash carries the same id,
            // so mail systems can drop the duplicate.
            .message_id(Some(format!(
                "<{reference}.{}@{}>",
                pending.outbox_id, self.domain
            )))
            .header(ContentType::TEXT_PLAIN);
        if pending.reference.is_some() {
            let thread = format!("<{reference}@{}>", self.domain);
            builder = builder.in_reply_to(thread.clone()).references(thread);
        }
        if !delivery.unsubscribe_url.is_empty() {
            builder = builder
                .header(ListUnsubscribe(format!("<{}>", delivery.unsubscribe_url)))
                .header(ListUnsubscribePost);
        }
        builder
            .body(delivery.message.clone())
            .map_err(|e| Failure::Permanent(format!("cannot build the email: {e}")))
    }
}

/// RFC 2369: where to unsubscribe.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// RFC 8058: the unsubscribe address takes a one-click POST.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::store::outbox::{Delivery, Route};

    fn pending(recipient: &str) -> Pending {
        Pending {
            outbox_id: 7,
            reference: Some("ESC-ABCDEF".to_owned()),
            attempts: 0,
            delivery: Delivery {
                case_id: Some(1),
                route: Route::Email,
                kind: "customer_email".to_owned(),
                recipient: recipient.to_owned(),
                subject: "We have your case ESC-ABCDEF".to_owned(),
                message: "Hi Kim".to_owned(),
                unsubscribe_url: "http://baton.test/unsubscribe?token=abc".to_owned(),
            },
        }
    }

    // The pooled transport needs a runtime, even unused.
    #[tokio::test]
    async fn emails_thread_per_case_and_offer_one_click_unsubscribe() {
        let mailer = Mailer::new(
            "127.0.0.1",
            25,
            "Support <help@baton.test>".parse().unwrap(),
        );
        let text = String::from_utf8(
            mailer
                .message(
                    &pending("kim@example.com"),
                    "help@baton.test".parse().unwrap(),
                )
                .unwrap()
                .formatted(),
        )
        .unwrap();
        assert!(
            text.contains("Message-ID: <ESC-ABCDEF.7@baton.test>"),
            "{text}"
        );
        assert!(
            text.contains("References: <ESC-ABCDEF@baton.test>"),
            "{text}"
        );
        assert!(text.contains("List-Unsubscribe: <http://baton.test/unsubscribe?token=abc>"));
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    }

    #[tokio::test]
    async fn a_bad_address_is_a_permanent_failure() {
        let mailer = Mailer::new("127.0.0.1", 25, "help@baton.test".parse().unwrap());
        assert!(matches!(
            mailer.message(
                &pending("not an address"),
                "help@baton.test".parse().unwrap()
            ),
            Err(Failure::Permanent(_))
        ));
    }
}
