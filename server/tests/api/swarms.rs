//! Swarming on a case, through the staff API and the console's forms.

use crate::helpers::{TestApp, location, spawn_app_with_demo};
use app::service::{now, staff_accounts};
use app::store::{outbox, staff};
use reqwest::Response;
use serde_json::{Value, json};

async fn token_for(app: &TestApp, email: &str) -> String {
    staff_accounts::issue_token(&app.portal, email, now())
        .await
        .unwrap()
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> Response {
    app.client
        .post(format!("{}/api/v1/staff/cases{path}", app.url))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn staff_case(app: &TestApp, reference: &str, token: &str) -> Value {
    let response = app
        .client
        .get(format!("{}/api/v1/staff/cases/{reference}", app.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Raises an S1 case through the public API; returns (reference, token).
async fn raise_s1(app: &TestApp) -> (String, String) {
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({
                "name": "Kim Lee", "email": "kim@example.com", "subject": "Checkout is down",
                "description": "No payment goes through.", "severity": "S1"
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    (
        body["reference"].as_str().unwrap().to_owned(),
        body["token"].as_str().unwrap().to_owned(),
    )
}

/// The status and the field or code of an error answer.
async fn refusal(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    let error = &body["error"];
    let what = if error["field"].is_string() {
        error["field"].clone()
    } else {
        error["code"].clone()
    };
    (status, what)
}

async fn alerts_of(app: &TestApp, email: &str) -> Vec<String> {
    let mut conn = app.portal.store.read().await.unwrap();
    let member = staff::find_by_email(&mut conn, email).await.unwrap();
    outbox::for_member(&mut conn, member.staff_id, member.role.code(), 20)
        .await
        .unwrap()
        .into_iter()
        .filter(|n| n.kind == "swarm_member")
        .map(|n| n.message)
        .collect()
}

#[tokio::test]
async fn a_swarm_is_started_joined_written_in_and_closed_through_the_staff_api() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "specialist@baton.example").await;
    let (reference, case_token) = raise_s1(&app).await;

    let before = staff_case(&app, &reference, &token).await;
    assert!(before["swarm"].is_null());
    assert_eq!(before["swarm_suggestion"], "S1 case");

    let started = post(
        &app,
        &format!("/{reference}/swarm"),
        &token,
        json!({"facilitator_email": "manager@baton.example"}),
    )
    .await;
    assert_eq!(started.status(), 201);
    let body: Value = started.json().await.unwrap();
    assert_eq!(body["swarm"]["open"], true);
    assert_eq!(body["swarm"]["facilitator"]["name"], "Grace Hopper");
    assert_eq!(body["swarm"]["started_by"], "Alan Turing");
    assert!(body["swarm_suggestion"].is_null());
    let event = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "swarm_started")
        .unwrap();
    assert_eq!(event["public"], false);
    assert_eq!(event["facilitator"], "Grace Hopper");
    assert_eq!(alerts_of(&app, "manager@baton.example").await.len(), 1);

    let joined = post(
        &app,
        &format!("/{reference}/swarm/members"),
        &token,
        json!({"email": "agent@baton.example"}),
    )
    .await;
    assert_eq!(joined.status(), 201);
    let body: Value = joined.json().await.unwrap();
    let members: Vec<_> = body["swarm"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(members, ["Grace Hopper", "Alan Turing", "Ada Lovelace"]);
    let pulled_in = alerts_of(&app, "agent@baton.example").await;
    assert_eq!(pulled_in.len(), 1);
    assert!(pulled_in[0].contains(&format!("pulled into the swarm on case {reference}")));

    for (kind, text) in [
        ("note", "Gateway answers 502"),
        ("decision", "Roll back 4.2"),
    ] {
        let written = post(
            &app,
            &format!("/{reference}/swarm/entries"),
            &token,
            json!({"kind": kind, "body": text}),
        )
        .await;
        assert_eq!(written.status(), 201);
    }

    let closed = post(
        &app,
        &format!("/{reference}/swarm/closure"),
        &token,
        json!({"summary": "Rolled back 4.2; payments flow again"}),
    )
    .await;
    assert_eq!(closed.status(), 200);
    let body: Value = closed.json().await.unwrap();
    let swarm = &body["swarm"];
    assert_eq!(swarm["open"], false);
    assert_eq!(swarm["entries"][0]["kind"], "note");
    assert_eq!(swarm["entries"][1]["body"], "Roll back 4.2");
    assert_eq!(swarm["entries"][1]["author"], "Alan Turing");
    assert_eq!(
        swarm["closure"]["summary"],
        "Rolled back 4.2; payments flow again"
    );
    assert_eq!(swarm["closure"]["minutes_in_swarm"], 0);
    assert_eq!(swarm["closure"]["time_in_swarm"], "0 min");
    let closing = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "swarm_closed")
        .unwrap();
    assert_eq!(closing["public"], false);
    assert_eq!(closing["minutes"], 0);

    let seen = app.status_json(&reference, &case_token).await;
    let text = seen.text().await.unwrap();
    for secret in ["swarm", "Rolled back", "Grace Hopper"] {
        assert!(!text.contains(secret), "the customer sees {secret}");
    }
}

#[tokio::test]
async fn the_staff_api_refuses_bad_swarm_input_and_conflicts() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "specialist@baton.example").await;
    let (reference, _) = app.raise("Invoices are wrong").await;
    let swarm = |path: &str| format!("/{reference}/swarm{path}");

    let unknown = post(
        &app,
        &swarm(""),
        &token,
        json!({"facilitator_email": "who@example.com"}),
    )
    .await;
    assert_eq!(refusal(unknown).await, (422, json!("facilitator_email")));
    let before_start = post(
        &app,
        &swarm("/entries"),
        &token,
        json!({"kind": "note", "body": "x"}),
    )
    .await;
    assert_eq!(refusal(before_start).await, (409, json!("conflict")));
    let missing = post(&app, "/ESC-AAAAAA/swarm", &token, json!({})).await;
    assert_eq!(refusal(missing).await, (404, json!("not_found")));
    let anonymous = app
        .client
        .post(format!("{}/api/v1/staff/cases{}", app.url, swarm("")))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    assert_eq!(
        post(&app, &swarm(""), &token, json!({})).await.status(),
        201
    );
    let again = post(&app, &swarm(""), &token, json!({})).await;
    assert_eq!(refusal(again).await, (409, json!("conflict")));

    let no_email = post(&app, &swarm("/members"), &token, json!({"email": ""})).await;
    assert_eq!(refusal(no_email).await, (422, json!("email")));
    let stranger = post(
        &app,
        &swarm("/members"),
        &token,
        json!({"email": "who@example.com"}),
    )
    .await;
    assert_eq!(refusal(stranger).await, (422, json!("email")));
    let already = post(
        &app,
        &swarm("/members"),
        &token,
        json!({"email": "specialist@baton.example"}),
    )
    .await;
    assert_eq!(refusal(already).await, (409, json!("conflict")));

    let bad_kind = post(
        &app,
        &swarm("/entries"),
        &token,
        json!({"kind": "vote", "body": "x"}),
    )
    .await;
    assert_eq!(refusal(bad_kind).await, (422, json!("kind")));
    let empty = post(
        &app,
        &swarm("/entries"),
        &token,
        json!({"kind": "note", "body": "  "}),
    )
    .await;
    assert_eq!(refusal(empty).await, (422, json!("body")));
    let long = post(
        &app,
        &swarm("/entries"),
        &token,
        json!({"kind": "decision", "body": "x".repeat(4_001)}),
    )
    .await;
    assert_eq!(refusal(long).await, (422, json!("body")));
    let no_summary = post(&app, &swarm("/closure"), &token, json!({"summary": ""})).await;
    assert_eq!(refusal(no_summary).await, (422, json!("summary")));

    let closed = post(
        &app,
        &swarm("/closure"),
        &token,
        json!({"summary": "Fixed"}),
    )
    .await;
    assert_eq!(closed.status(), 200);
    for (path, body) in [
        ("/entries", json!({"kind": "note", "body": "late"})),
        ("/members", json!({"email": "agent@baton.example"})),
        ("/closure", json!({"summary": "again"})),
    ] {
        let late = post(&app, &swarm(path), &token, body).await;
        assert_eq!(refusal(late).await, (409, json!("conflict")), "{path}");
    }
}

#[tokio::test]
async fn a_closed_case_takes_no_swarm() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "agent@baton.example").await;
    let (reference, case_token) = app.raise("Exports fail").await;
    let solved = post(
        &app,
        &format!("/{reference}/resolution"),
        &token,
        json!({"summary": "We fixed exports."}),
    )
    .await;
    assert_eq!(solved.status(), 200);
    let confirmed = app
        .client
        .post(format!(
            "{}/api/v1/escalations/{reference}/confirmation",
            app.url
        ))
        .bearer_auth(&case_token)
        .json(&json!({"resolved": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), 200);
    let refused = post(&app, &format!("/{reference}/swarm"), &token, json!({})).await;
    assert_eq!(refusal(refused).await, (409, json!("conflict")));
}

#[tokio::test]
async fn the_console_runs_a_swarm_with_forms_and_keeps_what_was_typed_on_errors() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = raise_s1(&app).await;
    app.sign_in_as("specialist@baton.example").await;
    let page = format!("/staff/cases/{reference}");
    let html = app.get(&page).await.text().await.unwrap();
    assert!(html.contains("Swarm suggested: "));
    assert!(html.contains("S1 case"));
    assert!(html.contains("Start a swarm"));

    let typo = app
        .post_form(
            &format!("{page}/swarm"),
            &[("facilitator_email", "nobody@baton.example")],
        )
        .await;
    assert_eq!(typo.status(), 422);
    let html = typo.text().await.unwrap();
    assert!(html.contains("No member of staff has that email."));
    assert!(
        html.contains("nobody@baton.example"),
        "the typed value stays"
    );

    let started = app
        .post_form(&format!("{page}/swarm"), &[("facilitator_email", "")])
        .await;
    assert_eq!(started.status(), 303);
    assert_eq!(location(&started), format!("{page}#swarm"));
    let joined = app
        .post_form(
            &format!("{page}/swarm/members"),
            &[("email", "manager@baton.example")],
        )
        .await;
    assert_eq!(joined.status(), 303);
    for (kind, body) in [
        ("note", "Gateway answers 502"),
        ("decision", "Roll back 4.2"),
    ] {
        let written = app
            .post_form(
                &format!("{page}/swarm/entries"),
                &[("kind", kind), ("body", body)],
            )
            .await;
        assert_eq!(written.status(), 303);
    }
    let html = app.get(&page).await.text().await.unwrap();
    assert!(html.contains("Grace Hopper"));
    assert!(html.contains("Gateway answers 502"));
    assert!(html.contains("Roll back 4.2"));
    assert!(
        !html.contains("Swarm suggested: "),
        "no suggestion while one is open"
    );

    let empty = app
        .post_form(&format!("{page}/swarm/closure"), &[("summary", " ")])
        .await;
    assert_eq!(empty.status(), 422);
    let closed = app
        .post_form(
            &format!("{page}/swarm/closure"),
            &[("summary", "Rolled back 4.2; payments flow again")],
        )
        .await;
    assert_eq!(closed.status(), 303);
    let html = app.get(&page).await.text().await.unwrap();
    assert!(html.contains("Rolled back 4.2; payments flow again"));
    assert!(html.contains("Time in swarm: "));
    assert!(html.contains("Swarm closed after 0 min"), "in the history");

    let late = app
        .post_form(
            &format!("{page}/swarm/entries"),
            &[("kind", "note"), ("body", "One more thing")],
        )
        .await;
    assert_eq!(late.status(), 409);
    let html = late.text().await.unwrap();
    assert!(html.contains("There is no open swarm on this case"));
}
