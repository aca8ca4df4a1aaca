//! Saved queue views in the staff API: each member's own.

use super::Staff;
use crate::channels::api::{ApiError, ApiJson};
use crate::startup::AppState;
use app::error::AppError;
use app::service::{now, saved_views};
use app::views::QueueQuery;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

/// `GET /views`: `{views: [{id, name, filters, href}]}`, the member's own.
pub(super) async fn list(
    State(state): State<AppState>,
    Staff(member): Staff,
) -> Result<Json<Value>, ApiError> {
    let views = saved_views::list(&state.portal, &member).await?;
    Ok(Json(json!({ "views": views })))
}

#[derive(Deserialize)]
pub(super) struct NewView {
    name: String,
    /// An object of filters; read below, as serde would read one from an
    /// array too.
    #[serde(default)]
    filters: Option<Value>,
}

/// `POST /views {name, filters}`: 201 with the view (a view of the same name
/// is replaced); 422 names a bad filter or name.
pub(super) async fn save(
    State(state): State<AppState>,
    Staff(member): Staff,
    ApiJson(request): ApiJson<NewView>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let filters: QueueQuery = match request.filters {
        None | Some(Value::Null) => QueueQuery::default(),
        Some(value @ Value::Object(_)) => serde_json::from_value(value)
            .map_err(|e| ApiError::unprocessable("invalid_input", format!("filters: {e}"), None))?,
        Some(_) => {
            return Err(ApiError::unprocessable(
                "invalid_input",
                "filters is an object of the queue's filters.".to_owned(),
                None,
            ));
        }
    };
    let saved = saved_views::save(&state.portal, &member, &request.name, &filters, now()).await?;
    Ok((StatusCode::CREATED, Json(json!(saved))))
}

/// `POST /views/{id}/removal`: 200; 404 for an id that is not the member's.
pub(super) async fn remove(
    State(state): State<AppState>,
    Staff(member): Staff,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: i64 = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    saved_views::remove(&state.portal, &member, id).await?;
    Ok(Json(json!({ "removed": id })))
}
