//! The studio's editor beyond publishing now: scheduling a version,
//! cancelling a schedule, previewing with a real case, and the highlighted
//! source.

use crate::helpers::{location, spawn_app_with_demo};

const EDITOR: &str = "/ops/templates/acknowledgement/web/en";
const WORDS: &str = "Hi {{ customer_name }}. We have your case {{ reference }}. \
                     We'll reply by {{ due_time }}.";

#[tokio::test]
async fn a_scheduled_version_waits_in_the_list_and_customers_keep_the_old_words() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    let scheduled = app
        .post_form(
            &format!("{EDITOR}/schedule"),
            &[("source", WORDS), ("publish_at", "2099-01-05T09:30")],
        )
        .await;
    assert_eq!(scheduled.status(), 303);
    assert_eq!(location(&scheduled), EDITOR);
    let page = app.get(EDITOR).await.text().await.unwrap();
    assert!(page.contains("scheduled for Mon 5 Jan, 09:30"), "{page}");
    assert!(page.contains("Cancel schedule"));
    assert!(page.contains("Customers now read the built-in default."));
    assert!(page.contains("Katherine Johnson scheduled version 1"));

    let (reference, token) = app.raise("While a change waits").await;
    let status = app
        .get(&format!("/cases/{reference}?token={token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!status.contains("Hi Kim Lee."), "not live before its time");
}

#[tokio::test]
async fn a_schedule_can_be_cancelled_before_it_goes_live() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    app.post_form(
        &format!("{EDITOR}/schedule"),
        &[("source", WORDS), ("publish_at", "2099-01-05T09:30:00Z")],
    )
    .await;
    let cancelled = app
        .post_form(&format!("{EDITOR}/cancel"), &[("version", "1")])
        .await;
    assert_eq!(cancelled.status(), 303);
    let page = app.get(EDITOR).await.text().await.unwrap();
    assert!(!page.contains("scheduled for"));
    assert!(page.contains("Publish this draft"), "it is a draft again");
    assert!(page.contains("Katherine Johnson cancelled schedule version 1"));

    let again = app
        .post_form(&format!("{EDITOR}/cancel"), &[("version", "1")])
        .await;
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn a_past_or_unreadable_time_is_refused_beside_the_field() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    for (at, says) in [
        ("2001-01-05T09:30", "That time has passed."),
        ("next tuesday", "Give the date and time to go live"),
        ("", "Give the date and time to go live"),
    ] {
        let refused = app
            .post_form(
                &format!("{EDITOR}/schedule"),
                &[("source", WORDS), ("publish_at", at)],
            )
            .await;
        assert_eq!(refused.status(), 422, "{at:?}");
        let html = refused.text().await.unwrap();
        assert!(html.contains("id=\"publish-at-error\""), "{at:?}");
        assert!(html.contains(says), "{at:?}");
        assert!(html.contains("We have your case {{ reference }}"), "kept");
    }
    let broken = app
        .post_form(
            &format!("{EDITOR}/schedule"),
            &[
                ("source", "Hi\n{{ nme }}"),
                ("publish_at", "2099-01-05T09:30"),
            ],
        )
        .await;
    assert_eq!(broken.status(), 422);
    assert!(broken.text().await.unwrap().contains("Line 2: "));
    let page = app.get(EDITOR).await.text().await.unwrap();
    assert!(page.contains("No versions yet"), "nothing was saved");
}

#[tokio::test]
async fn agents_cannot_schedule_or_cancel() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("agent@baton.example").await;
    let schedule = app
        .post_form(
            &format!("{EDITOR}/schedule"),
            &[("source", WORDS), ("publish_at", "2099-01-05T09:30")],
        )
        .await;
    assert_eq!(schedule.status(), 403);
    let cancel = app
        .post_form(&format!("{EDITOR}/cancel"), &[("version", "1")])
        .await;
    assert_eq!(cancel.status(), 403);
}

#[tokio::test]
async fn the_preview_can_use_a_real_cases_values() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Reports are empty").await;
    app.sign_in_as("ops@baton.example").await;
    let response = app
        .post_form(
            &format!("{EDITOR}/preview"),
            &[("source", WORDS), ("case_reference", &reference)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains(&format!("Hi Kim Lee. We have your case {reference}.")),
        "{html}"
    );
    assert!(!html.contains("Hi Dana."), "not the example values");
    assert!(html.contains(&format!("value=\"{reference}\"")), "kept");
}

#[tokio::test]
async fn an_unknown_case_is_named_beside_the_field() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    for (typed, says) in [
        ("ESC-222222", "We have no case ESC-222222."),
        ("case 12", "Case references look like ESC-7Q4K2M."),
    ] {
        let response = app
            .post_form(
                &format!("{EDITOR}/preview"),
                &[("source", WORDS), ("case_reference", typed)],
            )
            .await;
        assert_eq!(response.status(), 422, "{typed}");
        let html = response.text().await.unwrap();
        assert!(html.contains("id=\"case-reference-error\""), "{typed}");
        assert!(html.contains(says), "{typed}");
        assert!(!html.contains("id=\"preview-title\""), "no preview");
    }
}

#[tokio::test]
async fn the_source_is_shown_highlighted_and_escaped() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    let page = app.get(EDITOR).await.text().await.unwrap();
    assert!(page.contains("class=\"code highlighted-source\""));
    assert!(page.contains("<span class=\"tpl-placeholder\">"));

    let source =
        "{# note <b>ops</b> #}Hi {{ customer_name }}.{% if true %} <script>x</script>{% endif %}";
    let response = app
        .post_form(&format!("{EDITOR}/preview"), &[("source", source)])
        .await;
    let html = response.text().await.unwrap();
    assert!(html.contains(
        "<span class=\"tpl-comment\">{# note &lt;b&gt;ops&lt;/b&gt; #}</span>Hi \
         <span class=\"tpl-placeholder\">{{ customer_name }}</span>.\
         <span class=\"tpl-tag\">{% if true %}</span> &lt;script&gt;x&lt;/script&gt;"
    ));
    assert!(!html.contains("<script>x</script>"), "nor in the textarea");
    assert!(
        html.contains("{# note &lt;b&gt;ops&lt;/b&gt; #}Hi {{ customer_name }}."),
        "the textarea holds the source, escaped"
    );
}
