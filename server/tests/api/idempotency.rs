//! Idempotency-Key on POST /api/v1/escalations: retries never make a second case.

use crate::helpers::{TestApp, spawn_app};
use reqwest::Response;
use serde_json::{Value, json};

fn request(subject: &str) -> Value {
    json!({
        "name": "Kim Lee", "email": "kim@example.com", "subject": subject,
        "description": "Nothing loads.", "severity": "S2"
    })
}

async fn raise_with_key(app: &TestApp, key: &str, body: &Value) -> Response {
    app.client
        .post(format!("{}/api/v1/escalations", app.url))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn case_count(app: &TestApp) -> i64 {
    let mut conn = app.portal.store.read().await.unwrap();
    app::store::cases::count(&mut conn).await.unwrap()
}

#[tokio::test]
async fn a_replay_with_the_same_key_returns_the_first_answer() {
    let app = spawn_app().await;
    let first = raise_with_key(&app, "order-42", &request("Checkout fails")).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = raise_with_key(&app, "order-42", &request("Checkout fails")).await;
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(
        first, again,
        "the same reference, token, link and guarantee"
    );
    assert_eq!(first["token"].as_str().unwrap().len(), 40);
    assert_eq!(case_count(&app).await, 1);

    let status_url = first["status_url"].as_str().unwrap();
    let page = app.client.get(status_url).send().await.unwrap();
    assert_eq!(page.status(), 200, "the replayed link opens the case");
    let reference = first["reference"].as_str().unwrap();
    let token = again["token"].as_str().unwrap();
    assert_eq!(app.status_json(reference, token).await.status(), 200);
}

#[tokio::test]
async fn the_same_key_with_a_different_body_is_refused() {
    let app = spawn_app().await;
    let first = raise_with_key(&app, "order-43", &request("Checkout fails")).await;
    assert_eq!(first.status(), 201);
    let other = raise_with_key(&app, "order-43", &request("Something else")).await;
    assert_eq!(other.status(), 422);
    let error: Value = other.json().await.unwrap();
    assert_eq!(error["error"]["code"], "idempotency_key_reused");
    assert_eq!(case_count(&app).await, 1);
}

#[tokio::test]
async fn the_same_body_in_another_layout_is_still_the_same_request() {
    let app = spawn_app().await;
    let first = raise_with_key(&app, "layout", &request("Checkout fails")).await;
    let reordered = app
        .client
        .post(format!("{}/api/v1/escalations", app.url))
        .header("Idempotency-Key", "layout")
        .header("content-type", "application/json")
        .body(
            r#"{ "severity": "S2", "description": "Nothing loads.", "subject": "Checkout fails",
                   "email": "kim@example.com", "name": "Kim Lee" }"#,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(reordered.status(), 201);
    assert_eq!(
        first.json::<Value>().await.unwrap(),
        reordered.json::<Value>().await.unwrap()
    );
}

#[tokio::test]
async fn ten_concurrent_identical_calls_make_one_case_and_get_one_answer() {
    let app = spawn_app().await;
    let body = request("Everything is down");
    let calls = (0..10).map(|_| raise_with_key(&app, "burst-1", &body));
    let responses = futures_util::future::join_all(calls).await;
    let mut answers = Vec::new();
    for response in responses {
        assert_eq!(response.status(), 201);
        answers.push(response.json::<Value>().await.unwrap());
    }
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:#?}");
    assert_eq!(case_count(&app).await, 1);
}

#[tokio::test]
async fn a_retry_raised_with_new_cases_replays_and_the_new_cases_are_raised() {
    let app = spawn_app().await;
    let body = request("Everything is down");
    let first: Value = raise_with_key(&app, "retry-1", &body)
        .await
        .json()
        .await
        .unwrap();
    // The retry and the new cases come at once, so they share a group.
    let other = request("Something else");
    let retry = raise_with_key(&app, "retry-1", &body);
    let reused = raise_with_key(&app, "retry-1", &other);
    let app = &app;
    let new = (0..6).map(|n| async move {
        let body = request(&format!("New problem {n}"));
        if n % 2 == 0 {
            raise_with_key(app, &format!("new-{n}"), &body).await
        } else {
            app.client
                .post(format!("{}/api/v1/escalations", app.url))
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    });
    let (retry, reused, new) = tokio::join!(retry, reused, futures_util::future::join_all(new));
    assert_eq!(retry.status(), 201);
    assert_eq!(retry.json::<Value>().await.unwrap(), first);
    assert_eq!(reused.status(), 422);
    let mut references = std::collections::HashSet::new();
    for response in new {
        assert_eq!(response.status(), 201);
        let answer: Value = response.json().await.unwrap();
        assert_ne!(answer["reference"], first["reference"]);
        references.insert(answer["reference"].to_string());
    }
    assert_eq!(references.len(), 6, "six cases of their own");
    assert_eq!(case_count(app).await, 7);
}

#[tokio::test]
async fn without_a_key_every_call_is_a_new_case() {
    let app = spawn_app().await;
    let (first, _) = app.raise("Checkout fails").await;
    let (second, _) = app.raise("Checkout fails").await;
    assert_ne!(first, second);
    assert_eq!(case_count(&app).await, 2);
}

#[tokio::test]
async fn a_malformed_key_is_a_bad_request() {
    let app = spawn_app().await;
    for key in ["has space", &"k".repeat(256)] {
        let response = raise_with_key(&app, key, &request("Checkout fails")).await;
        assert_eq!(response.status(), 400, "{key:?}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], "invalid_idempotency_key");
    }
    assert_eq!(case_count(&app).await, 0);
}

#[tokio::test]
async fn an_invalid_body_is_not_recorded_so_a_fixed_retry_works() {
    let app = spawn_app().await;
    let bad = json!({"name": "Kim", "email": "nope", "subject": "x", "description": "y"});
    let refused = raise_with_key(&app, "fix-me", &bad).await;
    assert_eq!(refused.status(), 422);
    let fixed = raise_with_key(&app, "fix-me", &request("Checkout fails")).await;
    assert_eq!(fixed.status(), 201);
}

#[tokio::test]
async fn two_callers_with_the_same_key_get_their_own_cases() {
    let app = spawn_app().await;
    let kims = request("Checkout fails");
    let mut sams = request("Checkout fails");
    sams["email"] = json!("sam@example.org");
    let first = raise_with_key(&app, "shared-key-1", &kims).await;
    let second = raise_with_key(&app, "shared-key-1", &sams).await;
    assert_eq!(first.status(), 201);
    assert_eq!(second.status(), 201, "not refused as a reused key");
    let first: Value = first.json().await.unwrap();
    let second: Value = second.json().await.unwrap();
    assert_ne!(first["reference"], second["reference"]);
    assert_ne!(first["token"], second["token"]);
    assert_eq!(case_count(&app).await, 2);
}
