//! Outgoing email and webhooks, caught by a local SMTP sink and a local
//! HTTP receiver.

use crate::helpers::{TestApp, spawn_app_with_settings};
use crate::mail_sink::{MailSink, free_port, link};
use app::store::{cases, outbox};
use axum::routing::post;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CUSTOMER: &str = "kim@example.com";

async fn with_sink() -> (TestApp, MailSink) {
    let sink = MailSink::default();
    let port = sink.start(0).await;
    let relay = format!("127.0.0.1:{port}");
    let app = spawn_app_with_settings(&[
        ("BATON_SMTP_RELAY", relay.as_str()),
        ("BATON_MAIL_FROM", "Support <help@baton.test>"),
    ])
    .await;
    (app, sink)
}

async fn post_update(app: &TestApp, reference: &str, body: &str) {
    let response = app
        .post_form(
            &format!("/staff/cases/{reference}/replies"),
            &[("body", body)],
        )
        .await;
    assert_eq!(response.status(), 303);
}

fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme[after_scheme.find('/').unwrap()..].to_owned()
}

#[tokio::test]
async fn a_new_case_gets_an_acknowledgement_with_a_working_private_link() {
    let (app, sink) = with_sink().await;
    let (reference, _) = app.raise("Checkout fails").await;
    let mail = &sink.wait_for(CUSTOMER, 1).await[0];
    assert!(
        mail.data
            .contains(&format!("Subject: We have your case {reference}")),
        "{}",
        mail.data
    );
    assert!(mail.data.contains(&format!("Message-ID: <{reference}.")));
    assert!(
        mail.data
            .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
    );
    let status = link(&mail.data, &format!("{}/cases/", app.url));
    let page = app.get(&path_of(&status)).await;
    assert_eq!(page.status(), 200, "{status} from {}", mail.data);
    assert!(page.text().await.unwrap().contains(&reference));
}

#[tokio::test]
async fn a_public_update_is_emailed_with_its_own_link_and_an_internal_note_is_not() {
    let (app, sink) = with_sink().await;
    let (reference, _) = app.raise("Checkout fails").await;
    sink.wait_for(CUSTOMER, 1).await;
    app.sign_in_as_agent().await;
    let note = app
        .post_form(
            &format!("/staff/cases/{reference}/replies"),
            &[("visibility", "internal"), ("body", "L2 suspects the RCA")],
        )
        .await;
    assert_eq!(note.status(), 303);
    post_update(
        &app,
        &reference,
        "We found the faulty payment server and are replacing it.",
    )
    .await;
    let mails = sink.wait_for(CUSTOMER, 2).await;
    let update = &mails[1].data;
    assert!(
        update.contains(&format!("Subject: An update on your case {reference}")),
        "{update}"
    );
    assert!(update.contains("faulty payment server"));
    assert!(
        !mails.iter().any(|m| m.data.contains("RCA")),
        "internal notes stay inside"
    );
    // Each email's link opens the case, and a made-up one looks like a missing case.
    let status = path_of(&link(update, &format!("{}/cases/", app.url)));
    assert_eq!(app.get(&status).await.status(), 200);
    let forged = format!("/cases/{reference}?token={}", "0".repeat(40));
    assert_eq!(app.get(&forged).await.status(), 404);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.to(CUSTOMER).len(), 2, "nothing is sent twice");
}

#[tokio::test]
async fn unsubscribing_asks_first_then_stops_the_emails() {
    let (app, sink) = with_sink().await;
    let (reference, _) = app.raise("Checkout fails").await;
    let ack = sink.wait_for(CUSTOMER, 1).await.remove(0);
    let unsubscribe = path_of(&link(&ack.data, &format!("{}/unsubscribe", app.url)));

    // Opening the link (as a mail scanner would) changes nothing.
    let page = app.get(&unsubscribe).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Stop emails"));
    app.sign_in_as_agent().await;
    post_update(
        &app,
        &reference,
        "We are looking at the payment server now.",
    )
    .await;
    sink.wait_for(CUSTOMER, 2).await;

    let token = unsubscribe.split("token=").nth(1).unwrap();
    let done = app.post_form("/unsubscribe", &[("token", token)]).await;
    assert_eq!(done.status(), 303);
    let page = app.get(&unsubscribe).await.text().await.unwrap();
    assert!(page.contains("You won't get more emails"), "{page}");
    post_update(&app, &reference, "The payment server is replaced.").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.to(CUSTOMER).len(), 2, "no email after unsubscribing");

    let wrong = app.post_form("/unsubscribe", &[("token", "nope")]).await;
    assert_eq!(wrong.status(), 404);
}

#[tokio::test]
async fn a_dead_relay_delays_mail_but_loses_none_and_sends_it_once() {
    let port = free_port();
    let relay = format!("127.0.0.1:{port}");
    let app = spawn_app_with_settings(&[
        ("BATON_SMTP_RELAY", relay.as_str()),
        ("BATON_OUTBOX_RETRY_SECS", "1"),
    ])
    .await;
    let (reference, _) = app.raise("Checkout fails").await;
    let case_id = {
        let mut conn = app.portal.store.read().await.unwrap();
        let reference = app::domain::CaseReference::parse(&reference).unwrap();
        cases::find_by_reference(&mut conn, &reference)
            .await
            .unwrap()
            .id
    };
    let mut tried = false;
    for _ in 0..100 {
        let mut conn = app.portal.store.read().await.unwrap();
        let states = outbox::deliveries_for_case(&mut conn, case_id)
            .await
            .unwrap();
        if states
            .iter()
            .any(|s| s.attempts >= 1 && !s.sent && s.last_error.is_some())
        {
            tried = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(tried, "the first try failed and was recorded");

    // The relay comes back, first refusing for a moment, then accepting.
    let sink = MailSink::default();
    sink.refusing
        .store(true, std::sync::atomic::Ordering::SeqCst);
    sink.start(port).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sink.refusing
        .store(false, std::sync::atomic::Ordering::SeqCst);
    let mails = sink.wait_for(CUSTOMER, 1).await;
    assert!(mails[0].data.contains(&reference));
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(sink.to(CUSTOMER).len(), 1, "delivered exactly once");
    let mut conn = app.portal.store.read().await.unwrap();
    let states = outbox::deliveries_for_case(&mut conn, case_id)
        .await
        .unwrap();
    assert!(states.iter().all(|s| s.sent), "{states:?}");
    assert!(states[0].attempts >= 2);
}

/// A webhook call: the path's last part, the signature header, the body.
pub(crate) type Call = (String, Option<String>, String);

#[derive(Clone, Default)]
pub(crate) struct Received(pub(crate) Arc<Mutex<Vec<Call>>>);

pub(crate) async fn receiver() -> (String, Received) {
    let received = Received::default();
    let store = received.clone();
    let router = axum::Router::new().route(
        "/{name}",
        post(
            move |axum::extract::Path(name): axum::extract::Path<String>,
                  headers: axum::http::HeaderMap,
                  body: String| {
                let store = store.clone();
                async move {
                    let signature = headers
                        .get("baton-signature")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    store.0.lock().unwrap().push((name, signature, body));
                    "ok"
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, received)
}

#[tokio::test]
async fn webhooks_get_signed_json_and_slack_gets_text() {
    let (url, received) = receiver().await;
    let secret = "a-long-webhook-secret";
    let hook = format!("{url}/hook");
    let slack = format!("{url}/slack");
    let account = format!("example.com={url}/account");
    let app = spawn_app_with_settings(&[
        ("BATON_WEBHOOK_URLS", hook.as_str()),
        ("BATON_WEBHOOK_SECRET", secret),
        ("BATON_SLACK_WEBHOOK_URLS", slack.as_str()),
        ("BATON_ACCOUNT_WEBHOOKS", account.as_str()),
    ])
    .await;
    let (reference, _) = app.raise("Checkout <b>fails</b>").await;
    // The demo cases' SLA events arrive too; look for ours.
    let ours = |calls: &[Call], name: &str| {
        calls
            .iter()
            .find(|c| c.0 == name && c.2.contains(&reference) && c.2.contains("created"))
            .cloned()
    };
    let mut calls = Vec::new();
    for _ in 0..100 {
        calls = received.0.lock().unwrap().clone();
        if ["hook", "slack", "account"]
            .iter()
            .all(|name| ours(&calls, name).is_some())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, signature, body) = ours(&calls, "hook").expect("webhook call");
    let event: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(event["type"], "case.created");
    assert_eq!(event["case"]["reference"], reference.as_str());
    let signature = signature.expect("signed");
    let t: i64 = signature
        .trim_start_matches("t=")
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        signature,
        server::jobs::outbox_sender::signature(secret, t, &body)
    );
    let (_, slack_signature, slack_body) = ours(&calls, "slack").expect("slack call");
    assert!(slack_signature.is_none());
    let text: serde_json::Value = serde_json::from_str(&slack_body).unwrap();
    assert!(text["text"].as_str().unwrap().contains(&reference));

    // The account's own URL hears about its people's cases, and only those.
    let (_, account_signature, account_body) = ours(&calls, "account").expect("account call");
    let account_signature = account_signature.expect("signed too");
    let t: i64 = account_signature
        .trim_start_matches("t=")
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let account_secret =
        app::service::secrets::account_webhook_secret(&app.portal.store, "example.com")
            .await
            .unwrap();
    assert_ne!(account_secret, secret);
    assert_eq!(
        account_signature,
        server::jobs::outbox_sender::signature(&account_secret, t, &account_body),
        "signed with the account's own secret, not the global one"
    );
    let other = app
        .post_json(
            "/api/v1/escalations",
            &serde_json::json!({"name": "Lee", "email": "lee@other.org", "subject": "Elsewhere",
                                "description": "Not theirs.", "severity": "S3"}),
        )
        .await;
    let other: serde_json::Value = other.json().await.unwrap();
    let other = other["reference"].as_str().unwrap().to_owned();
    for _ in 0..100 {
        if received
            .0
            .lock()
            .unwrap()
            .iter()
            .any(|c| c.0 == "hook" && c.2.contains(&other))
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let calls = received.0.lock().unwrap().clone();
    assert!(calls.iter().any(|c| c.0 == "hook" && c.2.contains(&other)));
    assert!(
        !calls
            .iter()
            .any(|c| c.0 == "account" && c.2.contains(&other))
    );
}

#[tokio::test]
async fn sla_alerts_are_emailed_to_the_accountable_staff() {
    // Demo cases are at risk or past their targets when Baton starts, so
    // the first sweep fires warnings and breaches.
    let (_app, sink) = with_sink().await;
    let mails = sink.wait_for("manager@baton.example", 1).await;
    let mail = &mails[0].data;
    assert!(mail.contains("Subject: [ESC-"), "{mail}");
    assert!(
        mail.contains("At risk") || mail.contains("Breached"),
        "{mail}"
    );
    assert!(
        mail.contains("/staff/cases/ESC-"),
        "a link to the case: {mail}"
    );
}

#[tokio::test]
async fn people_copied_in_on_an_email_hear_the_updates_and_may_answer_by_email() {
    let (app, sink) = with_sink().await;
    let raw = "From: Kim Lee <kim@example.com>\r\nTo: help@baton.example\r\n\
               Cc: Sam Park <sam@example.com>\r\nSubject: Invoices are wrong\r\n\
               Message-ID: <first@example.com>\r\n\r\nThe VAT is missing.\r\n";
    let reply = crate::mail_in::send(&app, CUSTOMER, raw).await.unwrap();
    let reference = crate::mail_in::reference_in(&reply);
    let ack = sink.wait_for(CUSTOMER, 1).await.remove(0);
    assert!(ack.data.contains(reference.as_str()));

    // Copied in is only invited: Sam hears nothing until Kim says yes.
    let link = link(&ack.data, &format!("{}/cases/", app.url));
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let page = app
        .client
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("sam@example.com"), "Kim is asked about Sam");
    let agreed = app
        .post_form(
            &format!("/cases/{reference}/followers"),
            &[
                ("token", &token),
                ("email", "sam@example.com"),
                ("decision", "agree"),
            ],
        )
        .await;
    assert_eq!(agreed.status(), 303);

    app.sign_in_as_agent().await;
    post_update(
        &app,
        reference.as_str(),
        "We are fixing the VAT line on your invoices.",
    )
    .await;
    let to_sam = sink.wait_for("sam@example.com", 1).await.remove(0);
    assert!(to_sam.data.contains("Hi Sam Park"), "{}", to_sam.data);
    sink.wait_for(CUSTOMER, 2).await;

    // Sam answers our email at its Reply-To, signed for Sam and this case.
    let reply_to = to_sam
        .data
        .lines()
        .find_map(|l| l.strip_prefix("Reply-To: "))
        .unwrap()
        .to_owned();
    let address = reply_to
        .rsplit_once('<')
        .map_or(reply_to.as_str(), |(_, rest)| rest.trim_end_matches('>'))
        .to_owned();
    assert!(address.contains(&format!("+{reference}.")), "{address}");
    let answer = format!(
        "From: Sam Park <sam@example.com>\r\nTo: {address}\r\n\
         Subject: Re: update\r\nMessage-ID: <sam-1@example.com>\r\n\r\n\
         Thanks, the March invoice is the worst.\r\n"
    );
    let threaded = crate::mail_in::send_to(&app, "sam@example.com", &address, &answer).await;
    assert_eq!(crate::mail_in::reference_in(&threaded), reference);
    let (_, history) = crate::mail_in::stored(&app, &reference).await;
    assert!(history.iter().any(|e| matches!(
        e,
        app::domain::EventKind::CustomerMessage { body } if body.contains("March invoice")
    )));
}
