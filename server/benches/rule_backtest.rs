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

use app::domain::rule::Rule;
use app::domain::rule::backtest::{self, Window};
use app::domain::{Actor, Channel, Event, EventKind, Severity, Tier};
use app::store::Store;
use common::{fresh_database, on_postgres, setting};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashSet;
use std::time::Instant;

const RULE: &str =
    "when open and customer_messages(24h) >= 3 and severity >= S3\nthen flag_at_risk\n";

fn events(at: Timestamp, escalated: bool) -> Vec<Event> {
    let e = |minutes: i64, kind| Event {
        at: at + SignedDuration::from_mins(minutes),
        actor: Actor::Customer,
        kind,
    };
    let mut list = vec![
        e(
            0,
            EventKind::Created {
                channel: Channel::Web,
                severity: Severity::S2,
                escalation_type: "technical".into(),
            },
        ),
        e(
            20,
            EventKind::CustomerMessage {
                body: "Still failing.".into(),
            },
        ),
        e(
            40,
            EventKind::CustomerMessage {
                body: "Any news?".into(),
            },
        ),
        e(
            90,
            EventKind::PublicUpdate {
                body: "Looking.".into(),
                waits_for_customer: false,
            },
        ),
    ];
    if escalated {
        let l1 = Tier::new("L1").unwrap();
        let l2 = Tier::new("L2").unwrap();
        list.push(e(
            300,
            EventKind::Escalated {
                from: l1,
                to: l2,
                reason: "stuck".into(),
                handoff_note: None,
            },
        ));
    }
    list.push(e(
        600,
        EventKind::Solved {
            summary: "Fixed.".into(),
        },
    ));
    list
}

async fn seed(store: &Store, cases: usize, now: Timestamp) {
    let mut tx = store.begin().await.unwrap();
    let span = 30 * 24 * 60 - 24 * 60;
    for chunk_start in (0..cases).step_by(500) {
        let chunk = chunk_start..(chunk_start + 500).min(cases);
        for i in chunk {
            let created = now - SignedDuration::from_mins(24 * 60 + (i as i64 * 7919) % span);
            let millis = created.as_millisecond();
            let id: i64 = sqlx::query_scalar(
                "insert into support_case (reference, token_hash, customer_name, customer_email, subject, \
                 description, severity, channel, stage, created_at, tier, clocks, updated_at) \
                 values ($1, 'x', 'Kim', $2, 'Exports fail', 'It times out.', 'S2', 'web', 'resolved', $3, 'L1', '{}', $3) \
                 returning case_id",
            )
            .bind(format!("ESC-B{i:06}"))
            .bind(format!("kim{}@acct{}.example", i, i % 5000))
            .bind(millis)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
            for (seq, event) in events(created, i % 10 == 0).iter().enumerate() {
                sqlx::query(
                    "insert into case_event (case_id, seq, at, kind, public, body) values ($1, $2, $3, $4, 1, $5)",
                )
                .bind(id)
                .bind(seq as i64 + 1)
                .bind(event.at.as_millisecond())
                .bind(event.kind.code())
                .bind(serde_json::to_string(event).unwrap())
                .execute(&mut *tx)
                .await
                .unwrap();
            }
        }
    }
    tx.commit().await.unwrap();
}

#[tokio::main]
async fn main() {
    let cases = setting("BENCH_CASES", 100_000);
    let url = fresh_database("rule-backtest.db").await;
    let store = Store::connect(&url).await.unwrap();
    let now = Timestamp::now();
    let started = Instant::now();
    seed(&store, cases, now).await;
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
