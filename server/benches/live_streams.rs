//! Open status pages: how long one change takes to reach all of them, and
//! what an idle one costs the server in memory.
//!
//!     cargo bench -p server --bench live_streams
//!
//! The server runs as its own process (the `baton` binary, SQLite), so its
//! memory is its own. `BENCH_STREAMS` (default 1000) streams watch one case;
//! the customer posts a message over the API `BENCH_ROUNDS` (default 7) times
//! and each round is timed from the commit (the API's answer) and from the
//! request until the last stream has the new version. Then the streams grow
//! to `BENCH_IDLE_STREAMS` (default 10000, spread over 100 cases) and the
//! server's resident memory is read before and after. The open-file limit
//! must allow them (`ulimit -n` 20000 or more).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

// Shared with the intake benchmarks, which use more of it.
#[allow(dead_code)]
mod common;

use common::{fresh_db, median, next_event, setting};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_server(http: &reqwest::Client) -> (Child, String) {
    let port = free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_baton"))
        .env("BATON_ADDR", format!("127.0.0.1:{port}"))
        .env("BATON_SMTP_ADDR", "off")
        .env("BATON_DATABASE_URL", fresh_db("live-streams.db"))
        .env("BATON_DEMO", "0")
        .env("BATON_RATE_LIMITS", "off")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..300 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            return (server, base);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    panic!("the server did not start");
}

/// The server's resident memory, from /proc.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

async fn raise(http: &reqwest::Client, base: &str, n: usize) -> (String, String) {
    let raised: Value = http
        .post(format!("{base}/api/v1/escalations"))
        .json(&json!({
            "name": "Bench Customer", "email": format!("live{n}@example.com"),
            "subject": format!("Watched case {n}"),
            "description": "Many pages watch this case.", "severity": "S2"
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        raised["reference"].as_str().unwrap().to_owned(),
        raised["token"].as_str().unwrap().to_owned(),
    )
}

/// Opens a stream, waits for its first event, then reports the time of each
/// later one.
fn watch(
    http: reqwest::Client,
    live: String,
    ready: tokio::sync::mpsc::Sender<()>,
    heard: Option<tokio::sync::mpsc::UnboundedSender<Instant>>,
) {
    tokio::spawn(async move {
        let mut response = http.get(&live).send().await.unwrap();
        let mut buffer = String::new();
        next_event(&mut response, &mut buffer).await;
        ready.send(()).await.unwrap();
        loop {
            next_event(&mut response, &mut buffer).await;
            if let Some(heard) = &heard {
                let _ = heard.send(Instant::now());
            }
        }
    });
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let streams = setting("BENCH_STREAMS", 1000).max(1);
    let rounds = setting("BENCH_ROUNDS", 7).max(1);
    let idle = setting("BENCH_IDLE_STREAMS", 10_000).max(streams);
    // One connection per stream, as browsers have.
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let (mut server, base) = start_server(&http).await;
    let (reference, token) = raise(&http, &base, 0).await;
    let live = format!("{base}/cases/{reference}/live?token={token}");

    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel(idle);
    let (heard_tx, mut heard_rx) = tokio::sync::mpsc::unbounded_channel();
    let before = resident_kib(server.id());
    for _ in 0..streams {
        watch(
            http.clone(),
            live.clone(),
            ready_tx.clone(),
            Some(heard_tx.clone()),
        );
    }
    for _ in 0..streams {
        ready_rx.recv().await.unwrap();
    }

    let (mut from_request, mut from_answer) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let started = Instant::now();
        let response = http
            .post(format!("{base}/api/v1/escalations/{reference}/messages"))
            .bearer_auth(&token)
            .json(&json!({"body": format!("Any news? ({round})")}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let answered = Instant::now();
        let mut last = answered;
        for _ in 0..streams {
            last = last.max(heard_rx.recv().await.unwrap());
        }
        from_request.push(last - started);
        from_answer.push(last.saturating_duration_since(answered));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The rest of the idle pages, on 100 cases of their own.
    let mut cases = Vec::new();
    for n in 1..=100 {
        cases.push(raise(&http, &base, n).await);
    }
    for i in streams..idle {
        let (reference, token) = &cases[i % cases.len()];
        let live = format!("{base}/cases/{reference}/live?token={token}");
        watch(http.clone(), live, ready_tx.clone(), None);
    }
    for _ in streams..idle {
        ready_rx.recv().await.unwrap();
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = resident_kib(server.id());
    let per_stream = (after.saturating_sub(before) * 1024) / idle as u64;
    server.kill().unwrap();
    server.wait().unwrap();

    println!("| what (SQLite, server in its own process) | value |");
    println!("| --- | --- |");
    println!(
        "| one update, {streams} open pages: last page has it, from the customer's request (median of {rounds}) | {} |",
        ms(median(from_request))
    );
    println!(
        "| the same, from the API's answer (after the commit) | **{}** |",
        ms(median(from_answer))
    );
    println!(
        "| server memory, {idle} idle open pages | {} MiB more than with none ({} MiB in all) |",
        after.saturating_sub(before) / 1024,
        after / 1024
    );
    println!(
        "| memory per idle open page | **{:.1} KiB** |",
        per_stream as f64 / 1024.0
    );
}
