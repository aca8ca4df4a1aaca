//! Reviews: an S1 case solved is a review due; it is written blameless with
//! a root cause from the taxonomy and actions; a later case like it is
//! flagged on its page as having come back.

use crate::helpers::{TestApp, spawn_app_with_demo};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const MANAGER: &str = "manager@baton.example";

async fn raise_s1(app: &TestApp, email: &str, subject: &str) -> String {
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({"name": "Kim Lee", "email": email, "subject": subject,
                    "description": "Nothing works.", "severity": "S1"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["reference"].as_str().unwrap().to_owned()
}

async fn solve(app: &TestApp, token: &str, reference: &str) {
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("/staff/cases/{reference}/resolution"),
            token,
            json!({"summary": "We turned the payment setting back on."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

/// Whether the `state` queue of reviews lists the case.
async fn listed(app: &TestApp, token: &str, state: &str, reference: &str) -> bool {
    let (status, body) = app
        .api_json(
            Method::GET,
            &format!("/staff/reviews?state={state}"),
            token,
            Value::Null,
        )
        .await;
    assert_eq!(status, 200);
    body["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["reference"] == reference)
}

fn review_body() -> Value {
    json!({
        "summary": "Card payments failed for two hours after a settings change.",
        "impact": "Customers could not pay at checkout.",
        "root_cause": "configuration",
        "factors": ["monitoring_gap"],
        "went_well": "The swarm found the setting within the hour.",
        "went_wrong": "No alert fired on the failed payments.",
        "got_lucky": ""
    })
}

#[tokio::test]
async fn a_solved_s1_case_is_a_review_due_then_written_with_actions() {
    let app = spawn_app_with_demo().await;
    let token = app.staff_token(MANAGER).await;
    let reference = raise_s1(&app, "kim@north.example", "Card payments fail at checkout").await;

    assert!(
        !listed(&app, &token, "due", &reference).await,
        "not before it is solved"
    );

    solve(&app, &token, &reference).await;
    let (status, due) = app
        .api_json(Method::GET, "/staff/reviews?state=due", &token, Value::Null)
        .await;
    assert_eq!(status, 200);
    let entry = due["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["reference"] == reference.as_str())
        .cloned()
        .expect("the S1 case's review is due");
    assert_eq!(entry["reason"], "s1");
    assert_eq!(entry["state"], "due");
    assert!(entry["due_at"].is_string());

    // Blameless: naming a person is refused, with the field.
    let mut blaming = review_body();
    blaming["went_wrong"] = json!("Grace Hopper changed the setting without checking.");
    let (status, refused) = app
        .api_json(
            Method::POST,
            &format!("/staff/reviews/{reference}"),
            &token,
            blaming,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(refused["error"]["field"], "went_wrong");

    let (status, written) = app
        .api_json(
            Method::POST,
            &format!("/staff/reviews/{reference}"),
            &token,
            review_body(),
        )
        .await;
    assert_eq!(status, 200, "{written}");
    assert_eq!(written["item"]["state"], "written");
    assert!(
        written["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().contains("Raised by"))
    );
    assert!(!listed(&app, &token, "due", &reference).await);

    let (status, action) = app
        .api_json(
            Method::POST,
            &format!("/staff/reviews/{reference}/actions"),
            &token,
            json!({"title": "Alert on failed card payments", "owner_email": "ops@baton.example", "due": "2099-01-31"}),
        )
        .await;
    assert_eq!(status, 201, "{action}");
    assert!(
        action["due_label"]
            .as_str()
            .unwrap()
            .starts_with("Sat 31 Jan 2099 (end of the day"),
        "the day it names, not the midnight after: {action}"
    );
    let (status, bad) = app
        .api_json(
            Method::POST,
            &format!("/staff/reviews/{reference}/actions"),
            &token,
            json!({"title": "Something", "owner_email": "stranger@example.com", "due": "2099-01-31"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(bad["error"]["field"], "owner_email");
    let id = action["id"].as_i64().unwrap();
    let (status, done) = app
        .api_json(
            Method::POST,
            &format!("/staff/review-actions/{id}"),
            &token,
            json!({"done": true}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(done["done"], true);

    // A new case like it, from the same account: its page says it came back.
    let again = raise_s1(
        &app,
        "sam@north.example",
        "Checkout: card payments fail again",
    )
    .await;
    app.sign_in_as(MANAGER).await;
    let page = app.page_text(&format!("/staff/cases/{again}")).await;
    assert!(
        page.contains("This may have come back"),
        "the recurrence check"
    );
    assert!(page.contains(&reference));
    assert!(page.contains("1 of its actions done, 0 open."));

    let reviews_page = app.page_text("/staff/reviews?state=written").await;
    assert!(reviews_page.contains(&reference));
    let review_page = app.page_text(&format!("/staff/reviews/{reference}")).await;
    assert!(review_page.contains("Alert on failed card payments"));
}

#[tokio::test]
async fn the_policy_and_taxonomy_are_settings_and_bad_asks_are_refused() {
    let app = spawn_app_with_demo().await;
    let token = app.staff_token(MANAGER).await;
    let ops = app.staff_token("ops@baton.example").await;
    let (status, _) = app
        .api_json(
            Method::GET,
            "/staff/reviews?state=soon",
            &token,
            Value::Null,
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = app
        .api_json(
            Method::GET,
            "/staff/reviews/ESC-ZZZZZZ",
            &token,
            Value::Null,
        )
        .await;
    assert_eq!(status, 404);

    // S1 cases no longer need a review once ops say so.
    let (status, mut settings) = app
        .api_json(Method::GET, "/admin/reviews", &ops, Value::Null)
        .await;
    assert_eq!(status, 200);
    settings["required"]["s1"] = json!(false);
    settings["required"]["sla_breach"] = json!(false);
    let (status, _) = app
        .api_json(Method::PUT, "/admin/reviews", &token, settings.clone())
        .await;
    assert_eq!(status, 403, "managers do not configure");
    let (status, _) = app
        .api_json(Method::PUT, "/admin/reviews", &ops, settings)
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .api_json(
            Method::PUT,
            "/admin/reviews",
            &ops,
            json!({"required": {}, "root_causes": []}),
        )
        .await;
    assert_eq!(status, 422);

    let reference = raise_s1(&app, "kim@north.example", "Exports are blank").await;
    solve(&app, &token, &reference).await;
    assert!(!listed(&app, &token, "all", &reference).await);
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("/staff/reviews/{reference}"),
            &token,
            review_body(),
        )
        .await;
    assert_eq!(status, 404, "no review is asked of this case");
    let (status, body) = app
        .api_json(
            Method::POST,
            "/staff/review-actions/null",
            &token,
            json!({"done": true}),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "not_found");
    let anonymous = app.get("/api/v1/staff/reviews").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn ops_write_the_template_s_guidance_and_the_review_page_shows_it() {
    let app = spawn_app_with_demo().await;
    let token = app.staff_token(MANAGER).await;
    let ops = app.staff_token("ops@baton.example").await;
    let (_, mut settings) = app
        .api_json(Method::GET, "/admin/reviews", &ops, Value::Null)
        .await;
    assert!(
        settings["prompts"]["went_wrong"]
            .as_str()
            .unwrap()
            .contains("never a person"),
        "Baton's own guidance: {settings}"
    );
    settings["prompts"]["impact"] = json!("Which accounts, how many orders lost, for how long.");
    let (status, saved) = app
        .api_json(Method::PUT, "/admin/reviews", &ops, settings.clone())
        .await;
    assert_eq!(status, 200, "{saved}");
    settings["prompts"]["summary"] = json!("bell\u{7}");
    let (status, refused) = app
        .api_json(Method::PUT, "/admin/reviews", &ops, settings)
        .await;
    assert_eq!(status, 422);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("summary")
    );

    let reference = raise_s1(&app, "kim@north.example", "Orders vanish").await;
    solve(&app, &token, &reference).await;
    app.sign_in_as(MANAGER).await;
    let page = app.page_text(&format!("/staff/reviews/{reference}")).await;
    assert!(page.contains("Which accounts, how many orders lost, for how long."));
    assert!(
        page.contains("never a person"),
        "the other parts keep theirs"
    );
}
