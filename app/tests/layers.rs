//! The layer rule of ARCHITECTURE.md, checked on the source: every module of
//! the app may import only the layers below it. An upward import fails here
//! with the file and the import that broke the rule.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each layer and what it may import (besides itself).
const LAYERS: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("error", &["domain"]),
    ("views", &["domain"]),
    ("store", &["domain"]),
    ("service", &["domain", "error", "views", "store"]),
    ("api", &["domain", "error", "views", "service"]),
    ("components", &["domain", "error", "views", "api"]),
    ("pages", &["domain", "error", "views", "api", "components"]),
];

#[test]
fn no_module_imports_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for (layer, allowed) in LAYERS {
        for file in layer_files(&src, layer) {
            let text = std::fs::read_to_string(&file).unwrap();
            for used in crate_modules_used(&text) {
                if used != *layer
                    && LAYERS.iter().any(|(l, _)| *l == used)
                    && !allowed.contains(&used.as_str())
                {
                    broken.push(format!(
                        "{} ({layer}) uses crate::{used}",
                        file.strip_prefix(&src).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "upward imports:\n{}", broken.join("\n"));
}

#[test]
fn the_check_sees_grouped_and_nested_imports() {
    let text =
        "use crate::{domain::{Case, Event}, store};\nlet x = crate::service::now();\nuse super::x;";
    let used: Vec<_> = crate_modules_used(text).into_iter().collect();
    assert_eq!(used, ["domain", "service", "store"]);
}

/// `src/<layer>.rs` and every file under `src/<layer>/`.
fn layer_files(src: &Path, layer: &str) -> Vec<PathBuf> {
    let mut files = vec![src.join(format!("{layer}.rs"))];
    let mut dirs = vec![src.join(layer)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.retain(|f| f.exists());
    files
}

/// The top-level modules a file names through `crate::`, including inside
/// grouped imports such as `crate::{domain::Case, store}`.
fn crate_modules_used(text: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            rest = "";
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        rest = &group[i..];
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphabetic() || c == '_') => {
                        used.insert(identifier(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            used.insert(identifier(after));
            rest = after;
        }
    }
    used.remove("");
    used
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}
