//! Webhook calls: a JSON POST, signed like Stripe's so receivers can check
//! it came from us and is fresh.

use super::Failure;
use app::store::outbox::{Pending, Route};
use std::time::Duration;

pub struct Webhooks {
    client: reqwest::Client,
    secret: String,
}

impl Webhooks {
    pub fn new(secret: String) -> Webhooks {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Webhooks { client, secret }
    }

    /// Sends one call, signed with `account_secret` for an account's own
    /// URL and with the global secret for the global ones. Errors never name
    /// the URL: webhook URLs (Slack's above all) are secrets themselves.
    pub async fn send(
        &self,
        pending: &Pending,
        account_secret: Option<&str>,
        unix_seconds: i64,
    ) -> Result<(), Failure> {
        let delivery = &pending.delivery;
        let body = match delivery.route {
            Route::Slack => super::slack::message(&delivery.message),
            _ => delivery.message.clone(),
        };
        let mut request = self
            .client
            .post(&delivery.recipient)
            .header("content-type", "application/json")
            .body(body);
        let secret = match delivery.route {
            Route::Webhook => Some(self.secret.as_str()),
            Route::AccountWebhook => account_secret,
            Route::Slack | Route::Email => None,
        };
        if let Some(secret) = secret {
            request = request
                .header(
                    "baton-signature",
                    signature(secret, unix_seconds, &delivery.message),
                )
                .header("baton-delivery", pending.outbox_id.to_string());
        }
        let response = request
            .send()
            .await
            .map_err(|e| Failure::Temporary(e.without_url().to_string()))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else if status.is_client_error() && status.as_u16() != 408 && status.as_u16() != 429 {
            Failure::permanent(format!("the receiver answered {status}"))
        } else {
            Err(Failure::Temporary(format!(
                "the receiver answered {status}"
            )))
        }
    }
}

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub fn signature(secret: &str, unix_seconds: i64, body: &str) -> String {
    app::service::secrets::signature(secret, unix_seconds, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_matches_a_known_hmac() {
        // echo -n '1700000000.{}' | openssl dgst -sha256 -hmac secret
        assert_eq!(
            signature("secret", 1_700_000_000, "{}"),
            "t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
        );
    }
}
