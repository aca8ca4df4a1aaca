//! Pieces shared by several pages.

pub mod browser_zone;
pub mod countdown;
pub mod field;
pub mod form_feedback;
pub mod help_suggestions;
pub mod http_status;
pub mod layout;
pub mod live_status;
