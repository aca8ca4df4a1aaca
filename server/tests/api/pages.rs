use crate::helpers::{location, spawn_app};

fn raise_form<'a>(email: &'a str, subject: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", "Kim Lee"),
        ("email", email),
        ("subject", subject),
        ("description", "Every payment fails."),
        ("severity", "S2"),
    ]
}

#[tokio::test]
async fn the_raise_form_is_served_with_all_severities_in_plain_words() {
    let app = spawn_app().await;
    let page = app.get("/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for words in [
        "Everything is down for us",
        "A question",
        "Send to our team",
    ] {
        assert!(html.contains(words), "{words}");
    }
    assert!(
        html.contains("/pkg/baton.js"),
        "the page loads the hydration script"
    );
}

#[tokio::test]
async fn raising_through_the_form_lands_on_the_private_status_page() {
    let app = spawn_app().await;
    let response = app
        .post_form("/", &raise_form("kim@example.com", "Checkout fails"))
        .await;
    assert_eq!(response.status(), 303);
    let status_page = location(&response);
    assert!(
        status_page.starts_with("/cases/ESC-") && status_page.contains("?token="),
        "{status_page}"
    );

    let page = app.get(&status_page).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Checkout fails"));
    assert!(
        html.contains("We&#x27;ll reply by") || html.contains("We'll reply by"),
        "the guarantee is shown"
    );
    assert!(html.contains("We received your case."));
}

#[tokio::test]
async fn a_form_with_mistakes_comes_back_with_errors_beside_fields_and_nothing_lost() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/",
            &[
                ("name", "Kim Lee"),
                ("email", "kim-at-example"),
                ("subject", ""),
                ("description", "Still here"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("field-email-error"));
    assert!(html.contains("Please enter an email address like name@example.com."));
    assert!(html.contains("Please give your problem a short title."));
    assert!(html.contains("Please tell us how bad this is for you."));
    assert!(html.contains("value=\"Kim Lee\""), "the name is kept");
    assert!(
        html.contains("value=\"kim-at-example\""),
        "the wrong email is kept to correct"
    );
    assert!(
        html.contains(">Still here</textarea>"),
        "the description is kept"
    );
}

#[tokio::test]
async fn text_kept_in_a_textarea_cannot_end_it() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/",
            &[
                ("name", ""),
                ("email", "kim@example.com"),
                ("subject", "Help"),
                (
                    "description",
                    "</textarea><script>alert('x')</script> & more",
                ),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains(
        "&lt;/textarea&gt;&lt;script&gt;alert('x')&lt;/script&gt; &amp; more</textarea>"
    ));
}

#[tokio::test]
async fn customer_text_is_escaped_on_every_page() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/",
            &raise_form("kim@example.com", "</title><script>alert('x')</script>"),
        )
        .await;
    let html = app.get(&location(&response)).await.text().await.unwrap();
    assert!(
        !html.contains("<script>alert("),
        "markup from a customer never runs"
    );
    assert!(
        !html.contains("</title><script>"),
        "not even from inside the title"
    );
    assert!(html.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn a_wrong_token_gets_the_same_404_page_as_a_missing_case() {
    let app = spawn_app().await;
    let response = app
        .post_form("/", &raise_form("kim@example.com", "Secret subject"))
        .await;
    let link = location(&response);
    let reference = link
        .trim_start_matches("/cases/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();

    let wrong = app.get(&format!("/cases/{reference}?token=guessed")).await;
    let none = app.get(&format!("/cases/{reference}")).await;
    let missing = app.get("/cases/ESC-ZZZZZZ?token=guessed").await;
    assert_eq!(wrong.status(), 404);
    assert_eq!(none.status(), 404);
    assert_eq!(missing.status(), 404);
    let wrong_html = without_nonces(&wrong.text().await.unwrap());
    assert!(!wrong_html.contains("Secret subject"));
    assert_eq!(wrong_html, without_nonces(&missing.text().await.unwrap()));
    assert_eq!(wrong_html, without_nonces(&none.text().await.unwrap()));
}

#[tokio::test]
async fn an_unknown_address_is_a_404_page() {
    let app = spawn_app().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("We can't find that page")
    );
}

#[tokio::test]
async fn opening_the_status_link_changes_nothing() {
    let app = spawn_app().await;
    let (reference, token) = app.raise("Nothing changes").await;
    let before = app
        .status_json(&reference, &token)
        .await
        .text()
        .await
        .unwrap();
    for _ in 0..3 {
        assert_eq!(
            app.get(&format!("/cases/{reference}?token={token}"))
                .await
                .status(),
            200
        );
    }
    let after = app
        .status_json(&reference, &token)
        .await
        .text()
        .await
        .unwrap();
    let strip = |s: &str| s.split("\"guarantee\"").next().unwrap().to_owned();
    assert_eq!(strip(&before), strip(&after));
    assert!(after.contains("\"stage\":\"received\""));
}

/// Pages carry a fresh script nonce each time; everything else must match.
fn without_nonces(html: &str) -> String {
    let mut out = html.to_owned();
    for attribute in ["nonce=\"", "crossorigin=\""] {
        let mut cleaned = String::new();
        let mut rest = out.as_str();
        while let Some(start) = rest.find(attribute) {
            let value_start = start + attribute.len();
            let value_end = value_start + rest[value_start..].find('"').unwrap();
            cleaned.push_str(&rest[..value_start]);
            rest = &rest[value_end..];
        }
        cleaned.push_str(rest);
        out = cleaned;
    }
    out
}

/// Starting a server renders the app once to list its routes, with data
/// loading switched off for the whole process while it does. A server
/// already running in the same process answers its pages all the while.
#[tokio::test]
async fn pages_are_answered_while_another_server_starts_in_the_same_process() {
    let app = spawn_app().await;
    let (reference, token) = app.raise("While another starts").await;
    let starting = std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            for _ in 0..10 {
                spawn_app().await;
            }
        });
    });
    let path = format!("/cases/{reference}?token={token}");
    let mut answered = 0;
    while !starting.is_finished() || answered == 0 {
        // Several at once, so some page is always asking for its data.
        let pages = futures_util::future::join_all((0..8).map(|_| app.get(&path)));
        let pages = tokio::time::timeout(std::time::Duration::from_secs(5), pages)
            .await
            .expect("every page is answered within 5 s");
        for page in pages {
            assert_eq!(page.status(), 200);
            answered += 1;
        }
    }
    starting.join().expect("the other servers start");
}
