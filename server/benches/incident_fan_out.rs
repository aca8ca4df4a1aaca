//! One major-incident update fanned into many linked cases: from the comms
//! lead's request until the last linked case's page shows it (its emails
//! are queued in the same commit), against one staff update on one case in
//! the same run.
//!
//!     cargo bench -p server --bench incident_fan_out
//!     BENCH_BACKEND=postgres cargo bench -p server --bench incident_fan_out
//!
//! `BENCH_LINKED` (default 10000) cases of `BENCH_LINKED / 2` customers are
//! linked; with a mail relay configured (a port nobody answers, so nothing
//! is delivered meanwhile) every customer gets one email queued.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

// Shared with the intake benchmarks; not every helper is used here.
#[allow(dead_code)]
mod common;

use common::{fresh_database, next_event, on_postgres, setting};
use serde_json::{Value, json};
use server::config::Config;
use server::startup::Application;
use std::time::{Duration, Instant};

async fn start() -> (String, String) {
    let database_url = fresh_database("incident-fan-out.db").await;
    let dead_relay = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| format!("127.0.0.1:{}", a.port()))
        .unwrap();
    let config = Config::from_lookup(|key| match key {
        "BATON_ADDR" | "BATON_SMTP_ADDR" => Some("127.0.0.1:0".to_owned()),
        "BATON_DATABASE_URL" => Some(database_url.clone()),
        "BATON_DEMO" => Some("1".to_owned()),
        "BATON_RATE_LIMITS" => Some("off".to_owned()),
        "BATON_SMTP_RELAY" => Some(dead_relay.clone()),
        _ => None,
    })
    .unwrap();
    let app = Application::build(config).await.unwrap();
    let url = format!("http://127.0.0.1:{}", app.port());
    let token = app::service::staff_accounts::issue_token(
        app.portal(),
        "manager@baton.example",
        app::service::now(),
    )
    .await
    .unwrap();
    tokio::spawn(app.run_until_stopped());
    (url, token)
}

/// Raises `count` cases over 8 connections; returns (reference, token) each.
async fn raise_many(url: &str, count: usize) -> Vec<(String, String)> {
    let clients = 8;
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let url = url.to_owned();
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                let mut raised = Vec::new();
                for n in (c..count).step_by(clients) {
                    let body: Value = http
                        .post(format!("{url}/api/v1/escalations"))
                        .json(&json!({
                            "name": "Bench Customer", "email": format!("c{}@example.com", n / 2),
                            "subject": "Card payments fail", "severity": "S2",
                            "description": "Every card is refused since this morning."
                        }))
                        .send()
                        .await
                        .unwrap()
                        .json()
                        .await
                        .unwrap();
                    raised.push((
                        body["reference"].as_str().unwrap().to_owned(),
                        body["token"].as_str().unwrap().to_owned(),
                    ));
                }
                raised
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all
}

fn soon() -> String {
    jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_mins(30))
        .unwrap()
        .to_string()
}

#[tokio::main]
async fn main() {
    let linked = setting("BENCH_LINKED", 10_000).max(2);
    let (url, staff) = start().await;
    let http = reqwest::Client::new();
    let cases = raise_many(&url, linked).await;
    let declared: Value = http
        .post(format!("{url}/api/v1/staff/incidents"))
        .bearer_auth(&staff)
        .json(&json!({"title": "Card payments fail", "impact": "You cannot take card payments."}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let incident = declared["reference"].as_str().unwrap().to_owned();
    let references: Vec<&str> = cases.iter().map(|(r, _)| r.as_str()).collect();
    let linking = Instant::now();
    let response = http
        .post(format!("{url}/api/v1/staff/incidents/{incident}/cases"))
        .bearer_auth(&staff)
        .json(&json!({ "references": references }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let linked_in = linking.elapsed();

    // Baseline: one staff update on one case, the same way in, measured
    // before the fan-out so its emails' delivery attempts are not in the way.
    let (one, _) = cases.first().unwrap();
    let started = Instant::now();
    let response = http
        .post(format!("{url}/api/v1/staff/cases/{one}/replies"))
        .bearer_auth(&staff)
        .json(&json!({"body": "We are rolling the release back.", "public": true}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let single = started.elapsed();

    // The last linked case's page is open and listening.
    let (last, last_token) = cases.last().unwrap().clone();
    let mut stream = http
        .get(format!("{url}/cases/{last}/live?token={last_token}"))
        .send()
        .await
        .unwrap();
    let mut buffer = String::new();
    let before = next_event(&mut stream, &mut buffer).await;

    let started = Instant::now();
    let response = http
        .post(format!("{url}/api/v1/staff/incidents/{incident}/updates"))
        .bearer_auth(&staff)
        .json(
            &json!({"affected": "Card payments.", "known": "A bad release.",
                      "doing": "Rolling it back.", "next_update_at": soon()}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let answered = started.elapsed();
    let recipients = response.json::<Value>().await.unwrap()["recipients"].clone();
    let heard = next_event(&mut stream, &mut buffer).await;
    assert!(heard > before);
    let live = started.elapsed();
    let status: Value = http
        .get(format!("{url}/api/v1/escalations/{last}"))
        .bearer_auth(&last_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        status["incident"]["updates"][0]["doing"],
        "Rolling it back."
    );
    let shown = started.elapsed();

    let backend = if on_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("| what ({backend}) | value |");
    println!("| --- | --- |");
    println!(
        "| cases linked | {linked} of {} customers, in one request: {:.0} ms |",
        linked / 2,
        ms(linked_in)
    );
    println!(
        "| update answered (every case's version bumped, {recipients} emails queued, committed) | {:.0} ms |",
        ms(answered)
    );
    println!(
        "| the last linked case's open page hears it | **{:.0} ms** |",
        ms(live)
    );
    println!(
        "| the last linked case's status shows it | {:.0} ms |",
        ms(shown)
    );
    println!(
        "| baseline: one staff update on one case | {:.1} ms |",
        ms(single)
    );
    println!(
        "| cost per linked case, as a share of one single-case update | {:.3} |",
        ms(answered) / linked as f64 / ms(single)
    );
}
