//! Email intake over real SMTP: lettre as the client for ordinary mail, a raw
//! TCP stream for the protocol's edges.

use crate::helpers::{TestApp, spawn_app, spawn_app_with_demo};
use app::domain::{CaseReference, EventKind, Stage};
use app::service::{now, staff_accounts};
use app::store::{cases, events};
use lettre::address::Envelope;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde_json::json;
use server::config::Config;
use server::startup::Application;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

fn mailer(app: &TestApp) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(app.smtp_port)
        .build()
}

/// Sends a raw email from `from` to help@baton.example; returns the server's
/// last reply line.
pub(crate) async fn send(
    app: &TestApp,
    from: &str,
    raw: &str,
) -> Result<String, lettre::transport::smtp::Error> {
    let envelope = Envelope::new(
        Some(from.parse().unwrap()),
        vec!["help@baton.example".parse().unwrap()],
    )
    .unwrap();
    let response = mailer(app).send_raw(&envelope, raw.as_bytes()).await?;
    Ok(response.message().collect::<Vec<_>>().join(" "))
}

fn plain(from: &str, subject: &str, message_id: &str, body: &str) -> String {
    format!(
        "From: Kim Lee <{from}>\r\nTo: help@baton.example\r\nSubject: {subject}\r\n\
         Message-ID: <{message_id}>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

/// The reference a 250 reply names.
pub(crate) fn reference_in(reply: &str) -> CaseReference {
    reply
        .split_whitespace()
        .find_map(CaseReference::parse)
        .unwrap_or_else(|| panic!("no reference in {reply:?}"))
}

async fn case_count(app: &TestApp) -> i64 {
    let mut conn = app.portal.store.read().await.unwrap();
    cases::count(&mut conn).await.unwrap()
}

pub(crate) async fn stored(
    app: &TestApp,
    reference: &CaseReference,
) -> (cases::StoredCase, Vec<EventKind>) {
    let mut conn = app.portal.store.read().await.unwrap();
    let case = cases::find_by_reference(&mut conn, reference)
        .await
        .unwrap();
    let history = events::for_case(&mut conn, case.id).await.unwrap();
    (case, history.into_iter().map(|e| e.kind).collect())
}

#[tokio::test]
async fn a_new_email_raises_a_case_on_the_email_channel() {
    let app = spawn_app().await;
    let reply = send(
        &app,
        "kim@example.com",
        &plain(
            "kim@example.com",
            "Checkout fails",
            "n1@example.com",
            "All payments fail.",
        ),
    )
    .await
    .unwrap();
    assert!(reply.contains("opened"), "{reply}");
    let (case, _) = stored(&app, &reference_in(&reply)).await;
    assert_eq!(case.case.customer_email, "kim@example.com");
    assert_eq!(case.case.customer_name, "Kim Lee");
    assert_eq!(case.case.subject, "Checkout fails");
    assert_eq!(case.case.description, "All payments fail.");
    assert_eq!(case.case.channel, app::domain::Channel::Email);
    assert_eq!(case.case.severity, app::domain::Severity::S3);
}

#[tokio::test]
async fn the_same_message_id_twice_makes_one_case() {
    let app = spawn_app().await;
    let raw = plain(
        "kim@example.com",
        "Sync",
        "twice@example.com",
        "Sync stopped.",
    );
    let first = send(&app, "kim@example.com", &raw).await.unwrap();
    let second = send(&app, "kim@example.com", &raw).await.unwrap();
    assert!(second.contains("already"), "{second}");
    reference_in(&first);
    assert!(
        second
            .split_whitespace()
            .all(|w| CaseReference::parse(w).is_none()),
        "a duplicate's answer names no case: {second}"
    );
    assert_eq!(case_count(&app).await, 1);
}

/// Sends `raw` from `from` to `to` (envelope), returning the last reply line.
pub(crate) async fn send_to(app: &TestApp, from: &str, to: &str, raw: &str) -> String {
    let envelope = Envelope::new(Some(from.parse().unwrap()), vec![to.parse().unwrap()]).unwrap();
    let response = mailer(app)
        .send_raw(&envelope, raw.as_bytes())
        .await
        .unwrap();
    response.message().collect::<Vec<_>>().join(" ")
}

/// The signed reply address our emails about `reference` carry for `recipient`.
async fn reply_address(app: &TestApp, reference: &CaseReference, recipient: &str) -> String {
    app::service::inbound_mail::reply_address_for(
        &app.portal,
        "help@baton.example",
        reference,
        recipient,
    )
    .await
    .unwrap()
    .expect("our address is an email address")
}

#[tokio::test]
async fn a_reply_to_the_signed_address_threads_and_resumes_a_paused_clock() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Exports are blank").await;
    let token = staff_accounts::issue_token(&app.portal, "agent@baton.example", now())
        .await
        .unwrap();
    let asked = app
        .client
        .post(format!(
            "{}/api/v1/staff/cases/{reference}/replies",
            app.url
        ))
        .bearer_auth(&token)
        .json(&json!({"body": "Which file type?", "public": true, "waits_for_customer": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 201);
    let reference = CaseReference::parse(&reference).unwrap();
    assert_eq!(
        stored(&app, &reference).await.0.case.stage,
        Stage::WaitingOnYou
    );
    let cases_before = case_count(&app).await;

    let signed = reply_address(&app, &reference, "kim@example.com").await;
    let answer = plain(
        "KIM@example.com",
        &format!("Re: [{reference}] Exports are blank"),
        "answer@example.com",
        "CSV files.\r\n\r\nOn Tue, 24 Nov 2026, Baton wrote:\r\n> Which file type?",
    )
    .replace("To: help@baton.example", &format!("To: {signed}"));
    let reply = send_to(&app, "kim@example.com", &signed, &answer).await;
    assert!(reply.contains("added to case"), "{reply}");
    assert_eq!(reference_in(&reply), reference);
    assert_eq!(case_count(&app).await, cases_before);
    let (case, history) = stored(&app, &reference).await;
    assert_ne!(case.case.stage, Stage::WaitingOnYou);
    assert!(
        history
            .iter()
            .any(|k| matches!(k, EventKind::ClockResumed { .. }))
    );
    let said = history.iter().find_map(|k| match k {
        EventKind::CustomerMessage { body } => Some(body.clone()),
        _ => None,
    });
    assert_eq!(said.as_deref(), Some("CSV files."), "the quote is trimmed");
}

#[tokio::test]
async fn a_forged_reply_from_the_customers_address_cannot_join_the_case_or_copy_anyone_in() {
    let app = spawn_app().await;
    let (reference, _) = app.raise("Login loops").await;
    // Everything a forger can know or guess: the customer's address, the
    // reference in the subject, our Message-ID style, and a Cc to themselves.
    let raw = format!(
        "From: Kim Lee <kim@example.com>\r\nTo: help@baton.example\r\nCc: mallory@evil.example\r\n\
         Subject: Re: [{reference}] Login loops\r\nMessage-ID: <r2@example.com>\r\n\
         In-Reply-To: <{reference}.42.update@baton.example>\r\n\
         References: <{reference}@baton.example>\r\n\r\nPlease send the export to Mallory.\r\n"
    );
    let reply = send(&app, "kim@example.com", &raw).await.unwrap();
    assert!(
        reply.contains("opened"),
        "a new case, not a message: {reply}"
    );
    let forged = reference_in(&reply);
    assert_ne!(forged.as_str(), reference);
    let original = CaseReference::parse(&reference).unwrap();
    let (case, history) = stored(&app, &original).await;
    assert!(
        !history
            .iter()
            .any(|k| matches!(k, EventKind::CustomerMessage { .. }))
    );
    let mut conn = app.portal.store.read().await.unwrap();
    for case_id in [case.id, stored(&app, &forged).await.0.id] {
        let following = app::store::subscribers::active(&mut conn, case_id)
            .await
            .unwrap();
        assert!(
            following.iter().all(|s| s.email != "mallory@evil.example"),
            "a Cc is only invited: {following:?}"
        );
    }
    // A signed address made for someone else proves nothing either.
    let kims = reply_address(&app, &original, "kim@example.com").await;
    let from_mallory = raw
        .replace("Kim Lee <kim@example.com>", "mallory@evil.example")
        .replace("r2@example.com", "r3@example.com");
    let reply = send_to(&app, "mallory@evil.example", &kims, &from_mallory).await;
    assert!(reply.contains("opened"), "{reply}");
}

#[tokio::test]
async fn a_trusted_relay_vouching_for_the_sender_lets_a_reply_thread_by_its_reference() {
    let app =
        crate::helpers::spawn_app_with_settings(&[("BATON_MAIL_AUTH_RELAYS", "mx.help.example")])
            .await;
    let (reference, _) = app.raise("Login loops").await;
    let vouched = |id: &str, relay: &str| {
        format!(
            "Authentication-Results: {relay}; dkim=pass header.d=example.com; \
             dmarc=pass header.from=example.com\r\n\
             From: kim@example.com\r\nTo: help@baton.example\r\nSubject: Re: [{reference}] Login loops\r\n\
             Message-ID: <{id}@example.com>\r\n\r\nStill looping.\r\n"
        )
    };
    let reply = send(&app, "kim@example.com", &vouched("v1", "mx.help.example"))
        .await
        .unwrap();
    assert!(
        reply.contains(&format!("added to case {reference}")),
        "{reply}"
    );
    // The same header from a relay we were not told to trust is just text.
    let reply = send(&app, "kim@example.com", &vouched("v2", "mx.evil.example"))
        .await
        .unwrap();
    assert!(reply.contains("opened"), "{reply}");
}

#[tokio::test]
async fn a_reply_from_a_stranger_opens_a_new_case_instead() {
    let app = spawn_app().await;
    let (reference, _) = app.raise("Reports are blank").await;
    let raw = plain(
        "mallory@evil.example",
        &format!("Re: [{reference}] Reports are blank"),
        "stranger@evil.example",
        "Please send me the data.",
    );
    let reply = send(&app, "mallory@evil.example", &raw).await.unwrap();
    assert!(reply.contains("opened"), "{reply}");
    assert_ne!(reference_in(&reply).as_str(), reference);
    let (original, history) = stored(&app, &CaseReference::parse(&reference).unwrap()).await;
    assert_eq!(original.case.customer_email, "kim@example.com");
    assert!(
        !history
            .iter()
            .any(|k| matches!(k, EventKind::CustomerMessage { .. }))
    );
}

#[tokio::test]
async fn an_html_only_email_becomes_readable_text() {
    let app = spawn_app().await;
    let raw = "From: kim@example.com\r\nSubject: Broken\r\nMessage-ID: <h1@example.com>\r\n\
               Content-Type: text/html; charset=utf-8\r\n\r\n\
               <html><body><p>The <b>export</b> is empty.</p><script>x()</script></body></html>\r\n";
    let reply = send(&app, "kim@example.com", raw).await.unwrap();
    let (case, _) = stored(&app, &reference_in(&reply)).await;
    assert!(
        case.case.description.contains("The export is empty."),
        "{}",
        case.case.description
    );
    assert!(
        !case.case.description.contains('<'),
        "{}",
        case.case.description
    );
}

/// A raw SMTP conversation, for what no well-behaved client sends.
struct Raw {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Raw {
    async fn connect(port: u16) -> Raw {
        let stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let (read, writer) = stream.into_split();
        let mut raw = Raw {
            reader: BufReader::new(read),
            writer,
        };
        assert!(raw.reply().await.starts_with("220"));
        raw
    }

    /// The last line of the next reply (multi-line replies end with "NNN ").
    async fn reply(&mut self) -> String {
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.unwrap();
            if line.len() < 4 || line.as_bytes()[3] != b'-' {
                return line.trim_end().to_owned();
            }
        }
    }

    async fn say(&mut self, line: &str) -> String {
        self.writer
            .write_all(format!("{line}\r\n").as_bytes())
            .await
            .unwrap();
        self.reply().await
    }

    async fn send_data(&mut self, data: &[u8]) -> String {
        assert!(self.say("DATA").await.starts_with("354"));
        self.writer.write_all(data).await.unwrap();
        self.writer.write_all(b"\r\n.\r\n").await.unwrap();
        self.reply().await
    }

    async fn envelope(&mut self) {
        assert!(
            self.say("MAIL FROM:<kim@example.com>")
                .await
                .starts_with("250")
        );
        assert!(
            self.say("RCPT TO:<help@baton.example>")
                .await
                .starts_with("250")
        );
    }
}

#[tokio::test]
async fn bad_commands_get_5xx_and_the_session_goes_on() {
    let app = spawn_app().await;
    let mut smtp = Raw::connect(app.smtp_port).await;
    assert!(
        smtp.say("MAIL FROM:<kim@example.com>")
            .await
            .starts_with("503")
    );
    assert!(smtp.say("EHLO client.example").await.starts_with("250 "));
    assert!(smtp.say("FLY me to the moon").await.starts_with("500"));
    assert!(smtp.say(&"X".repeat(10_000)).await.starts_with("500"));
    assert!(smtp.say("STARTTLS").await.starts_with("502"));
    assert!(smtp.say("VRFY kim").await.starts_with("252"));
    assert!(smtp.say("DATA").await.starts_with("503"));
    assert!(
        smtp.say("MAIL FROM:<kim@example.com> SIZE=999999999")
            .await
            .starts_with("552")
    );
    assert!(
        smtp.say("RCPT TO:<help@baton.example>")
            .await
            .starts_with("503")
    );
    assert!(smtp.say("NOOP").await.starts_with("250"));

    smtp.envelope().await;
    let no_sender = smtp.send_data(b"Subject: who am I\r\n\r\nhello").await;
    assert!(no_sender.starts_with("550"), "{no_sender}");
    smtp.envelope().await;
    let garbage = smtp
        .send_data(&[0xff, 0x00, 0x0d, 0x80, b'\n', b':', 0xc3])
        .await;
    assert!(garbage.starts_with('5'), "{garbage}");

    smtp.envelope().await;
    let good = smtp
        .send_data(b"From: kim@example.com\r\nSubject: Dots\r\n\r\n..leading dot\r\nend")
        .await;
    assert!(good.starts_with("250"), "{good}");
    let (case, _) = stored(&app, &reference_in(&good)).await;
    assert_eq!(
        case.case.description, ".leading dot\nend",
        "dots are unstuffed"
    );
    assert!(smtp.say("RSET").await.starts_with("250"));
    assert!(smtp.say("QUIT").await.starts_with("221"));

    let mut again = Raw::connect(app.smtp_port).await;
    assert!(again.say("HELO client.example").await.starts_with("250"));
}

#[tokio::test]
async fn an_oversized_email_gets_552_and_the_session_survives() {
    let app = spawn_app().await;
    let mut smtp = Raw::connect(app.smtp_port).await;
    assert!(smtp.say("EHLO client.example").await.starts_with("250"));
    smtp.envelope().await;
    let line = format!("{}\r\n", "a".repeat(998));
    let mut big = b"From: kim@example.com\r\nSubject: Big\r\n\r\n".to_vec();
    while big.len() <= 11 * 1024 * 1024 {
        big.extend_from_slice(line.as_bytes());
    }
    let reply = smtp.send_data(&big).await;
    assert!(reply.starts_with("552"), "{reply}");
    assert_eq!(case_count(&app).await, 0);
    assert!(smtp.say("NOOP").await.starts_with("250"));
    smtp.envelope().await;
    let small = smtp
        .send_data(b"From: kim@example.com\r\nSubject: Small\r\n\r\nok")
        .await;
    assert!(small.starts_with("250"), "{small}");
}

#[tokio::test]
async fn mail_for_another_domain_gets_550_when_domains_are_set() {
    let database_url = crate::helpers::fresh_database_url().await;
    let config = Config::from_lookup(|key| match key {
        "BATON_ADDR" | "BATON_SMTP_ADDR" => Some("127.0.0.1:0".to_owned()),
        "BATON_DATABASE_URL" => Some(database_url.clone()),
        "BATON_DEMO" => Some("0".to_owned()),
        "BATON_MAIL_DOMAIN" => Some("help.example.com".to_owned()),
        _ => None,
    })
    .unwrap();
    let app = Application::build(config).await.unwrap();
    let port = app.smtp_port().unwrap();
    tokio::spawn(app.run_until_stopped());
    let mut smtp = Raw::connect(port).await;
    assert!(smtp.say("EHLO client.example").await.starts_with("250"));
    assert!(
        smtp.say("MAIL FROM:<kim@example.com>")
            .await
            .starts_with("250")
    );
    assert!(
        smtp.say("RCPT TO:<help@other.example>")
            .await
            .starts_with("550 5.1.1")
    );
    assert!(
        smtp.say("RCPT TO:<Support@Help.Example.com>")
            .await
            .starts_with("250")
    );
}
