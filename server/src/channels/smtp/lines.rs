//! Reading lines with a cap, so no client can make a session hold more than
//! it allows, and with a timeout, so no client can hold a session forever.

use std::io;
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// How a read of one line ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line, with its line end, was appended to the buffer.
    Complete,
    /// The line was longer than the cap: the part over it was read and dropped.
    TooLong,
    /// The client closed the connection.
    Closed,
}

/// Appends one line (through `\n`) to `buf`, keeping at most `cap` bytes of it.
pub async fn read_line(
    reader: &mut (impl AsyncBufRead + Unpin),
    buf: &mut Vec<u8>,
    cap: usize,
    timeout: Duration,
) -> io::Result<Line> {
    tokio::time::timeout(timeout, read_line_untimed(reader, buf, cap))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "the client went quiet"))?
}

async fn read_line_untimed(
    reader: &mut (impl AsyncBufRead + Unpin),
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Line> {
    let start = buf.len();
    let mut kept = 0;
    let mut too_long = false;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(Line::Closed);
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (&available[..=end], true),
            None => (available, false),
        };
        let room = cap.saturating_sub(kept);
        if chunk.len() > room && !too_long {
            too_long = true;
            buf.truncate(start);
        }
        if !too_long {
            buf.extend_from_slice(chunk);
            kept += chunk.len();
        }
        let used = chunk.len();
        reader.consume(used);
        if done {
            return Ok(if too_long {
                Line::TooLong
            } else {
                Line::Complete
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAIT: Duration = Duration::from_secs(1);

    #[tokio::test]
    async fn lines_are_read_one_at_a_time() {
        let mut input: &[u8] = b"EHLO a\r\nNOOP\r\ntail";
        let mut buf = Vec::new();
        assert_eq!(
            read_line(&mut input, &mut buf, 100, WAIT).await.unwrap(),
            Line::Complete
        );
        assert_eq!(buf, b"EHLO a\r\n");
        buf.clear();
        assert_eq!(
            read_line(&mut input, &mut buf, 100, WAIT).await.unwrap(),
            Line::Complete
        );
        assert_eq!(buf, b"NOOP\r\n");
        buf.clear();
        assert_eq!(
            read_line(&mut input, &mut buf, 100, WAIT).await.unwrap(),
            Line::Closed
        );
    }

    #[tokio::test]
    async fn a_long_line_arriving_in_pieces_leaves_nothing_behind() {
        let input: &[u8] = b"abc0123456789\r\nok\r\n";
        let mut reader = tokio::io::BufReader::with_capacity(3, input);
        let mut buf = b"kept".to_vec();
        let read = read_line(&mut reader, &mut buf, 8, WAIT).await.unwrap();
        assert_eq!(read, Line::TooLong);
        assert_eq!(
            buf, b"kept",
            "what was there before stays, the long line goes"
        );
        buf.clear();
        let read = read_line(&mut reader, &mut buf, 8, WAIT).await.unwrap();
        assert_eq!(read, Line::Complete);
        assert_eq!(buf, b"ok\r\n");
    }

    #[tokio::test]
    async fn a_long_line_is_dropped_and_the_next_one_read() {
        let mut input: &[u8] = b"0123456789\r\nNOOP\r\n";
        let mut buf = Vec::new();
        assert_eq!(
            read_line(&mut input, &mut buf, 8, WAIT).await.unwrap(),
            Line::TooLong
        );
        assert!(buf.is_empty());
        assert_eq!(
            read_line(&mut input, &mut buf, 8, WAIT).await.unwrap(),
            Line::Complete
        );
        assert_eq!(buf, b"NOOP\r\n");
    }
}
