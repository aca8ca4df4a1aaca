//! What an SLA sweep costs, with many open cases and few due, and with
//! 10,000 due at once.
//!
//!     cargo bench -p app --features testing --bench sla_sweep
//!     BENCH_BACKEND=postgres cargo bench -p app --features testing --bench sla_sweep
//!
//! `BENCH_LOG=1 RUST_LOG=app::service::sla_engine=debug` logs each batch's
//! claim, firing and commit.
//!
//! The sweep must cost what the cases due cost, not what the cases open cost.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use app::domain::customer::{CustomerEmail, CustomerName, Description, Subject};
use app::domain::sla::SlaRules;
use app::domain::{Case, CaseReference, Channel, NewCase, Severity};
use app::service::Portal;
use app::service::sla_engine::sweep;
use app::store::{Store, cases, test_schemas};
use jiff::{SignedDuration, Timestamp};
use std::time::{Duration, Instant};

/// The allocator the server's binary runs with (`server/src/main.rs`), so
/// that the sweep is measured as it runs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn reference(n: u64) -> CaseReference {
    let mut bytes = [0u8; 6];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = ((n >> (5 * i)) & 31) as u8;
    }
    CaseReference::from_random(bytes)
}

fn new_case(severity: Severity) -> NewCase {
    NewCase {
        name: CustomerName::parse("Bench Customer").unwrap(),
        email: CustomerEmail::parse("bench@example.com").unwrap(),
        subject: Subject::parse("Something is slow").unwrap(),
        description: Description::parse("A realistic description of the problem.").unwrap(),
        severity,
        channel: Channel::Api,
    }
}

/// Inserts `open` cases with nothing due and `due` S1 cases whose first
/// response is breached at `now`, numbered from `first`.
async fn fill(store: &Store, first: u64, open: u64, due: u64, now: Timestamp) {
    let rules = SlaRules::default();
    let calendar = app::domain::sla::AlwaysOpen;
    let mut tx = store.begin().await.unwrap();
    for i in 0..open + due {
        let (severity, raised) = if i < due {
            (
                Severity::S1,
                now.checked_sub(SignedDuration::from_mins(40)).unwrap(),
            )
        } else {
            (Severity::S4, now)
        };
        let (case, _) = Case::raise(
            new_case(severity),
            reference(first + i),
            "technical",
            raised,
            &rules,
        );
        let next = case.next_deadline(&rules, &calendar);
        cases::insert(&mut tx, &case, "bench", next).await.unwrap();
        if i % 20_000 == 19_999 {
            tx.commit().await.unwrap();
            tx = store.begin().await.unwrap();
        }
    }
    tx.commit().await.unwrap();
}

/// `BENCH_BACKEND=postgres`: the PostgreSQL at `BATON_TEST_POSTGRES_URL`
/// (default: the local `test` database), in a schema of its own.
fn on_postgres() -> bool {
    std::env::var("BENCH_BACKEND").is_ok_and(|b| b == "postgres")
}

async fn fresh(name: &str) -> Portal {
    let url = if on_postgres() {
        fresh_schema(name).await
    } else {
        let dir = std::path::Path::new("target/bench");
        std::fs::create_dir_all(dir).unwrap();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("{name}.db{suffix}")));
        }
        format!("sqlite://target/bench/{name}.db")
    };
    let store = Store::connect(&url).await.unwrap();
    Portal::new(store, jiff::tz::TimeZone::UTC)
}

/// A new PostgreSQL schema for one scenario, and the URL that uses it.
async fn fresh_schema(name: &str) -> String {
    let schema = format!("bench_{}", name.replace('-', "_"));
    test_schemas::recreate(&test_schemas::postgres_url(), &schema)
        .await
        .unwrap()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn idle_sweep(portal: &Portal, now: Timestamp) -> Duration {
    let mut samples = Vec::new();
    for _ in 0..51 {
        let start = Instant::now();
        assert_eq!(sweep(portal, now).await.unwrap(), 0);
        samples.push(start.elapsed());
    }
    median(samples)
}

/// Where the WAL is copied back into the database file.
#[derive(Clone, Copy, PartialEq)]
enum Checkpoints {
    /// By the store's own task, off the writer (what the server does).
    Apart,
    /// Inside the commit that takes the WAL past 1,000 pages: SQLite's
    /// default, the baseline.
    InCommit,
}

async fn scenario(name: &str, open: u64, due: u64, checkpoints: Checkpoints) {
    let now = Timestamp::now();
    let portal = fresh(name).await;
    if checkpoints == Checkpoints::InCommit {
        // The writer pool's one connection keeps the setting.
        let mut writer = portal.store.begin().await.unwrap();
        sqlx::query("pragma wal_autocheckpoint = 1000")
            .execute(&mut *writer)
            .await
            .unwrap();
        writer.commit().await.unwrap();
    }
    let filling = Instant::now();
    fill(&portal.store, 0, open, due, now).await;
    let filled = filling.elapsed();
    let start = Instant::now();
    let changed = sweep(&portal, now).await.unwrap();
    let busy = start.elapsed();
    assert_eq!(changed as u64, due, "every due case fires");
    let idle = idle_sweep(&portal, now).await;
    let label = match checkpoints {
        Checkpoints::Apart => "",
        Checkpoints::InCommit => ", checkpoints in the commit (baseline)",
    };
    println!(
        "| {open} open, {due} due{label} | {busy:.1?} ({:.0} µs per due case) | {idle:.2?} | (filled in {filled:.0?}) |",
        busy.as_secs_f64() * 1e6 / due.max(1) as f64
    );
    portal.store.close().await;
}

#[tokio::main]
async fn main() {
    // `BENCH_LOG=1 RUST_LOG=app::service::sla_engine=debug`: one line per batch.
    if std::env::var("BENCH_LOG").is_ok() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .init();
    }
    let backend = if on_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("| cases ({backend}) | sweep with due cases | idle sweep (median of 51) | |");
    println!("| --- | --- | --- | --- |");
    scenario("sweep-10k", 10_000, 100, Checkpoints::Apart).await;
    // Checkpoints are SQLite's; PostgreSQL has no such baseline.
    if !on_postgres() {
        scenario("sweep-10k-due-baseline", 0, 10_000, Checkpoints::InCommit).await;
    }
    scenario("sweep-10k-due", 0, 10_000, Checkpoints::Apart).await;
    // One row per round trip fills PostgreSQL slowly: 100,000 there.
    let million = std::env::var("BENCH_OPEN")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if on_postgres() { 100_000 } else { 1_000_000 });
    scenario("sweep-1m", million, 100, Checkpoints::Apart).await;
}
