//! Cases accepted per second over the JSON API on SQLite, as a ratio to a
//! bare insert loop on the same database settings; and how long one update
//! takes to reach many open live status pages.
//!
//!     cargo bench -p server --bench intake_api
//!
//! `BENCH_CASES` (default 2000) API calls go over `BENCH_CLIENTS` (default 8)
//! connections at once, half of them with an Idempotency-Key. The baseline
//! commits one row of the request's size per transaction, the least any
//! accepted case costs. The two take turns for `BENCH_ROUNDS` (default 5)
//! rounds, and the median ratio is the figure: on a shared machine one
//! round alone swings by a third. `BENCH_STREAMS` (default 1000)
//! server-sent event streams watch one case while its customer writes to
//! it. `BENCH_LOG=1` logs as the server does (`RUST_LOG=sqlx::query=debug`
//! shows every statement with its time, `RUST_LOG=app::service::intake=debug`
//! each intake group with its size and times).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

mod common;

use common::{bare_insert_rate, fresh_database, median, next_event, on_postgres, setting};
use serde_json::{Value, json};
use server::config::Config;
use server::startup::Application;
use std::time::{Duration, Instant};

fn request(client: usize, n: usize) -> Value {
    json!({
        "name": "Bench Customer", "email": format!("bench{client}@example.com"),
        "subject": format!("Something is slow {n}"),
        "description": "A realistic description of the problem, a few lines long. \
                        It started this morning and affects every user.",
        "severity": "S2"
    })
}

async fn start() -> String {
    let database_url = fresh_database("intake-api.db").await;
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
    let url = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    url
}

/// One client raising `count` cases, every other one with an Idempotency-Key
/// (new in each round).
async fn client(url: String, round: usize, id: usize, count: usize) {
    let http = reqwest::Client::new();
    for n in 0..count {
        let mut call = http
            .post(format!("{url}/api/v1/escalations"))
            .json(&request(id, n));
        if n % 2 == 0 {
            call = call.header("Idempotency-Key", format!("bench-{round}-{id}-{n}"));
        }
        let response = call.send().await.unwrap();
        assert_eq!(response.status(), 201);
    }
}

async fn api_rate(url: &str, round: usize, cases: usize, clients: usize) -> f64 {
    let per_client = cases / clients;
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| tokio::spawn(client(url.to_owned(), round, c, per_client)))
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    (per_client * clients) as f64 / started.elapsed().as_secs_f64()
}

/// Opens `streams` live streams on one case, then times one update from the
/// customer's API call until every stream has its event.
async fn fan_out(url: &str, streams: usize) -> (Duration, Duration) {
    let http = reqwest::Client::new();
    let raised: Value = http
        .post(format!("{url}/api/v1/escalations"))
        .json(&request(0, 0))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let reference = raised["reference"].as_str().unwrap().to_owned();
    let token = raised["token"].as_str().unwrap().to_owned();
    let live = format!("{url}/cases/{reference}/live?token={token}");
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel(streams);
    let (heard_tx, mut heard_rx) = tokio::sync::mpsc::channel(streams);
    for _ in 0..streams {
        let (http, live) = (http.clone(), live.clone());
        let (ready, heard) = (ready_tx.clone(), heard_tx.clone());
        tokio::spawn(async move {
            let mut response = http.get(&live).send().await.unwrap();
            let mut buffer = String::new();
            let first = next_event(&mut response, &mut buffer).await;
            ready.send(()).await.unwrap();
            let next = next_event(&mut response, &mut buffer).await;
            assert!(next > first);
            heard.send(Instant::now()).await.unwrap();
        });
    }
    for _ in 0..streams {
        ready_rx.recv().await.unwrap();
    }
    let started = Instant::now();
    let response = http
        .post(format!("{url}/api/v1/escalations/{reference}/messages"))
        .bearer_auth(&token)
        .json(&json!({"body": "Any news?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let answered = started.elapsed();
    let mut last = started;
    for _ in 0..streams {
        last = last.max(heard_rx.recv().await.unwrap());
    }
    (answered, last - started)
}

#[tokio::main]
async fn main() {
    if std::env::var("BENCH_LOG").is_ok() {
        server::telemetry::init();
    }
    let cases = setting("BENCH_CASES", 2000);
    let clients = setting("BENCH_CLIENTS", 8).max(1);
    let streams = setting("BENCH_STREAMS", 1000).max(1);
    let rounds = setting("BENCH_ROUNDS", 5).max(1);
    let url = start().await;
    let mut measured = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let bare = bare_insert_rate("intake-api-bare.db", cases, &request(0, 0).to_string()).await;
        let api = api_rate(&url, round, cases, clients).await;
        measured.push((api, bare));
    }
    let (answered, all_heard) = fan_out(&url, streams).await;
    let backend = if on_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("| what ({backend}) | value |");
    println!("| --- | --- |");
    println!("| cases raised | {cases} over {clients} connections, half with an Idempotency-Key |");
    let each: Vec<String> = measured
        .iter()
        .map(|(api, bare)| format!("{api:.0} / {bare:.0} = {:.2}", api / bare))
        .collect();
    println!(
        "| each round: cases per second over the API / bare one-row transactions per second | {} |",
        each.join("; ")
    );
    let ratios: Vec<f64> = measured.iter().map(|(api, bare)| api / bare).collect();
    println!(
        "| ratio API / bare insert, median of {rounds} rounds | **{:.2}** |",
        median(ratios)
    );
    println!(
        "| one update, {streams} open streams: API answer | {:.1} ms |",
        answered.as_secs_f64() * 1000.0
    );
    println!(
        "| one update, {streams} open streams: last stream hears it | **{:.1} ms** |",
        all_heard.as_secs_f64() * 1000.0
    );
}
