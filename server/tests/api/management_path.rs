//! The management path: staff bring in a manager, then the executives, to
//! oversee a case that stays with its tier; the level hears it at once and
//! the customer reads only who oversees their case.

use crate::helpers::spawn_app_with_demo;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn an_agent_brings_in_a_manager_who_is_alerted_and_the_customer_reads_plain_words() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Our contract renewal is at risk").await;
    let agent = app.staff_token("agent@baton.example").await;
    let up = format!("/staff/cases/{reference}/management-escalations");
    let note = json!({"tried": "Apologised twice", "known": "Third outage this month", "told_customer": "A manager will call"});

    let missing = app
        .api(
            Method::POST,
            &up,
            &agent,
            json!({"reason": "Angry customer"}),
        )
        .await;
    assert_eq!(missing.status(), 422);
    assert_eq!(
        missing.json::<Value>().await.unwrap()["error"]["field"],
        "handoff_note"
    );
    let unknown = app
        .api(
            Method::POST,
            &up,
            &agent,
            json!({"to_level": "ceo", "reason": "r", "handoff_note": note}),
        )
        .await;
    assert_eq!(unknown.status(), 422);
    assert_eq!(
        unknown.json::<Value>().await.unwrap()["error"]["field"],
        "to_level"
    );

    let moved = app
        .api(
            Method::POST,
            &up,
            &agent,
            json!({"reason": "Customer may leave", "handoff_note": note}),
        )
        .await;
    assert_eq!(moved.status(), 200, "{}", moved.text().await.unwrap());
    let case: Value = moved.json().await.unwrap();
    assert_eq!(case["management"], "manager");
    assert_eq!(case["tier"], "L1", "the tier keeps working the case");

    let status = app
        .status_json(&reference, &token)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        status.contains("A manager is now overseeing your case."),
        "{status}"
    );
    assert!(
        !status.contains("Customer may leave"),
        "the reason stays inside"
    );
    assert!(!status.contains("Apologised"), "the note stays inside");

    app.sign_in_as("manager@baton.example").await;
    let alerts = app.page_text("/staff/alerts").await;
    assert!(alerts.contains(&reference), "managers are called in");
    assert!(alerts.contains("Third outage this month"), "with the note");
    let page = app.page_text(&format!("/staff/cases/{reference}")).await;
    assert!(
        page.contains("Management brought in"),
        "the note comes first"
    );
    assert!(page.contains("<dt>Overseen by</dt>"));
    let queue = app.page_text("/staff?oversight=manager").await;
    assert!(
        queue.contains(&reference),
        "managers find the cases they oversee"
    );
    assert!(queue.contains("Overseen: Team manager"));
    let none = app.page_text("/staff?oversight=executive").await;
    assert!(!none.contains(&reference));
    let bad = app.page_text("/staff?oversight=boss").await;
    assert!(bad.contains("Use major_incident, manager or executive."));

    let again = app
        .api(
            Method::POST,
            &up,
            &agent,
            json!({"to_level": "manager", "reason": "r", "handoff_note": note}),
        )
        .await;
    assert_eq!(again.status(), 409);

    let down = format!("/staff/cases/{reference}/management-de-escalations");
    let back = app
        .api(
            Method::POST,
            &down,
            &agent,
            json!({"reason": "Call went well", "handoff_note": "Customer is calm again"}),
        )
        .await;
    assert_eq!(back.status(), 200);
    assert!(back.json::<Value>().await.unwrap()["management"].is_null());
    let none = app
        .api(
            Method::POST,
            &down,
            &agent,
            json!({"reason": "r", "handoff_note": "n"}),
        )
        .await;
    assert_eq!(none.status(), 409);
}

#[tokio::test]
async fn the_console_form_brings_in_the_executives_and_keeps_what_was_typed_on_a_mistake() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Board-level complaint").await;
    app.sign_in_as_agent().await;
    let path = format!("/staff/cases/{reference}/management-escalations");
    let bad = app
        .post_form(
            &path,
            &[
                ("to_level", "executive"),
                ("reason", "CEO wrote to our CEO"),
                ("handoff_note.tried", "Called back"),
                ("handoff_note.known", ""),
                ("handoff_note.told_customer", "Escalating"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let page = bad.text().await.unwrap();
    assert!(
        page.contains("CEO wrote to our CEO"),
        "nothing typed is lost"
    );
    let ok = app
        .post_form(
            &path,
            &[
                ("to_level", "executive"),
                ("reason", "CEO wrote to our CEO"),
                ("handoff_note.tried", "Called back"),
                ("handoff_note.known", "Renewal next week"),
                ("handoff_note.told_customer", "Escalating"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    let page = app.page_text(&format!("/staff/cases/{reference}")).await;
    assert!(
        page.contains("<dd class=\"overseen-by\">Executives</dd>"),
        "{page}"
    );
}
