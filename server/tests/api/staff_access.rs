//! Admins end a member's access through /api/v1/admin/staff/{email}/...:
//! disabled members and revoked tokens are refused from the next request.

use crate::helpers::{TestApp, location, spawn_app_with_demo};
use app::service::staff_access::token_id_of;
use reqwest::Method;
use serde_json::{Value, json};

const AGENT: &str = "agent@baton.example";

async fn admin_post(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, Value) {
    app.api_json(Method::POST, &format!("/admin/staff{path}"), token, body)
        .await
}

async fn staff_api_status(app: &TestApp, token: &str) -> u16 {
    app.api(Method::GET, "/staff/cases", token, Value::Null)
        .await
        .status()
        .as_u16()
}

async fn sign_in_form(app: &TestApp, email: &str, password: &str) -> (u16, String) {
    let response = app
        .post_form(
            "/staff/sign-in",
            &[("email", email), ("password", password)],
        )
        .await;
    let status = response.status().as_u16();
    (status, without_nonce(&response.text().await.unwrap()))
}

/// The page with its per-response script nonce blanked out.
fn without_nonce(page: &str) -> String {
    match page
        .split_once("nonce=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
    {
        Some((nonce, _)) if !nonce.is_empty() => page.replace(nonce, "NONCE"),
        _ => page.to_owned(),
    }
}

#[tokio::test]
async fn a_disabled_member_is_sent_to_sign_in_and_their_token_gets_401_at_once() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as(AGENT).await;
    let agent_token = app.staff_token(AGENT).await;
    let admin = app.staff_token("admin@baton.example").await;
    assert_eq!(app.get("/staff").await.status(), 200);
    assert_eq!(staff_api_status(&app, &agent_token).await, 200);

    let (status, body) = admin_post(&app, &format!("/{AGENT}/disable"), &admin, json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["email"], AGENT);
    assert_eq!(body["disabled"], true);
    assert!(
        body["disabled_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    assert_eq!(body["sessions_ended"], 1);
    assert_eq!(body["tokens_revoked"], 1);

    let page = app.get("/staff").await;
    assert_eq!(page.status(), 303);
    assert_eq!(location(&page), "/staff/sign-in");
    let (status, body) = app
        .api_json(Method::GET, "/staff/cases", &agent_token, Value::Null)
        .await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "sign_in_required");

    // The right password is refused exactly like a wrong one.
    let (disabled, disabled_page) = sign_in_form(&app, AGENT, "baton-demo").await;
    let (wrong, wrong_page) = sign_in_form(&app, AGENT, "not-the-password").await;
    assert_eq!((disabled, wrong), (422, 422));
    assert!(disabled_page.contains("match an account"));
    assert_eq!(disabled_page, wrong_page);

    let (status, body) = admin_post(&app, &format!("/{AGENT}/enable"), &admin, json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["disabled"], false);
    assert_eq!(body["disabled_at"], Value::Null);
    // The client still holds the old cookie: that session stays ended.
    assert_eq!(app.get("/staff").await.status(), 303);
    assert_eq!(staff_api_status(&app, &agent_token).await, 401);
    app.sign_in_as(AGENT).await;
    assert_eq!(app.get("/staff").await.status(), 200);
    let new_token = app.staff_token(AGENT).await;
    assert_eq!(staff_api_status(&app, &new_token).await, 200);
}

#[tokio::test]
async fn a_revoked_token_gets_401_at_once_while_the_members_other_token_works() {
    let app = spawn_app_with_demo().await;
    let admin = app.staff_token("admin@baton.example").await;
    let first = app.staff_token(AGENT).await;
    let second = app.staff_token(AGENT).await;
    let path = format!("/{AGENT}/token-revocations");

    let id = token_id_of(&first).to_uppercase();
    let (status, body) = admin_post(&app, &path, &admin, json!({ "token_id": id })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["tokens_revoked"], 1);
    assert_eq!(body["disabled"], false);
    assert_eq!(staff_api_status(&app, &first).await, 401);
    assert_eq!(staff_api_status(&app, &second).await, 200);

    let (status, body) = admin_post(&app, &path, &admin, json!({ "all": true })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["tokens_revoked"], 1);
    assert_eq!(staff_api_status(&app, &second).await, 401);
}

#[tokio::test]
async fn only_admins_change_staff_access_never_their_own_and_bad_input_is_named() {
    let app = spawn_app_with_demo().await;
    let admin = app.staff_token("admin@baton.example").await;
    let ops = app.staff_token("ops@baton.example").await;
    let agent_token = app.staff_token(AGENT).await;
    let disable = format!("/{AGENT}/disable");

    let (status, body) = admin_post(&app, &disable, &ops, json!({})).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "not_allowed");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("an admin can")
    );
    let (status, _) = admin_post(&app, &disable, "not-a-token", json!({})).await;
    assert_eq!(status, 401);
    assert_eq!(staff_api_status(&app, &agent_token).await, 200);

    let (status, body) = admin_post(&app, "/who@baton.example/disable", &admin, json!({})).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(
        body["error"]["message"],
        "No staff account has the email who@baton.example."
    );

    let (status, body) = admin_post(&app, "/admin@baton.example/disable", &admin, json!({})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "email");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("your own account")
    );

    let revoke = format!("/{AGENT}/token-revocations");
    for bad in [
        json!({}),
        json!({ "all": false }),
        json!({ "token_id": "nope" }),
        json!({ "token_id": "00000000" }),
        json!({ "token_id": token_id_of(&agent_token), "all": true }),
    ] {
        let (status, body) = admin_post(&app, &revoke, &admin, bad.clone()).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(body["error"]["field"], "token_id", "{bad}");
    }
    assert_eq!(staff_api_status(&app, &agent_token).await, 200);
}
