//! One file per page. Pages render on the server; only islands run in the browser.

pub mod admin_authority;
pub mod chat;
pub mod chat_case;
pub mod fresh_link;
pub mod my_cases;
pub mod not_found;
pub mod ops_jargon;
pub mod ops_playbooks;
pub mod ops_raci;
pub mod ops_rules;
pub mod ops_sla;
pub mod ops_sponsors;
pub mod ops_template;
pub mod ops_templates;
pub mod ops_tiers;
pub mod raise;
pub mod staff_alerts;
pub mod staff_call;
pub mod staff_case;
pub mod staff_early_warning;
pub mod staff_incident;
pub mod staff_incidents;
pub mod staff_queue;
pub mod staff_sign_in;
pub mod status;
pub mod unsubscribe;
