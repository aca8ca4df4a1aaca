//! A local SMTP server that catches what Baton sends, standing in for the
//! relay. It can refuse mail for a while, like a relay that is down.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Caught {
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Clone, Default)]
pub struct MailSink {
    pub caught: Arc<Mutex<Vec<Caught>>>,
    /// While set, every MAIL FROM gets a temporary failure (451).
    pub refusing: Arc<AtomicBool>,
}

impl MailSink {
    /// Listens on `port` (0 for any free one); returns the port.
    pub async fn start(&self, port: u16) -> u16 {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("sink binds");
        let port = listener.local_addr().expect("addr").port();
        let sink = self.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let sink = sink.clone();
                tokio::spawn(async move { sink.session(stream).await });
            }
        });
        port
    }

    async fn session(&self, stream: tokio::net::TcpStream) {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        let _ = write.write_all(b"220 sink ready\r\n").await;
        let mut to = Vec::new();
        while let Ok(Some(line)) = lines.next_line().await {
            let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250 sink\r\n",
                "MAIL" if self.refusing.load(Ordering::SeqCst) => b"451 4.3.0 try again later\r\n",
                "MAIL" | "NOOP" => b"250 ok\r\n",
                "RSET" => {
                    to.clear();
                    b"250 ok\r\n"
                }
                "RCPT" => {
                    to.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                    b"250 ok\r\n"
                }
                "DATA" => {
                    let _ = write.write_all(b"354 go on\r\n").await;
                    let mut data = String::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        if line == "." {
                            break;
                        }
                        data.push_str(line.strip_prefix('.').unwrap_or(&line));
                        data.push('\n');
                    }
                    self.caught.lock().unwrap().push(Caught {
                        to: std::mem::take(&mut to),
                        data: decode_quoted_printable(&data),
                    });
                    b"250 queued\r\n"
                }
                "QUIT" => {
                    let _ = write.write_all(b"221 bye\r\n").await;
                    return;
                }
                _ => b"502 not here\r\n",
            };
            if write.write_all(reply).await.is_err() {
                return;
            }
        }
    }

    /// Waits until at least `n` emails to `to` arrived; returns them all.
    pub async fn wait_for(&self, to: &str, n: usize) -> Vec<Caught> {
        for _ in 0..200 {
            let found = self.to(to);
            if found.len() >= n {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} emails to {to}, got {:?}", self.to(to));
    }

    pub fn to(&self, to: &str) -> Vec<Caught> {
        self.caught
            .lock()
            .unwrap()
            .iter()
            .filter(|c| c.to.iter().any(|t| t == to))
            .cloned()
            .collect()
    }
}

/// The app (demo data on) sending its email to a sink of its own, with
/// rate limits off so a test may ask as often as it likes.
pub async fn app_with_sink() -> (crate::helpers::TestApp, MailSink) {
    let sink = MailSink::default();
    let port = sink.start(0).await;
    let relay = format!("127.0.0.1:{port}");
    let app = crate::helpers::spawn_app_with_settings(&[
        ("BATON_SMTP_RELAY", relay.as_str()),
        ("BATON_MAIL_FROM", "Support <help@baton.test>"),
        ("BATON_RATE_LIMITS", "off"),
    ])
    .await;
    (app, sink)
}

/// A port nothing listens on, for a relay that is down.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The first link in an email body that starts with `prefix`.
pub fn link(data: &str, prefix: &str) -> String {
    let start = data
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {data}"));
    data[start..]
        .split(|c: char| c.is_whitespace() || c == '>')
        .next()
        .unwrap()
        .to_owned()
}

/// Headers as they are, the body decoded when it is quoted-printable, so
/// tests read what a mail client would show.
fn decode_quoted_printable(data: &str) -> String {
    let Some((head, body)) = data.split_once("\n\n") else {
        return data.to_owned();
    };
    if !head.contains("Content-Transfer-Encoding: quoted-printable") {
        return data.to_owned();
    }
    let joined = body.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    format!("{head}\n\n{}", String::from_utf8_lossy(&out))
}
