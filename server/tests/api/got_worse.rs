//! "It got worse" through the customer API and the status page's form.

use crate::helpers::{TestApp, spawn_app};
use serde_json::{Value, json};

async fn raise_with(app: &TestApp, severity: &str) -> (String, String) {
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({"name": "Kim Lee", "email": "kim@example.com", "subject": "Exports are slow",
                    "description": "Exports take minutes.", "severity": severity}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    (
        body["reference"].as_str().unwrap().to_owned(),
        body["token"].as_str().unwrap().to_owned(),
    )
}

async fn worse(app: &TestApp, reference: &str, token: &str, body: Value) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/escalations/{reference}/worse", app.url))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_customer_says_it_got_worse_and_is_rerated_at_once_then_must_wait() {
    let app = spawn_app().await;
    let (reference, token) = raise_with(&app, "S3").await;
    let response = worse(
        &app,
        &reference,
        &token,
        json!({"what_changed": "Now exports fail for the whole team.", "severity": "S2"}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let status: Value = response.json().await.unwrap();
    assert_eq!(status["severity"], "S2");
    assert!(status["guarantee"]["due_at"].is_string(), "{status}");
    let timeline = status["timeline"].to_string();
    assert!(
        timeline.contains("Now exports fail for the whole team."),
        "{timeline}"
    );
    assert!(
        timeline.contains("Exports take minutes."),
        "the customer's own words open the timeline"
    );

    let again = worse(
        &app,
        &reference,
        &token,
        json!({"what_changed": "Still worse.", "severity": "S1"}),
    )
    .await;
    assert_eq!(again.status(), 429);
    let wait: u64 = again.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 3 * 3600 - 60 && wait <= 3 * 3600, "{wait}");
}

#[tokio::test]
async fn everything_down_waits_for_a_person_and_a_report_never_lowers_the_severity() {
    let app = spawn_app().await;
    let (reference, token) = raise_with(&app, "S3").await;
    let response = worse(
        &app,
        &reference,
        &token,
        json!({"what_changed": "Nothing works now.", "severity": "S1"}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let status: Value = response.json().await.unwrap();
    assert_eq!(status["severity"], "S3", "a person confirms S1");
    assert!(status["guarantee"]["text"].as_str().is_some(), "{status}");

    let (other, other_token) = raise_with(&app, "S2").await;
    let lower = worse(
        &app,
        &other,
        &other_token,
        json!({"what_changed": "A bit worse.", "severity": "S4"}),
    )
    .await;
    let status: Value = lower.json().await.unwrap();
    assert_eq!(status["severity"], "S2");
}

#[tokio::test]
async fn bad_reports_are_refused_plainly_and_a_wrong_token_finds_nothing() {
    let app = spawn_app().await;
    let (reference, token) = raise_with(&app, "S3").await;
    let bad = worse(
        &app,
        &reference,
        &token,
        json!({"what_changed": " ", "severity": "S9"}),
    )
    .await;
    assert_eq!(bad.status(), 422);
    let body: Value = bad.json().await.unwrap();
    assert!(body["error"]["field"].is_string(), "{body}");
    let wrong = worse(
        &app,
        &reference,
        "not-the-token",
        json!({"what_changed": "Worse.", "severity": "S2"}),
    )
    .await;
    assert_eq!(wrong.status(), 404);
}

#[tokio::test]
async fn the_status_page_form_reports_it_and_keeps_what_was_typed_on_errors() {
    let app = spawn_app().await;
    let (reference, token) = raise_with(&app, "S4").await;
    let page = app
        .page_text(&format!("/cases/{reference}?token={token}"))
        .await;
    assert!(page.contains("It got worse"));
    let refused = app
        .post_form(
            &format!("/cases/{reference}/worse"),
            &[
                ("token", token.as_str()),
                ("what_changed", "Now <i>nobody</i> can log in"),
                ("severity", ""),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let again = refused.text().await.unwrap();
    assert!(
        again.contains("Now &lt;i&gt;nobody&lt;/i&gt; can log in"),
        "typed text comes back escaped"
    );
    let done = app
        .post_form(
            &format!("/cases/{reference}/worse"),
            &[
                ("token", token.as_str()),
                ("what_changed", "Nobody can log in"),
                ("severity", "S3"),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    let status: Value = app
        .status_json(&reference, &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["severity"], "S3");
}
