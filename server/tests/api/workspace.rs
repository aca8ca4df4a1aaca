//! The case workspace (conversation, one composer, side panel, compact
//! acts), its live updates, and the queue's live updates and bulk acts.

use crate::helpers::{location, spawn_app_with_demo};
use crate::live::Stream;
use reqwest::Method;
use serde_json::json;
use std::time::Duration;

const AGENT: &str = "agent@baton.example";
const SOON: Duration = Duration::from_secs(5);

#[tokio::test]
async fn the_workspace_puts_the_conversation_first_with_one_composer_under_it() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise_as("kim@shop.example", "Exports fail").await;
    app.customer_writes(&reference, &token, "It happens with every CSV export.")
        .await;
    app.sign_in_as(AGENT).await;
    let page = app.page_text(&format!("/staff/cases/{reference}")).await;

    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("{needle} on the page"))
    };
    assert!(at("conversation-log") < at("It happens with every CSV export."));
    assert!(
        at("It happens with every CSV export.") < at("id=\"composer\""),
        "the newest message sits right above the composer"
    );
    assert!(
        at("id=\"composer\"") < at("About this case"),
        "then the side panel"
    );
    assert!(page.contains("value=\"public\"") && page.contains("value=\"internal\""));
    // The side panel: the account, clocks counting down, the owner's acts.
    assert!(page.contains("shop.example"));
    assert!(page.contains("data-due-ms="), "a running clock counts down");
    assert!(page.contains("id=\"assign-to-me\""));
    // The acts are compact, each its own disclosure with its form.
    for act in ["act-escalate", "act-solve", "act-authority", "act-more"] {
        assert!(page.contains(&format!("id=\"{act}\"")), "{act}");
    }
    assert!(page.contains("src=\"/staff.js\""), "shortcuts and palette");
    assert!(page.contains(&format!("/staff/cases/{reference}/live?since=")));
}

#[tokio::test]
async fn the_composer_sends_a_reply_the_customer_reads_or_a_note_they_never_see() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Invoices are doubled").await;
    app.sign_in_as(AGENT).await;
    let replies = format!("/staff/cases/{reference}/replies");

    let sent = app
        .post_form(
            &replies,
            &[
                ("visibility", "public"),
                ("body", "We found the double tax rule."),
            ],
        )
        .await;
    assert_eq!(sent.status(), 303);
    assert_eq!(
        location(&sent),
        format!("/staff/cases/{reference}#composer")
    );
    let noted = app
        .post_form(
            &replies,
            &[
                ("visibility", "internal"),
                ("body", "Legacy plan, ask billing"),
            ],
        )
        .await;
    assert_eq!(noted.status(), 303);

    let status = app
        .status_json(&reference, &token)
        .await
        .text()
        .await
        .unwrap();
    assert!(status.contains("We found the double tax rule."));
    assert!(
        !status.contains("Legacy plan"),
        "a note stays with the team"
    );
    let page = app.page_text(&format!("/staff/cases/{reference}")).await;
    assert!(page.contains("message message-internal"));
    assert!(page.contains("Legacy plan, ask billing"));

    // A blank note comes back with the choice kept.
    let blank = app
        .post_form(&replies, &[("visibility", "internal"), ("body", "  ")])
        .await;
    assert_eq!(blank.status(), 422);
    let html = blank.text().await.unwrap();
    assert!(html.contains("composer-body-error"));
    assert!(html.contains("value=\"internal\" checked"), "{html}");
}

#[tokio::test]
async fn staff_take_a_case_or_give_it_to_a_colleague_from_the_workspace() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Sign-in loops").await;
    app.sign_in_as(AGENT).await;
    let assignment = format!("/staff/cases/{reference}/assignment");
    let taken = app.post_form(&assignment, &[("email", AGENT)]).await;
    assert_eq!(taken.status(), 303);
    let page = app.page_text(&format!("/staff/cases/{reference}")).await;
    assert!(
        page.contains("<dd class=\"case-owner\">Ada Lovelace</dd>"),
        "{page}"
    );

    let nobody = app
        .post_form(&assignment, &[("email", "nobody@baton.example")])
        .await;
    assert_eq!(nobody.status(), 422);
    let html = nobody.text().await.unwrap();
    assert!(html.contains("No member of staff has that email."));
    assert!(
        html.contains("value=\"nobody@baton.example\""),
        "what was typed is kept"
    );
}

#[tokio::test]
async fn the_queue_assigns_and_retypes_picked_cases_and_goes_back_to_its_filters() {
    let app = spawn_app_with_demo().await;
    let (first, _) = app.raise("Refunds missing").await;
    let (second, _) = app.raise("Refunds late").await;
    app.sign_in_as(AGENT).await;
    let queue = app.page_text("/staff").await;
    assert!(
        queue.contains(&format!("value=\"{first}\"")),
        "rows can be picked"
    );
    assert!(queue.contains("formaction=\"/staff/bulk/type\""));
    assert!(
        queue.contains("/staff/queue/live?since="),
        "the queue is live"
    );

    let taken = app
        .post_form(
            "/staff/bulk/assignment",
            &[
                ("references", &first),
                ("references", &second),
                ("to_me", "yes"),
                ("back", "/staff?owner=me"),
            ],
        )
        .await;
    assert_eq!(taken.status(), 303);
    assert_eq!(location(&taken), "/staff?owner=me");
    let mine = app.page_text("/staff?owner=me").await;
    assert!(mine.contains(&first) && mine.contains(&second));

    let retyped = app
        .post_form(
            "/staff/bulk/type",
            &[
                ("references", &first),
                ("escalation_type", "security"),
                ("back", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(retyped.status(), 303);
    assert_eq!(location(&retyped), "/staff", "never another site");
    let security = app.page_text("/staff?escalation_type=security").await;
    assert!(security.contains(&first) && !security.contains(&second));

    // A case that is not there is named; the others are done.
    let partly = app
        .post_form(
            "/staff/bulk/type",
            &[
                ("references", &second),
                ("references", "RX-NOPE-0000"),
                ("escalation_type", "security"),
            ],
        )
        .await;
    assert_eq!(partly.status(), 409);
    let html = partly.text().await.unwrap();
    assert!(
        html.contains("Done for 1 case; not for RX-NOPE-0000: no such case"),
        "{html}"
    );
    let nothing = app
        .post_form("/staff/bulk/type", &[("escalation_type", "security")])
        .await;
    assert_eq!(nothing.status(), 422);
    assert!(
        nothing
            .text()
            .await
            .unwrap()
            .contains("Pick the cases first.")
    );
}

#[tokio::test]
async fn the_staff_api_assigns_and_retypes_in_bulk_and_refuses_a_wrong_type_whole() {
    let app = spawn_app_with_demo().await;
    let token = app.staff_token(AGENT).await;
    let (first, _) = app.raise("Webhooks stopped").await;
    let (second, _) = app.raise("Webhooks slow").await;
    let references = json!([first, second]);

    let (status, body) = app
        .api_json(
            Method::POST,
            "/staff/bulk/type",
            &token,
            json!({"references": references, "escalation_type": "no-such-type"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (_, case) = app
        .api_json(
            Method::GET,
            &format!("/staff/cases/{first}"),
            &token,
            json!(null),
        )
        .await;
    assert_ne!(case["escalation_type"], "no-such-type", "nothing changed");

    let (status, body) = app
        .api_json(
            Method::POST,
            "/staff/bulk/assignment",
            &token,
            json!({"references": [first, "RX-NOPE-0000", second], "email": AGENT}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["done"], json!([first, second]));
    assert_eq!(body["refused"][0]["reference"], "RX-NOPE-0000");

    let (status, _) = app
        .api_json(
            Method::POST,
            "/staff/bulk/type",
            &token,
            json!({"references": [], "escalation_type": "security"}),
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = app
        .api_json(
            Method::POST,
            "/staff/bulk/type",
            &token,
            json!({"references": [first], "escalation_type": "security", "extra": 1}),
        )
        .await;
    assert_eq!(status, 422, "unknown fields are refused");
    let (status, _) = app
        .api_json(
            Method::POST,
            "/staff/bulk/type",
            "wrong",
            json!({"references": [first], "escalation_type": "security"}),
        )
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn an_open_queue_hears_of_a_new_case_and_a_workspace_of_its_customer_message() {
    let app = spawn_app_with_demo().await;
    let unsigned = Stream::open(&app, "/staff/queue/live", None).await;
    assert_eq!(unsigned.status(), 401, "for staff only");

    app.sign_in_as(AGENT).await;
    let (reference, token) = app.raise("Exports fail").await;
    let mut queue = Stream::new(Stream::open(&app, "/staff/queue/live", None).await);
    let first = queue.next(SOON).await.expect("the queue's version at once");
    let mut case =
        Stream::new(Stream::open(&app, &format!("/staff/cases/{reference}/live"), None).await);
    let opened = case.next(SOON).await.expect("the case's version at once");

    app.customer_writes(&reference, &token, "Still failing at 10:00.")
        .await;
    let moved = case.next(SOON).await.expect("the workspace hears of it");
    assert!(moved.id > opened.id);
    let news = queue.next(SOON).await.expect("the queue hears of it");
    assert!(news.id > first.id);

    app.raise("Another problem").await;
    let newer = queue.next(SOON).await.expect("and of a new case");
    assert!(newer.id > news.id);
}
