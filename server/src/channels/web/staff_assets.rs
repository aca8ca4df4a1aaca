//! `GET /staff.css` and `GET /staff.js`: the console's own styles and its
//! keyboard script. Customer pages never load them, so the status page's
//! first load stays within its budget. Revalidated by their hash (`ETag`),
//! so a new release is seen at once.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;

const STAFF_CSS: &str = include_str!("../../../../style/staff.css");
const STAFF_JS: &str = include_str!("staff.js");

static CSS_ETAG: LazyLock<String> = LazyLock::new(|| etag_of(STAFF_CSS));
static JS_ETAG: LazyLock<String> = LazyLock::new(|| etag_of(STAFF_JS));

fn etag_of(body: &str) -> String {
    format!("\"{}\"", &app::service::secrets::hash_token(body)[..16])
}

pub async fn staff_css(headers: HeaderMap) -> Response {
    serve(&headers, STAFF_CSS, &CSS_ETAG, "text/css; charset=utf-8")
}

pub async fn staff_js(headers: HeaderMap) -> Response {
    serve(
        &headers,
        STAFF_JS,
        &JS_ETAG,
        "text/javascript; charset=utf-8",
    )
}

fn serve(
    headers: &HeaderMap,
    body: &'static str,
    etag: &str,
    content_type: &'static str,
) -> Response {
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag);
    let mut response = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body.into_response()
    };
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(etag) {
        out.insert(header::ETAG, value);
    }
    response
}
