//! Every version that is or was live (published, scheduled, retired), read
//! once and kept in memory: rendering a page asks for the live template of
//! several kinds, and each lookup was a query of its own. Drafts are never
//! live, so they are not kept.
//!
//! Beside them, each source compiled once (`compiled`): parsing a template
//! was most of the cost of rendering one. A compiled template depends only
//! on its kind, channel and source, never on what is live, so it is never
//! stale; the map is only emptied when it grows past `COMPILED_KEPT`.
//!
//! The snapshot is dropped after every studio write here (`changed`) and,
//! in a cluster, when another process announces a settings change or every
//! 30 s (`server/src/jobs/cluster.rs`). Which version is live is decided at
//! each lookup from `now`, so a scheduled version goes live on time without
//! a reload.

use crate::domain::template::{
    Compiled, Sandbox, TemplateChannel, TemplateError, TemplateKey, TemplateKind, VersionStatus,
};
use crate::store::templates::{self, TemplateVersion};
use crate::store::{Store, StoreError};
use jiff::Timestamp;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Compiled sources kept before the map starts over: far more than the
/// kinds, channels and locales a portal has live, so only a studio busy
/// with many versions ever reaches it.
const COMPILED_KEPT: usize = 512;

/// Compiled templates by kind and channel, then by source.
type CompiledMap = HashMap<(TemplateKind, TemplateChannel), HashMap<String, Arc<Compiled>>>;

#[derive(Clone, Default)]
pub struct TemplateCache {
    state: Arc<Mutex<State>>,
    compiled: Arc<Mutex<CompiledMap>>,
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

    /// `source` compiled for `kind` and `channel` with `Sandbox::default()`,
    /// compiling it on first use. A source that fails is not kept: it is
    /// rare, and the caller alerts ops each time.
    pub fn compiled(
        &self,
        kind: TemplateKind,
        channel: TemplateChannel,
        source: &str,
    ) -> Result<Arc<Compiled>, TemplateError> {
        if let Some(found) = self
            .lock_compiled()
            .get(&(kind, channel))
            .and_then(|sources| sources.get(source))
        {
            return Ok(found.clone());
        }
        let compiled = Arc::new(Sandbox::default().compile(kind, channel, source)?);
        let mut map = self.lock_compiled();
        if map.values().map(HashMap::len).sum::<usize>() >= COMPILED_KEPT {
            map.clear();
        }
        map.entry((kind, channel))
            .or_default()
            .insert(source.to_owned(), compiled.clone());
        Ok(compiled)
    }

    fn lock_compiled(&self) -> std::sync::MutexGuard<'_, CompiledMap> {
        self.compiled.lock().unwrap_or_else(PoisonError::into_inner)
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
