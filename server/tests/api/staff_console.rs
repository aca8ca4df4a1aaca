//! The console's escalate, hand-back and internal-note forms.

use crate::helpers::spawn_app_with_demo;

#[tokio::test]
async fn an_escalation_without_a_full_handoff_note_comes_back_with_what_was_typed() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Checkout fails").await;
    app.sign_in_as_agent().await;
    let response = app
        .post_form(
            &format!("/staff/cases/{reference}/escalations"),
            &[
                ("to_tier", "L2"),
                ("reason", "Needs payments"),
                ("handoff_note.tried", "Restarted the gateway"),
                ("handoff_note.known", ""),
                ("handoff_note.told_customer", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Please say what is known so far."));
    assert!(html.contains("Please say what the customer was told."));
    assert!(html.contains("Restarted the gateway"), "typed text is kept");
    assert!(html.contains("value=\"Needs payments\""));
}

#[tokio::test]
async fn an_escalation_shows_its_handoff_note_first_and_the_customer_sees_plain_words() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Checkout fails").await;
    app.sign_in_as_agent().await;
    let escalated = app
        .post_form(
            &format!("/staff/cases/{reference}/escalations"),
            &[
                ("to_tier", "L3"),
                ("reason", "Gateway bug"),
                ("handoff_note.tried", "Restarted the gateway"),
                ("handoff_note.known", "Only Visa cards fail"),
                ("handoff_note.told_customer", "We are looking into it"),
            ],
        )
        .await;
    assert_eq!(escalated.status(), 303);
    let page = app
        .get(&format!("/staff/cases/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    let card = page.find("Handoff note").expect("the handoff card");
    assert!(
        card < page.find("Open cases").unwrap(),
        "the handoff note comes first"
    );
    assert!(page.contains("Only Visa cards fail"));
    assert!(page.contains("Hand back to a lower tier"));
    assert!(page.contains("<dd class=\"case-tier\">L3</dd>"));

    let note = app
        .post_form(
            &format!("/staff/cases/{reference}/replies"),
            &[
                ("visibility", "internal"),
                ("body", "Customer is on the legacy plan"),
            ],
        )
        .await;
    assert_eq!(note.status(), 303);
    let back = app
        .post_form(
            &format!("/staff/cases/{reference}/de-escalations"),
            &[
                ("to_tier", "L1"),
                ("reason", "Workaround in place"),
                ("handoff_note.tried", "Patched the gateway"),
                ("handoff_note.known", "Visa works again"),
                ("handoff_note.told_customer", "It should work now"),
            ],
        )
        .await;
    assert_eq!(back.status(), 303);
    let page = app
        .get(&format!("/staff/cases/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Internal note: Customer is on the legacy plan"));
    assert!(
        page.contains("Visa works again"),
        "the newest note is shown"
    );
    assert!(page.contains("<dd class=\"case-tier\">L1</dd>"));

    let status = app
        .get(&format!("/cases/{reference}?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(status.contains("Our senior engineers have taken over your case."));
    assert!(status.contains("Our support team has taken over your case."));
    for secret in [
        "legacy plan",
        "Only Visa cards fail",
        "Gateway bug",
        "Workaround in place",
    ] {
        assert!(!status.contains(secret), "the customer sees {secret}");
    }
}

#[tokio::test]
async fn handing_back_at_the_front_line_is_refused_on_the_page() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Slow search").await;
    app.sign_in_as_agent().await;
    let page = app
        .get(&format!("/staff/cases/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("Hand back to a lower tier"),
        "no lower tier at L1"
    );
    let refused = app
        .post_form(
            &format!("/staff/cases/{reference}/de-escalations"),
            &[
                ("to_tier", ""),
                ("reason", "r"),
                ("handoff_note.tried", "a"),
                ("handoff_note.known", "b"),
                ("handoff_note.told_customer", "c"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("front line"));
}

#[tokio::test]
async fn the_queue_page_filters_by_tier_and_names_a_bad_filter() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Checkout fails").await;
    app.sign_in_as_agent().await;
    let l1 = app
        .get("/staff?tier=L1&severity=S2")
        .await
        .text()
        .await
        .unwrap();
    assert!(l1.contains(&reference));
    assert!(
        l1.contains("<option value=\"L1\" selected"),
        "the choice is kept"
    );
    let l3 = app.get("/staff?tier=L3").await.text().await.unwrap();
    assert!(!l3.contains(&reference));
    let bad = app.get("/staff?tier=L9").await.text().await.unwrap();
    assert!(bad.contains("Use L1, L2, L3 or Executive."));
}
