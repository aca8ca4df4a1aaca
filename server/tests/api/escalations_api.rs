use crate::helpers::{spawn_app, spawn_app_with_demo};
use serde_json::{Value, json};

#[tokio::test]
async fn raising_a_case_returns_its_private_link_and_guarantee() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({"name": "Kim", "email": "kim@example.com", "subject": "Down", "description": "All down", "severity": "S1"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let reference = body["reference"].as_str().unwrap();
    let token = body["token"].as_str().unwrap();
    assert!(
        reference.starts_with("ESC-") && reference.len() == 10,
        "{reference}"
    );
    assert!(token.len() >= 32);
    assert_eq!(
        body["status_url"],
        format!("{}/cases/{reference}?token={token}", app.url)
    );
    assert_eq!(body["guarantee"]["kind"], "first_reply");
    let due: jiff::Timestamp = body["guarantee"]["due_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let minutes = (due.as_second() - jiff::Timestamp::now().as_second()) / 60;
    assert!(
        (28..=30).contains(&minutes),
        "S1 promises a reply within 30 minutes, got {minutes}"
    );
}

#[tokio::test]
async fn severity_is_optional_over_the_api() {
    let app = spawn_app().await;
    let response = app
        .post_json("/api/v1/escalations", &json!({"name": "Kim", "email": "kim@example.com", "subject": "Q", "description": "How?"}))
        .await;
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn following_a_case_needs_its_token_and_a_wrong_one_looks_like_a_missing_case() {
    let app = spawn_app().await;
    let (reference, token) = app.raise("Reports are slow").await;

    let ok = app.status_json(&reference, &token).await;
    assert_eq!(ok.status(), 200);
    let body: Value = ok.json().await.unwrap();
    assert_eq!(body["reference"], reference.as_str());
    assert_eq!(body["stage"], "received");
    assert_eq!(body["guarantee"]["kind"], "first_reply");
    assert_eq!(body["timeline"][0]["kind"], "created");

    let wrong = app
        .status_json(&reference, "0123456789abcdef0123456789abcdef01234567")
        .await;
    let missing = app.status_json("ESC-ZZZZZZ", &token).await;
    let no_token = app
        .client
        .get(format!("{}/api/v1/escalations/{reference}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);
    assert_eq!(missing.status(), 404);
    assert_eq!(no_token.status(), 404);
    let wrong_body = wrong.text().await.unwrap();
    assert_eq!(wrong_body, missing.text().await.unwrap());
    assert_eq!(wrong_body, no_token.text().await.unwrap());
    assert!(wrong_body.contains("\"code\":\"not_found\""));
}

#[tokio::test]
async fn a_missing_field_is_named_in_a_422() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({"name": "Kim", "email": "not-an-email", "subject": "x", "description": "y"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_input");
    assert_eq!(body["error"]["field"], "email");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("email address")
    );
}

#[tokio::test]
async fn malformed_requests_get_json_errors() {
    let app = spawn_app().await;
    let url = format!("{}/api/v1/escalations", app.url);
    let bad_json = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_json.status(), 400);
    assert_eq!(
        bad_json.json::<Value>().await.unwrap()["error"]["code"],
        "bad_request"
    );

    let not_json = app
        .client
        .post(&url)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 415);

    let huge = json!({"name": "Kim", "email": "kim@example.com", "subject": "x", "description": "a".repeat(1_100_000)});
    let too_large = app.post_json("/api/v1/escalations", &huge).await;
    assert_eq!(too_large.status(), 413);
    assert_eq!(
        too_large.json::<Value>().await.unwrap()["error"]["code"],
        "too_large"
    );

    let unknown = app.get("/api/v1/nothing-here").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        unknown.json::<Value>().await.unwrap()["error"]["code"],
        "not_found"
    );
}

#[tokio::test]
async fn confirming_before_the_case_is_solved_is_a_conflict() {
    let app = spawn_app().await;
    let (reference, token) = app.raise("Sync stops").await;
    let response = app
        .client
        .post(format!(
            "{}/api/v1/escalations/{reference}/confirmation",
            app.url
        ))
        .bearer_auth(&token)
        .json(&json!({"resolved": true, "rating": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"]["code"],
        "conflict"
    );
}

#[tokio::test]
async fn confirming_resolution_closes_the_case() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Exports fail").await;
    app.sign_in_as_agent().await;
    let solved = app
        .post_form(
            &format!("/staff/cases/{reference}/resolution"),
            &[("summary", "We fixed exports.")],
        )
        .await;
    assert_eq!(solved.status(), 303);

    let confirm = |body: Value| {
        app.client
            .post(format!(
                "{}/api/v1/escalations/{reference}/confirmation",
                app.url
            ))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let bad_rating = confirm(json!({"resolved": true, "rating": 7}))
        .await
        .unwrap();
    assert_eq!(bad_rating.status(), 422);
    assert_eq!(
        bad_rating.json::<Value>().await.unwrap()["error"]["field"],
        "rating"
    );

    let response = confirm(json!({"resolved": true, "rating": 5, "comment": "Thanks!"}))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["stage"], "closed");
    assert!(body["guarantee"].is_null());
    assert_eq!(body["timeline"][0]["kind"], "confirmed");
    assert_eq!(body["timeline"][0]["body"], "Thanks!");
}

#[tokio::test]
async fn saying_it_is_still_a_problem_reopens_the_case() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Login loops").await;
    app.sign_in_as_agent().await;
    app.post_form(
        &format!("/staff/cases/{reference}/resolution"),
        &[("summary", "Cleared sessions.")],
    )
    .await;
    let response = app
        .client
        .post(format!(
            "{}/api/v1/escalations/{reference}/confirmation",
            app.url
        ))
        .bearer_auth(&token)
        .json(&json!({"resolved": false, "reason": "It loops again"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["stage"], "reopened");
    assert_eq!(body["guarantee"]["kind"], "first_reply");
}
