//! The SLA engine fires on the second: it sleeps until the next stored
//! deadline instead of polling, and a new case wakes it.

use crate::helpers::{TestApp, spawn_app_with_settings};
use app::domain::{CaseReference, EventKind};
use app::store::{cases, events};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use std::time::Duration;

/// A warning 3 s after a case is raised (5% of S2's one-minute first reply).
const POLICIES: &str =
    "warn_at_percent = 5\n[severity.S2]\nfirst_response = 1\nnext_update = 60\nresolution = 600\n";

#[tokio::test]
async fn a_warning_fires_within_a_second_of_its_due_time_with_no_poll_in_between() {
    // A poll every ten minutes could not explain a warning three seconds in.
    let app = spawn_app_with_settings(&[("BATON_SLA_SWEEP_SECS", "600")]).await;
    app.sign_in_as("ops@baton.example").await;
    let saved = app
        .post_form("/ops/sla/policies", &[("source", POLICIES)])
        .await;
    assert_eq!(saved.status(), 303);

    let raised = app
        .post_json(
            "/api/v1/escalations",
            &json!({"name": "Kim", "email": "kim@example.com", "subject": "Checkout fails",
                    "description": "Every card is declined.", "severity": "S2"}),
        )
        .await;
    assert_eq!(raised.status(), 201);
    let body: Value = raised.json().await.unwrap();
    let reference = body["reference"].as_str().unwrap().to_owned();

    let (created, warned) = wait_for_warning(&app, &reference).await;
    let due = created + SignedDuration::from_secs(3);
    let late = warned.duration_since(due);
    assert!(
        late >= SignedDuration::ZERO && late <= SignedDuration::from_secs(1),
        "warned {late} after its due time"
    );
}

/// When the case was created and when its first warning was stored.
async fn wait_for_warning(app: &TestApp, reference: &str) -> (Timestamp, Timestamp) {
    let reference = CaseReference::parse(reference).unwrap();
    for _ in 0..100 {
        let mut conn = app.portal.store.read().await.unwrap();
        let stored = cases::find_by_reference(&mut conn, &reference)
            .await
            .unwrap();
        let history = events::for_case(&mut conn, stored.id).await.unwrap();
        drop(conn);
        let warned = history
            .iter()
            .find(|e| matches!(e.kind, EventKind::SlaWarned { .. }));
        if let Some(warned) = warned {
            return (history[0].at, warned.at);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no warning within 10 s");
}
