//! One client's SMTP conversation. Every reply is decided here; the email
//! itself is handed to the app once DATA ends.

use super::SmtpSettings;
use super::command::{self, SmtpCommand};
use super::lines::{Line, read_line};
use crate::limits::Limits;
use app::domain::inbound_mail::MailRejection;
use app::service::inbound_mail::{self, ReceiveError, Received};
use app::service::{Portal, now};
use std::io;
use std::net::IpAddr;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Command lines longer than this are refused (RFC 5321 allows 512; we are
/// generous for extensions).
const MAX_COMMAND_LINE: usize = 2048;

/// What the client has told us about the email it is sending.
#[derive(Default)]
struct Envelope {
    greeted: bool,
    has_sender: bool,
    /// The RCPT TO addresses: a signed reply address among them proves
    /// which case a reply belongs to.
    recipients: Vec<String>,
}

pub async fn run(
    stream: TcpStream,
    client: IpAddr,
    portal: &Portal,
    settings: &SmtpSettings,
    limits: &Limits,
) -> io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let host = &settings.host_name;
    reply(&mut write, &format!("220 {host} Baton ESMTP ready")).await?;
    let mut envelope = Envelope::default();
    let mut errors = 0;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = read_line(
            &mut reader,
            &mut line,
            MAX_COMMAND_LINE,
            settings.read_timeout,
        )
        .await;
        let answer = match read {
            Ok(Line::Closed) => return Ok(()),
            Err(error) if error.kind() == io::ErrorKind::TimedOut => {
                reply(&mut write, "421 4.4.2 Timeout, closing the connection").await?;
                return Ok(());
            }
            Err(error) => return Err(error),
            Ok(Line::TooLong) => Answer::Error("500 5.5.2 Line too long"),
            Ok(Line::Complete) => {
                let text = line.strip_suffix(b"\n").unwrap_or(&line);
                let text = text.strip_suffix(b"\r").unwrap_or(text);
                match command::parse(text) {
                    SmtpCommand::Quit => {
                        reply(&mut write, "221 2.0.0 Goodbye").await?;
                        return Ok(());
                    }
                    SmtpCommand::Data => {
                        if !envelope.greeted || !envelope.has_sender {
                            Answer::Error("503 5.5.1 Send MAIL FROM first")
                        } else if envelope.recipients.is_empty() {
                            Answer::Error("503 5.5.1 Send RCPT TO first")
                        } else {
                            reply(&mut write, "354 End data with <CR><LF>.<CR><LF>").await?;
                            let from = Sender { client, limits };
                            let answer = receive_data(
                                &mut reader,
                                portal,
                                settings,
                                &envelope.recipients,
                                from,
                            )
                            .await?;
                            envelope = Envelope {
                                greeted: true,
                                ..Envelope::default()
                            };
                            answer
                        }
                    }
                    other => respond(other, &mut envelope, settings),
                }
            }
        };
        match answer {
            Answer::Ok(text) => reply(&mut write, &text).await?,
            Answer::Error(text) => {
                errors += 1;
                if errors > settings.max_errors {
                    reply(
                        &mut write,
                        "421 4.7.0 Too many errors, closing the connection",
                    )
                    .await?;
                    return Ok(());
                }
                reply(&mut write, text).await?;
            }
        }
    }
}

/// Who is sending, for the intake limits.
#[derive(Clone, Copy)]
struct Sender<'a> {
    client: IpAddr,
    limits: &'a Limits,
}

/// A reply; errors count towards the limit after which we hang up.
enum Answer {
    Ok(String),
    Error(&'static str),
}

/// The reply to every command but DATA and QUIT.
fn respond(command: SmtpCommand, envelope: &mut Envelope, settings: &SmtpSettings) -> Answer {
    let host = &settings.host_name;
    match command {
        SmtpCommand::Ehlo => {
            *envelope = Envelope {
                greeted: true,
                ..Envelope::default()
            };
            Answer::Ok(format!(
                "250-{host} greets you\r\n250-SIZE {}\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES",
                settings.max_message_bytes
            ))
        }
        SmtpCommand::Helo => {
            *envelope = Envelope {
                greeted: true,
                ..Envelope::default()
            };
            Answer::Ok(format!("250 {host}"))
        }
        SmtpCommand::Mail { size } => {
            if !envelope.greeted {
                Answer::Error("503 5.5.1 Say EHLO first")
            } else if envelope.has_sender {
                Answer::Error("503 5.5.1 Sender already given")
            } else if size.is_some_and(|s| s > settings.max_message_bytes as u64) {
                Answer::Error("552 5.3.4 Message too big")
            } else {
                envelope.has_sender = true;
                Answer::Ok("250 2.1.0 OK".to_owned())
            }
        }
        SmtpCommand::Rcpt { address } => {
            if !envelope.has_sender {
                Answer::Error("503 5.5.1 Send MAIL FROM first")
            } else if envelope.recipients.len() >= settings.max_recipients {
                Answer::Error("452 4.5.3 Too many recipients")
            } else if !settings.accepts_recipient(&address) {
                Answer::Error("550 5.1.1 No such mailbox here")
            } else {
                envelope.recipients.push(address);
                Answer::Ok("250 2.1.5 OK".to_owned())
            }
        }
        SmtpCommand::Rset => {
            *envelope = Envelope {
                greeted: envelope.greeted,
                ..Envelope::default()
            };
            Answer::Ok("250 2.0.0 OK".to_owned())
        }
        SmtpCommand::Noop => Answer::Ok("250 2.0.0 OK".to_owned()),
        SmtpCommand::Vrfy => {
            Answer::Ok("252 2.5.2 Cannot verify the user, but will take the message".to_owned())
        }
        SmtpCommand::NotImplemented => Answer::Error("502 5.5.1 Command not implemented"),
        SmtpCommand::BadSyntax => Answer::Error("501 5.5.4 Syntax error in arguments"),
        SmtpCommand::Unknown => Answer::Error("500 5.5.2 Command not recognized"),
        // Handled by the caller.
        SmtpCommand::Data | SmtpCommand::Quit => Answer::Error("503 5.5.1 Bad sequence"),
    }
}

/// Reads the email up to the lone dot, undoing dot-stuffing, and hands it to
/// the app. Too big an email is read to its end and refused, so the session
/// can go on.
async fn receive_data(
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    portal: &Portal,
    settings: &SmtpSettings,
    recipients: &[String],
    sender: Sender<'_>,
) -> io::Result<Answer> {
    let cap = settings.max_message_bytes;
    let mut message = Vec::new();
    let mut too_big = false;
    loop {
        let start = message.len();
        // One line may take what is left of the cap, plus the line end.
        let room = cap.saturating_sub(start) + 2;
        match read_line(reader, &mut message, room, settings.read_timeout).await? {
            Line::Closed => {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the client left in the middle of an email",
                ));
            }
            Line::TooLong => {
                too_big = true;
                message = Vec::new();
            }
            Line::Complete => {
                let line = &message[start..];
                if line == b".\r\n" || line == b".\n" {
                    message.truncate(start);
                    break;
                }
                if line.first() == Some(&b'.') {
                    message.remove(start);
                }
                if message.len() > cap {
                    too_big = true;
                    message = Vec::new();
                }
                if too_big {
                    message.clear();
                }
            }
        }
    }
    if too_big {
        return Ok(Answer::Error("552 5.3.4 Message too big"));
    }
    // Intake limits, as for the web form: per client address and per From.
    let from = inbound_mail::sender_address(&message);
    if sender
        .limits
        .intake(sender.client, from.as_deref())
        .is_err()
    {
        return Ok(Answer::Error(
            "450 4.7.1 Too many emails from you just now, please try again later",
        ));
    }
    Ok(
        match inbound_mail::receive(portal, &message, recipients, now()).await {
            Ok(Received::Raised(reference)) => {
                Answer::Ok(format!("250 2.0.0 OK, case {reference} opened"))
            }
            Ok(Received::Threaded(reference)) => {
                Answer::Ok(format!("250 2.0.0 OK, added to case {reference}"))
            }
            // Says nothing of the case: a Message-ID is no proof of anything.
            Ok(Received::Duplicate(_)) => {
                Answer::Ok("250 2.0.0 OK, we already have this email".to_owned())
            }
            Err(ReceiveError::Rejected(MailRejection::NoSender)) => {
                Answer::Error("550 5.1.7 The email has no usable From address")
            }
            Err(ReceiveError::Rejected(MailRejection::Unreadable)) => {
                Answer::Error("554 5.6.0 The email cannot be read")
            }
            Err(ReceiveError::Rejected(MailRejection::TooBig)) => {
                Answer::Error("552 5.3.4 Message too big")
            }
            Err(ReceiveError::Unexpected) => {
                Answer::Error("451 4.3.0 Cannot store the email now, please try again later")
            }
        },
    )
}

async fn reply(write: &mut (impl AsyncWriteExt + Unpin), text: &str) -> io::Result<()> {
    write.write_all(format!("{text}\r\n").as_bytes()).await?;
    write.flush().await
}
