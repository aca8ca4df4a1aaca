//! Major incidents through the staff API, the customer API and a local SMTP
//! sink: declare, link, publish on a promised cadence, resolve, review,
//! close; drills that send nothing; reopened cases that leave.

use crate::helpers::TestApp;
use crate::mail_sink::MailSink;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

const MANAGER: &str = "manager@baton.example";
const AGENT: &str = "agent@baton.example";

async fn with_sink() -> (TestApp, MailSink) {
    crate::mail_sink::app_with_sink().await
}

/// Raises a case for `email`; returns (reference, token).
async fn raise_for(app: &TestApp, email: &str, subject: &str) -> (String, String) {
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({
                "name": "Sam Customer", "email": email, "subject": subject,
                "description": "Card payments fail at checkout.", "severity": "S2"
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    (
        body["reference"].as_str().unwrap().to_owned(),
        body["token"].as_str().unwrap().to_owned(),
    )
}

async fn declare(app: &TestApp, token: &str, drill: bool) -> String {
    let (status, body) = app
        .api_json(
            Method::POST,
            "/staff/incidents",
            token,
            json!({"title": "Card payments fail", "impact": "You cannot take card payments.", "drill": drill}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["reference"].as_str().unwrap().to_owned()
}

fn in_minutes(minutes: i64) -> String {
    jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_mins(minutes))
        .unwrap()
        .to_string()
}

fn update(next_update_at: &str) -> Value {
    json!({
        "affected": "Card payments in every shop.",
        "known": "A change this morning broke the link to the card network.",
        "doing": "We are undoing the change now.",
        "next_update_at": next_update_at,
    })
}

/// Emails to `to` whose subject names the wider problem.
fn incident_mails(sink: &MailSink, to: &str) -> usize {
    sink.to(to)
        .iter()
        .filter(|m| m.data.contains("Subject: An update on a wider problem"))
        .count()
}

#[tokio::test]
async fn a_major_incident_runs_from_declaration_to_a_reviewed_close() {
    let (app, sink) = with_sink().await;
    let manager = app.staff_token(MANAGER).await;
    let agent = app.staff_token(AGENT).await;

    // The authority matrix decides who declares.
    let (status, refused) = app
        .api_json(
            Method::POST,
            "/staff/incidents",
            &agent,
            json!({"title": "Checkout down", "impact": "No payments."}),
        )
        .await;
    assert_eq!(status, 403, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("manager")
    );
    let (status, invalid) = app
        .api_json(
            Method::POST,
            "/staff/incidents",
            &manager,
            json!({"title": " "}),
        )
        .await;
    assert_eq!(status, 422, "{invalid}");
    let (status, empty) = app
        .api_json(
            Method::POST,
            "/staff/incidents",
            &manager,
            json!({"title": "Checkout down", "impact": "No payments.", "commander_email": ""}),
        )
        .await;
    assert_eq!(
        status, 422,
        "an empty commander is a mistake, not the caller: {empty}"
    );
    assert_eq!(empty["error"]["field"], "commander_email");

    let incident = declare(&app, &manager, false).await;
    assert!(incident.starts_with("INC-"), "{incident}");
    let path = format!("/staff/incidents/{incident}");

    // Dana has two affected cases, Lee one.
    let (dana_1, dana_token) = raise_for(&app, "dana@example.com", "Checkout fails").await;
    let (dana_2, _) = raise_for(&app, "dana@example.com", "Payments refused").await;
    let (lee, lee_token) = raise_for(&app, "lee@example.com", "Cards declined").await;
    // Cases that share the incident's words are suggested before anyone links them.
    let (_, room) = app
        .api_json(Method::GET, &path, &manager, Value::Null)
        .await;
    let suggested: Vec<&str> = room["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reference"].as_str().unwrap())
        .collect();
    for case in [&dana_1, &dana_2, &lee] {
        assert!(
            suggested.contains(&case.as_str()),
            "{case} in {suggested:?}"
        );
    }
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("{path}/cases"),
            &manager,
            json!({"references": [dana_1, dana_2, lee, "ESC-2222XX"]}),
        )
        .await;
    assert_eq!(status, 422, "an unknown reference links nothing: {body}");
    assert!(body.to_string().contains("ESC-2222XX"));
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("{path}/cases"),
            &manager,
            json!({"references": [dana_1, dana_2, lee]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["linked"], 3);
    let still: Vec<&str> = body["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reference"].as_str().unwrap())
        .collect();
    assert!(
        !still.contains(&lee.as_str()),
        "a linked case is no longer suggested"
    );
    let (_, again) = app
        .api_json(
            Method::POST,
            &format!("{path}/cases"),
            &manager,
            json!({"references": [lee]}),
        )
        .await;
    assert_eq!(
        (again["linked"].clone(), again["already_linked"].clone()),
        (json!(0), json!(1))
    );

    // A comms lead takes over the updates; the hand-over is on record.
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("{path}/roles"),
            &manager,
            json!({"role": "comms_lead", "email": "specialist@baton.example"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let comms = body["roles"].as_array().unwrap();
    assert!(
        comms
            .iter()
            .any(|r| r["role"] == "comms_lead" && r["until"].is_null())
    );

    let next = in_minutes(30);
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("{path}/updates"),
            &manager,
            update(&next),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["recipients"], 2, "one email per address: {body}");

    // Each customer reads the update on their own page and in one email.
    for _ in 0..100 {
        if incident_mails(&sink, "dana@example.com") >= 1
            && incident_mails(&sink, "lee@example.com") >= 1
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(incident_mails(&sink, "dana@example.com"), 1);
    assert_eq!(incident_mails(&sink, "lee@example.com"), 1);
    let mail = &sink
        .to("lee@example.com")
        .into_iter()
        .find(|m| m.data.contains("wider problem"))
        .unwrap();
    assert!(
        mail.data.contains("We are undoing the change now."),
        "{}",
        mail.data
    );
    assert!(
        mail.data.contains(&format!("/cases/{lee}?token=")),
        "{}",
        mail.data
    );

    let status: Value = app
        .status_json(&lee, &lee_token)
        .await
        .json()
        .await
        .unwrap();
    let notice = &status["incident"];
    assert_eq!(notice["title"], "Card payments fail");
    assert_eq!(
        notice["updates"][0]["doing"],
        "We are undoing the change now."
    );
    assert!(
        notice["next_update_by"].as_str().unwrap().contains("("),
        "{notice}"
    );
    for staff_word in ["Grace Hopper", "Alan Turing", "commander", "INC-"] {
        assert!(
            !status.to_string().contains(staff_word),
            "{staff_word} in {status}"
        );
    }
    let page = app
        .page_text(&format!("/cases/{dana_1}?token={dana_token}"))
        .await;
    assert!(
        page.contains("We are undoing the change now."),
        "the status page shows the update"
    );

    // Closing needs a resolution first, then a review.
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("{path}/closure"),
            &manager,
            json!({}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("{path}/resolution"),
            &manager,
            json!({"summary": "We undid the change and payments work again."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["cases"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["stage"] == "resolved"),
        "{body}"
    );
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("{path}/closure"),
            &manager,
            json!({}),
        )
        .await;
    assert_eq!(status, 409);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("review"),
        "{body}"
    );
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("{path}/review"),
            &manager,
            json!({"what_happened": "A release broke card payments for 40 minutes.",
                   "went_well": "Customers heard from us within ten minutes.",
                   "we_change": "Card payments get a canary check before each release."}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("{path}/closure"),
            &manager,
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["state"], "closed");
    let kinds: Vec<&str> = body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"declared"));
    for kind in ["role", "linked", "update", "resolved", "review", "closed"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("{path}/updates"),
            &manager,
            update(&in_minutes(30)),
        )
        .await;
    assert_eq!(status, 409, "a closed incident takes no update");
}

#[tokio::test]
async fn one_update_to_500_linked_cases_of_300_customers_emails_each_customer_once() {
    let (app, sink) = with_sink().await;
    let manager = app.staff_token(MANAGER).await;
    let incident = declare(&app, &manager, false).await;
    let mut references = Vec::new();
    let mut tokens = Vec::new();
    for n in 0..500 {
        let (reference, token) =
            raise_for(&app, &format!("c{}@example.com", n % 300), "Payments fail").await;
        references.push(reference);
        tokens.push(token);
    }
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("/staff/incidents/{incident}/cases"),
            &manager,
            json!({"references": references}),
        )
        .await;
    assert_eq!((status, body["linked"].clone()), (200, json!(500)));
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("/staff/incidents/{incident}/updates"),
            &manager,
            update(&in_minutes(60)),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["recipients"], 300);
    for n in [0, 150, 299] {
        let to = format!("c{n}@example.com");
        for _ in 0..200 {
            if incident_mails(&sink, &to) >= 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    for _ in 0..200 {
        let now: usize = (0..300)
            .map(|n| incident_mails(&sink, &format!("c{n}@example.com")))
            .sum();
        if now >= 300 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for n in 0..300 {
        assert_eq!(
            incident_mails(&sink, &format!("c{n}@example.com")),
            1,
            "c{n}"
        );
    }
    // Every case's page shows it, including each customer's second case.
    for i in [0, 299, 300, 499] {
        let status: Value = app
            .status_json(&references[i], &tokens[i])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            status["incident"]["updates"].as_array().unwrap().len(),
            1,
            "case {i}"
        );
    }
}

#[tokio::test]
async fn a_drill_runs_the_protocol_and_sends_nothing() {
    let (app, sink) = with_sink().await;
    let manager = app.staff_token(MANAGER).await;
    let incident = declare(&app, &manager, true).await;
    let (reference, token) = raise_for(&app, "drill@example.com", "Payments fail").await;
    sink.wait_for("drill@example.com", 1).await;
    let path = format!("/staff/incidents/{incident}");
    app.api_json(
        Method::POST,
        &format!("{path}/cases"),
        &manager,
        json!({"references": [reference]}),
    )
    .await;
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("{path}/updates"),
            &manager,
            update(&in_minutes(20)),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["recipients"], 1);
    assert!(body["drill"].as_bool().unwrap());
    let kept = body["rehearsed"].as_array().unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0][0], "drill@example.com");
    assert!(kept[0][1].as_str().unwrap().contains("wider problem"));
    assert!(!body["drill_report"].as_array().unwrap().is_empty());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        incident_mails(&sink, "drill@example.com"),
        0,
        "a drill sends nothing"
    );
    let status: Value = app
        .status_json(&reference, &token)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        status["incident"].is_null(),
        "the customer sees no drill: {status}"
    );
    app.api_json(
        Method::POST,
        &format!("{path}/resolution"),
        &manager,
        json!({"summary": "Drill over."}),
    )
    .await;
    let status: Value = app
        .status_json(&reference, &token)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(status["stage"], "resolved", "a drill resolves no real case");
}

#[tokio::test]
async fn a_case_its_customer_reopens_leaves_the_incident() {
    let (app, _sink) = with_sink().await;
    let manager = app.staff_token(MANAGER).await;
    let incident = declare(&app, &manager, false).await;
    let path = format!("/staff/incidents/{incident}");
    let (reference, token) = raise_for(&app, "reopen@example.com", "Payments fail").await;
    app.api_json(
        Method::POST,
        &format!("{path}/cases"),
        &manager,
        json!({"references": [reference]}),
    )
    .await;
    app.api_json(
        Method::POST,
        &format!("{path}/resolution"),
        &manager,
        json!({"summary": "Fixed for all."}),
    )
    .await;
    let response = app
        .client
        .post(format!(
            "{}/api/v1/escalations/{reference}/confirmation",
            app.url
        ))
        .bearer_auth(&token)
        .json(&json!({"resolved": false, "reason": "Payments still fail for me."}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (_, body) = app
        .api_json(Method::GET, &path, &manager, Value::Null)
        .await;
    assert!(body["cases"].as_array().unwrap().is_empty(), "{body}");
    assert!(body["timeline"].to_string().contains("reopened"), "{body}");
    let status: Value = app
        .status_json(&reference, &token)
        .await
        .json()
        .await
        .unwrap();
    assert!(status["incident"].is_null());
    // With no linked case left open, the incident may close after its review.
    app.api_json(
        Method::POST,
        &format!("{path}/review"),
        &manager,
        json!({"what_happened": "a", "went_well": "b", "we_change": "c"}),
    )
    .await;
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("{path}/closure"),
            &manager,
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_missed_update_promise_is_recorded_once() {
    let (app, _sink) = with_sink().await;
    let manager = app.staff_token(MANAGER).await;
    let incident = declare(&app, &manager, false).await;
    let path = format!("/staff/incidents/{incident}");
    let soon = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(2))
        .unwrap()
        .to_string();
    let (status, body) = app
        .api_json(
            Method::POST,
            &format!("{path}/updates"),
            &manager,
            update(&soon),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let mut missed = 0;
    for _ in 0..100 {
        let (_, body) = app
            .api_json(Method::GET, &path, &manager, Value::Null)
            .await;
        missed = body["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "missed_update")
            .count();
        if missed > 0 {
            assert!(body["promise_missed"].as_bool().unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(missed, 1, "the missed promise is on the timeline");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (_, body) = app
        .api_json(Method::GET, &path, &manager, Value::Null)
        .await;
    let count = body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "missed_update")
        .count();
    assert_eq!(count, 1, "recorded once");
}

#[tokio::test]
async fn the_war_room_runs_an_incident_with_plain_forms_and_keeps_what_was_typed() {
    let (app, _sink) = with_sink().await;
    app.sign_in_as(MANAGER).await;
    let declared = app
        .post_form(
            "/staff/incidents",
            &[
                ("title", "Card payments fail"),
                ("impact", "You cannot take card payments."),
                ("commander_email", ""),
            ],
        )
        .await;
    assert_eq!(declared.status(), 303);
    let room = crate::helpers::location(&declared);
    assert!(room.starts_with("/staff/incidents/INC-"), "{room}");
    let page = app.page_text(&room).await;
    assert!(
        page.contains("Card payments fail") && page.contains("Grace Hopper"),
        "{page}"
    );
    assert!(page.contains("Never"), "the commander's role card shows");

    let (case, _) = raise_for(&app, "web@example.com", "Checkout fails").await;
    let linked = app
        .post_form(
            &format!("{room}/cases"),
            &[("references", &format!("{case}\nESC-ZZZZZZ"))],
        )
        .await;
    assert_eq!(linked.status(), 422);
    let again = linked.text().await.unwrap();
    assert!(
        again.contains("ESC-ZZZZZZ"),
        "the refusal names the unknown case"
    );
    let linked = app
        .post_form(&format!("{room}/cases"), &[("references", &case)])
        .await;
    assert_eq!(linked.status(), 303);

    let bad = app
        .post_form(
            &format!("{room}/updates"),
            &[
                ("affected", "Payments"),
                ("known", "A bad release <b>"),
                ("doing", "Rolling back"),
                ("next_update_at", "soon"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let page = bad.text().await.unwrap();
    assert!(
        page.contains("A bad release &lt;b&gt;"),
        "what was typed comes back, escaped"
    );
    let next = in_minutes(45);
    let good = app
        .post_form(
            &format!("{room}/updates"),
            &[
                ("affected", "Payments"),
                ("known", "A bad release"),
                ("doing", "Rolling back"),
                ("next_update_at", &next),
            ],
        )
        .await;
    assert_eq!(good.status(), 303);
    let page = app.page_text(&room).await;
    assert!(
        page.contains("Rolling back") && page.contains(&case),
        "{page}"
    );
    let list = app.page_text("/staff/incidents").await;
    assert!(
        list.contains("Card payments fail") && list.contains("linked cases"),
        "{list}"
    );
    let closed_early = app.post_form(&format!("{room}/closure"), &[]).await;
    assert_eq!(closed_early.status(), 409);
}
