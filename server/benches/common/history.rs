//! Stored case histories for the benchmarks that read them: cases raised
//! over the last 30 days, each written to, answered and solved within a
//! day; a tenth escalated.

// Not every benchmark that shares `common` seeds histories.
#![allow(dead_code)]

use app::domain::{Actor, Channel, Event, EventKind, Severity, Tier};
use app::store::Store;
use jiff::{SignedDuration, Timestamp};

/// One case's events: raised, two customer messages (and `extra` more), an
/// update, an escalation for a tenth, solved.
fn events(at: Timestamp, escalated: bool, extra: usize) -> Vec<Event> {
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
    for n in 0..extra {
        list.push(e(
            45 + n as i64,
            EventKind::CustomerMessage {
                body: "One more detail.".into(),
            },
        ));
    }
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

/// Stores `cases` such cases, each with `extra` more customer messages.
pub async fn seed(store: &Store, cases: usize, extra: usize, now: Timestamp) {
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
            for (seq, event) in events(created, i % 10 == 0, extra).iter().enumerate() {
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
