//! Signals from monitoring tools: signed like Baton's own webhooks, refused
//! without a valid fresh signature, and read by rules.

use crate::helpers::spawn_app_with_settings;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn only_signed_fresh_signals_are_taken_and_rules_read_them() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let secret = app::service::secrets::signal_secret(&app.portal.store)
        .await
        .unwrap();
    let send = async |body: &str, signature: Option<String>| {
        let mut request = app
            .client
            .post(format!("{}/api/v1/signals", app.url))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(signature) = signature {
            request = request.header("Baton-Signature", signature);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (
            status,
            response.json::<Value>().await.unwrap_or(Value::Null),
        )
    };
    let now = jiff::Timestamp::now().as_second();
    let body = r#"{"signals": [{"name": "error_rate", "value": 0.12, "account": "acme.example"},
                               {"name": "downtime_minutes", "value": 3}]}"#;
    let sign = |t: i64, body: &str| Some(app::service::secrets::signature(&secret, t, body));

    assert_eq!(send(body, None).await.0, 401, "unsigned");
    assert_eq!(
        send(body, Some("t=1,v1=00".into())).await.0,
        401,
        "nonsense"
    );
    let forged = app::service::secrets::signature("someone else's key", now, body);
    assert_eq!(send(body, Some(forged)).await.0, 401, "another key");
    assert_eq!(
        send(body, sign(now - 3600, body)).await.0,
        401,
        "an hour old: a replay"
    );
    let tampered = body.replace("0.12", "0.01");
    assert_eq!(
        send(&tampered, sign(now, body)).await.0,
        401,
        "a changed body"
    );

    let (status, answer) = send(body, sign(now, body)).await;
    assert_eq!(status, 202, "{answer}");
    assert_eq!(answer["accepted"], 2);
    let bad = r#"{"signals": [{"name": "Error Rate", "value": 1}]}"#;
    let (status, answer) = send(bad, sign(now, bad)).await;
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("signals[0]")
    );

    // A rule reads the account's own signal; another account's cases do not see it.
    let raise = async |email: &str| {
        let response = app
            .post_json(
                "/api/v1/escalations",
                &json!({"name": "Sam", "email": email, "subject": "Checkout fails",
                        "description": "Card payments fail.", "severity": "S3"}),
            )
            .await;
        let body: Value = response.json().await.unwrap();
        body["reference"].as_str().unwrap().to_owned()
    };
    let acme = raise("sam@acme.example").await;
    let other = raise("lee@other.example").await;
    let ops = app.staff_token("ops@baton.example").await;
    let (status, result) = app
        .api_json(
            Method::POST,
            "/admin/rules/backtest",
            &ops,
            json!({"source": "when open and signal(error_rate) >= 0.1\nthen alert ops", "days": 1}),
        )
        .await;
    assert_eq!(status, 200, "{result}");
    let fired: Vec<&str> = result["firings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["reference"].as_str().unwrap())
        .collect();
    assert!(fired.contains(&acme.as_str()), "{result}");
    assert!(!fired.contains(&other.as_str()), "{result}");
}
