use crate::helpers::{location, spawn_app};

const FORM: [(&str, &str); 5] = [
    ("name", "Kim"),
    ("email", "kim@example.com"),
    ("subject", "Cross-site"),
    ("description", "x"),
    ("severity", "S3"),
];

#[tokio::test]
async fn a_form_post_from_another_site_is_refused() {
    let app = spawn_app().await;
    let url = format!("{}/", app.url);
    let evil_origin = app
        .client
        .post(&url)
        .header("origin", "https://evil.example")
        .form(&FORM)
        .send()
        .await
        .unwrap();
    assert_eq!(evil_origin.status(), 403);
    let cross_site = app
        .client
        .post(&url)
        .header("sec-fetch-site", "cross-site")
        .form(&FORM)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);

    let same_origin = app
        .client
        .post(&url)
        .header("origin", app.url.as_str())
        .header("sec-fetch-site", "same-origin")
        .form(&FORM)
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 303);
}

#[tokio::test]
async fn request_bodies_over_one_mebibyte_are_refused() {
    let app = spawn_app().await;
    let big = "a".repeat(1024 * 1024 + 1);
    let response = app
        .post_form("/", &[("name", "Kim"), ("description", &big)])
        .await;
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn pages_carry_security_headers_and_private_pages_are_not_cached() {
    let app = spawn_app().await;
    let response = app.post_form("/", &FORM).await;
    let page = app.get(&location(&response)).await;
    let header = |name: &str| {
        page.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        header("referrer-policy"),
        "no-referrer",
        "the token in the URL never leaks"
    );
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-security-policy").contains("frame-ancestors 'none'"));
}
