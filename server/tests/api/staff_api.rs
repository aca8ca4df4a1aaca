//! The staff API under /api/v1/staff, with personal bearer tokens.

use crate::helpers::{TestApp, spawn_app_with_demo};
use app::domain::customer::{CustomerEmail, CustomerName, Description, Subject};
use app::domain::{Channel, NewCase, Severity};
use app::service::{escalations, now, sla_engine, staff_accounts};
use reqwest::Response;
use serde_json::{Value, json};

async fn agent_token(app: &TestApp) -> String {
    staff_accounts::issue_token(&app.portal, "agent@baton.example", now())
        .await
        .unwrap()
}

async fn get(app: &TestApp, path: &str, token: &str) -> Response {
    app.client
        .get(format!("{}/api/v1/staff{path}", app.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> Response {
    app.client
        .post(format!("{}/api/v1/staff{path}", app.url))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn note() -> Value {
    json!({"tried": "Restarted the sync worker", "known": "Only EU accounts", "told_customer": "We are on it"})
}

async fn error_of(response: Response) -> Value {
    response.json::<Value>().await.unwrap()["error"].clone()
}

#[tokio::test]
async fn the_staff_api_answers_401_without_a_token_or_with_a_wrong_one() {
    let app = spawn_app_with_demo().await;
    let (reference, case_token) = app.raise("Sync breaks").await;
    let none = app
        .client
        .get(format!("{}/api/v1/staff/cases", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 401);
    let error = error_of(none).await;
    assert_eq!(error["code"], "sign_in_required");
    assert!(error["message"].is_string());

    let wrong = get(&app, "/cases", "0123456789abcdef").await;
    assert_eq!(wrong.status(), 401);
    let customer_token = get(&app, &format!("/cases/{reference}"), &case_token).await;
    assert_eq!(
        customer_token.status(),
        401,
        "a customer's case token is no staff token"
    );
    let escalate = post(
        &app,
        &format!("/cases/{reference}/escalations"),
        "nope",
        json!({"reason": "x", "handoff_note": "y"}),
    )
    .await;
    assert_eq!(escalate.status(), 401);
}

#[tokio::test]
async fn the_queue_lists_open_cases_and_filters_by_tier_stage_and_severity() {
    let app = spawn_app_with_demo().await;
    let token = agent_token(&app).await;
    let (reference, _) = app.raise("Reports are blank").await;

    let all = get(&app, "/cases", &token).await;
    assert_eq!(all.status(), 200);
    let body: Value = all.json().await.unwrap();
    let mine = body["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == reference.as_str())
        .expect("the new case is listed")
        .clone();
    assert_eq!(mine["severity"], "S2");
    assert_eq!(mine["stage"], "received");
    assert_eq!(mine["tier"], "L1");
    assert_eq!(mine["customer"], "Kim Lee");
    assert!(mine["due_at"].is_string());
    assert!(mine["at_risk"].is_array() && mine["breached"].is_array());

    let s2_l1: Value = get(&app, "/cases?tier=L1&severity=S2&stage=received", &token)
        .await
        .json()
        .await
        .unwrap();
    let cases = s2_l1["cases"].as_array().unwrap();
    assert!(cases.iter().any(|c| c["reference"] == reference.as_str()));
    assert!(
        cases
            .iter()
            .all(|c| c["severity"] == "S2" && c["tier"] == "L1")
    );
    let l3: Value = get(&app, "/cases?tier=L3", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(l3["cases"], json!([]));

    let bad = get(&app, "/cases?severity=S9", &token).await;
    assert_eq!(bad.status(), 422);
    assert_eq!(error_of(bad).await["field"], "severity");
}

#[tokio::test]
async fn escalating_needs_a_handoff_note_and_no_approval_and_changes_the_tier() {
    let app = spawn_app_with_demo().await;
    let token = agent_token(&app).await;
    let (reference, _) = app.raise("Checkout fails").await;
    let path = format!("/cases/{reference}/escalations");

    for missing in [
        json!({"reason": "Needs payments"}),
        json!({"reason": "Needs payments", "handoff_note": "  "}),
        json!({"reason": "Needs payments", "handoff_note": null}),
    ] {
        let refused = post(&app, &path, &token, missing).await;
        assert_eq!(refused.status(), 422);
        assert_eq!(error_of(refused).await["field"], "handoff_note");
    }
    let partial = post(
        &app,
        &path,
        &token,
        json!({"reason": "r", "handoff_note": {"tried": "a", "known": "", "told_customer": "c"}}),
    )
    .await;
    assert_eq!(partial.status(), 422);
    assert_eq!(error_of(partial).await["field"], "handoff_note.known");

    let up = post(
        &app,
        &path,
        &token,
        json!({"reason": "Needs payments", "handoff_note": note()}),
    )
    .await;
    assert_eq!(up.status(), 200);
    let case: Value = up.json().await.unwrap();
    assert_eq!(case["tier"], "L2", "one tier up by default");
    let escalated = case["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "escalated")
        .unwrap()
        .clone();
    assert_eq!(escalated["from"], "L1");
    assert_eq!(escalated["to"], "L2");
    assert_eq!(escalated["reason"], "Needs payments");
    assert_eq!(escalated["handoff_note"], note());
    assert_eq!(escalated["actor"]["name"], "Ada Lovelace");

    let free_text = post(
        &app,
        &path,
        &token,
        json!({"to_tier": "Executive", "reason": "Outage", "handoff_note": "See the L2 note."}),
    )
    .await;
    assert_eq!(free_text.status(), 200);
    assert_eq!(
        free_text.json::<Value>().await.unwrap()["tier"],
        "Executive"
    );

    let sideways = post(
        &app,
        &path,
        &token,
        json!({"to_tier": "L3", "reason": "r", "handoff_note": "n"}),
    )
    .await;
    assert_eq!(sideways.status(), 409);
    assert!(
        error_of(sideways).await["message"]
            .as_str()
            .unwrap()
            .contains("higher tier")
    );
}

#[tokio::test]
async fn handing_back_goes_down_a_tier_and_is_refused_at_the_front_line() {
    let app = spawn_app_with_demo().await;
    let token = agent_token(&app).await;
    let (reference, _) = app.raise("Slow search").await;
    let down = format!("/cases/{reference}/de-escalations");
    let move_body = json!({"reason": "Workaround in place", "handoff_note": note()});

    let at_l1 = post(&app, &down, &token, move_body.clone()).await;
    assert_eq!(at_l1.status(), 409);
    assert_eq!(error_of(at_l1).await["code"], "conflict");

    let no_note = post(&app, &down, &token, json!({"reason": "r"})).await;
    assert_eq!(no_note.status(), 422);
    assert_eq!(error_of(no_note).await["field"], "handoff_note");

    post(
        &app,
        &format!("/cases/{reference}/escalations"),
        &token,
        json!({"to_tier": "L3", "reason": "Deep bug", "handoff_note": note()}),
    )
    .await;
    let back = post(&app, &down, &token, move_body).await;
    assert_eq!(back.status(), 200);
    let case: Value = back.json().await.unwrap();
    assert_eq!(case["tier"], "L2", "one tier down by default");
    assert!(
        case["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "deescalated" && e["to"] == "L2")
    );
}

#[tokio::test]
async fn internal_notes_and_handoff_notes_never_reach_the_customer() {
    let app = spawn_app_with_demo().await;
    let token = agent_token(&app).await;
    let (reference, case_token) = app.raise("Invoices missing").await;
    let secret_note = "SECRET-NOTE customer is on the legacy plan";
    let secret_handoff = "SECRET-HANDOFF restarted twice";
    let secret_reason = "SECRET-REASON payments team owns this";

    let noted = post(
        &app,
        &format!("/cases/{reference}/replies"),
        &token,
        json!({"body": secret_note, "public": false}),
    )
    .await;
    assert_eq!(noted.status(), 201);
    let escalated = post(
        &app,
        &format!("/cases/{reference}/escalations"),
        &token,
        json!({"reason": secret_reason, "handoff_note": {"tried": secret_handoff, "known": "k", "told_customer": "t"}}),
    )
    .await;
    assert_eq!(escalated.status(), 200);
    let public = post(
        &app,
        &format!("/cases/{reference}/replies"),
        &token,
        json!({"body": "We found the cause.", "public": true}),
    )
    .await;
    assert_eq!(public.status(), 201);

    let status = app
        .status_json(&reference, &case_token)
        .await
        .text()
        .await
        .unwrap();
    let page = app
        .get(&format!("/cases/{reference}?token={case_token}"))
        .await
        .text()
        .await
        .unwrap();
    for customer_view in [&status, &page] {
        for secret in [secret_note, secret_handoff, secret_reason] {
            assert!(
                !customer_view.contains(secret),
                "the customer sees {secret}"
            );
        }
        assert!(customer_view.contains("We found the cause."));
        assert!(customer_view.contains("A specialist team has taken over your case."));
    }

    let staff_view: Value = get(&app, &format!("/cases/{reference}"), &token)
        .await
        .json()
        .await
        .unwrap();
    let events = staff_view["events"].as_array().unwrap();
    let note = events
        .iter()
        .find(|e| e["kind"] == "internal_note")
        .unwrap();
    assert_eq!(note["body"], secret_note);
    assert_eq!(note["public"], false);
    assert!(events.iter().any(|e| e["kind"] == "public_update"));
}

#[tokio::test]
async fn the_full_case_shows_every_event_and_assignment_and_resolution_work() {
    let app = spawn_app_with_demo().await;
    let token = agent_token(&app).await;
    let (reference, _) = app.raise("Exports are blank").await;

    let detail = get(&app, &format!("/cases/{reference}"), &token).await;
    assert_eq!(detail.status(), 200);
    let case: Value = detail.json().await.unwrap();
    assert_eq!(case["reference"], reference.as_str());
    assert_eq!(case["tier"], "L1");
    assert_eq!(case["stage"], "received");
    assert_eq!(case["severity"], "S2");
    let kinds: Vec<_> = case["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["created", "clock_started", "clock_started"]);
    assert_eq!(case["events"][1]["public"], false, "internal events too");
    assert!(case["events"][0]["at"].is_string());
    assert_eq!(case["events"][0]["actor"]["type"], "customer");

    let assign = format!("/cases/{reference}/assignment");
    let unknown = post(&app, &assign, &token, json!({"email": "who@baton.example"})).await;
    assert_eq!(unknown.status(), 422);
    assert_eq!(error_of(unknown).await["field"], "email");
    let assigned = post(
        &app,
        &assign,
        &token,
        json!({"email": "specialist@baton.example"}),
    )
    .await;
    assert_eq!(assigned.status(), 200);
    let case: Value = assigned.json().await.unwrap();
    assert_eq!(case["assignee"]["name"], "Alan Turing");
    let queue: Value = get(&app, "/cases", &token).await.json().await.unwrap();
    let row = queue["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == reference.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["assignee"], "Alan Turing");

    let resolve = format!("/cases/{reference}/resolution");
    let empty = post(&app, &resolve, &token, json!({"summary": " "})).await;
    assert_eq!(empty.status(), 422);
    assert_eq!(error_of(empty).await["field"], "summary");
    let solved = post(
        &app,
        &resolve,
        &token,
        json!({"summary": "Fixed the export."}),
    )
    .await;
    assert_eq!(solved.status(), 200);
    assert_eq!(solved.json::<Value>().await.unwrap()["stage"], "resolved");

    let missing = get(&app, "/cases/ESC-ZZZZZZ", &token).await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn the_queue_searches_words_and_filters_by_sla_trouble() {
    let app = spawn_app_with_demo().await;
    let token = agent_token(&app).await;
    let (reference, _) = app.raise("Invoices show the wrong VAT").await;
    let found: Value = get(&app, "/cases?q=wrong%20vat", &token)
        .await
        .json()
        .await
        .unwrap();
    let refs: Vec<&str> = found["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert_eq!(refs, [reference.as_str()]);

    // The demo has cases past their targets; every one listed is breached.
    // The SLA engine marks them on its first look after start-up, which a
    // loaded machine may run after this request: ask until it has.
    let asked = std::time::Instant::now();
    let breached: Value = loop {
        let breached: Value = get(&app, "/cases?sla=breached", &token)
            .await
            .json()
            .await
            .unwrap();
        let none = breached["cases"].as_array().is_some_and(Vec::is_empty);
        if !none || asked.elapsed() > std::time::Duration::from_secs(10) {
            break breached;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let cases = breached["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    assert!(
        cases
            .iter()
            .all(|c| !c["breached"].as_array().unwrap().is_empty())
    );

    let bad = get(&app, "/cases?sla=late", &token).await;
    assert_eq!(bad.status(), 422);
    assert_eq!(error_of(bad).await["field"], "sla");
}

fn references(answer: &Value) -> Vec<String> {
    answer["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_breached_filter_finds_breached_cases_beyond_the_first_200() {
    let app = spawn_app_with_demo().await;
    let token = agent_token(&app).await;
    let new_case = |severity| NewCase {
        name: CustomerName::parse("Kim Lee").unwrap(),
        email: CustomerEmail::parse("kim@example.com").unwrap(),
        subject: Subject::parse("Exports time out").unwrap(),
        description: Description::parse("Every export stops after a minute.").unwrap(),
        severity,
        channel: Channel::Api,
    };
    // Three S4 cases raised a year ago have breached every target...
    let year_ago = now()
        .checked_sub(jiff::SignedDuration::from_hours(365 * 24))
        .unwrap();
    let mut late = Vec::new();
    for _ in 0..3 {
        let raised = escalations::raise(&app.portal, new_case(Severity::S4), year_ago)
            .await
            .unwrap();
        late.push(raised.reference);
    }
    sla_engine::sweep(&app.portal, now()).await.unwrap();
    // ...while 210 new S1 cases, due sooner, fill the first 200 places.
    for _ in 0..210 {
        escalations::raise(&app.portal, new_case(Severity::S1), now())
            .await
            .unwrap();
    }

    let everything: Value = get(&app, "/cases", &token).await.json().await.unwrap();
    let first_page = references(&everything);
    assert_eq!(first_page.len(), 200);
    assert!(late.iter().all(|r| !first_page.contains(r)), "{late:?}");

    let breached: Value = get(&app, "/cases?sla=breached", &token)
        .await
        .json()
        .await
        .unwrap();
    let found = references(&breached);
    assert!(late.iter().all(|r| found.contains(r)), "{found:?}");
    assert!(
        breached["cases"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !c["breached"].as_array().unwrap().is_empty())
    );
}
