//! The chat widget: /widget.js, and the /chat panel it frames.

use crate::helpers::{TestApp, location, spawn_app};
use app::domain::Channel;
use app::service::staff_desk;
use reqwest::Response;

const START: [(&str, &str); 4] = [
    ("name", "Kim Lee"),
    ("email", "kim@example.com"),
    (
        "description",
        "Checkout fails\nEvery card payment is declined since 9:00.",
    ),
    ("severity", "S2"),
];

fn header(response: &Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Posts as the panel's form does inside a frame on another site: the
/// frame's document is Baton's, so the browser says same-origin.
async fn post_from_panel(app: &TestApp, path: &str, form: &[(&str, &str)]) -> Response {
    app.client
        .post(format!("{}{path}", app.url))
        .header("origin", app.url.as_str())
        .header("sec-fetch-site", "same-origin")
        .header("sec-fetch-dest", "iframe")
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Starts a chat; returns the panel's path for the new case.
async fn start_chat(app: &TestApp) -> String {
    let response = post_from_panel(app, "/chat", &START).await;
    assert_eq!(response.status(), 303);
    location(&response)
}

#[tokio::test]
async fn only_the_chat_panel_may_be_shown_in_a_frame_on_other_sites() {
    let app = spawn_app().await;
    let chat = app.get("/chat").await;
    assert_eq!(chat.status(), 200);
    assert!(header(&chat, "content-security-policy").contains("frame-ancestors *;"));
    assert_eq!(header(&chat, "x-frame-options"), "");

    let (reference, token) = app.raise("Checkout fails").await;
    let status = app.get(&format!("/cases/{reference}?token={token}")).await;
    assert!(header(&status, "content-security-policy").contains("frame-ancestors 'none'"));
    assert_eq!(header(&status, "x-frame-options"), "DENY");
    let home = app.get("/").await;
    assert_eq!(header(&home, "x-frame-options"), "DENY");
}

#[tokio::test]
async fn starting_a_chat_raises_a_chat_case_and_opens_its_panel() {
    let app = spawn_app().await;
    let panel = start_chat(&app).await;
    assert!(panel.starts_with("/chat/ESC-"), "{panel}");
    assert!(panel.contains("?token="));
    let reference = &panel["/chat/".len()..panel.find('?').unwrap()];
    let (case, _) = staff_desk::case_record(&app.portal, reference)
        .await
        .unwrap();
    assert_eq!(case.channel, Channel::Chat);
    assert_eq!(
        case.subject, "Checkout fails",
        "the first line is the subject"
    );
    assert!(case.description.contains("declined since 9:00"));

    let page = app.get(&panel).await;
    assert_eq!(page.status(), 200);
    assert!(header(&page, "content-security-policy").contains("frame-ancestors *;"));
    let html = page.text().await.unwrap();
    assert!(html.contains(reference));
    assert!(html.contains("We&#x27;ll reply by") || html.contains("We'll reply by"));
    assert!(html.contains("class=\"countdown\""), "the countdown island");
    assert!(html.contains("action=\"/chat/"), "the message box");
    assert!(html.contains("FeedListener"), "the live-update island");
    assert!(
        html.contains(&format!("data-live-url=\"/cases/{reference}/live?")),
        "where the island listens"
    );
    assert!(html.contains("data-live=\"timeline\""));
}

#[tokio::test]
async fn a_cross_site_post_to_the_panel_is_still_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}/chat", app.url))
        .header("origin", "https://shop.example")
        .header("sec-fetch-site", "cross-site")
        .form(&START)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_chat_with_missing_fields_comes_back_with_what_was_typed() {
    let app = spawn_app().await;
    let form = [
        ("name", "Kim Lee"),
        ("email", "kim@"),
        ("description", ""),
        ("severity", ""),
    ];
    let response = post_from_panel(&app, "/chat", &form).await;
    assert_eq!(response.status(), 422);
    assert!(header(&response, "content-security-policy").contains("frame-ancestors *;"));
    let html = response.text().await.unwrap();
    assert!(html.contains("value=\"Kim Lee\""));
    assert!(html.contains("value=\"kim@\""));
    assert!(html.contains("Please describe what is happening."));
    assert!(html.contains("Please tell us how bad this is for you."));
    assert!(
        !html.contains("short title"),
        "no error for a field the panel lacks"
    );
}

#[tokio::test]
async fn a_wrong_token_or_a_missing_case_is_not_found() {
    let app = spawn_app().await;
    let panel = start_chat(&app).await;
    let wrong = panel.replace("?token=", "?token=0");
    assert_eq!(app.get(&wrong).await.status(), 404);
    let missing = app.get("/chat/ESC-222222?token=abc").await;
    assert_eq!(missing.status(), 404);
    let (path, _) = panel.split_once('?').unwrap();
    let post = post_from_panel(
        &app,
        &format!("{path}/messages"),
        &[("token", "0123abcd"), ("body", "Hello?")],
    )
    .await;
    assert_eq!(post.status(), 404);
}

#[tokio::test]
async fn a_message_from_the_panel_joins_the_conversation() {
    let app = spawn_app().await;
    let panel = start_chat(&app).await;
    let (path, query) = panel.split_once('?').unwrap();
    let token = query.strip_prefix("token=").unwrap();
    let messages = format!("{path}/messages");

    let blank = post_from_panel(&app, &messages, &[("token", token), ("body", " ")]).await;
    assert_eq!(blank.status(), 422);
    assert!(
        blank
            .text()
            .await
            .unwrap()
            .contains("Please write your message.")
    );

    let sent = post_from_panel(
        &app,
        &messages,
        &[("token", token), ("body", "It also fails on mobile.")],
    )
    .await;
    assert_eq!(sent.status(), 303);
    assert_eq!(location(&sent), format!("{panel}#message"));
    let html = app.get(&panel).await.text().await.unwrap();
    assert!(html.contains("It also fails on mobile."));
    assert!(html.contains("chat-mine"));
}

#[tokio::test]
async fn the_widget_script_is_served_as_javascript() {
    let app = spawn_app().await;
    let response = app.get("/widget.js").await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").starts_with("text/javascript"));
    assert!(header(&response, "cache-control").contains("max-age="));
    let script = response.text().await.unwrap();
    assert!(script.contains("document.currentScript"));
    assert!(script.contains("\"/chat\""));
    assert!(script.contains("Need help?"));
}
