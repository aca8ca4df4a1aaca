//! The browser's files (script, wasm, stylesheet) from the built site folder,
//! served under names that carry a hash of their content, so browsers keep
//! them for a year, and compressed once, at start-up, with brotli and gzip.
//!
//! The files are found by what the folder holds, not by how this binary was
//! compiled: cargo-leptos names the wasm `baton.wasm`, wasm-bindgen alone
//! `baton_bg.wasm`.

use app::assets::AssetUrls;
use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// A hashed name changes with its content, so the browser never asks again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Above this a file is a debug build: compressing it at brotli's best would
/// hold start-up for a minute.
const LARGE: usize = 1024 * 1024;

/// The site's files, found at start-up.
#[derive(Default)]
pub struct Assets {
    urls: AssetUrls,
    files: Vec<Arc<Asset>>,
}

/// One file, ready in each encoding.
struct Asset {
    url: String,
    content_type: &'static str,
    plain: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
}

impl Assets {
    /// Reads `site_root/pkg`. A file that is missing keeps its plain name
    /// (pages then work without it) and is logged. Blocking: reads and compresses.
    pub fn load(site_root: &Path) -> Self {
        let pkg = site_root.join("pkg");
        let mut urls = AssetUrls::default();
        let mut files = Vec::new();
        let kinds: [(&[&str], &str, &mut String); 3] = [
            (
                &["baton.js"],
                "text/javascript; charset=utf-8",
                &mut urls.js,
            ),
            (
                &["baton.wasm", "baton_bg.wasm"],
                "application/wasm",
                &mut urls.wasm,
            ),
            (&["baton.css"], "text/css; charset=utf-8", &mut urls.css),
        ];
        for (names, content_type, url) in kinds {
            let found = names
                .iter()
                .find_map(|name| std::fs::read(pkg.join(name)).ok());
            let Some(content) = found else {
                tracing::warn!(
                    folder = %pkg.display(),
                    file = names[0],
                    "not found: pages load without it (build the site with `cargo leptos build`)"
                );
                continue;
            };
            let asset = Asset::new(names[0], content_type, content);
            url.clone_from(&asset.url);
            files.push(Arc::new(asset));
        }
        Self { urls, files }
    }

    /// Where pages find the files.
    pub fn urls(&self) -> &AssetUrls {
        &self.urls
    }

    /// A route for each file found, at its hashed name.
    pub fn routes<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        self.files.iter().fold(Router::new(), |router, asset| {
            let url = asset.url.clone();
            let asset = asset.clone();
            router.route(
                &url,
                get(move |headers: HeaderMap| async move { asset.serve(&headers) }),
            )
        })
    }
}

impl Asset {
    /// `name` is the plain name, e.g. `baton.js`; the hash goes before the extension.
    fn new(name: &str, content_type: &'static str, content: Vec<u8>) -> Self {
        let digest = Sha256::digest(&content);
        let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let (stem, extension) = name.split_once('.').unwrap_or((name, ""));
        let compressed = |result: std::io::Result<Vec<u8>>, encoding: &str| match result {
            Ok(bytes) => Some(Bytes::from(bytes)),
            Err(error) => {
                tracing::warn!(%error, file = name, encoding, "cannot compress; serving it plain");
                None
            }
        };
        Self {
            url: format!("/pkg/{stem}.{hash}.{extension}"),
            content_type,
            brotli: compressed(brotli(&content), "br"),
            gzip: compressed(gzip(&content), "gzip"),
            plain: Bytes::from(content),
        }
    }

    fn serve(&self, request: &HeaderMap) -> Response {
        let chosen = [("br", &self.brotli), ("gzip", &self.gzip)]
            .into_iter()
            .find_map(|(encoding, body)| {
                body.as_ref()
                    .filter(|_| accepts(request, encoding))
                    .map(|body| (Some(encoding), body.clone()))
            });
        let (encoding, body) = chosen.unwrap_or((None, self.plain.clone()));
        let mut response = body.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    }
}

/// Whether the request's `Accept-Encoding` names `encoding` (and not with `q=0`).
fn accepts(request: &HeaderMap, encoding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|param| {
                param
                    .trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            name.eq_ignore_ascii_case(encoding) && !refused
        })
}

fn brotli(content: &[u8]) -> std::io::Result<Vec<u8>> {
    let quality = if content.len() > LARGE { 5 } else { 11 };
    let mut writer = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, quality, 22);
    writer.write_all(content)?;
    writer.flush()?;
    Ok(writer.into_inner())
}

fn gzip(content: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(content)?;
    encoder.finish()
}
