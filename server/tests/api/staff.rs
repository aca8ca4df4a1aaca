use crate::helpers::{location, spawn_app_with_demo};

#[tokio::test]
async fn staff_pages_need_a_sign_in() {
    let app = spawn_app_with_demo().await;
    let queue = app.get("/staff").await;
    assert!(queue.status().is_redirection(), "{}", queue.status());
    assert_eq!(location(&queue), "/staff/sign-in");
    let update = app
        .post_form("/staff/cases/ESC-ZZZZZZ/replies", &[("body", "hi")])
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
            &format!("/staff/cases/{reference}/replies"),
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

#[tokio::test]
async fn a_question_pauses_the_promise_and_the_customers_answer_resumes_it() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("Exports are blank").await;
    app.sign_in_as_agent().await;
    let ask = app
        .post_form(
            &format!("/staff/cases/{reference}/replies"),
            &[
                ("body", "Which file type do you export?"),
                ("waits_for_customer", "true"),
            ],
        )
        .await;
    assert_eq!(ask.status(), 303);
    let page = app
        .get(&format!("/cases/{reference}?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Waiting for you"));
    assert!(
        page.contains("waiting for your reply since"),
        "the pause says why and since when"
    );
    assert!(page.contains("Answer our question"));

    let empty = app
        .post_form(
            &format!("/cases/{reference}/messages"),
            &[("token", &token), ("body", "")],
        )
        .await;
    assert_eq!(empty.status(), 422);
    let answered = app
        .post_form(
            &format!("/cases/{reference}/messages"),
            &[("token", &token), ("body", "PDF, from the invoices page")],
        )
        .await;
    assert_eq!(answered.status(), 303);
    let page = app
        .get(&format!("/cases/{reference}?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Being worked on"));
    assert!(page.contains("You wrote to us."));
    assert!(
        page.contains("We&#x27;ll send you an update by")
            || page.contains("We'll send you an update by")
    );

    let history = app
        .get(&format!("/staff/cases/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(history.contains("SLA clock paused: next update (waiting for your reply)."));
    assert!(history.contains("SLA clock resumed: next update."));
    assert!(history.contains("Customer wrote: PDF, from the invoices page"));
}

#[tokio::test]
async fn customers_add_messages_over_the_api_with_their_token() {
    let app = spawn_app_with_demo().await;
    let (reference, token) = app.raise("API message").await;
    let url = format!("{}/api/v1/escalations/{reference}/messages", app.url);
    let ok = app
        .client
        .post(&url)
        .bearer_auth(&token)
        .json(&serde_json::json!({"body": "More detail"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);
    let body: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(body["timeline"][0]["kind"], "customer_message");
    let empty = app
        .client
        .post(&url)
        .bearer_auth(&token)
        .json(&serde_json::json!({"body": " "}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 422);
    assert_eq!(
        empty.json::<serde_json::Value>().await.unwrap()["error"]["field"],
        "body"
    );
    let wrong = app
        .client
        .post(&url)
        .bearer_auth("nope")
        .json(&serde_json::json!({"body": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);
}
