//! Cross-site request protection and security headers.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses state-changing requests that a browser sent from another site.
/// Browsers mark such requests with `Sec-Fetch-Site` and `Origin`; clients
/// that send neither are not browsers and carry no ambient credentials.
pub async fn refuse_cross_site_posts(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && is_cross_site(&request) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return (
            StatusCode::FORBIDDEN,
            "Cross-site requests are not allowed.",
        )
            .into_response();
    }
    next.run(request).await
}

fn is_cross_site(request: &Request<Body>) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    origin == "null" || origin_host != host
}

const POLICY: &str =
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// Who may show Baton in a frame: nobody, except the chat panel (`/chat`
/// and below), which customers' websites show through `/widget.js`.
#[derive(Clone)]
pub struct FramePolicy {
    chat: HeaderValue,
}

impl FramePolicy {
    /// `origins` as checked by the config: `*` or origins like `https://shop.example`.
    pub fn new(origins: &[String]) -> Self {
        let policy = POLICY.replace(
            "frame-ancestors 'none'",
            &format!("frame-ancestors {}", origins.join(" ")),
        );
        let chat = HeaderValue::from_str(&policy).unwrap_or_else(|_| {
            tracing::warn!("chat origins do not fit a header; the chat panel cannot be framed");
            HeaderValue::from_static(POLICY)
        });
        Self { chat }
    }
}

fn is_chat(path: &str) -> bool {
    path == "/chat" || path.starts_with("/chat/")
}

/// Headers every answer carries. Case links hold their token in the URL, so
/// no referrer ever leaves the site and private pages are never cached.
pub async fn headers(State(frames): State<FramePolicy>, request: Request, next: Next) -> Response {
    let private = !request.uri().path().starts_with("/pkg/");
    let chat = is_chat(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if chat {
        headers
            .entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(frames.chat);
    }
    let mut set = |name: header::HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "no-referrer");
    if !chat {
        set(header::X_FRAME_OPTIONS, "DENY");
        set(header::CONTENT_SECURITY_POLICY, POLICY);
    }
    if private {
        set(header::CACHE_CONTROL, "no-store");
    }
    response
}
