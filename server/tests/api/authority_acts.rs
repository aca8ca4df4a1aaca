//! Credits and major incidents: the authority matrix decides who may, the
//! same in the staff API and the console, and the customer never sees them.

use crate::helpers::spawn_app_with_demo;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn an_agent_grants_a_small_credit_but_a_larger_one_is_refused_naming_who_may() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Invoices are late").await;
    let agent = app.staff_token("agent@baton.example").await;
    let path = format!("/staff/cases/{reference}/credits");

    let granted = app
        .api(
            Method::POST,
            &path,
            &agent,
            json!({"amount": 40, "reason": "Two late invoices"}),
        )
        .await;
    assert_eq!(granted.status(), 200, "{}", granted.text().await.unwrap());
    let case: Value = granted.json().await.unwrap();
    assert!(
        case["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "credit_granted" && e["amount"] == 40),
        "{case}"
    );

    let too_much = app
        .api(
            Method::POST,
            &path,
            &agent,
            json!({"amount": "80", "reason": "Still late"}),
        )
        .await;
    assert_eq!(too_much.status(), 403);
    let message = too_much.json::<Value>().await.unwrap()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("up to 50"), "{message}");
    assert!(message.contains("specialist"), "{message}");

    let bad = app
        .api(
            Method::POST,
            &path,
            &agent,
            json!({"amount": 12.5, "reason": ""}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let error = bad.json::<Value>().await.unwrap()["error"].clone();
    assert_eq!(error["field"], "amount", "{error}");

    let status = app
        .status_json(&reference, &token)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !status.contains("credit"),
        "credits are for the team: {status}"
    );

    app.sign_in_as_agent().await;
    let console = app
        .post_form(
            &format!("/staff/cases/{reference}/credits"),
            &[("amount", "500"), ("reason", "Goodwill")],
        )
        .await;
    assert_eq!(console.status(), 403);
    let page = console.text().await.unwrap();
    assert!(page.contains("up to 50"), "the page says why");
    assert!(page.contains("value=\"500\""), "the typed amount is kept");
    let ok = app
        .post_form(
            &format!("/staff/cases/{reference}/credits"),
            &[("amount", "25"), ("reason", "Goodwill")],
        )
        .await;
    assert_eq!(ok.status(), 303);
    let page = app.page_text(&format!("/staff/cases/{reference}")).await;
    assert!(page.contains("Credit of 25 granted: Goodwill"));
}

#[tokio::test]
async fn only_those_with_authority_declare_a_major_incident_and_only_once() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Checkout is down").await;
    let agent = app.staff_token("agent@baton.example").await;
    let manager = app.staff_token("manager@baton.example").await;
    let path = format!("/staff/cases/{reference}/major-incident");
    let body = json!({"summary": "Every checkout fails in the EU"});

    let refused = app.api(Method::POST, &path, &agent, body.clone()).await;
    assert_eq!(refused.status(), 403);
    let message = refused.json::<Value>().await.unwrap()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("declare a major incident"), "{message}");
    assert!(message.contains("manager"), "{message}");

    let blank = app
        .api(Method::POST, &path, &manager, json!({"summary": " "}))
        .await;
    assert_eq!(blank.status(), 422);
    assert_eq!(
        blank.json::<Value>().await.unwrap()["error"]["field"],
        "summary"
    );

    let declared = app.api(Method::POST, &path, &manager, body.clone()).await;
    assert_eq!(declared.status(), 200);
    let case: Value = declared.json().await.unwrap();
    assert!(case["major_incident_at"].is_string(), "{case}");
    let again = app.api(Method::POST, &path, &manager, body).await;
    assert_eq!(again.status(), 409);
    let (status, queue) = app
        .api_json(
            Method::GET,
            "/staff/cases?oversight=major_incident",
            &agent,
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let listed: Vec<&str> = queue["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert_eq!(listed, [reference.as_str()], "only the major incident");
    assert_eq!(queue["cases"][0]["major_incident"], true);

    let status = app
        .status_json(&reference, &token)
        .await
        .text()
        .await
        .unwrap();
    assert!(!status.contains("major"), "{status}");

    app.sign_in_as("manager@baton.example").await;
    let page = app.page_text(&format!("/staff/cases/{reference}")).await;
    assert!(page.contains("Major incident since"));
}

#[tokio::test]
async fn admins_set_credit_limits_in_the_grid_and_the_api() {
    let app = spawn_app_with_demo().await;
    let admin = app.staff_token("admin@baton.example").await;
    app.sign_in_as("admin@baton.example").await;
    let saved = app
        .post_form(
            "/admin/authority",
            &[
                ("close_s1.manager.L1", "on"),
                ("grant_credit.agent.L1", "120"),
                ("grant_credit.agent.L2", ""),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let grants: Value = app
        .api_json(Method::GET, "/admin/authority", &admin, json!({}))
        .await
        .1;
    let grants = grants["grants"].as_array().unwrap().clone();
    assert_eq!(grants.len(), 2, "{grants:?}");
    assert!(
        grants.contains(
            &json!({"power": "grant_credit", "role": "agent", "tier": "L1", "up_to": 120})
        )
    );

    let bad = app
        .post_form("/admin/authority", &[("grant_credit.agent.L1", "lots")])
        .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("whole amount"));

    let missing = app
        .api(
            Method::PUT,
            "/admin/authority",
            &admin,
            json!({"grants": [{"power": "grant_credit", "role": "agent", "tier": "L1"}]}),
        )
        .await;
    assert_eq!(missing.status(), 422);
}
