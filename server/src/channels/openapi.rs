//! `GET /api/v1/openapi.json`: the OpenAPI 3 description of every route
//! under `/api/v1`. It is a file beside this one, kept true by a test that
//! compares it with the routers (server/tests/api/openapi.rs).

use axum::http::header;
use axum::response::IntoResponse;

/// The document, as written.
pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
