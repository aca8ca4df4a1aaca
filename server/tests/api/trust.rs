//! What an attacker on the open internet can and cannot do: floods meet
//! rate limits, cookies and headers hold up over https, and emailed links
//! open the live feed but stop working when they should.

use crate::helpers::{TestApp, spawn_app, spawn_app_with_demo, spawn_app_with_settings};
use crate::mail_sink::{MailSink, link};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;

#[tokio::test]
async fn a_flood_of_sign_ins_gets_429_with_retry_after_while_another_address_gets_through() {
    let app = spawn_app_with_demo().await;
    let mut refused = None;
    for _ in 0..40 {
        let response = app
            .post_form(
                "/staff/sign-in",
                &[("email", "admin@baton.example"), ("password", "guess")],
            )
            .await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let refused = refused.expect("the flood is cut off");
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Please wait"), "said in plain words");

    // The same account from a proxy-less different client is not locked out:
    // a trusted proxy names another client address.
    let behind_proxy = spawn_app_with_settings(&[("BATON_TRUSTED_PROXIES", "127.0.0.1")]).await;
    for n in 0..12 {
        let response = behind_proxy
            .client
            .post(format!("{}/staff/sign-in", behind_proxy.url))
            .header("x-forwarded-for", "203.0.113.9")
            .form(&[("email", "agent@baton.example"), ("password", "guess")])
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(n >= 10, "at least ten tries before a wait");
            break;
        }
    }
    let real = behind_proxy
        .client
        .post(format!("{}/staff/sign-in", behind_proxy.url))
        .header("x-forwarded-for", "198.51.100.7")
        .form(&[("email", "agent@baton.example"), ("password", "baton-demo")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        real.status(),
        StatusCode::SEE_OTHER,
        "the real user signs in"
    );
}

#[tokio::test]
async fn raising_cases_for_one_email_is_limited_with_the_json_error_shape() {
    let app = spawn_app().await;
    let mut last = None;
    for n in 0..25 {
        let response = app
            .post_json(
                "/api/v1/escalations",
                &json!({"name": "Kim", "email": "victim@example.com", "subject": format!("Spam {n}"),
                        "description": "Hello", "severity": "S4"}),
            )
            .await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            last = Some(response);
            break;
        }
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let refused = last.expect("the twenty-first case for one address waits");
    assert!(refused.headers().contains_key("retry-after"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");
    // Another customer from the same address still gets through.
    let (reference, _) = app.raise("A real problem").await;
    assert!(reference.starts_with("ESC-"));
}

#[tokio::test]
async fn one_client_cannot_hold_every_smtp_session() {
    let app = spawn_app().await;
    let mut held = Vec::new();
    for _ in 0..8 {
        let stream = TcpStream::connect(("127.0.0.1", app.smtp_port))
            .await
            .unwrap();
        let mut lines = BufReader::new(stream);
        let mut greeting = String::new();
        lines.read_line(&mut greeting).await.unwrap();
        assert!(greeting.starts_with("220"), "{greeting}");
        held.push(lines);
    }
    let stream = TcpStream::connect(("127.0.0.1", app.smtp_port))
        .await
        .unwrap();
    let mut lines = BufReader::new(stream);
    let mut answer = String::new();
    lines.read_line(&mut answer).await.unwrap();
    assert!(answer.starts_with("421"), "{answer}");
    drop(held);
}

#[tokio::test]
async fn pages_allow_only_their_own_scripts() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let page = response.text().await.unwrap();
    assert!(policy.contains("script-src 'self' 'nonce-"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap();
    assert!(
        page.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts carry the nonce"
    );
    // Each answer has its own nonce.
    let again = app.get("/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(again, policy);
}

#[tokio::test]
async fn over_https_the_session_cookie_is_host_only_and_secure_and_hsts_is_sent() {
    let app = spawn_app_with_settings(&[("BATON_PUBLIC_URL", "https://help.example")]).await;
    let response = app
        .post_form(
            "/staff/sign-in",
            &[("email", "agent@baton.example"), ("password", "baton-demo")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-baton_staff="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    assert!(
        cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let plain = spawn_app().await;
    assert!(
        !plain
            .get("/")
            .await
            .headers()
            .contains_key("strict-transport-security")
    );
}

async fn with_sink() -> (TestApp, MailSink) {
    let sink = MailSink::default();
    let port = sink.start(0).await;
    let relay = format!("127.0.0.1:{port}");
    let app = spawn_app_with_settings(&[
        ("BATON_SMTP_RELAY", relay.as_str()),
        ("BATON_MAIL_DOMAIN", "baton.example"),
        ("BATON_OUTBOX_RETRY_SECS", "1"),
        ("BATON_LINK_DAYS_AFTER_CLOSE", "0"),
    ])
    .await;
    (app, sink)
}

#[tokio::test]
async fn a_link_from_an_update_email_opens_the_live_feed_and_dies_when_the_case_closes() {
    let (app, sink) = with_sink().await;
    let (reference, token) = app.raise("Checkout fails").await;
    sink.wait_for("kim@example.com", 1).await;
    app.sign_in_as_agent().await;
    let updated = app
        .post_form(
            &format!("/staff/cases/{reference}/replies"),
            &[("body", "We found the cause.")],
        )
        .await;
    assert_eq!(updated.status(), StatusCode::SEE_OTHER);
    let mail = sink.wait_for("kim@example.com", 2).await.remove(1);
    let emailed = link(&mail.data, &format!("{}/cases/", app.url));
    let emailed_token = emailed.split("token=").nth(1).unwrap().to_owned();
    assert_ne!(emailed_token, token, "each email has a link of its own");
    let live = app
        .get(&format!("/cases/{reference}/live?token={emailed_token}"))
        .await;
    assert_eq!(
        live.status(),
        StatusCode::OK,
        "the emailed link opens the feed"
    );
    drop(live);

    // Solved and confirmed: with BATON_LINK_DAYS_AFTER_CLOSE=0 the emailed
    // link stops at once; the case's own token still opens it.
    let solved = app
        .post_form(
            &format!("/staff/cases/{reference}/resolution"),
            &[("summary", "Fixed the card check.")],
        )
        .await;
    assert_eq!(solved.status(), StatusCode::SEE_OTHER);
    let confirmed = app
        .client
        .post(format!(
            "{}/api/v1/escalations/{reference}/confirmation",
            app.url
        ))
        .bearer_auth(&token)
        .json(&json!({"resolved": true, "rating": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let dead = app
        .get(&format!("/cases/{reference}?token={emailed_token}"))
        .await;
    assert_eq!(dead.status(), StatusCode::NOT_FOUND);
    let own = app.get(&format!("/cases/{reference}?token={token}")).await;
    assert_eq!(own.status(), StatusCode::OK);
}

#[tokio::test]
async fn staff_revoke_a_cases_emailed_links_and_they_stop_at_once() {
    let (app, sink) = with_sink().await;
    let (reference, token) = app.raise("Invoices are wrong").await;
    app.sign_in_as_agent().await;
    app.post_form(
        &format!("/staff/cases/{reference}/replies"),
        &[("body", "We are on it.")],
    )
    .await;
    let mail = sink.wait_for("kim@example.com", 2).await.remove(1);
    let emailed = link(&mail.data, &format!("{}/cases/", app.url));
    assert_eq!(app.client.get(&emailed).send().await.unwrap().status(), 200);

    let staff_token = app.staff_token("agent@baton.example").await;
    let revoked = app
        .client
        .post(format!(
            "{}/api/v1/staff/cases/{reference}/link-revocations",
            app.url
        ))
        .bearer_auth(&staff_token)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    let body: Value = revoked.json().await.unwrap();
    assert!(body["revoked"].as_u64().unwrap() >= 1, "{body}");
    assert_eq!(app.client.get(&emailed).send().await.unwrap().status(), 404);
    let own = app.get(&format!("/cases/{reference}?token={token}")).await;
    assert_eq!(own.status(), 200, "the case's own link still works");
}

#[tokio::test]
async fn a_customer_whose_link_stopped_working_asks_for_a_new_one_by_email() {
    let (app, sink) = with_sink().await;
    let (reference, _) = app.raise("Invoices are wrong").await;
    let ack = sink.wait_for("kim@example.com", 1).await.remove(0);
    let old = link(&ack.data, &format!("{}/cases/", app.url));
    let staff_token = app.staff_token("agent@baton.example").await;
    app.client
        .post(format!(
            "{}/api/v1/staff/cases/{reference}/link-revocations",
            app.url
        ))
        .bearer_auth(&staff_token)
        .send()
        .await
        .unwrap();

    // The form: the same answer for a stranger and for Kim; only Kim gets mail.
    for email in ["mallory@evil.example", "kim@example.com"] {
        let asked = app
            .post_form("/links", &[("reference", &reference), ("email", email)])
            .await;
        assert_eq!(asked.status(), StatusCode::SEE_OTHER);
        assert_eq!(asked.headers()["location"], "/links?sent=1");
    }
    let fresh = sink.wait_for("kim@example.com", 2).await.remove(1);
    assert!(fresh.data.contains("new link"), "{}", fresh.data);
    let new = link(&fresh.data, &format!("{}/cases/", app.url));
    assert_ne!(new, old);
    assert_eq!(app.client.get(&new).send().await.unwrap().status(), 200);
    assert!(sink.to("mallory@evil.example").is_empty());

    // The API answers 202 either way, even for a case that does not exist.
    for (path, email) in [
        (
            format!("/api/v1/escalations/{reference}/links"),
            "kim@example.com",
        ),
        (
            "/api/v1/escalations/ESC-ZZZZZZ/links".to_owned(),
            "kim@example.com",
        ),
        (
            format!("/api/v1/escalations/{reference}/links"),
            "nobody@example.com",
        ),
    ] {
        let asked = app.post_json(&path, &json!({ "email": email })).await;
        assert_eq!(asked.status(), StatusCode::ACCEPTED, "{path} {email}");
    }
    sink.wait_for("kim@example.com", 3).await;
    let bad = app
        .post_json(
            &format!("/api/v1/escalations/{reference}/links"),
            &json!({ "email": "not an address" }),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn staff_can_let_someone_copied_in_follow_the_case() {
    let (app, sink) = with_sink().await;
    let raw = "From: Kim Lee <kim@example.com>\r\nTo: help@baton.example\r\n\
               Cc: Sam Park <sam@example.com>\r\nSubject: Invoices are wrong\r\n\
               Message-ID: <cc-staff@example.com>\r\n\r\nThe VAT is missing.\r\n";
    let reply = crate::mail_in::send(&app, "kim@example.com", raw)
        .await
        .unwrap();
    let reference = crate::mail_in::reference_in(&reply);
    app.sign_in_as_agent().await;
    let page = app.get(&format!("/staff/cases/{reference}")).await;
    assert!(page.text().await.unwrap().contains("sam@example.com"));
    let agreed = app
        .post_form(
            &format!("/staff/cases/{reference}/followers"),
            &[("email", "sam@example.com"), ("decision", "agree")],
        )
        .await;
    assert_eq!(agreed.status(), StatusCode::SEE_OTHER);
    app.post_form(
        &format!("/staff/cases/{reference}/replies"),
        &[("body", "We are fixing the VAT line.")],
    )
    .await;
    sink.wait_for("sam@example.com", 1).await;

    // Asked again, there is nobody waiting: the API says so.
    let token = app.staff_token("agent@baton.example").await;
    let again = app
        .client
        .post(format!(
            "{}/api/v1/staff/cases/{reference}/followers",
            app.url
        ))
        .bearer_auth(&token)
        .json(&json!({"email": "sam@example.com", "agree": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn demo_accounts_keep_a_server_off_other_addresses_until_disabled() {
    let url = crate::test_database::fresh_database_url().await;
    let build = |addr: &'static str, demo: &'static str| {
        let url = url.clone();
        let config = server::config::Config::from_lookup(move |key| match key {
            "BATON_ADDR" => Some(addr.to_owned()),
            "BATON_DATABASE_URL" => Some(url.clone()),
            "BATON_DEMO" => Some(demo.to_owned()),
            "BATON_SMTP_ADDR" => Some("off".to_owned()),
            _ => None,
        })
        .unwrap();
        server::startup::Application::build(config)
    };
    // Seeded on loopback, where demo data is fine.
    let seeded = build("127.0.0.1:0", "1").await.expect("loopback starts");
    let portal = seeded.portal().clone();
    drop(seeded);
    // An address others can reach, without asking for demo data: refused.
    let refused = build("0.0.0.0:0", "0").await.err().expect("refused");
    let message = refused.to_string();
    assert!(message.contains("admin@baton.example"), "{message}");
    assert!(message.contains("BATON_DEMO=1"), "{message}");
    // Asked for on purpose, it starts (with a warning).
    assert!(build("0.0.0.0:0", "1").await.is_ok());
    // With every demo account disabled, nobody can use the known password.
    for (email, ..) in app::service::demo::DEMO_STAFF {
        app::service::staff_access::disable(
            &portal,
            app::service::staff_access::ChangedBy::CommandLine,
            email,
            app::service::now(),
        )
        .await
        .unwrap();
    }
    assert!(build("0.0.0.0:0", "0").await.is_ok());
}
