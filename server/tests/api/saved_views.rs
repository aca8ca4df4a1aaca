//! Saved queue views and the owner filter: a member names the filters they
//! use ("my breached", "L2 unassigned"), opens them again with one click, and
//! sees only their own.

use crate::helpers::{TestApp, spawn_app_with_settings};
use reqwest::Method;
use serde_json::{Value, json};

const AGENT: &str = "agent@baton.example";
const SPECIALIST: &str = "specialist@baton.example";

async fn references(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let (status, body) = app
        .api_json(
            Method::GET,
            &format!("/staff/cases?{query}"),
            token,
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_owner_filter_shows_my_cases_or_nobody_s() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let agent = app.staff_token(AGENT).await;
    let (mine, _) = app.raise("Mine to fix").await;
    let (loose, _) = app.raise("Nobody has it").await;
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("/staff/cases/{mine}/assignment"),
            &agent,
            json!({"email": AGENT}),
        )
        .await;
    assert_eq!(status, 200);
    let my = references(&app, &agent, "owner=me").await;
    assert!(my.contains(&mine) && !my.contains(&loose));
    let nobody = references(&app, &agent, "owner=nobody").await;
    assert!(nobody.contains(&loose) && !nobody.contains(&mine));
    let specialist = app.staff_token(SPECIALIST).await;
    assert!(
        !references(&app, &specialist, "owner=me")
            .await
            .contains(&mine)
    );
    let (status, refused) = app
        .api_json(
            Method::GET,
            "/staff/cases?owner=everyone",
            &agent,
            Value::Null,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(refused["error"]["field"], "owner");
}

#[tokio::test]
async fn a_member_saves_views_and_sees_only_their_own() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let agent = app.staff_token(AGENT).await;
    let (status, saved) = app
        .api_json(
            Method::POST,
            "/staff/views",
            &agent,
            json!({"name": "L2 unassigned", "filters": {"tier": "L2", "owner": "nobody", "q": "  "}}),
        )
        .await;
    assert_eq!(status, 201, "{saved}");
    assert_eq!(saved["href"], "/staff?tier=L2&owner=nobody");
    let (status, refused) = app
        .api_json(
            Method::POST,
            "/staff/views",
            &agent,
            json!({"name": "Bad", "filters": {"tier": "L9"}}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(refused["error"]["field"], "tier");
    let specialist = app.staff_token(SPECIALIST).await;
    let (_, theirs) = app
        .api_json(Method::GET, "/staff/views", &specialist, Value::Null)
        .await;
    assert_eq!(theirs["views"], json!([]), "a view is its owner's own");
    let id = saved["id"].as_i64().unwrap();
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("/staff/views/{id}/removal"),
            &specialist,
            Value::Null,
        )
        .await;
    assert_eq!(status, 404, "another member's view looks missing");

    // In the browser: the queue lists the view, saves the filters shown,
    // and removes a view.
    app.sign_in_as(AGENT).await;
    let page = app.page_text("/staff").await;
    assert!(
        page.contains("href=\"/staff?tier=L2&amp;owner=nobody\""),
        "the view is a link"
    );
    let response = app
        .post_form(
            "/staff/views",
            &[
                ("name", "My breached"),
                ("owner", "me"),
                ("sla", "breached"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        crate::helpers::location(&response),
        "/staff?sla=breached&owner=me"
    );
    let (_, mine) = app
        .api_json(Method::GET, "/staff/views", &agent, Value::Null)
        .await;
    let names: Vec<&str> = mine["views"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["L2 unassigned", "My breached"]);
    let response = app
        .post_form(&format!("/staff/views/{id}/removal"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let (_, after) = app
        .api_json(Method::GET, "/staff/views", &agent, Value::Null)
        .await;
    assert_eq!(after["views"].as_array().unwrap().len(), 1);
    let unnamed = app
        .post_form("/staff/views", &[("name", " "), ("tier", "L1")])
        .await;
    assert_eq!(unnamed.status(), 422);
    assert!(unnamed.text().await.unwrap().contains("Name the view"));
}

#[tokio::test]
async fn filters_that_are_not_an_object_are_refused() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let agent = app.staff_token(AGENT).await;
    for filters in [json!([null, null]), json!("tier=L2"), json!({"tier": 5})] {
        let (status, body) = app
            .api_json(
                Method::POST,
                "/staff/views",
                &agent,
                json!({"name": "Odd", "filters": filters}),
            )
            .await;
        assert_eq!(status, 422, "{filters}: {body}");
    }
    let ops = app.staff_token("ops@baton.example").await;
    let (status, _) = app
        .api_json(
            Method::PUT,
            "/admin/risk-signals",
            &ops,
            json!({"signals": [], "extra": 42}),
        )
        .await;
    assert_eq!(status, 422, "unknown fields are refused");
}
