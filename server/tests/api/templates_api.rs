use crate::helpers::{TestApp, spawn_app_with_demo};
use app::service::{now, staff_accounts};
use reqwest::Response;
use serde_json::{Value, json};

async fn token_for(app: &TestApp, email: &str) -> String {
    staff_accounts::issue_token(&app.portal, email, now())
        .await
        .unwrap()
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Response {
    let mut request = app
        .client
        .request(method, format!("{}/api/v1/admin{path}", app.url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn list(app: &TestApp, token: &str) -> Vec<Value> {
    let response = send(app, reqwest::Method::GET, "/templates", Some(token), None).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["templates"].as_array().unwrap().clone()
}

fn find<'a>(templates: &'a [Value], kind: &str, channel: &str, locale: &str) -> &'a Value {
    templates
        .iter()
        .find(|t| t["kind"] == kind && t["channel"] == channel && t["locale"] == locale)
        .unwrap_or_else(|| panic!("no {kind} {channel} {locale}"))
}

async fn publish(app: &TestApp, token: &str, source: &str) -> Response {
    send(
        app,
        reqwest::Method::PUT,
        "/templates/acknowledgement/web/en",
        Some(token),
        Some(json!({ "source": source })),
    )
    .await
}

#[tokio::test]
async fn the_template_list_names_every_template_with_its_placeholders() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "ops@baton.example").await;
    let templates = list(&app, &token).await;
    let ack = find(&templates, "acknowledgement", "web", "en");
    assert_eq!(ack["version"], Value::Null, "the built-in default is live");
    let placeholders = ack["placeholders"].as_array().unwrap();
    assert!(placeholders.contains(&json!("due_time")));
    find(&templates, "stage_label", "web", "de");
}

#[tokio::test]
async fn a_preview_renders_the_example_values_and_warns_about_jargon() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "ops@baton.example").await;
    let response = send(
        &app,
        reqwest::Method::POST,
        "/templates/preview",
        Some(&token),
        Some(json!({
            "kind": "acknowledgement", "channel": "web",
            "source": "We logged your ticket {{ reference }}. We'll reply by {{ due_time }}."
        })),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["rendered"],
        "We logged your ticket ESC-7Q4K2M. We'll reply by Thu 26 Nov, 14:00."
    );
    let warnings = body["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["code"] == "jargon" && w["message"].as_str().unwrap().contains("ticket")),
        "{warnings:?}"
    );
}

#[tokio::test]
async fn a_broken_preview_is_refused_with_the_line_of_the_problem() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "ops@baton.example").await;
    let response = send(
        &app,
        reqwest::Method::POST,
        "/templates/preview",
        Some(&token),
        Some(json!({
            "kind": "acknowledgement", "channel": "web", "locale": "en",
            "source": "We have your case.\nWe'll reply by {{ due_tme }}."
        })),
    )
    .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_placeholder");
    assert_eq!(body["error"]["line"], 2);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("due_tme")
    );
}

#[tokio::test]
async fn each_publish_makes_a_new_live_version() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "ops@baton.example").await;
    let first = publish(&app, &token, "We have your case {{ reference }}.").await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.json::<Value>().await.unwrap()["version"], 1);
    let second = publish(
        &app,
        &token,
        "We have your case. We'll reply by {{ due_time }}.",
    )
    .await;
    assert_eq!(second.json::<Value>().await.unwrap()["version"], 2);
    let templates = list(&app, &token).await;
    assert_eq!(
        find(&templates, "acknowledgement", "web", "en")["version"],
        2
    );
}

#[tokio::test]
async fn a_broken_template_is_not_published_and_nothing_changes() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "ops@baton.example").await;
    publish(&app, &token, "We have your case {{ reference }}.").await;
    let broken = publish(&app, &token, "We have {% include 'x' %} your case.").await;
    assert_eq!(broken.status(), 422);
    let body: Value = broken.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_allowed");
    assert_eq!(body["error"]["line"], 1);
    let templates = list(&app, &token).await;
    assert_eq!(
        find(&templates, "acknowledgement", "web", "en")["version"],
        1
    );
}

#[tokio::test]
async fn staff_who_are_not_ops_cannot_use_the_template_api() {
    let app = spawn_app_with_demo().await;
    let agent = token_for(&app, "agent@baton.example").await;
    let refused = publish(&app, &agent, "We have your case.").await;
    assert_eq!(refused.status(), 403);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_allowed");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("support ops")
    );
    let listed = send(&app, reqwest::Method::GET, "/templates", Some(&agent), None).await;
    assert_eq!(listed.status(), 403);

    let nobody = send(&app, reqwest::Method::GET, "/templates", None, None).await;
    assert_eq!(nobody.status(), 401);
    let wrong = send(
        &app,
        reqwest::Method::GET,
        "/templates",
        Some("guess"),
        None,
    )
    .await;
    assert_eq!(wrong.status(), 401);
}

#[tokio::test]
async fn a_staff_session_cookie_is_not_enough_for_the_api() {
    let app = spawn_app_with_demo().await;
    let signed_in = app
        .post_form(
            "/staff/sign-in",
            &[("email", "ops@baton.example"), ("password", "baton-demo")],
        )
        .await;
    assert_eq!(signed_in.status(), 303);
    let response = send(&app, reqwest::Method::GET, "/templates", None, None).await;
    assert_eq!(response.status(), 401);
}

async fn schedule(app: &TestApp, token: &str, source: &str, at: &str) -> Response {
    send(
        app,
        reqwest::Method::PUT,
        "/templates/acknowledgement/web/en",
        Some(token),
        Some(json!({ "source": source, "publish_at": at })),
    )
    .await
}

#[tokio::test]
async fn a_publish_with_a_future_time_is_scheduled_and_the_old_words_stay_live() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "ops@baton.example").await;
    let scheduled = schedule(
        &app,
        &token,
        "We have your case {{ reference }}.",
        "2099-01-05T09:30:00+01:00",
    )
    .await;
    assert_eq!(scheduled.status(), 200);
    let body: Value = scheduled.json().await.unwrap();
    assert_eq!(body["version"], 1);
    assert_eq!(body["publish_at"], "2099-01-05T08:30:00Z", "kept in UTC");
    let templates = list(&app, &token).await;
    assert_eq!(
        find(&templates, "acknowledgement", "web", "en")["version"],
        Value::Null,
        "the built-in default is still live"
    );
}

#[tokio::test]
async fn a_past_or_unreadable_publish_time_is_refused_naming_the_field() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "ops@baton.example").await;
    for at in ["2001-01-05T09:30:00Z", "soon", "2099-01-05T09:30"] {
        let refused = schedule(&app, &token, "We have your case.", at).await;
        assert_eq!(refused.status(), 422, "{at}");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["field"], "publish_at", "{at}");
    }
    let broken = schedule(&app, &token, "Hi {{ nme }}", "2099-01-05T09:30:00Z").await;
    assert_eq!(broken.status(), 422);
    let body: Value = broken.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_placeholder");
    let agent = token_for(&app, "agent@baton.example").await;
    let refused = schedule(&app, &agent, "We have your case.", "2099-01-05T09:30:00Z").await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn a_preview_can_render_with_a_real_cases_values() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Reports are empty").await;
    let token = token_for(&app, "ops@baton.example").await;
    let preview = |case: &str| {
        send(
            &app,
            reqwest::Method::POST,
            "/templates/preview",
            Some(&token),
            Some(json!({
                "kind": "acknowledgement", "channel": "web",
                "source": "Hi {{ customer_name }}. We have your case {{ reference }}.",
                "case_reference": case
            })),
        )
    };
    let response = preview(&reference).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["rendered"],
        format!("Hi Kim Lee. We have your case {reference}.")
    );
    for unknown in ["ESC-222222", "not a case"] {
        let refused = preview(unknown).await;
        assert_eq!(refused.status(), 422, "{unknown}");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["field"], "case_reference", "{unknown}");
    }
    let agent = token_for(&app, "agent@baton.example").await;
    let refused = send(
        &app,
        reqwest::Method::POST,
        "/templates/preview",
        Some(&agent),
        Some(json!({
            "kind": "acknowledgement", "channel": "web",
            "source": "Hi.", "case_reference": reference
        })),
    )
    .await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn a_published_timeline_entry_is_what_the_customer_reads_on_their_status_page() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "ops@baton.example").await;
    let published = send(
        &app,
        reqwest::Method::PUT,
        "/templates/timeline_entry/web/en",
        Some(&token),
        Some(json!({
            "source": "{% if event == \"created\" %}Your case reached us, and we're on it.\
                       {% else %}Something changed on your case.{% endif %}"
        })),
    )
    .await;
    assert_eq!(published.status(), 200);

    let raised = app
        .post_form(
            "/",
            &[
                ("name", "Kim Lee"),
                ("email", "kim@example.com"),
                ("subject", "Checkout fails"),
                ("description", "Every payment fails."),
                ("severity", "S2"),
            ],
        )
        .await;
    assert_eq!(raised.status(), 303);
    let page = app
        .get(&crate::helpers::location(&raised))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Your case reached us, and we&#x27;re on it.")
            || page.contains("Your case reached us, and we're on it."),
        "the published words are shown"
    );
    assert!(!page.contains("We received your case."));
}

#[tokio::test]
async fn the_words_above_the_countdown_come_from_the_guarantee_lead_template() {
    let app = spawn_app_with_demo().await;
    let token = token_for(&app, "ops@baton.example").await;
    let published = send(
        &app,
        reqwest::Method::PUT,
        "/templates/guarantee_lead/web/en",
        Some(&token),
        Some(json!({
            "source": "{% if guarantee == \"first_reply\" %}A person answers you by\
                       {% else %}Your next update comes by{% endif %}"
        })),
    )
    .await;
    assert_eq!(published.status(), 200);
    let (reference, case_token) = app.raise("Checkout fails").await;
    let page = app
        .get(&format!("/cases/{reference}?token={case_token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("A person answers you by"),
        "the published lead"
    );
    assert!(!page.contains("We'll reply by<"), "not the built-in one");
}
