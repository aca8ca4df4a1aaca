//! The template studio's server functions. Staff-facing; needs an ops or
//! admin session.

use crate::error::AppError;
use crate::views::{StudioEditor, StudioList};
use leptos::prelude::*;

/// Every template ops can edit. Needs an ops or admin session.
#[server]
pub async fn get_studio_list() -> Result<StudioList, AppError> {
    let (portal, member, _) = super::context::signed_in_staff().await?;
    let templates =
        crate::service::templates::list(&portal, &member, crate::service::now()).await?;
    Ok(StudioList {
        me: (&member).into(),
        templates,
    })
}

/// One template with its versions; `from`/`to` pick two versions to compare.
#[server]
pub async fn get_studio_editor(
    kind: String,
    channel: String,
    locale: String,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<StudioEditor, AppError> {
    let (portal, member, _) = super::context::signed_in_staff().await?;
    let key = crate::service::templates::parse_key(&kind, &channel, &locale)?;
    let compare = from.zip(to);
    let now = crate::service::now();
    let editor = crate::service::templates::editor(&portal, &member, &key, compare, now).await?;
    Ok(StudioEditor {
        me: (&member).into(),
        editor,
    })
}
