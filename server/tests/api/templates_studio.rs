use crate::helpers::{location, spawn_app_with_demo};

const EDITOR: &str = "/ops/templates/acknowledgement/web/en";

#[tokio::test]
async fn ops_see_every_template_and_open_one_in_the_editor() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    let list = app.get("/ops/templates").await;
    assert_eq!(list.status(), 200);
    let html = list.text().await.unwrap();
    assert!(html.contains(&format!("href=\"{EDITOR}\"")));
    let editor = app.get(EDITOR).await;
    assert_eq!(editor.status(), 200);
    let html = editor.text().await.unwrap();
    assert!(html.contains("customer_name"), "placeholders are listed");
    assert!(html.contains("The case reference the customer can quote to us."));
    assert!(html.contains("the built-in default"));
}

#[tokio::test]
async fn the_preview_shows_the_customers_words_and_the_jargon_warning() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    let source = "Your ticket {{ reference }} is in our queue. We will reply by {{ due_time }}.";
    let response = app
        .post_form(&format!("{EDITOR}/preview"), &[("source", source)])
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains(
            "Your ticket ESC-7Q4K2M is in our queue. We will reply by Thu 26 Nov, 14:00."
        )
    );
    assert!(html.contains("data-code=\"jargon\""));
    assert!(
        html.contains("{{ reference }}"),
        "the source is kept in the textarea"
    );
    let untouched = app.get("/ops/templates").await.text().await.unwrap();
    assert!(!untouched.contains(">v1<"), "a preview saves nothing");
}

#[tokio::test]
async fn a_broken_template_comes_back_with_its_line_and_is_not_published() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    let response = app
        .post_form(
            &format!("{EDITOR}/publish"),
            &[("source", "We have your case.\n{{ nme }}")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Line 2: "));
    assert!(html.contains("{{ nme }}"), "what was typed is kept");
    assert!(
        html.contains("the built-in default"),
        "nothing was published"
    );
}

#[tokio::test]
async fn agents_cannot_open_or_change_the_templates() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("agent@baton.example").await;
    let list = app.get("/ops/templates").await;
    assert_eq!(list.status(), 403);
    assert!(
        list.text()
            .await
            .unwrap()
            .contains("Only support ops and admins")
    );
    let publish = app
        .post_form(&format!("{EDITOR}/publish"), &[("source", "Hello")])
        .await;
    assert_eq!(publish.status(), 403);
}

#[tokio::test]
async fn the_studio_needs_a_sign_in() {
    let app = spawn_app_with_demo().await;
    let page = app.get("/ops/templates").await;
    assert_eq!(location(&page), "/staff/sign-in");
    let publish = app
        .post_form(&format!("{EDITOR}/publish"), &[("source", "Hello")])
        .await;
    assert_eq!(location(&publish), "/staff/sign-in");
}

#[tokio::test]
async fn a_new_case_shows_the_newly_published_acknowledgement_and_stage_words() {
    let app = spawn_app_with_demo().await;
    let (before, before_token) = app.raise("Before the change").await;
    app.sign_in_as("ops@baton.example").await;
    let ack = app
        .post_form(
            &format!("{EDITOR}/publish"),
            &[(
                "source",
                "Thanks for telling us, {{ customer_name }}. Quote {{ reference }} when you write.",
            )],
        )
        .await;
    assert_eq!(ack.status(), 303);
    assert_eq!(location(&ack), EDITOR);
    let label = app
        .post_form(
            "/ops/templates/stage_label/web/en/publish",
            &[(
                "source",
                "{% if stage == \"received\" %}New and noted{% else %}Moving{% endif %}",
            )],
        )
        .await;
    assert_eq!(label.status(), 303);
    let explanation = app
        .post_form(
            "/ops/templates/stage_explanation/web/en/publish",
            &[(
                "source",
                "{% if stage == \"received\" %}A person reads every new case within the hour.{% else %}We are on it.{% endif %}",
            )],
        )
        .await;
    assert_eq!(explanation.status(), 303);
    // The list: one row per message, a cell per channel and language with
    // the live version and who wrote it.
    let list = app.page_text("/ops/templates").await;
    assert!(
        list.contains("email body · en"),
        "channels and languages are columns"
    );
    let row = &list[list.find(">stage label<").expect("a row per message")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains(">v1<") && row.contains("Katherine Johnson"),
        "{row}"
    );
    assert_eq!(list.matches(">stage label<").count(), 1);

    let (reference, token) = app.raise("After the change").await;
    let page = app
        .get(&format!("/cases/{reference}?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!(
        "Thanks for telling us, Kim Lee. Quote {reference} when you write."
    )));
    assert!(page.contains("New and noted"));
    assert!(page.contains("A person reads every new case within the hour."));
    assert!(!page.contains("A person on our team will read it soon."));

    let old = app
        .get(&format!("/cases/{before}?token={before_token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        old.contains("New and noted"),
        "stage words are live for every case"
    );
}

#[tokio::test]
async fn rolling_back_restores_the_older_words_as_a_new_version() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    for source in [
        "We have your case {{ reference }}.",
        "We have your case {{ reference }}.\nWe will reply by {{ due_time }}.",
    ] {
        let published = app
            .post_form(&format!("{EDITOR}/publish"), &[("source", source)])
            .await;
        assert_eq!(published.status(), 303);
    }
    let diff = app
        .get(&format!("{EDITOR}?from=1&to=2"))
        .await
        .text()
        .await
        .unwrap();
    assert!(diff.contains("Changes from v1 to v2"));
    assert!(diff.contains("class=\"diff-added\""));
    assert!(diff.contains("We will reply by {{ due_time }}."));

    let rolled = app
        .post_form(&format!("{EDITOR}/rollback"), &[("version", "1")])
        .await;
    assert_eq!(rolled.status(), 303);
    let page = app.get(EDITOR).await.text().await.unwrap();
    assert!(page.contains("v3 (copy of v1)"));
    assert!(page.contains("Customers now read version 3."));
    assert!(page.contains("Katherine Johnson"), "the author is shown");
    assert!(page.contains("rolled back version"));

    let (reference, token) = app.raise("After the roll-back").await;
    let status = app
        .get(&format!("/cases/{reference}?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(status.contains(&format!("We have your case {reference}.")));
}

#[tokio::test]
async fn a_saved_draft_changes_nothing_for_customers_until_it_is_published() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    let draft = app
        .post_form(
            &format!("{EDITOR}/draft"),
            &[("source", "Draft words for {{ reference }}.")],
        )
        .await;
    assert_eq!(draft.status(), 303);
    let page = app.get(EDITOR).await.text().await.unwrap();
    assert!(page.contains("Customers now read the built-in default."));
    assert!(page.contains("Publish this draft"));
    let (reference, token) = app.raise("While drafting").await;
    let status_path = format!("/cases/{reference}?token={token}");
    let status = app.get(&status_path).await.text().await.unwrap();
    assert!(!status.contains("Draft words for"));

    let published = app
        .post_form(&format!("{EDITOR}/rollback"), &[("version", "1")])
        .await;
    assert_eq!(published.status(), 303);
    let page = app.get(EDITOR).await.text().await.unwrap();
    assert!(page.contains("Customers now read version 2."));
    assert!(page.contains("Katherine Johnson published version 2"));
    let status = app.get(&status_path).await.text().await.unwrap();
    assert!(status.contains(&format!("Draft words for {reference}.")));
}

#[tokio::test]
async fn ops_can_change_the_footer_under_customer_emails() {
    use crate::mail_sink::{MailSink, link};
    let sink = MailSink::default();
    let port = sink.start(0).await;
    let relay = format!("127.0.0.1:{port}");
    let app = crate::helpers::spawn_app_with_settings(&[
        ("BATON_SMTP_RELAY", relay.as_str()),
        ("BATON_MAIL_FROM", "Support <help@baton.test>"),
    ])
    .await;
    app.sign_in_as("ops@baton.example").await;
    let footer = app.get("/ops/templates/email_footer/email_body/en").await;
    assert_eq!(footer.status(), 200, "the footer is in the studio");
    assert!(
        footer
            .text()
            .await
            .unwrap()
            .contains("because you follow this case")
    );
    let published = app
        .post_form(
            "/ops/templates/email_footer/email_body/en/publish",
            &[(
                "source",
                "Footer words from ops.\nWe'll stop on this link: {{ unsubscribe_url }}",
            )],
        )
        .await;
    assert_eq!(published.status(), 303);

    app.raise("Checkout fails").await;
    let mail = &sink.wait_for("kim@example.com", 1).await[0];
    assert!(
        mail.data.contains("Footer words from ops."),
        "{}",
        mail.data
    );
    let unsubscribe = link(&mail.data, &format!("{}/unsubscribe", app.url));
    assert!(unsubscribe.contains("token="), "the link is still there");
}
