use crate::helpers::{location, spawn_app_with_demo};
use serde_json::{Value, json};

const POLICIES: &str = "warn_at_percent = 75\n[severity.S2]\nfirst_response = 10\nnext_update = 60\nresolution = 600\n";

#[tokio::test]
async fn ops_change_the_policies_and_the_next_case_gets_the_new_promise() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    let page = app.get("/ops/sla").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("[severity.S1]") && html.contains("timezone = "),
        "both sources are shown"
    );

    let saved = app
        .post_form("/ops/sla/policies", &[("source", POLICIES)])
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), "/ops/sla#policies");

    let raised = app
        .post_json("/api/v1/escalations", &json!({"name": "Kim", "email": "kim@example.com", "subject": "x", "description": "y", "severity": "S2"}))
        .await;
    let body: Value = raised.json().await.unwrap();
    let due: jiff::Timestamp = body["guarantee"]["due_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let minutes = (due.as_second() - jiff::Timestamp::now().as_second()) / 60;
    assert!(
        (8..=10).contains(&minutes),
        "the new 10-minute target applies at once, got {minutes}"
    );

    let export = app.get("/ops/sla/policies.toml").await;
    assert_eq!(export.status(), 200);
    assert!(
        export.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("baton-policies.toml")
    );
    assert!(export.text().await.unwrap().contains("first_response = 10"));
}

#[tokio::test]
async fn a_calendar_with_a_mistake_is_refused_naming_the_line_and_nothing_changes() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    let before = app
        .get("/ops/sla/calendar.toml")
        .await
        .text()
        .await
        .unwrap();
    let broken = "timezone = \"Europe/Berlin\"\n[hours]\nmon = [\"17:00-09:00\"]\n";
    let refused = app
        .post_form("/ops/sla/calendar", &[("source", broken)])
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Line 3: hours.mon[0]"),
        "the error names the line"
    );
    assert!(html.contains("17:00-09:00"), "what was typed is kept");
    assert_eq!(
        app.get("/ops/sla/calendar.toml")
            .await
            .text()
            .await
            .unwrap(),
        before
    );

    let good = "timezone = \"Europe/Berlin\"\nholidays = [\"2026-12-24\"]\n[hours]\nmon = [\"09:00-17:00\"]\n";
    assert_eq!(
        app.post_form("/ops/sla/calendar", &[("source", good)])
            .await
            .status(),
        303
    );
    assert_eq!(
        app.get("/ops/sla/calendar.toml")
            .await
            .text()
            .await
            .unwrap(),
        good,
        "import and export round-trip"
    );
}

#[tokio::test]
async fn only_ops_and_admins_change_sla_settings() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("agent@baton.example").await;
    assert_eq!(app.get("/ops/sla").await.status(), 403);
    assert_eq!(
        app.post_form("/ops/sla/policies", &[("source", POLICIES)])
            .await
            .status(),
        403
    );
    assert_eq!(app.get("/ops/sla/policies.toml").await.status(), 403);
}

#[tokio::test]
async fn the_accountable_role_sees_the_sla_warning_the_engine_fired() {
    // The demo S1 case was raised 25 minutes ago: its first-response warning
    // (at 22.5 of 30 minutes) is due as soon as the engine first looks.
    let app = spawn_app_with_demo().await;
    app.sign_in_as("manager@baton.example").await;
    let mut page = String::new();
    for _ in 0..50 {
        page = app.get("/staff/alerts").await.text().await.unwrap();
        if page.contains("At risk: first response") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(page.contains("At risk: first response for ESC-"), "{page}");
    assert!(page.contains("Payments fail at checkout"));

    let agent = spawn_app_with_demo().await;
    agent.sign_in_as("agent@baton.example").await;
    let page = agent.get("/staff/alerts").await.text().await.unwrap();
    assert!(
        page.contains("No alerts"),
        "agents who are not assigned do not get them"
    );
}

#[tokio::test]
async fn the_admin_api_reads_and_replaces_the_calendar_and_policies() {
    let app = spawn_app_with_demo().await;
    let ops = app::service::staff_accounts::issue_token(
        &app.portal,
        "ops@baton.example",
        app::service::now(),
    )
    .await
    .unwrap();
    let agent = app::service::staff_accounts::issue_token(
        &app.portal,
        "agent@baton.example",
        app::service::now(),
    )
    .await
    .unwrap();
    let call = |method: reqwest::Method, path: &str, token: &str, body: Value| {
        app.client
            .request(method, format!("{}/api/v1/admin/sla/{path}", app.url))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let current = call(reqwest::Method::GET, "policies", &ops, json!({}))
        .await
        .unwrap();
    assert_eq!(current.status(), 200);
    let current: Value = current.json().await.unwrap();
    assert!(
        current["source"]
            .as_str()
            .unwrap()
            .contains("[severity.S1]")
    );

    let broken = "timezone = \"Europe/Berlin\"\n[hours]\nmon = [\"17:00-09:00\"]\n";
    let refused = call(
        reqwest::Method::PUT,
        "calendar",
        &ops,
        json!({ "source": broken }),
    )
    .await
    .unwrap();
    assert_eq!(refused.status(), 422);
    let error = refused.json::<Value>().await.unwrap()["error"].clone();
    assert_eq!(error["line"], 3);

    let saved = call(
        reqwest::Method::PUT,
        "policies",
        &ops,
        json!({ "source": POLICIES }),
    )
    .await
    .unwrap();
    assert_eq!(saved.status(), 200);
    let export = call(reqwest::Method::GET, "policies", &ops, json!({}))
        .await
        .unwrap();
    let export: Value = export.json().await.unwrap();
    assert!(
        export["source"]
            .as_str()
            .unwrap()
            .contains("first_response = 10")
    );

    let forbidden = call(
        reqwest::Method::PUT,
        "policies",
        &agent,
        json!({ "source": POLICIES }),
    )
    .await
    .unwrap();
    assert_eq!(forbidden.status(), 403);
    let unknown = call(reqwest::Method::GET, "weather", &ops, json!({}))
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}
