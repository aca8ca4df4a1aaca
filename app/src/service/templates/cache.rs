//! Every version that is or was live (published, scheduled, retired), read
//! once and kept in memory: rendering a page asks for the live template of
//! several kinds, and each lookup was a query of its own. Drafts are never
//! live, so they are not kept.
//!
//! The snapshot is dropped after every studio write here (`changed`) and,
//! in a cluster, when another process announces a settings change or every
//! 30 s (`server/src/jobs/cluster.rs`). Which version is live is decided at
//! each lookup from `now`, so a scheduled version goes live on time without
//! a reload.

use crate::domain::template::{TemplateKey, VersionStatus};
use crate::store::templates::{self, TemplateVersion};
use crate::store::{Store, StoreError};
use jiff::Timestamp;
use std::sync::{Arc, Mutex, PoisonError};

#[derive(Clone, Default)]
pub struct TemplateCache {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    versions: Option<Arc<Vec<TemplateVersion>>>,
    /// Counts drops, so a load that raced a write does not keep stale rows.
    generation: u64,
}

impl TemplateCache {
    /// Forgets the snapshot; the next lookup reads the database again.
    pub fn clear(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.versions = None;
        state.generation += 1;
    }

    /// The version of `key` live at `now`: the published or scheduled one
    /// whose time came last.
    pub async fn live(
        &self,
        store: &Store,
        key: &TemplateKey,
        now: Timestamp,
    ) -> Result<Option<TemplateVersion>, StoreError> {
        let versions = self.versions(store).await?;
        Ok(went_live(&versions, key, now)
            .find(|v| {
                matches!(
                    v.status,
                    VersionStatus::Published | VersionStatus::Scheduled
                )
            })
            .cloned())
    }

    /// Up to `limit` versions of `key` that were live by `now`, the most
    /// recently live first.
    pub async fn history(
        &self,
        store: &Store,
        key: &TemplateKey,
        limit: usize,
        now: Timestamp,
    ) -> Result<Vec<TemplateVersion>, StoreError> {
        let versions = self.versions(store).await?;
        Ok(went_live(&versions, key, now)
            .take(limit)
            .cloned()
            .collect())
    }

    async fn versions(&self, store: &Store) -> Result<Arc<Vec<TemplateVersion>>, StoreError> {
        let generation = {
            let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(versions) = &state.versions {
                return Ok(versions.clone());
            }
            state.generation
        };
        let mut conn = store.read().await?;
        let versions = Arc::new(templates::all_went_live(&mut conn).await?);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.generation == generation {
            state.versions = Some(versions.clone());
        }
        Ok(versions)
    }
}

/// The versions of `key` whose live time is at or before `now`, the most
/// recently live first (as the store orders them).
fn went_live<'a>(
    versions: &'a [TemplateVersion],
    key: &'a TemplateKey,
    now: Timestamp,
) -> impl Iterator<Item = &'a TemplateVersion> {
    versions
        .iter()
        .filter(move |v| v.key == *key && v.live_from.is_some_and(|at| at <= now))
}
