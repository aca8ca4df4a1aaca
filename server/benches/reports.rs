//! The reports page's work over 100,000 cases and about 1,000,000 events
//! (the statement that reads a fact per case and the one that reads their
//! tier moves, then every table: attainment, outcomes, time in tier, paths,
//! repeat accounts), against one plain scan of the events table in the same
//! run; and knowledge-base search over 10,000 articles. The tables are
//! analysed after seeding, as autovacuum (PostgreSQL) or the store's `pragma optimize`
//! at start-up (SQLite) would have done on a live database.
//!
//!     cargo bench -p server --bench reports
//!     BENCH_BACKEND=postgres cargo bench -p server --bench reports
//!
//! `BENCH_CASES` (default 100000) cases of about 10 events each;
//! `BENCH_ARTICLES` (default 10000) articles.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

#[allow(dead_code)]
mod common;

use app::domain::article::{ArticleDraft, search_words, slug};
use app::domain::report::{self, ReportBy};
use app::store::{Store, articles, reports};
use common::history::seed;
use common::{fresh_database, on_postgres, setting};
use jiff::{SignedDuration, Timestamp};
use std::time::{Duration, Instant};

const WORDS: &[&str] = &[
    "invoice", "export", "password", "webhook", "calendar", "sync", "payment", "checkout",
    "report", "login", "email", "import", "billing", "tax", "user", "admin", "mobile", "token",
    "backup", "search",
];

async fn seed_articles(store: &Store, count: usize, now: Timestamp) {
    let mut tx = store.begin().await.unwrap();
    for i in 0..count {
        let w = |k: usize| WORDS[(i * 7 + k * 13) % WORDS.len()];
        let title = format!("How to fix {} {} problems {i}", w(0), w(1));
        let body = format!(
            "When the {} fails after a {} change, open Settings and choose {}. Then try the {} again. \
             If it still fails, write to us with the {} you saw.",
            w(2),
            w(3),
            w(4),
            w(5),
            w(6)
        );
        let draft = ArticleDraft::parse(&title, &body, "public").unwrap();
        articles::insert(
            &mut tx,
            &slug(&title),
            &draft,
            None,
            "bench@baton.example",
            now,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

fn percentile(sorted: &[Duration], p: usize) -> f64 {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let cases = setting("BENCH_CASES", 100_000);
    let article_count = setting("BENCH_ARTICLES", 10_000);
    let store = Store::connect(&fresh_database("reports.db").await)
        .await
        .unwrap();
    let now = Timestamp::now();
    let started = Instant::now();
    seed(&store, cases, 5, now).await;
    eprintln!(
        "seeded {cases} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let from = now - SignedDuration::from_hours(24 * 31);
    let started = Instant::now();
    sqlx::query("analyze")
        .execute(&mut *store.read().await.unwrap())
        .await
        .unwrap();
    eprintln!("analysed in {:.1} s", started.elapsed().as_secs_f64());

    // Baseline: one scan of the events table, every row read.
    let started = Instant::now();
    let mut conn = store.read().await.unwrap();
    let bodies: Vec<String> = sqlx::query_scalar("select body from case_event")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let events = bodies.len();
    drop(bodies);
    let scan = started.elapsed();

    // The reports page: the facts of every case in the period, then both tables.
    let started = Instant::now();
    let facts = reports::case_facts(&mut conn, from, now).await.unwrap();
    let read = started.elapsed();
    let sla = report::sla_attainment(&facts, ReportBy::Account);
    let outcomes = report::outcomes(&facts, ReportBy::Account);
    let overall = report::overall(&facts);
    let tiers = report::tiers::time_in_tier(&facts);
    let paths = report::tiers::paths(&facts);
    let repeats = report::repeats::by_account(&facts);
    let page = started.elapsed();
    assert!(overall.is_some() && !tiers.is_empty());
    drop(conn);

    let started = Instant::now();
    seed_articles(&store, article_count, now).await;
    eprintln!(
        "seeded {article_count} articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let queries = [
        "my invoice export fails",
        "password webhook",
        "calendar sync stops",
        "checkout payment tax",
        "cannot login on mobile",
        "backup import",
        "rep",
        "admin token search",
    ];
    let mut times = Vec::new();
    let mut found = 0;
    let mut conn = store.read().await.unwrap();
    for round in 0..25 {
        for query in queries {
            let words = search_words(&format!("{query} {}", round % 3));
            let started = Instant::now();
            found += articles::search(&mut conn, &words, true, 5)
                .await
                .unwrap()
                .len();
            times.push(started.elapsed());
        }
    }
    times.sort();

    let backend = if on_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("reports over {cases} cases ({backend}):");
    println!(
        "  plain scan of the events table: {:.2} s ({events} events)",
        scan.as_secs_f64()
    );
    println!(
        "  reports page: {:.2} s (reading the facts {:.2} s; {} accounts, {} outcome rows, {} paths, {} repeat accounts)",
        page.as_secs_f64(),
        read.as_secs_f64(),
        sla.len(),
        outcomes.len(),
        paths.len(),
        repeats.len()
    );
    println!(
        "  ratio page / scan: {:.2}",
        page.as_secs_f64() / scan.as_secs_f64()
    );
    println!(
        "knowledge-base search over {article_count} articles: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} searches, {found} results)",
        percentile(&times, 50),
        percentile(&times, 99),
        times.last().unwrap().as_secs_f64() * 1000.0,
        times.len()
    );
}
