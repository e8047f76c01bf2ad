//! A vendor of many pages, as the bench measures it: OpenRouter's whole document split into
//! [`PAGES`] pages (each a few of its operations, with the components they use), written as a
//! folder under `target/bench/` and generated as one vendor, so that the merge stage is timed
//! on a realistic folder, beside the same document as one file.

use super::Bench;
use crate::{files, Error};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// How many pages the document is split into.
pub const PAGES: usize = 30;

/// The corpus document split, in the corpus's `openapi/`.
pub const DOCUMENT: &str = "openrouter__openapi.yaml";

/// The HTTP methods of a path item (its other keys are shared by its operations).
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How the tables name the folder.
pub(super) fn file() -> String {
    format!("openapi/{DOCUMENT} as {PAGES} pages")
}

/// Splits the corpus's [`DOCUMENT`] into [`PAGES`] pages written into `out/<name>/` (the
/// pages of an earlier run are rewritten only where they changed): the bench entry of the folder.
pub(super) fn write(corpus: &Path, out: &Path) -> Result<Bench, Error> {
    let path = corpus.join("openapi").join(DOCUMENT);
    let text =
        crate::codegen::read_file(&path, &path.display().to_string()).map_err(Error::Failed)?;
    let document = super::child::yaml(&text)
        .map_err(|error| Error::Failed(format!("{}: {error}", path.display())))?;
    let pages = split(&document, PAGES)
        .map_err(|error| Error::Failed(format!("{}: {error}", path.display())))?;
    let dir = out.join(format!("openrouter-{PAGES}-pages"));
    let mut bytes = 0;
    for (index, page) in pages.iter().enumerate() {
        let page_path = dir.join(format!("page-{:02}.json", index + 1));
        let text = serde_json::to_string_pretty(page).unwrap_or_default();
        bytes += text.len() as u64;
        files::write_if_changed(&page_path, &text)
            .map_err(|error| Error::Failed(files::with_path(error, &page_path).to_string()))?;
    }
    Ok(Bench {
        file: file(),
        path: dir,
        overlay: None,
        bytes,
        stem: format!("openrouter_{PAGES}_pages"),
    })
}

/// `document` as `pages` pages: its operations, in path order, cut into `pages` runs of nearly
/// equal length, each page holding its operations' path items (with what the path item
/// shares: its parameters, servers), every component they refer to (through `$ref`s and
/// discriminator mappings, transitively), every security scheme, and the rest of the document
/// (`info`, `servers`, `security`, `tags`…) as it is.
fn split(document: &Value, pages: usize) -> Result<Vec<Value>, String> {
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("no `paths` object")?;
    let operations: Vec<(&String, &str)> = paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|method| item.get(**method).is_some())
                .map(move |method| (path, *method))
        })
        .collect();
    if operations.len() < pages {
        return Err(format!(
            "{} operations, fewer than the {pages} pages to split them into",
            operations.len()
        ));
    }
    let components = document.get("components").and_then(Value::as_object);
    let mut result = Vec::with_capacity(pages);
    for page in 0..pages {
        let run =
            &operations[page * operations.len() / pages..(page + 1) * operations.len() / pages];
        let mut page_paths: Map<String, Value> = Map::new();
        for (path, method) in run {
            let item = &paths[path.as_str()];
            let entry = page_paths.entry(path.as_str()).or_insert_with(|| {
                // What the path item shares, without its operations.
                Value::Object(
                    item.as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(key, _)| !METHODS.contains(&key.as_str()))
                        .map(|(key, value)| (key.clone(), value.clone()))
                        .collect(),
                )
            });
            if let Some(entry) = entry.as_object_mut() {
                entry.insert((*method).to_owned(), item[*method].clone());
            }
        }
        let mut page_document: Map<String, Value> = document
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(key, _)| *key != "paths" && *key != "components")
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let paths_value = Value::Object(page_paths);
        if let Some(components) = components {
            page_document.insert(
                "components".to_owned(),
                used_components(components, &paths_value),
            );
        }
        page_document.insert("paths".to_owned(), paths_value);
        result.push(Value::Object(page_document));
    }
    Ok(result)
}

/// The components `paths` use, transitively, by kind (every security scheme: requirements name
/// them, not `$ref`), in the document's order.
fn used_components(components: &Map<String, Value>, paths: &Value) -> Value {
    let mut used: BTreeSet<(String, String)> = BTreeSet::new();
    let mut pending = Vec::new();
    references(paths, &mut pending);
    while let Some((kind, name)) = pending.pop() {
        let Some(component) = components.get(&kind).and_then(|kind| kind.get(&name)) else {
            continue;
        };
        if used.insert((kind, name)) {
            references(component, &mut pending);
        }
    }
    let mut kept: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    for (kind, entries) in components {
        let Some(entries) = entries.as_object() else {
            continue;
        };
        for (name, component) in entries {
            if kind == "securitySchemes" || used.contains(&(kind.clone(), name.clone())) {
                kept.entry(kind)
                    .or_default()
                    .insert(name.clone(), component.clone());
            }
        }
    }
    Value::Object(
        components
            .keys()
            .filter_map(|kind| {
                kept.remove(kind.as_str())
                    .map(|entries| (kind.clone(), Value::Object(entries)))
            })
            .collect(),
    )
}

/// Every `#/components/<kind>/<name>` string in `value` (a `$ref`, a discriminator mapping), as
/// (kind, name) with the name's JSON pointer escapes undone, onto `found`.
fn references(value: &Value, found: &mut Vec<(String, String)>) {
    match value {
        Value::String(text) => {
            if let Some((kind, name)) = text
                .strip_prefix("#/components/")
                .and_then(|rest| rest.split_once('/'))
            {
                found.push((kind.to_owned(), name.replace("~1", "/").replace("~0", "~")));
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        Value::Object(members) => members
            .values()
            .for_each(|member| references(member, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::split;
    use serde_json::json;

    #[test]
    fn each_page_holds_its_operations_and_the_components_they_use() {
        let document = json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "security": [{"key": []}],
            "paths": {
                "/a": {"parameters": [{"$ref": "#/components/parameters/Id"}],
                       "get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}},
                       "post": {"responses": {"204": {"description": "none"}}}},
                "/b": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/B~1C"}}}}}}},
            },
            "components": {
                "schemas": {
                    "A": {"properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
                    "Inner": {"type": "string"},
                    "B/C": {"oneOf": [{"type": "object"}], "discriminator": {"propertyName": "t", "mapping": {"x": "#/components/schemas/X"}}},
                    "X": {"type": "object"},
                    "Unused": {"type": "integer"},
                },
                "parameters": {"Id": {"name": "id", "in": "query", "schema": {"type": "string"}}},
                "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}},
            },
        });
        let pages = split(&document, 2).unwrap();
        assert_eq!(pages.len(), 2);
        // Three operations: the first page one (`GET /a`), the second two.
        assert_eq!(
            pages[0]["paths"],
            json!({"/a": {"parameters": [{"$ref": "#/components/parameters/Id"}], "get": document["paths"]["/a"]["get"]}})
        );
        assert_eq!(
            pages[1]["paths"]["/a"]["post"],
            document["paths"]["/a"]["post"]
        );
        assert!(pages[1]["paths"]["/b"].get("get").is_some());
        let names = |page: usize, kind: &str| -> Vec<String> {
            pages[page]["components"][kind]
                .as_object()
                .map(|entries| entries.keys().cloned().collect())
                .unwrap_or_default()
        };
        assert_eq!(names(0, "schemas"), ["A", "Inner"]);
        assert_eq!(names(0, "parameters"), ["Id"]);
        assert_eq!(names(1, "schemas"), ["B/C", "X"]);
        assert_eq!(names(1, "securitySchemes"), ["key"]);
        for page in &pages {
            assert_eq!(page["info"], document["info"]);
            assert_eq!(page["security"], document["security"]);
        }
        let error = split(&document, 4).unwrap_err();
        assert!(error.contains("3 operations"), "{error}");
    }
}
