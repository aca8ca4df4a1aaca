//! The jargon list: edited by ops on a page or through the admin API, and
//! used by every template preview at once.

use crate::helpers::{TestApp, spawn_app_with_demo};
use app::service::{now, staff_accounts};
use reqwest::Response;
use serde_json::{Value, json};

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    email: &str,
    body: Value,
) -> Response {
    let token = staff_accounts::issue_token(&app.portal, email, now())
        .await
        .unwrap();
    app.client
        .request(method, format!("{}/api/v1/admin{path}", app.url))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn jargon_warnings(app: &TestApp, source: &str) -> Vec<String> {
    let preview: Value = call(
        app,
        reqwest::Method::POST,
        "/templates/preview",
        "ops@baton.example",
        json!({"kind": "public_update", "channel": "email_body", "source": source}),
    )
    .await
    .json()
    .await
    .unwrap();
    preview["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "jargon")
        .map(|w| w["message"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn ops_edit_the_list_on_the_page_and_previews_use_it_at_once() {
    let app = spawn_app_with_demo().await;
    let source =
        "We fixed your ticket and the synergy is back. We'll write again by {{ due_time }}.";
    let before = jargon_warnings(&app, source).await;
    assert!(before.iter().any(|w| w.contains("ticket")), "{before:?}");
    assert!(!before.iter().any(|w| w.contains("synergy")));

    app.sign_in_as("ops@baton.example").await;
    let page = app.get("/ops/jargon").await.text().await.unwrap();
    assert!(
        page.contains("ticket -&gt; your case") || page.contains("ticket -> your case"),
        "the default list"
    );

    let broken = app
        .post_form("/ops/jargon", &[("source", "SLA\n -> our promise")])
        .await;
    assert_eq!(broken.status(), 422);
    let text = broken.text().await.unwrap();
    assert!(text.contains("Line 2"), "names the line");
    assert!(text.contains("SLA"), "keeps what was typed");

    let saved = app
        .post_form(
            "/ops/jargon",
            &[("source", "# ours\nsynergy -> working together\n")],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let after = jargon_warnings(&app, source).await;
    assert!(
        after
            .iter()
            .any(|w| w.contains("synergy") && w.contains("working together")),
        "{after:?}"
    );
    assert!(
        !after.iter().any(|w| w.contains("ticket")),
        "no longer on the list: {after:?}"
    );
}

#[tokio::test]
async fn the_admin_api_reads_and_replaces_the_list_and_agents_may_not() {
    let app = spawn_app_with_demo().await;
    let current: Value = call(
        &app,
        reqwest::Method::GET,
        "/jargon",
        "ops@baton.example",
        json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(
        current["words"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["term"] == "SLA")
    );

    let bad = call(
        &app,
        reqwest::Method::PUT,
        "/jargon",
        "ops@baton.example",
        json!({"source": "a\nA"}),
    )
    .await;
    assert_eq!(bad.status(), 422);
    let error = bad.json::<Value>().await.unwrap()["error"].clone();
    assert!(
        error["message"].as_str().unwrap().starts_with("Line 2"),
        "{error}"
    );

    let put = call(
        &app,
        reqwest::Method::PUT,
        "/jargon",
        "admin@baton.example",
        json!({"source": "KPI -> how we measure"}),
    )
    .await;
    assert_eq!(put.status(), 200);
    let words = put.json::<Value>().await.unwrap()["words"].clone();
    assert_eq!(words, json!([{"term": "KPI", "instead": "how we measure"}]));

    let agent = call(
        &app,
        reqwest::Method::PUT,
        "/jargon",
        "agent@baton.example",
        json!({"source": "x"}),
    )
    .await;
    assert_eq!(agent.status(), 403);
}
