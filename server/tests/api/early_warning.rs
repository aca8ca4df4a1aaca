//! The early-warning desk through the staff API and its page: a ranked,
//! explained list; interventions without sign-off, recorded; and the
//! prevented-escalations report from flagged cases followed to their outcome.

use crate::helpers::spawn_app_with_settings;
use app::domain::{Actor, Event, EventKind};
use jiff::{SignedDuration, Timestamp};
use reqwest::Method;
use serde_json::{Value, json};

const AGENT: &str = "agent@baton.example";

#[tokio::test]
async fn the_desk_ranks_cases_by_explained_risk_and_records_what_staff_do() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let agent = app.staff_token(AGENT).await;
    let (angry, token) = app.raise("Invoices are wrong").await;
    app.customer_writes(&angry, &token, "This is unacceptable.")
        .await;
    app.customer_writes(&angry, &token, "Still not fixed, I will cancel.")
        .await;
    let (calm, _) = app.raise("A question about exports").await;

    let (status, desk) = app
        .api_json(Method::GET, "/staff/early-warning", &agent, Value::Null)
        .await;
    assert_eq!(status, 200, "{desk}");
    let cases = desk["cases"].as_array().unwrap();
    let position = |reference: &str| cases.iter().position(|c| c["reference"] == reference);
    let top = position(&angry).expect("the angry case is on the desk");
    assert!(
        position(&calm).is_none_or(|p| p > top),
        "the quiet case ranks lower"
    );
    let entry = &cases[top];
    let points: u64 = entry["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["points"].as_u64().unwrap())
        .sum();
    assert_eq!(
        entry["score"].as_u64().unwrap(),
        points,
        "every point is explained"
    );
    let why: Vec<&str> = entry["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["why"].as_str().unwrap())
        .collect();
    assert!(
        why.iter()
            .any(|w| w.contains("unacceptable") && w.contains("cancel")),
        "{why:?}"
    );
    assert!(why.iter().any(|w| w.contains("wrote 3 times")), "{why:?}");
    assert!(desk["method"].as_str().unwrap().contains("Prevented"));
    assert_eq!(
        desk["prevented_total"].to_string(),
        "0.0",
        "nothing flagged long enough yet: zero, not minus zero"
    );

    // Act without sign-off: a proactive update the customer reads, and a re-rating.
    let path = format!("/staff/early-warning/{angry}/interventions");
    let (status, _) = app
        .api_json(
            Method::POST,
            &path,
            &agent,
            json!({"kind": "message", "note": "We are fixing the invoices today."}),
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = app
        .api_json(
            Method::POST,
            &path,
            &agent,
            json!({"kind": "severity", "note": "Money is at stake.", "severity": "S1"}),
        )
        .await;
    assert_eq!(status, 201);
    let customer: Value = app.status_json(&angry, &token).await.json().await.unwrap();
    assert_eq!(customer["severity"], "S1");
    assert!(
        customer
            .to_string()
            .contains("We are fixing the invoices today.")
    );
    for (body, expected, field) in [
        (json!({"kind": "sponsor", "note": "Help"}), 422, "kind"),
        (json!({"kind": "dance", "note": "Help"}), 422, "kind"),
        (json!({"kind": "call", "note": " "}), 422, "note"),
    ] {
        let (status, answer) = app.api_json(Method::POST, &path, &agent, body).await;
        assert_eq!(status, expected, "{answer}");
        assert_eq!(answer["error"]["field"], field);
    }
    let (status, _) = app
        .api_json(
            Method::POST,
            "/staff/early-warning/ESC-ZZZZZZ/interventions",
            &agent,
            json!({"kind": "call", "note": "x"}),
        )
        .await;
    assert_eq!(status, 404);
    let (_, desk) = app
        .api_json(Method::GET, "/staff/early-warning", &agent, Value::Null)
        .await;
    let entry = desk["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == angry.as_str())
        .unwrap()
        .clone();
    assert!(
        entry["last_intervention"]
            .as_str()
            .unwrap()
            .starts_with("severity by Ada Lovelace"),
        "{entry}"
    );

    // The page, with a form per case.
    app.sign_in_as(AGENT).await;
    let page = app.page_text("/staff/early-warning").await;
    assert!(
        page.contains(&format!("action=\"/staff/early-warning/{angry}\"")),
        "{page}"
    );
    let acted = app
        .post_form(
            &format!("/staff/early-warning/{angry}"),
            &[("kind", "call"), ("note", "Spoke to Kim.")],
        )
        .await;
    assert_eq!(acted.status(), 303);
}

#[tokio::test]
async fn prevented_escalations_compare_flagged_cases_acted_on_with_those_left_alone() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let agent = app.staff_token(AGENT).await;
    let mut ids = Vec::new();
    for subject in ["One", "Two", "Three", "Four"] {
        let (reference, _) = app.raise(subject).await;
        ids.push((reference.clone(), app.case_id(&reference).await));
    }
    let now = Timestamp::now();
    let flagged_at = now - SignedDuration::from_hours(24 * 10);
    let staff_id: i64 = {
        let mut conn = app.portal.store.read().await.unwrap();
        sqlx::query_scalar("select staff_id from staff where email = $1")
            .bind(AGENT)
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    };
    let mut tx = app.portal.store.begin().await.unwrap();
    for (i, (_, id)) in ids.iter().enumerate() {
        app::store::early_warning::flag_once(&mut tx, *id, 40, flagged_at)
            .await
            .unwrap();
        // The first two were acted on after their flag.
        if i < 2 {
            app::store::early_warning::record_intervention(
                &mut tx,
                *id,
                "call",
                staff_id,
                "Called.",
                flagged_at + SignedDuration::from_hours(1),
            )
            .await
            .unwrap();
        }
    }
    // One case left alone was reopened two days after its flag; one acted on, too late to count.
    let reopened = |at: Timestamp| Event {
        at,
        actor: Actor::Customer,
        kind: EventKind::Reopened {
            reason: "Broken again".into(),
        },
    };
    for (id, at) in [
        (ids[2].1, flagged_at + SignedDuration::from_hours(48)),
        (ids[0].1, flagged_at + SignedDuration::from_hours(24 * 9)),
    ] {
        app::store::events::append(&mut tx, id, &[reopened(at)])
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    // A second flag of the same case changes nothing.
    let mut tx = app.portal.store.begin().await.unwrap();
    assert!(
        !app::store::early_warning::flag_once(&mut tx, ids[0].1, 90, now)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();

    let (_, desk) = app
        .api_json(Method::GET, "/staff/early-warning", &agent, Value::Null)
        .await;
    let weeks = desk["prevented"].as_array().unwrap();
    let flagged: u64 = weeks.iter().map(|w| w["flagged"].as_u64().unwrap()).sum();
    assert_eq!(flagged, 4, "{desk}");
    let total = desk["prevented_total"].as_f64().unwrap();
    // Left alone: 1 of 2 went bad; acted on: 0 of 2 within the week: 2 x 0.5.
    assert!((total - 1.0).abs() < 1e-9, "{desk}");
}

#[tokio::test]
async fn a_monitoring_signal_above_its_limit_adds_explained_points() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let agent = app.staff_token(AGENT).await;
    let ops = app.staff_token("ops@baton.example").await;
    let (status, _) = app
        .api_json(Method::GET, "/admin/risk-signals", &agent, Value::Null)
        .await;
    assert_eq!(status, 403, "ops and admins set them");
    let (status, defaults) = app
        .api_json(Method::GET, "/admin/risk-signals", &ops, Value::Null)
        .await;
    assert_eq!(status, 200);
    assert!(
        defaults["signals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "error_rate")
    );
    let twice = json!({"signals": [
        {"name": "churn_risk", "above": 0.5, "points": 20, "why": "their success manager worries"},
        {"name": "churn_risk", "above": 0.9, "points": 30, "why": "again"}
    ]});
    let (status, refused) = app
        .api_json(Method::PUT, "/admin/risk-signals", &ops, twice)
        .await;
    assert_eq!(status, 422);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("signals[1]")
    );
    let one = json!({"signals": [
        {"name": "churn_risk", "above": 0.5, "points": 20, "why": "their success manager worries"}
    ]});
    let (status, _) = app
        .api_json(Method::PUT, "/admin/risk-signals", &ops, one)
        .await;
    assert_eq!(status, 200);

    let (watched, _) = app
        .raise_as("kim@watched.example", "Exports are slow")
        .await;
    let (other, _) = app.raise_as("lee@fine.example", "Exports are slow").await;
    let secret = app::service::secrets::signal_secret(&app.portal.store)
        .await
        .unwrap();
    let body = r#"{"signals": [{"name": "churn_risk", "value": 0.8, "account": "watched.example"},
                               {"name": "churn_risk", "value": 0.2, "account": "fine.example"}]}"#;
    let signature =
        app::service::secrets::signature(&secret, jiff::Timestamp::now().as_second(), body);
    let response = app
        .client
        .post(format!("{}/api/v1/signals", app.url))
        .header("content-type", "application/json")
        .header("Baton-Signature", signature)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);

    let (_, desk) = app
        .api_json(Method::GET, "/staff/early-warning", &agent, Value::Null)
        .await;
    let reasons_of = |reference: &str| -> Vec<Value> {
        desk["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["reference"] == reference)
            .map(|c| c["reasons"].as_array().unwrap().clone())
            .unwrap_or_default()
    };
    let watched_reasons = reasons_of(&watched);
    let signal = watched_reasons
        .iter()
        .find(|r| r["signal"] == "signal")
        .expect("the signal counts on the watched account's case");
    assert_eq!(signal["points"], 20);
    assert_eq!(
        signal["why"],
        "their success manager worries: churn_risk is 0.8 (above 0.5)"
    );
    assert!(
        !reasons_of(&other).iter().any(|r| r["signal"] == "signal"),
        "a reading below the limit does not"
    );
}
