//! The authority matrix: enforced the same in the console and the staff API,
//! edited by admins through the grid and the admin API.

use crate::helpers::{TestApp, spawn_app_with_demo};
use serde_json::{Value, json};

/// Raises an S1 case through the API; returns its reference.
async fn severe_case(app: &TestApp) -> String {
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({"name": "Kim", "email": "kim@example.com", "subject": "Everything is down",
                    "description": "No one can sign in.", "severity": "S1"}),
        )
        .await;
    response.json::<Value>().await.unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_agent_may_not_close_an_s1_case_at_l1_in_the_api_or_the_console_but_a_manager_may() {
    let app = spawn_app_with_demo().await;
    let reference = severe_case(&app).await;
    let solve = json!({"summary": "We restarted the sign-in service."});
    let agent = app.staff_token("agent@baton.example").await;
    let refused = app
        .api(
            reqwest::Method::POST,
            &format!("/staff/cases/{reference}/resolution"),
            &agent,
            solve.clone(),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let error = refused.json::<Value>().await.unwrap()["error"].clone();
    assert_eq!(error["code"], "not_allowed");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("manager"), "says who may: {message}");

    app.sign_in_as_agent().await;
    let console = app
        .post_form(
            &format!("/staff/cases/{reference}/resolution"),
            &[("summary", "Restarted it.")],
        )
        .await;
    assert_eq!(console.status(), 403);
    assert!(console.text().await.unwrap().contains("manager"));

    let manager = app.staff_token("manager@baton.example").await;
    let allowed = app
        .api(
            reqwest::Method::POST,
            &format!("/staff/cases/{reference}/resolution"),
            &manager,
            solve,
        )
        .await;
    assert_eq!(allowed.status(), 200);
}

#[tokio::test]
async fn an_agent_may_take_a_case_but_not_hand_it_to_someone_at_l2() {
    let app = spawn_app_with_demo().await;
    let reference = severe_case(&app).await;
    let agent = app.staff_token("agent@baton.example").await;
    let take = app
        .api(
            reqwest::Method::POST,
            &format!("/staff/cases/{reference}/assignment"),
            &agent,
            json!({"email": "agent@baton.example"}),
        )
        .await;
    assert_eq!(take.status(), 200);
    let note = json!({"tried": "Restarted", "known": "All users", "told_customer": "On it"});
    let up = app
        .api(
            reqwest::Method::POST,
            &format!("/staff/cases/{reference}/escalations"),
            &agent,
            json!({"reason": "Needs a specialist", "handoff_note": note}),
        )
        .await;
    assert_eq!(up.status(), 200, "escalating needs no authority");
    let give = app
        .api(
            reqwest::Method::POST,
            &format!("/staff/cases/{reference}/assignment"),
            &agent,
            json!({"email": "specialist@baton.example"}),
        )
        .await;
    assert_eq!(give.status(), 403);
}

#[tokio::test]
async fn admins_change_the_matrix_and_it_applies_at_once() {
    let app = spawn_app_with_demo().await;
    let reference = severe_case(&app).await;
    let admin = app.staff_token("admin@baton.example").await;
    let manager = app.staff_token("manager@baton.example").await;
    let agent = app.staff_token("agent@baton.example").await;

    let current = app
        .api(reqwest::Method::GET, "/admin/authority", &admin, json!({}))
        .await;
    assert_eq!(current.status(), 200);
    let mut grants = current.json::<Value>().await.unwrap()["grants"]
        .as_array()
        .unwrap()
        .clone();
    assert!(!grants.is_empty());

    let not_admin = app
        .api(
            reqwest::Method::PUT,
            "/admin/authority",
            &manager,
            json!({"grants": grants}),
        )
        .await;
    assert_eq!(not_admin.status(), 403);
    let bad = app
        .api(
            reqwest::Method::PUT,
            "/admin/authority",
            &admin,
            json!({"grants": [{"power": "close_s1", "role": "agent", "tier": "L9"}]}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let message = bad.json::<Value>().await.unwrap()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("L9 is not a tier in the ladder"),
        "{message}"
    );

    grants.push(json!({"power": "close_s1", "role": "agent", "tier": "L1"}));
    let saved = app
        .api(
            reqwest::Method::PUT,
            "/admin/authority",
            &admin,
            json!({"grants": grants}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let solve = app
        .api(
            reqwest::Method::POST,
            &format!("/staff/cases/{reference}/resolution"),
            &agent,
            json!({"summary": "Restarted the sign-in service."}),
        )
        .await;
    assert_eq!(solve.status(), 200);
}

#[tokio::test]
async fn the_admin_grid_saves_ticked_boxes_and_refuses_anyone_else() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("admin@baton.example").await;
    let page = app.get("/admin/authority").await.text().await.unwrap();
    assert!(page.contains("Authority matrix"));
    assert!(
        page.contains(r#"name="close_s1.manager.L1""#),
        "a grid of checkboxes"
    );
    let saved = app
        .post_form(
            "/admin/authority",
            &[("reassign.agent.L1", "on"), ("close_s1.expert.L2", "on")],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let admin = app.staff_token("admin@baton.example").await;
    let grants = app
        .api(reqwest::Method::GET, "/admin/authority", &admin, json!({}))
        .await
        .json::<Value>()
        .await
        .unwrap()["grants"]
        .clone();
    assert_eq!(grants.as_array().unwrap().len(), 2, "{grants}");
    let tampered = app
        .post_form("/admin/authority", &[("fly.agent.L1", "on")])
        .await;
    assert_eq!(tampered.status(), 422);

    let other = spawn_app_with_demo().await;
    other.sign_in_as("manager@baton.example").await;
    assert_eq!(
        other
            .post_form("/admin/authority", &[("reassign.agent.L1", "on")])
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn handing_a_case_to_another_team_needs_its_own_power() {
    let app = spawn_app_with_demo().await;
    let reference = severe_case(&app).await;
    let agent = app.staff_token("agent@baton.example").await;
    let note = json!({"tried": "Restarted", "known": "All users", "told_customer": "On it"});
    let up = app
        .api(
            reqwest::Method::POST,
            &format!("/staff/cases/{reference}/escalations"),
            &agent,
            json!({"reason": "Needs a specialist", "handoff_note": note}),
        )
        .await;
    assert_eq!(up.status(), 200);
    // The specialist (team Platform) may reassign at L2, but not to the
    // front desk's agent: that crosses teams.
    let specialist = app.staff_token("specialist@baton.example").await;
    let assign = format!("/staff/cases/{reference}/assignment");
    let to_agent = json!({"email": "agent@baton.example"});
    let refused = app
        .api(
            reqwest::Method::POST,
            &assign,
            &specialist,
            to_agent.clone(),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let message = refused.json::<Value>().await.unwrap()["error"]["message"].clone();
    assert!(
        message
            .as_str()
            .unwrap()
            .contains("assign cases to another team"),
        "{message}"
    );
    let manager = app.staff_token("manager@baton.example").await;
    let allowed = app
        .api(reqwest::Method::POST, &assign, &manager, to_agent)
        .await;
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        allowed.json::<Value>().await.unwrap()["assignee"]["name"],
        "Ada Lovelace"
    );
}
