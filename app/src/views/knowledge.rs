//! The knowledge base as pages and the API show it.

use crate::domain::article::Visibility;
use serde::{Deserialize, Serialize};

/// A public article suggested to a customer: where it is and a few words
/// from it around what they typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub title: String,
    pub url: String,
    pub snippet: String,
}

/// `/help`: what was searched, and what was found (or the newest articles).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpPage {
    pub query: String,
    pub results: Vec<Suggestion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleView {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub body: String,
    pub visibility: Visibility,
    pub version: i64,
    pub source_case: Option<String>,
    /// "Sat 5 Dec, 10:00 UTC by ops@example.com"
    pub updated_label: String,
    /// Plain-language advice for a public article (never blocks a save).
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// What an article form shows: a new one (pre-filled from a case, if
/// asked), or one being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleForm {
    /// The article being edited, if any.
    pub slug: Option<String>,
    pub version: Option<i64>,
    pub title: String,
    pub body: String,
    pub visibility: Visibility,
    pub from_case: Option<String>,
}

/// `/staff/articles`: the form, the articles, and how often they helped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticlesPage {
    pub form: ArticleForm,
    pub articles: Vec<ArticleView>,
    /// Customers who said an article answered them, in the last 30 days.
    pub deflections_30_days: i64,
}

/// An article as staff send it (form or JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRequest {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub visibility: String,
    /// The solved case it was written from.
    #[serde(default)]
    pub from_case: Option<String>,
    /// The version the writer started from; a newer stored one is a conflict.
    #[serde(default)]
    pub version: Option<i64>,
}
