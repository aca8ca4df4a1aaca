//! The SLA engine against a real database: each step fires exactly once.

use crate::backends::TestDb;
use crate::on_both;
use app::domain::StaffMember;
use app::domain::{CaseReference, Channel, EventKind};
use app::service::escalations::{parse_raise, raise, reply};
use app::service::sla_engine::{Looked, fire_due, sweep};
use app::service::staff_desk::{StaffAction, act};
use app::store::{cases, events, outbox};
use app::views::RaiseRequest;
use jiff::{SignedDuration, Timestamp};

fn t0() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn after(minutes: i64) -> Timestamp {
    t0().checked_add(SignedDuration::from_mins(minutes))
        .unwrap()
}

async fn raise_s1(db: &TestDb) -> (String, String) {
    let request = RaiseRequest {
        name: "Kim".into(),
        email: "kim@example.com".into(),
        subject: "All down".into(),
        description: "Nothing loads".into(),
        severity: Some("S1".into()),
    };
    raise_at_t0(db, &request).await
}

/// Raises `request` through the web form at `t0`: its reference and token.
async fn raise_at_t0(db: &TestDb, request: &RaiseRequest) -> (String, String) {
    let raised = raise(
        &db.portal(),
        parse_raise(&db.portal(), request, Channel::Web, t0())
            .await
            .unwrap(),
        t0(),
    )
    .await
    .unwrap();
    (raised.reference, raised.token)
}

async fn history(db: &TestDb, reference: &str) -> Vec<String> {
    let mut conn = db.store.read().await.unwrap();
    let stored = cases::find_by_reference(&mut conn, &CaseReference::parse(reference).unwrap())
        .await
        .unwrap();
    events::for_case(&mut conn, stored.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind.code().to_owned())
        .collect()
}

fn count(history: &[String], code: &str) -> usize {
    history.iter().filter(|c| *c == code).count()
}

on_both!(
    a_look_before_the_deadline_writes_nothing_and_names_the_next_one,
    looks_at_deadlines
);
async fn looks_at_deadlines(db: &TestDb) {
    let (reference, _) = raise_s1(db).await;
    let portal = db.portal();
    let raised = history(db, &reference).await;
    let early = fire_due(&portal, after(10)).await.unwrap();
    let next = early.next.expect("an S1 case has a deadline");
    assert!(next > after(10), "nothing was due at +10 min");
    assert_eq!(early.changed, 0);
    assert_eq!(history(db, &reference).await, raised);

    let on_time = fire_due(&portal, next).await.unwrap();
    assert_eq!(on_time.changed, 1, "the step due then fired");
    assert!(
        on_time.next.is_some_and(|later| later > next),
        "the next deadline is a later one: {on_time:?}"
    );
    let again = fire_due(&portal, next).await.unwrap();
    assert_eq!(
        again,
        Looked {
            changed: 0,
            next: on_time.next
        },
        "a second look at the same moment fires nothing"
    );
}

on_both!(
    two_sweepers_at_once_fire_each_step_exactly_once,
    concurrent_sweeps
);
async fn concurrent_sweeps(db: &TestDb) {
    let (reference, _) = raise_s1(db).await;
    let portal = db.portal();
    assert_eq!(
        sweep(&portal, after(10)).await.unwrap(),
        0,
        "nothing is due yet"
    );

    let (a, b) = tokio::join!(sweep(&portal, after(23)), sweep(&portal, after(23)));
    assert_eq!(
        a.unwrap() + b.unwrap(),
        1,
        "one of the two sweepers fired the warning"
    );
    assert_eq!(count(&history(db, &reference).await, "sla_warned"), 1);

    let (a, b) = tokio::join!(sweep(&portal, after(31)), sweep(&portal, after(31)));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    let seen = history(db, &reference).await;
    assert_eq!(count(&seen, "sla_breached"), 1);
    assert_eq!(count(&seen, "escalated"), 1);
    assert_eq!(count(&seen, "sla_warned"), 1, "no second warning");

    let mut conn = db.store.read().await.unwrap();
    let stored = cases::find_by_reference(&mut conn, &CaseReference::parse(&reference).unwrap())
        .await
        .unwrap();
    assert_eq!(stored.case.tier.code(), "L2");
    drop(conn);
    assert_eq!(
        sweep(&portal, after(32)).await.unwrap(),
        0,
        "a restart fires nothing again"
    );

    let mut conn = db.store.read().await.unwrap();
    let alerts = outbox::for_member(&mut conn, 999, "manager", 50)
        .await
        .unwrap();
    let kinds: Vec<&str> = alerts.iter().map(|a| a.kind.as_str()).collect();
    // Technical cases inform managers of the escalation the breach caused.
    assert_eq!(
        kinds,
        ["raci_informed", "sla_breach", "sla_warning"],
        "one alert per step, to the accountable role"
    );
    let alerts: Vec<_> = alerts
        .into_iter()
        .filter(|a| a.kind.starts_with("sla_"))
        .collect();
    assert!(
        alerts[1]
            .message
            .starts_with(&format!("At risk: first response for {reference} (S1, L1)")),
        "{}",
        alerts[1].message
    );
    assert!(
        outbox::for_member(&mut conn, 999, "agent", 50)
            .await
            .unwrap()
            .is_empty(),
        "not to other roles"
    );
}

on_both!(
    after_downtime_the_overdue_breach_fires_once_without_a_stale_warning,
    downtime
);
async fn downtime(db: &TestDb) {
    let (reference, _) = raise_s1(db).await;
    let portal = db.portal();
    sweep(&portal, after(600)).await.unwrap();
    sweep(&portal, after(601)).await.unwrap();
    let seen = history(db, &reference).await;
    assert_eq!(count(&seen, "sla_warned"), 0, "{seen:?}");
    assert!(count(&seen, "sla_breached") >= 1);
    assert_eq!(count(&seen, "escalated"), 1, "{seen:?}");
}

on_both!(
    waiting_on_the_customer_stops_the_sweeper_until_they_reply,
    paused_clock
);
async fn paused_clock(db: &TestDb) {
    let (reference, token) = raise_s1(db).await;
    let portal = db.portal();
    let agent = StaffMember {
        staff_id: 1,
        email: "a@example.com".into(),
        name: "Ada".into(),
        role: app::domain::StaffRole::Agent,
    };
    let ask = StaffAction::PostUpdate {
        body: "Which browser?".into(),
        waits_for_customer: true,
    };
    act(&portal, &agent, &reference, ask, after(5))
        .await
        .unwrap();
    assert_eq!(
        sweep(&portal, after(5_000)).await.unwrap(),
        0,
        "no deadline while we wait"
    );

    reply(&portal, &reference, &token, "Firefox 130", after(6_000))
        .await
        .unwrap();
    assert_eq!(sweep(&portal, after(6_044)).await.unwrap(), 0);
    assert_eq!(
        sweep(&portal, after(6_046)).await.unwrap(),
        1,
        "the next-update warning, 45 min after the reply"
    );
    let seen = history(db, &reference).await;
    assert!(
        seen.contains(&"clock_paused".to_owned()) && seen.contains(&"clock_resumed".to_owned()),
        "{seen:?}"
    );
    let _ = EventKind::ClockResumed {
        target: app::domain::sla::SlaTarget::NextUpdate,
    };
}

on_both!(
    a_sweep_stopped_at_any_point_then_restarted_fires_every_step_once,
    interrupted_sweeps
);
async fn interrupted_sweeps(db: &TestDb) {
    let mut references = Vec::new();
    for _ in 0..12 {
        references.push(raise_s1(db).await.0);
    }
    let portal = db.portal();
    // Crash the sweeper at different points of its batch: a dropped task
    // drops its transaction, so whatever it had not committed never happened.
    for delay_micros in [0, 200, 500, 1_000, 2_000, 5_000] {
        let sweeping = tokio::spawn({
            let portal = portal.clone();
            async move { sweep(&portal, after(31)).await }
        });
        tokio::time::sleep(std::time::Duration::from_micros(delay_micros)).await;
        sweeping.abort();
        let _ = sweeping.await;
    }
    sweep(&portal, after(31)).await.unwrap();
    sweep(&portal, after(32)).await.unwrap();
    for reference in &references {
        let seen = history(db, reference).await;
        assert_eq!(count(&seen, "escalated"), 1, "{reference}: {seen:?}");
        assert_eq!(
            count(&seen, "sla_warned"),
            0,
            "no stale warning after the breach: {seen:?}"
        );
        let breaches = count(&seen, "sla_breached");
        assert_eq!(breaches, 1, "{reference}: {seen:?}");
    }
}

on_both!(
    a_case_the_engine_cannot_process_is_set_aside_and_the_sweep_goes_on,
    one_bad_case
);
async fn one_bad_case(db: &TestDb) {
    let (broken, _) = raise_s1(db).await;
    let (fine, _) = raise_s1(db).await;
    // A fault in storing one case's change (a trigger stands in for any
    // database error on that row).
    let fault = match db.store.backend() {
        app::store::Backend::Sqlite => format!(
            "create trigger break_one before update on support_case \
             when old.reference = '{broken}' and new.version <> old.version \
             begin select raise(abort, 'simulated fault'); end"
        ),
        app::store::Backend::Postgres => format!(
            "create function break_one() returns trigger language plpgsql as $$ begin \
             if old.reference = '{broken}' and new.version <> old.version then \
             raise exception 'simulated fault'; end if; return new; end $$; \
             create trigger break_one before update on support_case \
             for each row execute function break_one()"
        ),
    };
    // And a row that cannot even be read back.
    let (unreadable, _) = raise_s1(db).await;
    let mut tx = db.store.begin().await.unwrap();
    sqlx::raw_sql(&fault).execute(&mut *tx).await.unwrap();
    sqlx::query("update support_case set clocks = 'not json' where reference = $1")
        .bind(&unreadable)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let portal = db.portal();
    sweep(&portal, after(25)).await.expect("the sweep goes on");
    assert_eq!(count(&history(db, &fine).await, "sla_warned"), 1);
    assert_eq!(count(&history(db, &broken).await, "sla_warned"), 0);
    let mut conn = db.store.read().await.unwrap();
    let aside = app::store::set_aside::recent(&mut conn, 10).await.unwrap();
    drop(conn);
    assert_eq!(aside.len(), 2, "{aside:?}");
    let broken_aside = aside
        .iter()
        .find(|a| a.reference.as_deref() == Some(broken.as_str()))
        .expect("the faulty case is set aside");
    assert!(
        broken_aside.error.contains("simulated fault"),
        "{}",
        broken_aside.error
    );
    assert!(
        aside
            .iter()
            .any(|a| a.reference.as_deref() == Some(unreadable.as_str())),
        "the unreadable one too: {aside:?}"
    );
    // Out of the sweep: the next ones neither fail nor try them again.
    sweep(&portal, after(40)).await.unwrap();
    let mut conn = db.store.read().await.unwrap();
    let again = app::store::set_aside::recent(&mut conn, 10).await.unwrap();
    assert_eq!(again.len(), 2);
}

on_both!(
    cases_escalated_in_one_sweep_are_shared_among_the_receiving_tier,
    owners_shared_within_a_sweep
);
/// The sweep reads each tier's members once per batch; it still gives each
/// escalated case to whoever is least loaded at that moment.
async fn owners_shared_within_a_sweep(db: &TestDb) {
    let sam = crate::raci::member(db, "sam@example.com", "specialist", Some("L2"), None).await;
    let tia = crate::raci::member(db, "tia@example.com", "specialist", Some("L2"), None).await;
    let mut references = Vec::new();
    for _ in 0..6 {
        references.push(raise_s1(db).await.0);
    }
    let portal = db.portal();
    assert_eq!(sweep(&portal, after(31)).await.unwrap(), 6);
    let mut owners = Vec::new();
    for reference in &references {
        let (case, _) = app::service::staff_desk::case_record(&portal, reference)
            .await
            .unwrap();
        owners.push(case.assignee.map(|a| a.staff_id));
    }
    let count = |id: i64| owners.iter().filter(|o| **o == Some(id)).count();
    assert_eq!(
        (count(sam.staff_id), count(tia.staff_id)),
        (3, 3),
        "{owners:?}"
    );
}

on_both!(
    a_claimed_case_reads_back_exactly_as_stored,
    claimed_as_stored
);
/// SQLite's claim reads the batch as one JSON array: text that JSON has to
/// escape, and every column, must come back as a plain read gives it.
async fn claimed_as_stored(db: &TestDb) {
    let request = RaiseRequest {
        name: "Zoë \"Z\" O'Brien \\ 李".into(),
        email: "zoe@example.com".into(),
        subject: "Tab\there, </script> & \u{1F525}".into(),
        description: "Line one\nLine two \\n is not a newline\r\n\u{2028}end".into(),
        severity: Some("S1".into()),
    };
    let (raised, _) = raise_at_t0(db, &request).await;
    let (other, _) = raise_s1(db).await;
    let reference = CaseReference::parse(&raised).unwrap();
    let mut conn = db.store.read().await.unwrap();
    let stored = cases::find_by_reference(&mut conn, &reference)
        .await
        .unwrap();
    drop(conn);
    assert_eq!(stored.case.customer_name, request.name);

    let claimed: Vec<_> = claim_at(db, after(25))
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(claimed.len(), 2, "both cases are due");
    let mine = claimed
        .iter()
        .find(|c| c.case.reference == reference)
        .expect("the case is claimed");
    assert_eq!(mine.case, stored.case);
    assert_eq!(
        (mine.id, mine.version, &mine.token_hash, mine.next_due_at),
        (
            stored.id,
            stored.version,
            &stored.token_hash,
            stored.next_due_at
        )
    );
    assert!(claimed.iter().any(|c| c.case.reference.as_str() == other));
    // Nothing due yet: an empty batch, not an error.
    assert!(claim_at(db, t0()).await.is_empty());
}

/// What the engine would claim at `at` (the claim is undone after).
async fn claim_at(
    db: &TestDb,
    at: Timestamp,
) -> Vec<Result<cases::StoredCase, cases::UnreadableCase>> {
    let mut tx = db.store.begin().await.unwrap();
    let claimed = cases::claim_due_for_sla(&mut tx, db.store.backend(), at, 10)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    claimed
}
