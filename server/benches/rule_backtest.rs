//! A rule's backtest over 100,000 stored cases against a plain scan of the
//! events table in the same run: read every event of the window and parse
//! it, nothing more.
//!
//!     cargo bench -p server --bench rule_backtest
//!     BENCH_BACKEND=postgres cargo bench -p server --bench rule_backtest
//!
//! `BENCH_CASES` (default 100000) cases over the last 30 days, each raised,
//! written to twice and solved within a day; a tenth are escalated.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

#[allow(dead_code)]
mod common;

use app::domain::Event;
use app::domain::rule::Rule;
use app::domain::rule::backtest::{self, Window};
use app::store::Store;
use common::history::seed;
use common::{fresh_database, on_postgres, setting};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashSet;
use std::time::Instant;

const RULE: &str =
    "when open and customer_messages(24h) >= 3 and severity >= S3\nthen flag_at_risk\n";

#[tokio::main]
async fn main() {
    let cases = setting("BENCH_CASES", 100_000);
    let url = fresh_database("rule-backtest.db").await;
    let store = Store::connect(&url).await.unwrap();
    let now = Timestamp::now();
    let started = Instant::now();
    seed(&store, cases, 0, now).await;
    eprintln!(
        "seeded {cases} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let from = now - SignedDuration::from_hours(24 * 30);

    // Baseline: every event of the window read and parsed.
    let started = Instant::now();
    let mut conn = store.read().await.unwrap();
    let bodies: Vec<String> = sqlx::query_scalar("select body from case_event where at >= $1")
        .bind(from.as_millisecond())
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let parsed = bodies
        .iter()
        .filter(|b| serde_json::from_str::<Event>(b).is_ok())
        .count();
    let scan = started.elapsed();
    drop(conn);

    // The backtest: the same reading, grouped by case, then the replay.
    let rule = Rule::parse(RULE).unwrap();
    let started = Instant::now();
    let mut conn = store.read().await.unwrap();
    let read = app::store::rules::active_since(&mut conn, from, 1_000_000)
        .await
        .unwrap();
    drop(conn);
    let read_time = started.elapsed();
    let keys = HashSet::new();
    let zone = jiff::tz::TimeZone::UTC;
    let window = Window {
        from,
        to: now,
        zone: &zone,
        key_accounts: &keys,
        signals: &[],
    };
    let result = backtest::run(&rule, &read.histories, &window);
    let total = started.elapsed();

    let backend = if on_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("rule backtest over {cases} stored cases ({backend}):");
    println!(
        "  plain scan of the events table: {:.2} s ({parsed} events)",
        scan.as_secs_f64()
    );
    println!(
        "  backtest: {:.2} s (reading {:.2} s, replay {:.2} s); {} firings, precision {:?}, recall {:?}",
        total.as_secs_f64(),
        read_time.as_secs_f64(),
        (total - read_time).as_secs_f64(),
        result.firings.len(),
        result.precision,
        result.recall
    );
    println!(
        "  ratio backtest / scan: {:.1}",
        total.as_secs_f64() / scan.as_secs_f64()
    );
}
