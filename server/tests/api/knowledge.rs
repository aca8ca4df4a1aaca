//! The knowledge base: staff write articles (from a solved case too), public
//! ones answer customers at /help and as suggestions while they type, found
//! by each backend's full-text search.

use crate::helpers::{TestApp, spawn_app_with_demo};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const OPS: &str = "ops@baton.example";

async fn write(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/staff/articles", app.url))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn suggestions(app: &TestApp, q: &str) -> Vec<Value> {
    let response = app
        .client
        .get(format!("{}/api/v1/help/suggestions", app.url))
        .query(&[("q", q)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{q}");
    response.json::<Vec<Value>>().await.unwrap()
}

async fn articles(app: &TestApp) -> (String, String) {
    let token = app.staff_token(OPS).await;
    let public = write(
        app,
        &token,
        json!({
            "title": "Invoices show the tax twice",
            "body": "Open Settings, then Billing. Turn off \"Add tax to line items\". Your next invoice will show the tax once.",
            "visibility": "public"
        }),
    )
    .await;
    assert_eq!(public.status(), StatusCode::CREATED);
    let public: Value = public.json().await.unwrap();
    assert_eq!(public["url"], "/help/invoices-show-the-tax-twice");
    assert!(public["warnings"].is_array());
    let internal = write(
        app,
        &token,
        json!({
            "title": "Exporting invoices for a key account",
            "body": "Use the admin export with the account's id. Never send it by email.",
            "visibility": "internal"
        }),
    )
    .await;
    assert_eq!(internal.status(), StatusCode::CREATED);
    let internal: Value = internal.json().await.unwrap();
    (
        public["slug"].as_str().unwrap().to_owned(),
        internal["slug"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn public_articles_are_suggested_while_customers_type_and_internal_ones_never() {
    let app = spawn_app_with_demo().await;
    let (public, internal) = articles(&app).await;

    let found = suggestions(&app, "My invoices have the tax added two times").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["title"], "Invoices show the tax twice");
    assert_eq!(found[0]["url"], format!("/help/{public}"));
    assert!(found[0]["snippet"].as_str().unwrap().contains("tax"));
    // Half a word, as typed so far, already finds it.
    assert_eq!(suggestions(&app, "invoi").await.len(), 1);
    // The internal article matches "export" but is never offered.
    assert!(
        suggestions(&app, "export invoices key account")
            .await
            .iter()
            .all(|s| s["url"] != format!("/help/{internal}"))
    );
    // Query syntax is only text.
    for odd in [
        "\"NEAR(*",
        "tax OR",
        "a:* | !b",
        "'; drop table article; --",
        "",
    ] {
        suggestions(&app, odd).await;
    }
    assert!(suggestions(&app, "the of and").await.is_empty());
    let too_long = app
        .client
        .get(format!("{}/api/v1/help/suggestions", app.url))
        .query(&[("q", "x".repeat(201))])
        .send()
        .await
        .unwrap();
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let help = app.page_text("/help?q=tax+twice").await;
    assert!(help.contains("Invoices show the tax twice"));
    let article = app.get(&format!("/help/{public}")).await;
    assert_eq!(article.status(), 200);
    assert!(article.text().await.unwrap().contains("Turn off"));
    assert_eq!(app.get(&format!("/help/{internal}")).await.status(), 404);
    assert_eq!(app.get("/help/no-such-article").await.status(), 404);
}

#[tokio::test]
async fn a_customer_it_answered_is_counted_and_staff_keep_versions() {
    let app = spawn_app_with_demo().await;
    let (public, internal) = articles(&app).await;
    let answered = app
        .post_form(&format!("/help/{public}/answered"), &[])
        .await;
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.post_form(&format!("/help/{internal}/answered"), &[])
            .await
            .status(),
        404
    );

    let token = app.staff_token(OPS).await;
    let (status, saved) = app
        .api_json(
            Method::PUT,
            &format!("/staff/articles/{public}"),
            &token,
            json!({
                "title": "Invoices show the tax twice",
                "body": "Open Settings, then Billing, then Taxes. Turn off \"Add tax to line items\".",
                "visibility": "public", "version": 1
            }),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], 2);
    let (stale, _) = app
        .api_json(
            Method::PUT,
            &format!("/staff/articles/{public}"),
            &token,
            json!({"title": "Old", "body": "Old.", "visibility": "public", "version": 1}),
        )
        .await;
    assert_eq!(stale, 409, "a save over someone else's newer version");
    let (missing, _) = app
        .api_json(
            Method::PUT,
            "/staff/articles/nothing-here",
            &token,
            json!({"title": "T", "body": "B", "visibility": "public"}),
        )
        .await;
    assert_eq!(missing, 404);
    assert!(
        suggestions(&app, "taxes").await.len() == 1,
        "the new version is what search finds"
    );

    app.sign_in_as(OPS).await;
    let page = app.page_text("/staff/articles").await;
    assert!(
        page.contains("answered them 1 times"),
        "deflections are counted"
    );
    assert!(
        page.contains("Exporting invoices for a key account"),
        "staff see internal articles"
    );
}

#[tokio::test]
async fn articles_start_from_a_case_and_bad_input_names_its_field() {
    let app = spawn_app_with_demo().await;
    let token = app.staff_token(OPS).await;
    let (reference, _) = app.raise("Calendar sync stops after an hour").await;
    app.sign_in_as(OPS).await;
    let prefilled = app
        .page_text(&format!("/staff/articles?case={reference}"))
        .await;
    assert!(prefilled.contains("Calendar sync stops after an hour"));
    assert!(prefilled.contains(&reference));

    let from_case = write(
        &app,
        &token,
        json!({"title": "Calendar sync stops", "body": "Reconnect the calendar.", "visibility": "internal", "from_case": reference}),
    )
    .await;
    assert_eq!(from_case.status(), StatusCode::CREATED);
    let body: Value = from_case.json().await.unwrap();
    assert_eq!(body["source_case"], reference.as_str());

    for (bad, field) in [
        (
            json!({"title": "", "body": "B", "visibility": "public"}),
            "title",
        ),
        (
            json!({"title": "T", "body": "B", "visibility": "secret"}),
            "visibility",
        ),
        (
            json!({"title": "T", "body": "B", "visibility": "public", "from_case": "ESC-ZZZZZZ"}),
            "from_case",
        ),
    ] {
        let refused = write(&app, &token, bad).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: Value = refused.json().await.unwrap();
        assert_eq!(error["error"]["field"], field);
    }
    let anonymous = app
        .post_json(
            "/api/v1/staff/articles",
            &json!({"title": "T", "body": "B", "visibility": "public"}),
        )
        .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // The form: a new article, then the page says where it is.
    let saved = app
        .post_form(
            "/staff/articles",
            &[
                ("title", "Reset a password"),
                ("body", "Use the link on the sign-in page."),
                ("visibility", "public"),
                ("version", ""),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        crate::helpers::location(&saved),
        "/staff/articles?saved=reset-a-password"
    );
}

#[tokio::test]
async fn the_raise_form_gets_its_suggestions_as_escaped_html() {
    let app = spawn_app_with_demo().await;
    let token = app.staff_token(OPS).await;
    let written = write(
        &app,
        &token,
        json!({"title": "Refunds <script>alert(1)</script> take a week",
               "body": "Refunds reach your card within 5 working days.", "visibility": "public"}),
    )
    .await;
    assert_eq!(written.status(), StatusCode::CREATED);
    let fragment = app.get("/help-suggestions?q=refunds%20late").await;
    assert_eq!(fragment.status(), 200);
    assert!(
        fragment.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = fragment.text().await.unwrap();
    assert!(html.contains("These answers may help"));
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script>"),
        "{html}"
    );
    assert!(html.contains("href=\"/help/refunds-script-alert-1-script-take-a-week\""));
    let nothing = app.page_text("/help-suggestions?q=zebra").await;
    assert!(nothing.is_empty());
    // The raise form carries the box and the little script that fills it.
    let raise = app.page_text("/").await;
    assert!(
        raise.contains("id=\"help-suggestions\"") && raise.contains("src=\"/help-suggest.js\"")
    );
    let script = app.get("/help-suggest.js").await;
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(
        script
            .text()
            .await
            .unwrap()
            .contains("/help-suggestions?q=")
    );
}
