#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Cases raised while the server is killed (`kill -9`): every case the server
//! answered for is there after a restart. Cases raised together share one
//! commit (group commit), and none may be answered before it is on disk.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Clients raising cases at once, as in the intake benchmark.
const CLIENTS: usize = 8;
/// Answered cases before the kill: enough that commits were shared.
const ANSWERED_BEFORE_KILL: usize = 80;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(database_url: &str, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_baton"))
        .env("BATON_ADDR", format!("127.0.0.1:{port}"))
        .env("BATON_SMTP_ADDR", "off")
        .env("BATON_DATABASE_URL", database_url)
        .env("BATON_DEMO", "0")
        .env("BATON_RATE_LIMITS", "off")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("baton starts")
}

async fn wait_until_up(http: &reqwest::Client, base: &str) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(response) = http.get(format!("{base}/healthz")).send().await
            && response.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up at {base}");
}

/// Raises cases until the server stops answering; keeps each answered one.
async fn raise_until_gone(
    http: reqwest::Client,
    base: String,
    client: usize,
    answered: Arc<Mutex<Vec<(String, String)>>>,
) {
    for n in 0.. {
        let call = http
            .post(format!("{base}/api/v1/escalations"))
            .json(&json!({
                "name": "Crash Test", "email": format!("crash{client}@example.com"),
                "subject": format!("Case {n} from client {client}"),
                "description": "Raised while the server is killed.", "severity": "S2"
            }));
        let Ok(response) = call.send().await else {
            return;
        };
        if response.status() != 201 {
            return;
        }
        let Ok(body) = response.json::<Value>().await else {
            return;
        };
        let reference = body["reference"].as_str().unwrap().to_owned();
        let token = body["token"].as_str().unwrap().to_owned();
        answered.lock().unwrap().push((reference, token));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_answered_case_is_lost_when_the_server_is_killed() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("crash");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("kill-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let database_url = format!("sqlite://{}", path.display());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();

    let mut server = start(&database_url, port);
    wait_until_up(&http, &base).await;
    let answered = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            tokio::spawn(raise_until_gone(
                http.clone(),
                base.clone(),
                c,
                answered.clone(),
            ))
        })
        .collect();
    let started = Instant::now();
    while answered.lock().unwrap().len() < ANSWERED_BEFORE_KILL {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "too few cases answered"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // SIGKILL, in the middle of the clients' writes: no shutdown, no flush.
    server.kill().unwrap();
    server.wait().unwrap();
    for client in clients {
        client.await.unwrap();
    }
    let answered = answered.lock().unwrap().clone();

    let mut server = start(&database_url, port);
    wait_until_up(&http, &base).await;
    for (reference, token) in &answered {
        let response = http
            .get(format!("{base}/api/v1/escalations/{reference}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            200,
            "case {reference} was answered but is gone after kill -9"
        );
    }
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(answered.len() >= ANSWERED_BEFORE_KILL);
}
