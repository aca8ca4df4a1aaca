//! Two Baton processes on one PostgreSQL behave as one: a change made on one
//! reaches a status page open on the other at once (a change notice, not the
//! 20-second re-check), and settings and templates saved on one are in force
//! on the other.
//! Each `Application` here has its own pools, live hub, listener and
//! settings, as a separate process would.

use crate::helpers::{TestApp, spawn_app_with_settings};
use crate::live::{Stream, post_public_update};
use serde_json::json;
use std::time::Duration;

/// Within this, a change arrived by notice: the safety-net re-checks come
/// every 20 s (pages) and 30 s (settings).
const BY_NOTICE: Duration = Duration::from_secs(5);

/// Two apps on one database; only on PostgreSQL (`BATON_TEST_BACKEND=postgres`,
/// as CI runs the suite a second time), where the notices run.
async fn two_processes() -> Option<(TestApp, TestApp)> {
    let url = crate::test_database::fresh_database_url().await;
    if !url.starts_with("postgres") {
        return None;
    }
    let first = spawn_app_with_settings(&[("BATON_DATABASE_URL", url.as_str())]).await;
    let second = spawn_app_with_settings(&[("BATON_DATABASE_URL", url.as_str())]).await;
    Some((first, second))
}

#[tokio::test]
async fn an_update_made_on_one_process_reaches_a_page_open_on_the_other() {
    let Some((one, other)) = two_processes().await else {
        return;
    };
    let (reference, token) = one.raise("Exports fail").await;
    let path = format!("/cases/{reference}/live?token={token}");
    let mut page = Stream::new(Stream::open(&other, &path, None).await);
    let first = page.next(BY_NOTICE).await.expect("the version at once");
    // Let the other process's listener settle on the feed before the change.
    tokio::time::sleep(Duration::from_millis(200)).await;

    post_public_update(&one, &reference, "We found the cause.").await;
    let update = page
        .next(BY_NOTICE)
        .await
        .expect("the update arrives by notice, long before the 20 s re-check");
    assert!(update.id > first.id, "{update:?} after {first:?}");
}

#[tokio::test]
async fn a_case_raised_on_one_process_reaches_a_queue_open_on_the_other() {
    let Some((one, other)) = two_processes().await else {
        return;
    };
    other.sign_in_as("agent@baton.example").await;
    let mut queue = Stream::new(Stream::open(&other, "/staff/queue/live", None).await);
    let first = queue.next(BY_NOTICE).await.expect("the version at once");
    tokio::time::sleep(Duration::from_millis(200)).await;

    one.raise("Imports fail").await;
    let news = queue
        .next(BY_NOTICE)
        .await
        .expect("the new case arrives by notice");
    assert!(news.id > first.id, "{news:?} after {first:?}");
}

#[tokio::test]
async fn settings_saved_on_one_process_are_in_force_on_the_other() {
    let Some((one, other)) = two_processes().await else {
        return;
    };
    let token = app::service::staff_accounts::issue_token(
        &one.portal,
        "admin@baton.example",
        app::service::now(),
    )
    .await
    .unwrap();
    let policies = app::service::sla_settings::export(
        &one.portal,
        app::service::sla_settings::SlaFile::Policies,
    )
    .await
    .unwrap()
    .expect("policies are seeded");
    let s1_first_response = |app: &TestApp| {
        app.portal
            .rules()
            .policies
            .iter()
            .find(|(severity, _)| *severity == app::domain::Severity::S1)
            .map(|(_, policy)| policy.first_response.as_mins())
    };
    assert_eq!(s1_first_response(&other), Some(30));
    let source = policies.replacen("first_response = 30", "first_response = 45", 1);
    assert_ne!(source, policies, "the seeded policies give S1 30 minutes");
    let saved = one
        .client
        .put(format!("{}/api/v1/admin/sla/policies", one.url))
        .bearer_auth(&token)
        .json(&json!({ "source": source }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    let deadline = tokio::time::Instant::now() + BY_NOTICE;
    while s1_first_response(&other) != Some(45) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the other process still has the old policies"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn two_senders_on_one_outbox_deliver_each_email_exactly_once() {
    let url = crate::test_database::fresh_database_url().await;
    if !url.starts_with("postgres") {
        return;
    }
    let sink = crate::mail_sink::MailSink::default();
    let relay = format!("127.0.0.1:{}", sink.start(0).await);
    let settings = [
        ("BATON_DATABASE_URL", url.as_str()),
        ("BATON_SMTP_RELAY", relay.as_str()),
        ("BATON_MAIL_DOMAIN", "baton.example"),
    ];
    let one = spawn_app_with_settings(&settings).await;
    let other = spawn_app_with_settings(&settings).await;
    let customers: Vec<String> = (0..24)
        .map(|n| format!("customer{n}@example.com"))
        .collect();
    for (n, email) in customers.iter().enumerate() {
        // Both processes take cases in, so both senders find work.
        let app = if n % 2 == 0 { &one } else { &other };
        let raised = app
            .post_json(
                "/api/v1/escalations",
                &json!({"name": "Kim", "email": email, "subject": format!("Case {n}"),
                        "description": "Nothing loads.", "severity": "S3"}),
            )
            .await;
        assert_eq!(raised.status(), 201);
    }
    for email in &customers {
        sink.wait_for(email, 1).await;
    }
    // Both senders keep polling; anything sent twice would arrive by now.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for email in &customers {
        assert_eq!(sink.to(email).len(), 1, "{email} got exactly one email");
    }
}

#[tokio::test]
async fn a_template_published_on_one_process_is_what_pages_on_the_other_show() {
    let Some((one, other)) = two_processes().await else {
        return;
    };
    let (reference, token) = other.raise("Checkout fails").await;
    let page = |app: &TestApp| {
        let path = format!("/cases/{reference}?token={token}");
        let url = format!("{}{path}", app.url);
        let client = app.client.clone();
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    // The other process has read (and kept) the shipped words.
    assert!(!page(&other).await.contains("Being looked at"));

    one.sign_in_as("ops@baton.example").await;
    let published = one
        .post_form(
            "/ops/templates/stage_label/web/en/publish",
            &[(
                "source",
                "{% if stage == \"received\" %}Being looked at{% else %}In hand{% endif %}",
            )],
        )
        .await;
    assert_eq!(published.status(), 303);
    let deadline = tokio::time::Instant::now() + BY_NOTICE;
    while !page(&other).await.contains("Being looked at") {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the other process still shows the old words"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
