//! The SMTP commands we understand, parsed from one line (RFC 5321).

/// One command from the client.
#[derive(Debug, PartialEq, Eq)]
pub enum SmtpCommand {
    Ehlo,
    Helo,
    /// MAIL FROM; `size` is the SIZE= the client declared.
    Mail {
        size: Option<u64>,
    },
    Rcpt {
        address: String,
    },
    Data,
    Rset,
    Noop,
    Quit,
    Vrfy,
    /// Known but not offered here (STARTTLS, AUTH, BDAT, EXPN, HELP...).
    NotImplemented,
    /// A known verb with arguments we cannot read.
    BadSyntax,
    Unknown,
}

/// Parses one command line, without its line end.
pub fn parse(line: &[u8]) -> SmtpCommand {
    let line = String::from_utf8_lossy(line);
    let line = line.trim();
    let (verb, rest) = line.split_once(' ').unwrap_or((line, ""));
    let rest = rest.trim();
    match verb.to_ascii_uppercase().as_str() {
        "EHLO" if !rest.is_empty() => SmtpCommand::Ehlo,
        "HELO" if !rest.is_empty() => SmtpCommand::Helo,
        "EHLO" | "HELO" => SmtpCommand::BadSyntax,
        "MAIL" => parse_mail(rest),
        "RCPT" => parse_rcpt(rest),
        "DATA" => SmtpCommand::Data,
        "RSET" => SmtpCommand::Rset,
        "NOOP" => SmtpCommand::Noop,
        "QUIT" => SmtpCommand::Quit,
        "VRFY" => SmtpCommand::Vrfy,
        "STARTTLS" | "AUTH" | "BDAT" | "EXPN" | "HELP" | "TURN" | "ETRN" => {
            SmtpCommand::NotImplemented
        }
        _ => SmtpCommand::Unknown,
    }
}

fn parse_mail(rest: &str) -> SmtpCommand {
    let Some((_path, params)) = path_after(rest, "FROM:") else {
        return SmtpCommand::BadSyntax;
    };
    let mut size = None;
    for param in params.split_whitespace() {
        if let Some((key, value)) = param.split_once('=')
            && key.eq_ignore_ascii_case("SIZE")
        {
            match value.parse::<u64>() {
                Ok(declared) => size = Some(declared),
                Err(_) => return SmtpCommand::BadSyntax,
            }
        }
    }
    SmtpCommand::Mail { size }
}

fn parse_rcpt(rest: &str) -> SmtpCommand {
    match path_after(rest, "TO:") {
        Some((path, _)) if !path.is_empty() => SmtpCommand::Rcpt {
            address: path.to_owned(),
        },
        _ => SmtpCommand::BadSyntax,
    }
}

/// `FROM:<path> params`: the path (without brackets) and the rest. The
/// null path `<>` is allowed. Brackets are optional, as many clients forget them.
fn path_after<'a>(rest: &'a str, keyword: &str) -> Option<(&'a str, &'a str)> {
    let head = rest.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = rest[keyword.len()..].trim_start();
    if let Some(inner) = rest.strip_prefix('<') {
        let (path, params) = inner.split_once('>')?;
        Some((path.trim(), params.trim()))
    } else {
        let (path, params) = rest.split_once(' ').unwrap_or((rest, ""));
        (!path.is_empty()).then_some((path, params.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_read_in_any_case() {
        assert_eq!(parse(b"ehlo client.example"), SmtpCommand::Ehlo);
        assert_eq!(parse(b"EHLO"), SmtpCommand::BadSyntax);
        assert_eq!(parse(b"quit"), SmtpCommand::Quit);
        assert_eq!(parse(b"STARTTLS"), SmtpCommand::NotImplemented);
        assert_eq!(parse(b"\xff\xfe junk"), SmtpCommand::Unknown);
        assert_eq!(parse(b""), SmtpCommand::Unknown);
    }

    #[test]
    fn mail_from_reads_the_declared_size() {
        assert_eq!(
            parse(b"MAIL FROM:<kim@example.com> SIZE=1200 BODY=8BITMIME"),
            SmtpCommand::Mail { size: Some(1200) }
        );
        assert_eq!(parse(b"mail from:<>"), SmtpCommand::Mail { size: None });
        assert_eq!(
            parse(b"MAIL FROM: kim@example.com"),
            SmtpCommand::Mail { size: None }
        );
        assert_eq!(parse(b"MAIL TO:<kim@example.com>"), SmtpCommand::BadSyntax);
        assert_eq!(parse(b"MAIL FROM:<a@b> SIZE=lots"), SmtpCommand::BadSyntax);
        assert_eq!(parse(b"MAIL FROM:<unclosed"), SmtpCommand::BadSyntax);
    }

    #[test]
    fn rcpt_to_reads_the_address() {
        assert_eq!(
            parse(b"RCPT TO:<help@baton.example>"),
            SmtpCommand::Rcpt {
                address: "help@baton.example".into()
            }
        );
        assert_eq!(parse(b"RCPT TO:<>"), SmtpCommand::BadSyntax);
        assert_eq!(parse(b"RCPT FROM:<a@b>"), SmtpCommand::BadSyntax);
    }
}
