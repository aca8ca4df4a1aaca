//! The outbox sender: one dead endpoint delays only its own deliveries.

use crate::helpers::spawn_app_with_settings;
use crate::mail_sink::MailSink;

#[tokio::test]
async fn a_webhook_that_never_answers_does_not_hold_up_customer_email() {
    // Accepts connections and never answers: each call waits out its timeout.
    let dead = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_url = format!("http://{}/hook", dead.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = dead.accept().await {
            held.push(stream);
        }
    });
    let sink = MailSink::default();
    let relay = format!("127.0.0.1:{}", sink.start(0).await);
    let app = spawn_app_with_settings(&[
        ("BATON_SMTP_RELAY", relay.as_str()),
        ("BATON_MAIL_DOMAIN", "baton.example"),
        ("BATON_WEBHOOK_URLS", dead_url.as_str()),
        ("BATON_WEBHOOK_SECRET", "a-long-webhook-secret"),
    ])
    .await;
    // Several cases: their webhook calls queue between the emails. In one
    // line they would hold the last email back 20 s (two 10 s timeouts);
    // `wait_for` gives up after 10 s.
    for n in 0..3 {
        app.raise(&format!("Checkout fails {n}")).await;
    }
    let mails = sink.wait_for("kim@example.com", 3).await;
    assert_eq!(mails.len(), 3);
}
