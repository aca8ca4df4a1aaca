//! Phone calls staff log for a caller, from the console and the staff API.

use crate::helpers::{location, spawn_app, spawn_app_with_demo};
use app::domain::{Actor, Channel, EventKind};
use app::service::{now, staff_accounts, staff_desk};
use serde_json::{Value, json};

const CALL: [(&str, &str); 5] = [
    ("name", "Ada Caller"),
    ("email", "ada@example.com"),
    ("subject", "Invoices are missing"),
    ("description", "She says the March invoices never arrived."),
    ("severity", "S3"),
];

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in_and_log_nothing() {
    let app = spawn_app().await;
    let page = app.get("/staff/calls/new").await;
    assert_eq!(page.status(), 303);
    assert_eq!(location(&page), "/staff/sign-in");
    let post = app.post_form("/staff/calls", &CALL).await;
    assert_eq!(post.status(), 303);
    assert_eq!(location(&post), "/staff/sign-in");
    let open = staff_desk::queue_filtered(&app.portal, &Default::default(), now())
        .await
        .unwrap();
    assert!(open.is_empty(), "no case was raised");
}

#[tokio::test]
async fn the_queue_links_to_the_call_form() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as_agent().await;
    let queue = app.get("/staff").await.text().await.unwrap();
    assert!(queue.contains("href=\"/staff/calls/new\""));
    let page = app.get("/staff/calls/new").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("What the caller said"));
}

#[tokio::test]
async fn a_call_with_a_bad_field_comes_back_with_what_was_typed() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as_agent().await;
    let mut call = CALL;
    call[1] = ("email", "ada-at-example");
    call[4] = ("severity", "");
    let response = app.post_form("/staff/calls", &call).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("value=\"ada-at-example\""),
        "typed email kept"
    );
    assert!(html.contains("value=\"Ada Caller\""));
    assert!(html.contains("She says the March invoices never arrived."));
    assert!(html.contains("Please tell us how bad this is for you."));
    assert!(html.contains("field-invalid"));
}

#[tokio::test]
async fn a_logged_call_is_a_phone_case_with_a_note_of_who_took_it() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as_agent().await;
    let response = app.post_form("/staff/calls", &CALL).await;
    assert_eq!(response.status(), 303);
    let page = location(&response);
    let reference = page
        .strip_prefix("/staff/cases/")
        .expect("the staff case page");
    let (case, events) = staff_desk::case_record(&app.portal, reference)
        .await
        .unwrap();
    assert_eq!(case.channel, Channel::Phone);
    assert_eq!(case.customer_email, "ada@example.com");
    let note = events
        .iter()
        .find_map(|e| match (&e.kind, &e.actor) {
            (EventKind::InternalNote { body }, Actor::Staff { .. }) => Some(body.clone()),
            _ => None,
        })
        .expect("an internal note by staff");
    assert_eq!(note, "Logged from a phone call by Ada Lovelace.");
    let staff_page = app.get(&page).await;
    assert_eq!(staff_page.status(), 200);
    assert!(
        staff_page
            .text()
            .await
            .unwrap()
            .contains("Logged from a phone call by Ada Lovelace.")
    );
}

#[tokio::test]
async fn the_staff_api_logs_a_call_and_answers_with_the_reference() {
    let app = spawn_app_with_demo().await;
    let token = staff_accounts::issue_token(&app.portal, "agent@baton.example", now())
        .await
        .unwrap();
    let post = |body: Value| {
        app.client
            .post(format!("{}/api/v1/staff/calls", app.url))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let created = post(json!({
        "name": "Ada Caller", "email": "ada@example.com", "subject": "Invoices are missing",
        "description": "Never arrived.", "severity": "S2"
    }))
    .await
    .unwrap();
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    let reference = body["reference"].as_str().unwrap();
    let (case, _) = staff_desk::case_record(&app.portal, reference)
        .await
        .unwrap();
    assert_eq!(case.channel, Channel::Phone);

    let invalid = post(json!({"name": "Ada", "email": "nope"})).await.unwrap();
    assert_eq!(invalid.status(), 422);
    let anonymous = app
        .client
        .post(format!("{}/api/v1/staff/calls", app.url))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}
