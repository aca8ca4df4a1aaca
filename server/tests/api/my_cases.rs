//! "My cases": a customer asks for a sign-in link by email and sees every
//! case raised from their address; the link works once and not for long.

use crate::helpers::TestApp;
use crate::mail_sink::{MailSink, link};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use serde_json::{Value, json};

const KIM: &str = "kim@example.com";

async fn with_sink() -> (TestApp, MailSink) {
    crate::mail_sink::app_with_sink().await
}

async fn raise_for(app: &TestApp, email: &str, subject: &str) -> String {
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({
                "name": "Kim Lee", "email": email, "subject": subject,
                "description": "Nothing loads.", "severity": "S3"
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["reference"].as_str().unwrap().to_owned()
}

/// A browser of its own: cookies kept, redirects not followed.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// The text of a page as `browser` sees it.
async fn page(browser: &reqwest::Client, url: String) -> String {
    browser.get(url).send().await.unwrap().text().await.unwrap()
}

/// Asks for a link through the API and returns the emailed one (the
/// `n`-th email to the address, counting the acknowledgements).
async fn emailed_link(app: &TestApp, sink: &MailSink, email: &str, n: usize) -> String {
    let asked = app
        .post_json("/api/v1/customer/sign-in-links", &json!({ "email": email }))
        .await;
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    let mail = sink.wait_for(email, n).await.remove(n - 1);
    assert!(mail.data.contains("all your cases"), "{}", mail.data);
    link(&mail.data, &format!("{}/my-cases/", app.url))
}

#[tokio::test]
async fn one_emailed_link_shows_every_case_of_the_address_once() {
    let (app, sink) = with_sink().await;
    let first = raise_for(&app, KIM, "Invoices are wrong").await;
    let second = raise_for(&app, "Kim@Example.com", "Exports time out").await;
    let theirs = raise_for(&app, "sam@example.com", "Sam's own problem").await;
    sink.wait_for(KIM, 1).await;
    sink.wait_for("Kim@Example.com", 1).await;

    // The second acknowledgement went to the address as typed.
    let url = emailed_link(&app, &sink, KIM, 2).await;
    // Any client: the link itself shows the list, no redirect to follow.
    let opened = reqwest::get(&url).await.unwrap();
    assert_eq!(opened.status(), StatusCode::OK);
    assert_eq!(opened.headers()["cache-control"], "no-store");
    let cookie = opened.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let page = opened.text().await.unwrap();
    assert!(page.contains(&first) && page.contains(&second), "{page}");
    assert!(page.contains("Exports time out"));
    assert!(!page.contains(&theirs), "another customer's case is listed");
    assert!(page.contains("We&#x27;ll reply by") || page.contains("We'll reply by"));

    // Used once, it is refused, like an unknown link.
    let again = reqwest::get(&url).await.unwrap();
    assert_eq!(again.status(), StatusCode::GONE);
    assert!(!again.text().await.unwrap().contains(&first));
    let unknown = reqwest::get(format!("{}/my-cases/{}", app.url, "0".repeat(40)))
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::GONE);
}

#[tokio::test]
async fn the_signed_in_browser_opens_each_case_and_signs_out() {
    let (app, sink) = with_sink().await;
    let reference = raise_for(&app, KIM, "Invoices are wrong").await;
    let url = emailed_link(&app, &sink, KIM, 2).await;
    let browser = browser();
    assert_eq!(browser.get(&url).send().await.unwrap().status(), 200);

    // The session lists the cases again without the link.
    let list = page(&browser, format!("{}/my-cases", app.url)).await;
    let prefix = format!("/cases/{reference}?token=");
    let start = list.find(&prefix).expect("a link to the case");
    let case_path: String = list[start..].chars().take_while(|c| *c != '"').collect();
    // The same private link on every view of the list.
    let again = page(&browser, format!("{}/my-cases", app.url)).await;
    assert!(again.contains(&case_path));
    let status = browser
        .get(format!("{}{case_path}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);
    assert!(status.text().await.unwrap().contains("Invoices are wrong"));

    let out = browser
        .post(format!("{}/my-cases/sign-out", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let after = page(&browser, format!("{}/my-cases", app.url)).await;
    assert!(!after.contains(&reference), "signed out, the list is gone");
    assert!(after.contains("Email me a link"));
}

#[tokio::test]
async fn strangers_get_the_same_answer_and_no_email() {
    let (app, sink) = with_sink().await;
    raise_for(&app, KIM, "Invoices are wrong").await;
    sink.wait_for(KIM, 1).await;
    for email in ["nobody@example.com", KIM] {
        let asked = app
            .post_json("/api/v1/customer/sign-in-links", &json!({ "email": email }))
            .await;
        assert_eq!(asked.status(), StatusCode::ACCEPTED, "{email}");
        let body: Value = asked.json().await.unwrap();
        assert!(body["message"].is_string());
        let form = app.post_form("/my-cases", &[("email", email)]).await;
        assert_eq!(form.status(), StatusCode::SEE_OTHER);
        assert_eq!(form.headers()["location"], "/my-cases?sent=1");
    }
    sink.wait_for(KIM, 3).await;
    assert!(sink.to("nobody@example.com").is_empty());

    let bad = app
        .post_json(
            "/api/v1/customer/sign-in-links",
            &json!({ "email": "not an address" }),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let form = app
        .post_form("/my-cases", &[("email", "not an address")])
        .await;
    assert_eq!(form.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(form.text().await.unwrap().contains("like name@example.com"));
}

#[tokio::test]
async fn an_expired_link_is_refused_and_an_inbox_is_not_flooded() {
    let (app, sink) = with_sink().await;
    raise_for(&app, KIM, "Invoices are wrong").await;
    let url = emailed_link(&app, &sink, KIM, 2).await;
    {
        let mut conn = app.portal.store.read().await.unwrap();
        sqlx::query("update customer_sign_in_link set expires_at = 0")
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    assert_eq!(reqwest::get(&url).await.unwrap().status(), StatusCode::GONE);

    // Four more make five in the hour; the sixth and seventh send nothing.
    for _ in 0..6 {
        let asked = app
            .post_json("/api/v1/customer/sign-in-links", &json!({ "email": KIM }))
            .await;
        assert_eq!(asked.status(), StatusCode::ACCEPTED);
    }
    sink.wait_for(KIM, 6).await;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(sink.to(KIM).len(), 6, "one acknowledgement and five links");
}
