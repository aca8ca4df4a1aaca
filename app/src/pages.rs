//! One file per page. Pages render on the server; only islands run in the browser.

pub mod not_found;
pub mod ops_sla;
pub mod ops_template;
pub mod ops_templates;
pub mod raise;
pub mod staff_alerts;
pub mod staff_case;
pub mod staff_queue;
pub mod staff_sign_in;
pub mod status;
