use crate::helpers::{location, spawn_app_with_demo};

#[tokio::test]
async fn staff_pages_need_a_sign_in() {
    let app = spawn_app_with_demo().await;
    let queue = app.get("/staff").await;
    assert!(queue.status().is_redirection(), "{}", queue.status());
    assert_eq!(location(&queue), "/staff/sign-in");
    let update = app
        .post_form("/staff/cases/ESC-ZZZZZZ/updates", &[("body", "hi")])
        .await;
    assert_eq!(location(&update), "/staff/sign-in");
}

#[tokio::test]
async fn a_wrong_password_is_refused_beside_the_field() {
    let app = spawn_app_with_demo().await;
    let response = app
        .post_form(
            "/staff/sign-in",
            &[("email", "agent@baton.example"), ("password", "nope")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("match an account"));
    assert!(html.contains("value=\"agent@baton.example\""));
}

#[tokio::test]
async fn a_staff_update_reaches_the_customer_and_solving_asks_them() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Invoices missing").await;
    app.sign_in_as_agent().await;

    let queue = app.get("/staff").await.text().await.unwrap();
    assert!(queue.contains(&reference), "the new case is in the queue");

    let update = app
        .post_form(
            &format!("/staff/cases/{reference}/updates"),
            &[("body", "We found the <b>cause</b>.")],
        )
        .await;
    assert_eq!(update.status(), 303);
    let status = app
        .get(&format!("/cases/{reference}?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(status.contains("We found the &lt;b&gt;cause&lt;/b&gt;."));
    assert!(status.contains("Being worked on"));

    let empty = app
        .post_form(
            &format!("/staff/cases/{reference}/resolution"),
            &[("summary", " ")],
        )
        .await;
    assert_eq!(empty.status(), 422);

    app.post_form(
        &format!("/staff/cases/{reference}/resolution"),
        &[("summary", "Invoices are back.")],
    )
    .await;
    let status = app
        .get(&format!("/cases/{reference}?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(status.contains("Is this solved for you?"));
}

#[tokio::test]
async fn the_customer_answers_by_form_and_a_reopening_shows_in_the_queue() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Sync breaks").await;
    app.sign_in_as_agent().await;
    app.post_form(
        &format!("/staff/cases/{reference}/resolution"),
        &[("summary", "Renewed the token.")],
    )
    .await;

    let answer = format!("/cases/{reference}/answer");
    let no_reason = app
        .post_form(
            &answer,
            &[("token", &token), ("resolved", "false"), ("reason", "")],
        )
        .await;
    assert_eq!(no_reason.status(), 422);
    assert!(
        no_reason
            .text()
            .await
            .unwrap()
            .contains("Please tell us what is still wrong.")
    );

    let wrong_token = app
        .post_form(
            &answer,
            &[("token", "guess"), ("resolved", "false"), ("reason", "x")],
        )
        .await;
    assert_eq!(wrong_token.status(), 404);

    let reopened = app
        .post_form(
            &answer,
            &[
                ("token", &token),
                ("resolved", "false"),
                ("reason", "Broke again"),
            ],
        )
        .await;
    assert_eq!(reopened.status(), 303);
    let queue = app.get("/staff").await.text().await.unwrap();
    assert!(queue.contains("Reopened by customer"));
    let case = app
        .get(&format!("/staff/cases/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(case.contains("Customer reopened the case: Broke again"));

    app.post_form(
        &format!("/staff/cases/{reference}/resolution"),
        &[("summary", "Fixed for good.")],
    )
    .await;
    let confirmed = app
        .post_form(
            &answer,
            &[
                ("token", &token),
                ("resolved", "true"),
                ("rating", "5"),
                ("comment", ""),
            ],
        )
        .await;
    assert_eq!(confirmed.status(), 303);
    let status = app
        .get(&format!("/cases/{reference}?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(status.contains("rated our help 5 out of 5"));
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as_agent().await;
    assert_eq!(app.get("/staff").await.status(), 200);
    let out = app.post_form("/staff/sign-out", &[]).await;
    assert_eq!(out.status(), 303);
    assert!(app.get("/staff").await.status().is_redirection());
}
