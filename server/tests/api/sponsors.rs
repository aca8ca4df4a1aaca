//! Executive sponsors over HTTP: ops set key accounts and rotations, a key
//! account's S1 case calls in the sponsor on duty once, with a console alert
//! and a briefing by email built from the `sponsor_briefing` template.

use crate::helpers::spawn_app_with_settings;
use crate::mail_sink::{Caught, MailSink};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

fn settings(from: &str) -> Value {
    json!({
        "accounts": [{
            "domain": "example.com",
            "name": "Example & Sons",
            "sponsors": [{"email": "manager@baton.example", "from": from}]
        }],
        "rules": {"on_s1": true, "reopened_times": 2},
        "ask": "Call their CTO today."
    })
}

/// The sponsor's briefing among the demo's other mail to the manager.
async fn briefing(sink: &MailSink) -> Caught {
    for _ in 0..200 {
        let found = sink.to("manager@baton.example");
        if let Some(mail) = found
            .into_iter()
            .find(|m| m.data.contains("Sponsor briefing"))
        {
            return mail;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no briefing reached the sponsor");
}

#[tokio::test]
async fn a_key_account_s1_briefs_the_sponsor_once_by_console_and_email() {
    let sink = MailSink::default();
    let port = sink.start(0).await;
    let relay = format!("127.0.0.1:{port}");
    let app = spawn_app_with_settings(&[("BATON_SMTP_RELAY", relay.as_str())]).await;
    let ops = app.staff_token("ops@baton.example").await;
    let saved = app
        .api(Method::PUT, "/admin/sponsors", &ops, settings("2020-01-01"))
        .await;
    assert_eq!(saved.status(), 200);

    let raised = app
        .post_json(
            "/api/v1/escalations",
            &json!({"name": "Kim", "email": "kim@example.com", "subject": "All tills down",
                    "description": "No shop can take <b>card</b> payments.", "severity": "S1"}),
        )
        .await;
    assert_eq!(raised.status(), 201);
    let reference = raised.json::<Value>().await.unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_owned();

    let mail = briefing(&sink).await;
    assert!(
        mail.data
            .contains("Sponsor briefing: Example & Sons, S1 case"),
        "{}",
        mail.data
    );
    assert!(
        mail.data.contains("No shop can take <b>card</b> payments."),
        "plain text, as typed"
    );
    assert!(mail.data.contains("Call their CTO today."));
    assert!(mail.data.contains(&format!("/staff/cases/{reference}")));

    let manager = app.staff_token("manager@baton.example").await;
    let case = app
        .api(
            Method::GET,
            &format!("/staff/cases/{reference}"),
            &manager,
            json!({}),
        )
        .await;
    let case: Value = case.json().await.unwrap();
    let engaged: Vec<&Value> = case["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "sponsor_engaged")
        .collect();
    assert_eq!(engaged.len(), 1);
    assert_eq!(engaged[0]["public"], false, "customers never see it");

    // A later change does not call the sponsor in again.
    let reply = app
        .api(
            Method::POST,
            &format!("/staff/cases/{reference}/replies"),
            &manager,
            json!({"body": "We are on it.", "public": true}),
        )
        .await;
    assert_eq!(reply.status(), 201);
    let events = reply.json::<Value>().await.unwrap()["events"].clone();
    let count = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "sponsor_engaged")
        .count();
    assert_eq!(count, 1);

    app.sign_in_as("manager@baton.example").await;
    let alerts = app.get("/staff/alerts").await.text().await.unwrap();
    assert!(alerts.contains("S1 case at key account Example &amp; Sons"));
}

#[tokio::test]
async fn bad_sponsor_settings_are_refused_by_name_and_agents_may_not_change_them() {
    let app = spawn_app_with_settings(&[]).await;
    let ops = app.staff_token("ops@baton.example").await;
    let agent = app.staff_token("agent@baton.example").await;
    let mut overlapping = settings("2026-01-01");
    overlapping["accounts"][0]["sponsors"]
        .as_array_mut()
        .unwrap()
        .push(json!({"email": "admin@baton.example", "from": "2026-03-01"}));
    let refused = app
        .api(Method::PUT, "/admin/sponsors", &ops, overlapping)
        .await;
    assert_eq!(refused.status(), 422);
    let message = refused.json::<Value>().await.unwrap()["error"]["message"].clone();
    assert!(
        message
            .as_str()
            .unwrap()
            .contains("sponsor 2: the rotation overlaps"),
        "{message}"
    );
    let forbidden = app
        .api(
            Method::PUT,
            "/admin/sponsors",
            &agent,
            settings("2026-01-01"),
        )
        .await;
    assert_eq!(forbidden.status(), 403);

    app.sign_in_as("ops@baton.example").await;
    let bad = app
        .post_form("/ops/sponsors", &[("json", "{\"accounts\": 3}")])
        .await;
    assert_eq!(bad.status(), 422);
    let page = bad.text().await.unwrap();
    assert!(
        page.contains("not a sponsor setting"),
        "the error beside the field"
    );
    assert!(
        page.contains("{\"accounts\": 3}") || page.contains("{&quot;accounts&quot;: 3}"),
        "what was typed is kept"
    );
    let good = settings("2026-01-01").to_string();
    let saved = app
        .post_form("/ops/sponsors", &[("json", good.as_str())])
        .await;
    assert_eq!(saved.status(), 303);
    let page = app.get("/ops/sponsors").await.text().await.unwrap();
    assert!(page.contains("Example &amp; Sons"));
    assert!(page.contains("manager@baton.example"), "on duty today");
}
