//! `GET /staff.css`: the console's own styles. Customer pages never load
//! them, so the status page's first load stays within its budget. Revalidated
//! by its hash (`ETag`), so a new release is seen at once.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;

const STAFF_CSS: &str = include_str!("../../../../style/staff.css");

static ETAG: LazyLock<String> = LazyLock::new(|| {
    format!(
        "\"{}\"",
        &app::service::secrets::hash_token(STAFF_CSS)[..16]
    )
});

pub async fn staff_css(headers: HeaderMap) -> Response {
    let etag = ETAG.as_str();
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag);
    let mut response = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        STAFF_CSS.into_response()
    };
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(etag) {
        out.insert(header::ETAG, value);
    }
    response
}
