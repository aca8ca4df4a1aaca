//! Cases accepted per second through the SMTP intake on SQLite, as a ratio to
//! a bare insert loop on the same database settings.
//!
//!     cargo bench -p server --bench intake_smtp
//!
//! `BENCH_EMAILS` (default 2000) emails go over `BENCH_SESSIONS` (default 4)
//! SMTP sessions at once, each a new case. The baseline commits one row of the
//! same size per transaction, which is the least any accepted email costs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

// Shared with the other intake benchmarks, which use more of it.
#[allow(dead_code)]
mod common;

use common::{bare_insert_rate, fresh_database, on_postgres, setting};
use server::config::Config;
use server::startup::Application;
use std::time::Instant;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

fn email(session: usize, n: usize) -> String {
    format!(
        "From: Bench Customer <bench{session}@example.com>\r\nTo: help@baton.example\r\n\
         Subject: Something is slow {n}\r\nMessage-ID: <bench-{session}-{n}@example.com>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         A realistic description of the problem, a few lines long.\r\n\
         It started this morning and affects every user.\r\n"
    )
}

async fn reply(reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> String {
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.unwrap();
        if line.len() < 4 || line.as_bytes()[3] != b'-' {
            return line;
        }
    }
}

/// One SMTP session sending `count` emails; every one must be accepted.
async fn session(port: u16, session: usize, count: usize) {
    let stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    reply(&mut reader).await;
    write.write_all(b"EHLO bench\r\n").await.unwrap();
    reply(&mut reader).await;
    for n in 0..count {
        let envelope = format!(
            "MAIL FROM:<bench{session}@example.com>\r\nRCPT TO:<help@baton.example>\r\nDATA\r\n"
        );
        write.write_all(envelope.as_bytes()).await.unwrap();
        for _ in 0..3 {
            reply(&mut reader).await;
        }
        let data = format!("{}.\r\n", email(session, n));
        write.write_all(data.as_bytes()).await.unwrap();
        let done = reply(&mut reader).await;
        assert!(done.starts_with("250"), "{done}");
    }
    write.write_all(b"QUIT\r\n").await.unwrap();
}

async fn smtp_rate(emails: usize, sessions: usize) -> f64 {
    let database_url = fresh_database("intake-smtp.db").await;
    let config = Config::from_lookup(|key| match key {
        "BATON_ADDR" | "BATON_SMTP_ADDR" => Some("127.0.0.1:0".to_owned()),
        "BATON_DATABASE_URL" => Some(database_url.clone()),
        "BATON_DEMO" => Some("0".to_owned()),
        // A benchmark is one client sending as fast as it can.
        "BATON_RATE_LIMITS" => Some("off".to_owned()),
        _ => None,
    })
    .unwrap();
    let app = Application::build(config).await.unwrap();
    let port = app.smtp_port().unwrap();
    tokio::spawn(app.run_until_stopped());
    let per_session = emails / sessions;
    let started = Instant::now();
    let tasks: Vec<_> = (0..sessions)
        .map(|s| tokio::spawn(session(port, s, per_session)))
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    (per_session * sessions) as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let emails = setting("BENCH_EMAILS", 2000);
    let sessions = setting("BENCH_SESSIONS", 4).max(1);
    // The baseline runs before and after, so noise on a shared machine shows.
    let bare_before = bare_insert_rate("intake-bare.db", emails, &email(0, 0)).await;
    let smtp = smtp_rate(emails, sessions).await;
    let bare_after = bare_insert_rate("intake-bare.db", emails, &email(0, 0)).await;
    let bare = (bare_before + bare_after) / 2.0;
    let backend = if on_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("| what ({backend}) | value |");
    println!("| --- | --- |");
    println!("| emails sent | {emails} over {sessions} SMTP sessions |");
    println!("| cases accepted per second over SMTP | {smtp:.0} |");
    println!(
        "| bare one-row transactions per second (before, after) | {bare:.0} ({bare_before:.0}, {bare_after:.0}) |"
    );
    println!("| ratio SMTP / bare insert | **{:.2}** |", smtp / bare);
}
