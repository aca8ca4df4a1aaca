use super::*;
use proptest::prelude::*;

const PLAIN: &str = "From: Kim Lee <kim@example.com>\r\n\
To: help@baton.example\r\n\
Subject: Checkout fails\r\n\
Message-ID: <abc123@example.com>\r\n\
\r\n\
All payments fail since 9:00.\r\n";

#[test]
fn a_plain_email_is_read() {
    let mail = read(PLAIN.as_bytes()).unwrap();
    assert_eq!(mail.from_email, "kim@example.com");
    assert_eq!(mail.from_name.as_deref(), Some("Kim Lee"));
    assert_eq!(mail.subject, "Checkout fails");
    assert_eq!(mail.message_id.as_deref(), Some("abc123@example.com"));
    assert_eq!(mail.text, "All payments fail since 9:00.");
    assert!(mail.answers.is_empty());
}

#[test]
fn an_email_without_a_sender_is_refused() {
    let raw = b"To: help@baton.example\r\nSubject: Hi\r\n\r\nHello\r\n";
    assert_eq!(read(raw), Err(MailRejection::NoSender));
    assert_eq!(read(b""), Err(MailRejection::Unreadable));
}

#[test]
fn an_email_over_the_limit_is_refused() {
    let raw = vec![b'a'; MAX_MESSAGE_BYTES + 1];
    assert_eq!(read(&raw), Err(MailRejection::TooBig));
}

#[test]
fn plain_text_is_preferred_and_encodings_and_charsets_are_decoded() {
    let raw = "From: =?ISO-8859-1?Q?J=F6rg?= <jorg@example.com>\r\n\
Subject: =?UTF-8?B?UHLDvGZ1bmcgZmVobGdlc2NobGFnZW4=?=\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=iso-8859-1\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Die Pr=FCfung schl=E4gt fehl.\r\n\
--b1\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<p>HTML version</p>\r\n\
--b1--\r\n";
    let mail = read(raw.as_bytes()).unwrap();
    assert_eq!(mail.from_name.as_deref(), Some("Jörg"));
    assert_eq!(mail.subject, "Prüfung fehlgeschlagen");
    assert_eq!(mail.text, "Die Prüfung schlägt fehl.");
}

#[test]
fn an_html_only_email_becomes_readable_text() {
    let raw = "From: kim@example.com\r\n\
Subject: Broken\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<html><body><p>The <b>export</b> is empty.</p><p>Since&nbsp;Monday.</p></body></html>\r\n";
    let mail = read(raw.as_bytes()).unwrap();
    assert!(!mail.text.contains('<'), "{}", mail.text);
    assert!(mail.text.contains("The export is empty."), "{}", mail.text);
    assert!(mail.text.contains("Monday"), "{}", mail.text);
}

#[test]
fn attachments_are_listed_and_quotes_trimmed() {
    let raw = "From: kim@example.com\r\n\
Subject: Re: [ESC-7Q4K2M] Export\r\n\
In-Reply-To: <ESC-ABCDEF.1.update@baton.example>\r\n\
References: <ESC-ABCDEF.0.ack@baton.example> <ESC-ABCDEF.1.update@baton.example>\r\n\
Content-Type: multipart/mixed; boundary=\"m\"\r\n\
\r\n\
--m\r\n\
Content-Type: text/plain\r\n\
\r\n\
Here is the log.\r\n\
\r\n\
On Tue, 24 Nov 2026, Baton <help@baton.example> wrote:\r\n\
> Could you send the log?\r\n\
--m\r\n\
Content-Type: application/pdf; name=\"log.pdf\"\r\n\
Content-Disposition: attachment; filename=\"log.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQK\r\n\
--m--\r\n";
    let mail = read(raw.as_bytes()).unwrap();
    assert!(
        mail.text.starts_with("Here is the log.\n\nFiles attached"),
        "{}",
        mail.text
    );
    assert!(
        mail.text.contains("- log.pdf (application/pdf, 9 bytes)"),
        "{}",
        mail.text
    );
    assert!(!mail.text.contains("Could you send"));
    let answers: Vec<_> = mail.answers.iter().map(|r| r.as_str()).collect();
    assert_eq!(answers, ["ESC-ABCDEF", "ESC-7Q4K2M"]);
    assert_eq!(mail.message_id, None);
}

#[test]
fn long_text_is_shortened_with_a_note() {
    let short = shorten(&"x".repeat(100), 60);
    assert_eq!(short.chars().count(), 60);
    assert!(short.ends_with("too long to keep.]"));
    assert_eq!(shorten("fine", 60), "fine");
}

proptest! {
    #[test]
    fn no_bytes_make_the_reader_panic(raw in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read(&raw);
    }

    #[test]
    fn no_headers_and_body_make_the_reader_panic(
        headers in proptest::collection::vec("[A-Za-z-]{1,12}: [ -~]{0,40}", 0..8),
        body in "(?s).{0,300}",
    ) {
        let raw = format!("From: a@b.example\r\n{}\r\n\r\n{body}", headers.join("\r\n"));
        let _ = read(raw.as_bytes());
    }
}

#[test]
fn people_copied_in_are_kept_but_our_own_addresses_and_the_sender_are_not() {
    let raw = b"From: Kim <kim@example.com>\r\nTo: help@baton.test\r\n\
Cc: Sam Lee <sam@example.com>, desk@baton.test, KIM@example.com\r\n\
Subject: Broken\r\nMessage-ID: <cc-1@example.com>\r\n\r\nIt is broken.\r\n";
    let mail = read(raw).unwrap();
    assert_eq!(
        mail.copied,
        vec![Copied {
            email: "sam@example.com".into(),
            name: "Sam Lee".into()
        }]
    );
}
