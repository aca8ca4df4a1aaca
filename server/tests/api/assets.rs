//! The browser's files: found in the site folder whatever built the server
//! (this test binary is plain cargo), served under hashed names for a year,
//! compressed; pages compressed too, live event streams never.

use crate::helpers::{TestApp, spawn_app_with_site};
use std::io::Read;
use std::path::PathBuf;

const JS: &str = "export default async function init() {}\nexport function hydrate() {}\n";
const CSS: &str =
    "body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 40rem; }\n";

/// A site folder as wasm-bindgen alone leaves it (`baton_bg.wasm`).
fn fake_site(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("baton-site-{}-{name}", std::process::id()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("baton.js"), JS).unwrap();
    std::fs::write(pkg.join("baton_bg.wasm"), wasm()).unwrap();
    std::fs::write(pkg.join("baton.css"), CSS).unwrap();
    root
}

fn wasm() -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend((0..4096u32).map(|i| (i % 7) as u8));
    bytes
}

/// The script, wasm and stylesheet addresses a status page announces.
async fn announced(app: &TestApp) -> Vec<String> {
    let (reference, token) = app.raise("Checkout fails").await;
    let html = app
        .page_text(&format!("/cases/{reference}?token={token}"))
        .await;
    let mut urls: Vec<String> = html
        .match_indices("/pkg/")
        .map(|(at, _)| {
            let rest = &html[at..];
            let end = rest.find(['"', '\'', ')']).unwrap_or(rest.len());
            rest[..end].to_owned()
        })
        .collect();
    urls.sort_by_key(|url| (url.rsplit('.').next().map(str::to_owned), url.clone()));
    urls.dedup();
    urls
}

async fn fetch(app: &TestApp, url: &str, accept: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{url}", app.url));
    if let Some(accept) = accept {
        request = request.header("accept-encoding", accept);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    response
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_default()
}

fn decode(encoding: &str, body: &[u8]) -> Vec<u8> {
    let mut plain = Vec::new();
    match encoding {
        "br" => brotli::Decompressor::new(body, 4096)
            .read_to_end(&mut plain)
            .unwrap(),
        "gzip" => flate2::read::GzDecoder::new(body)
            .read_to_end(&mut plain)
            .unwrap(),
        _ => return body.to_vec(),
    };
    plain
}

#[tokio::test]
async fn a_page_names_its_files_by_hash_and_they_are_kept_for_a_year() {
    let app = spawn_app_with_site(&fake_site("hashed")).await;
    let urls = announced(&app).await;
    assert_eq!(urls.len(), 3, "{urls:?}");
    let expected: [(&str, &str, Vec<u8>); 3] = [
        (".css", "text/css", CSS.into()),
        (".js", "text/javascript", JS.into()),
        (".wasm", "application/wasm", wasm()),
    ];
    for (url, (extension, content_type, content)) in urls.iter().zip(expected) {
        let hash = url
            .strip_prefix("/pkg/baton.")
            .and_then(|rest| rest.strip_suffix(extension))
            .unwrap_or_else(|| panic!("{url} is baton.<hash>{extension}"));
        assert!(
            hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{url}"
        );
        let response = fetch(&app, url, None).await;
        assert!(header(&response, "content-type").starts_with(content_type));
        assert_eq!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(header(&response, "content-encoding"), "");
        assert_eq!(response.bytes().await.unwrap(), content, "{url}");
    }
}

#[tokio::test]
async fn files_and_pages_come_compressed_to_browsers_that_accept_it() {
    let app = spawn_app_with_site(&fake_site("compressed")).await;
    let urls = announced(&app).await;
    for (accept, encoding) in [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip")] {
        for url in &urls {
            let plain = fetch(&app, url, None).await.bytes().await.unwrap();
            let response = fetch(&app, url, Some(accept)).await;
            assert_eq!(header(&response, "content-encoding"), encoding, "{url}");
            assert_eq!(header(&response, "vary"), "accept-encoding");
            let body = response.bytes().await.unwrap();
            assert_eq!(decode(encoding, &body), plain, "{url} as {encoding}");
        }
        let page = fetch(&app, "/", Some(accept)).await;
        assert_eq!(
            header(&page, "content-encoding"),
            encoding,
            "the raise page"
        );
        assert_eq!(header(&page, "cache-control"), "no-store");
        let html = decode(encoding, &page.bytes().await.unwrap());
        assert!(
            String::from_utf8(html)
                .unwrap()
                .contains("Send to our team")
        );
    }
}

#[tokio::test]
async fn a_file_under_its_plain_name_is_checked_again_each_time() {
    let app = spawn_app_with_site(&fake_site("plain")).await;
    let response = fetch(&app, "/pkg/baton.css", None).await;
    assert_eq!(header(&response, "cache-control"), "no-cache");
}

#[tokio::test]
async fn live_event_streams_are_never_compressed() {
    let app = spawn_app_with_site(&fake_site("live")).await;
    let (reference, token) = app.raise("Checkout fails").await;
    let stream = fetch(
        &app,
        &format!("/cases/{reference}/live?token={token}"),
        Some("br, gzip"),
    )
    .await;
    assert_eq!(header(&stream, "content-type"), "text/event-stream");
    assert_eq!(
        header(&stream, "content-encoding"),
        "",
        "events arrive as sent"
    );
}

#[tokio::test]
async fn the_console_styles_are_its_own_and_revalidate_by_hash() {
    let app = crate::helpers::spawn_app_with_demo().await;
    let css = app.get("/staff.css").await;
    assert_eq!(css.status(), 200);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(css.headers()["cache-control"], "no-cache");
    let etag = css.headers()["etag"].to_str().unwrap().to_owned();
    assert!(css.text().await.unwrap().contains(".queue"));
    let again = app
        .client
        .get(format!("{}/staff.css", app.url))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    // Staff pages load it; a customer's status page does not.
    app.sign_in_as_agent().await;
    assert!(
        app.page_text("/staff")
            .await
            .contains("href=\"/staff.css\"")
    );
    let (reference, token) = app.raise("Exports fail").await;
    let status = app
        .page_text(&format!("/cases/{reference}?token={token}"))
        .await;
    assert!(!status.contains("/staff.css"));
}
