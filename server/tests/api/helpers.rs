pub use crate::test_database::fresh_database_url;
use reqwest::redirect::Policy;
use reqwest::{Client, Response};
use serde_json::{Value, json};
use server::config::Config;
use server::startup::Application;

pub struct TestApp {
    pub url: String,
    /// Follows no redirects, so tests see the 303s.
    pub client: Client,
    /// The running server's portal, for set-up the HTTP API does not offer.
    pub portal: app::service::Portal,
    /// The email intake's port.
    pub smtp_port: u16,
}

/// Starts Baton on a free port with its own database and no demo data.
pub async fn spawn_app() -> TestApp {
    spawn_with(false).await
}

/// The same, with the demo staff and cases seeded.
pub async fn spawn_app_with_demo() -> TestApp {
    spawn_with(true).await
}

/// The demo staff (and cases), with extra settings such as a mail relay.
pub async fn spawn_app_with_settings(settings: &[(&str, &str)]) -> TestApp {
    spawn_configured(true, settings).await
}

/// No demo data, serving the browser's files from `site_root`.
pub async fn spawn_app_with_site(site_root: &std::path::Path) -> TestApp {
    let site_root = site_root.to_str().expect("a UTF-8 path");
    spawn_configured(false, &[("BATON_SITE_ROOT", site_root)]).await
}

async fn spawn_with(demo: bool) -> TestApp {
    spawn_configured(demo, &[]).await
}

async fn spawn_configured(demo: bool, settings: &[(&str, &str)]) -> TestApp {
    let database_url = fresh_database_url().await;
    let demo = if demo { "1" } else { "0" };
    let extra: Vec<(String, String)> = settings
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let config = Config::from_lookup(|key| match key {
        _ if extra.iter().any(|(k, _)| k == key) => {
            extra.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        }
        "BATON_ADDR" => Some("127.0.0.1:0".to_owned()),
        "BATON_DATABASE_URL" => Some(database_url.clone()),
        "BATON_DEMO" => Some(demo.to_owned()),
        "BATON_SMTP_ADDR" => Some("127.0.0.1:0".to_owned()),
        _ => None,
    })
    .expect("test config");
    let app = Application::build(config).await.expect("app starts");
    let url = format!("http://127.0.0.1:{}", app.port());
    let portal = app.portal().clone();
    let smtp_port = app.smtp_port().expect("email intake is on");
    tokio::spawn(app.run_until_stopped());
    let client = Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    TestApp {
        url,
        client,
        portal,
        smtp_port,
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("request")
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.url))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(format!("{}{path}", self.url))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// The customer of `reference` writes to us with the case's token.
    pub async fn customer_writes(&self, reference: &str, token: &str, body: &str) {
        let response = self
            .client
            .post(format!(
                "{}/api/v1/escalations/{reference}/messages",
                self.url
            ))
            .bearer_auth(token)
            .json(&json!({ "body": body }))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 201);
    }

    /// The stored id of a case, for set-up the API does not offer.
    pub async fn case_id(&self, reference: &str) -> i64 {
        let mut conn = self.portal.store.read().await.expect("a connection");
        sqlx::query_scalar("select case_id from support_case where reference = $1")
            .bind(reference)
            .fetch_one(&mut *conn)
            .await
            .expect("the case")
    }

    /// Raises a case through the API; returns (reference, token).
    pub async fn raise(&self, subject: &str) -> (String, String) {
        self.raise_as("kim@example.com", subject).await
    }

    /// Raises an S2 case from `email`: its reference and token.
    pub async fn raise_as(&self, email: &str, subject: &str) -> (String, String) {
        let response = self
            .post_json(
                "/api/v1/escalations",
                &json!({
                    "name": "Kim Lee", "email": email, "subject": subject,
                    "description": "Nothing loads.", "severity": "S2"
                }),
            )
            .await;
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.expect("json");
        (
            body["reference"].as_str().unwrap().to_owned(),
            body["token"].as_str().unwrap().to_owned(),
        )
    }

    /// Signs the client in as the demo agent (needs `spawn_app_with_demo`).
    pub async fn sign_in_as_agent(&self) {
        self.sign_in_as("agent@baton.example").await;
    }

    /// Signs the client in as a demo staff member (needs `spawn_app_with_demo`).
    pub async fn sign_in_as(&self, email: &str) {
        let response = self
            .post_form(
                "/staff/sign-in",
                &[("email", email), ("password", "baton-demo")],
            )
            .await;
        assert_eq!(response.status(), 303, "sign-in redirects to the queue");
    }

    /// A new personal API token for a member of staff (needs them to exist).
    pub async fn staff_token(&self, email: &str) -> String {
        app::service::staff_accounts::issue_token(&self.portal, email, app::service::now())
            .await
            .expect("a token")
    }

    /// A JSON request to `/api/v1{path}` with a bearer token.
    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Value,
    ) -> Response {
        self.client
            .request(method, format!("{}/api/v1{path}", self.url))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    /// The body of a page the client (signed in or not) gets.
    pub async fn page_text(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("a page")
    }

    /// A staff API request's status and JSON body.
    pub async fn api_json(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Value,
    ) -> (u16, Value) {
        let response = self.api(method, path, token, body).await;
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn status_json(&self, reference: &str, token: &str) -> Response {
        self.client
            .get(format!("{}/api/v1/escalations/{reference}", self.url))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
