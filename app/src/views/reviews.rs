//! Reviews of significant escalations, as the queue, the review page and
//! the case page show them.

use crate::domain::review::ReviewDraft;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub reference: String,
    pub subject: String,
    /// `s1`, `major_incident`, `sla_breach` or `reopened`.
    pub reason: String,
    pub reason_words: String,
    /// `due` or `written`.
    pub state: String,
    pub owner: Option<String>,
    pub due_at: jiff::Timestamp,
    pub due_label: String,
    pub overdue: bool,
    pub root_cause: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionView {
    pub id: i64,
    pub title: String,
    pub owner_email: String,
    pub due_label: String,
    pub done: bool,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPage {
    pub item: ReviewItem,
    /// From the case's events: holders, tier moves with their notes, clocks.
    pub timeline: Vec<String>,
    pub draft: Option<ReviewDraft>,
    pub actions: Vec<ActionView>,
    /// (code, label) of every root cause ops keep.
    pub root_causes: Vec<(String, String)>,
    /// The template's guidance under each part, as ops wrote it.
    #[serde(default)]
    pub prompts: crate::domain::review::ReviewPrompts,
}

/// On a case page: a reviewed case this one looks like, and how its
/// follow-up went ("this came back after the fix").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecurrenceNote {
    pub reference: String,
    pub root_cause: String,
    pub actions_done: usize,
    pub actions_open: usize,
}
