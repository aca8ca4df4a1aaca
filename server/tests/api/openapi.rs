//! The OpenAPI document stays true: every route under /api/v1 in the routers'
//! source is described, and every described route exists.

use crate::helpers::spawn_app;
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn source(path: &str) -> String {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The text between the parenthesis that opens at `open` and its partner.
fn balanced(text: &str, open: usize) -> &str {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced parentheses after byte {open}");
}

fn first_string(text: &str) -> &str {
    let start = text.find('"').expect("a string literal") + 1;
    let end = start + text[start..].find('"').expect("its end");
    &text[start..end]
}

/// Every `.call(` argument list in `text`.
fn calls<'a>(text: &'a str, call: &str) -> Vec<&'a str> {
    let needle = format!(".{call}(");
    text.match_indices(&needle)
        .map(|(at, _)| balanced(text, at + needle.len() - 1))
        .collect()
}

/// The HTTP methods a route's method router answers, e.g. `post(a).get(b)`.
fn methods_of(handlers: &str) -> Vec<&'static str> {
    METHODS
        .into_iter()
        .filter(|m| {
            handlers.match_indices(&format!("{m}(")).any(|(at, _)| {
                let before = handlers[..at].chars().next_back();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            })
        })
        .collect()
}

/// (method, path) for every route the routers nested under /api/v1 declare.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let startup = source("src/startup.rs");
    let mut routes = BTreeSet::new();
    for nest in calls(&startup, "nest") {
        let prefix = first_string(nest);
        if !prefix.starts_with("/api/v1") {
            continue;
        }
        let module = nest
            .split(',')
            .nth(1)
            .and_then(|r| r.trim().strip_suffix("::router()"))
            .expect("nest(\"/prefix\", module::router())")
            .rsplit("::")
            .next()
            .unwrap_or_default()
            .to_owned();
        let router = source(&format!("src/channels/{module}.rs"));
        for route in calls(&router, "route") {
            let path = first_string(route);
            let handlers = &route[route.find(',').expect("route(path, handlers)")..];
            for method in methods_of(handlers) {
                routes.insert((method.to_owned(), format!("{prefix}{path}")));
            }
        }
    }
    routes
}

fn document() -> Value {
    serde_json::from_str(server::channels::openapi::DOCUMENT).expect("the document is JSON")
}

fn routes_in_document(document: &Value) -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            if METHODS.contains(&method.as_str()) {
                routes.insert((method.clone(), path.clone()));
            }
        }
    }
    routes
}

#[test]
fn the_document_is_openapi_3_and_its_references_resolve() {
    let document = document();
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.")),
        "an OpenAPI 3 document"
    );
    assert!(document["info"]["title"].is_string());
    let text = server::channels::openapi::DOCUMENT;
    for (at, _) in text.match_indices("\"$ref\": \"#/") {
        let pointer = first_string(&text[at + 7..]).trim_start_matches('#');
        assert!(
            document.pointer(pointer).is_some(),
            "{pointer} is not in the document"
        );
    }
}

#[test]
fn every_route_under_api_v1_is_documented_and_every_documented_route_exists() {
    let in_source = routes_in_source();
    assert!(
        in_source.len() >= 10,
        "the source parser found {in_source:?}"
    );
    let documented = routes_in_document(&document());
    let missing: Vec<_> = in_source.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&in_source).collect();
    assert!(
        missing.is_empty(),
        "routes without a description in server/src/channels/openapi.json: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "described routes the routers do not have: {extra:?}"
    );
}

#[tokio::test]
async fn every_documented_path_is_routed_not_left_to_the_fallback() {
    let app = spawn_app().await;
    for (_, path) in routes_in_document(&document()) {
        let concrete = path
            .split('/')
            .map(|part| if part.starts_with('{') { "X" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        // No Baton route answers DELETE: a routed path says 405, while the
        // fallback would say 404.
        let response = app
            .client
            .delete(format!("{}{concrete}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{path} is not routed");
    }
}

#[tokio::test]
async fn the_document_is_served_as_json() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let served: Value = response.json().await.unwrap();
    assert_eq!(served, document());
}

/// What every route may answer besides its success, so that clients (and the
/// fuzzer in .ci/fuzz-api) find each status they can meet in the document.
#[test]
fn every_operation_documents_the_refusals_it_can_answer() {
    let document = document();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let responses = operation["responses"].as_object().expect("responses");
            let mut expected = vec!["429"];
            if operation.get("requestBody").is_some() {
                expected.extend(["400", "413", "415", "422"]);
            }
            if path.contains('{') {
                expected.push("404");
            }
            if operation["security"].to_string().contains("staffToken") {
                expected.push("401");
            }
            if path.starts_with("/api/v1/admin/") {
                expected.push("403");
            }
            for status in expected {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} does not document {status}"
                );
            }
        }
    }
    let too_many = &document["components"]["responses"]["TooManyRequests"];
    assert!(too_many["headers"]["Retry-After"].is_object());
}
