//! What the template studio shows support ops.

use super::StaffIdentity;
use crate::domain::FieldErrors;
use serde::{Deserialize, Serialize};

/// One template in the studio's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateSummary {
    pub kind: String,
    pub channel: String,
    pub locale: String,
    pub placeholders: Vec<String>,
    /// The live version, or `None` while the built-in default is used.
    pub version: Option<i64>,
    /// Who wrote the live version (none for the built-in default).
    #[serde(default)]
    pub edited_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceholderView {
    pub name: String,
    pub description: String,
    pub example: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningView {
    pub code: String,
    pub message: String,
}

/// A template rendered with the example values, as the customer reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewView {
    pub rendered: String,
    pub warnings: Vec<WarningView>,
}

/// Why a template can't be previewed or published; `line` points into the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateProblem {
    pub code: String,
    pub message: String,
    pub line: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionView {
    pub version: i64,
    pub status: String,
    pub author_name: String,
    pub created_label: String,
    /// When it went live, if it has.
    pub published_label: Option<String>,
    /// When it goes live, while it is scheduled and waiting.
    pub scheduled_label: Option<String>,
    pub restored_from: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLineView {
    /// "same", "removed" or "added".
    pub change: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionDiff {
    pub from: i64,
    pub to: i64,
    pub lines: Vec<DiffLineView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub version: i64,
    pub action: String,
    pub staff_name: String,
    pub at_label: String,
}

/// Everything the editor of one template shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateEditor {
    pub kind: String,
    pub channel: String,
    pub locale: String,
    /// The live source: the published version or the built-in default.
    pub source: String,
    /// `source` as escaped HTML with the template language picked out.
    pub highlighted_source: String,
    pub live_version: Option<i64>,
    /// The time zone the studio shows and reads times in.
    pub zone_label: String,
    pub placeholders: Vec<PlaceholderView>,
    pub versions: Vec<VersionView>,
    pub diff: Option<VersionDiff>,
    pub audit: Vec<AuditView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioList {
    pub me: StaffIdentity,
    pub templates: Vec<TemplateSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioEditor {
    pub me: StaffIdentity,
    pub editor: TemplateEditor,
}

/// What a Preview or a refused Publish sends back to the editor page: the
/// source as typed, and either the preview or the problem. The server
/// provides it as context when it renders the page in answer to a POST.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StudioFeedback {
    pub source: String,
    /// `source` as escaped HTML with the template language picked out.
    pub highlighted: String,
    /// The case the preview used, as typed.
    pub case_reference: String,
    /// The go-live time, as typed.
    pub publish_at: String,
    pub preview: Option<PreviewView>,
    pub problem: Option<TemplateProblem>,
    /// What was wrong with the case reference or the go-live time.
    pub field_errors: FieldErrors,
}
