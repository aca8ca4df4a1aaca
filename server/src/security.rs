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

/// Where everything else may come from: only this site. Inline styles and
/// scripts are not allowed; wasm may be compiled (`'wasm-unsafe-eval'`).
const SOURCES: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
                       connect-src 'self'; font-src 'self'";

/// Scripts for answers that are not pages (pages name their own nonce).
const NO_INLINE_SCRIPTS: &str = "script-src 'self' 'wasm-unsafe-eval'";

/// Whether the response's `script-src` came from the page shell (it carries
/// the request's nonce) and is safe to keep.
fn is_script_policy(value: &HeaderValue) -> bool {
    value.to_str().is_ok_and(|v| {
        v.starts_with("script-src ") && !v.contains(';') && !v.contains("unsafe-inline")
    })
}

/// Who may show Baton in a frame: nobody, except the chat panel (`/chat`
/// and below), which customers' websites show through `/widget.js`.
#[derive(Clone)]
pub struct FramePolicy {
    chat: String,
    /// Served over https: browsers are told to come back only over https.
    hsts: bool,
}

impl FramePolicy {
    /// `origins` as checked by the config: `*` or origins like `https://shop.example`.
    pub fn new(origins: &[String], https: bool) -> Self {
        let chat = POLICY.replace(
            "frame-ancestors 'none'",
            &format!("frame-ancestors {}", origins.join(" ")),
        );
        Self { chat, hsts: https }
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
    // A page's shell sets only `script-src` with its nonce; the rest is ours.
    let scripts = headers
        .remove(header::CONTENT_SECURITY_POLICY)
        .filter(is_script_policy)
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .unwrap_or_else(|| NO_INLINE_SCRIPTS.to_owned());
    let frames_policy = if chat { frames.chat.as_str() } else { POLICY };
    let policy = format!("{frames_policy}; {SOURCES}; {scripts}");
    match HeaderValue::from_str(&policy) {
        Ok(value) => {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
        Err(_) => {
            tracing::warn!("the content security policy does not fit a header");
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
            );
        }
    }
    if frames.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
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
    }
    // Hashed files set their own (immutable); a file under its plain name
    // may change with the next build, so the browser asks each time.
    set(
        header::CACHE_CONTROL,
        if private { "no-store" } else { "no-cache" },
    );
    response
}
