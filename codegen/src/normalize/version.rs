//! Pass: checks the document is OpenAPI 3.0, 3.1 or 3.2 (read as 3.1) and has what every
//! document needs (`info.title`, `info.version`, `paths`).

use crate::diagnostic::Diagnostics;
use serde_json::{Map, Value};

/// Checks the version and the required top-level fields; `false` when the document is not
/// OpenAPI 3 at all, so the other passes must not run (an error says why).
///
/// A version or `info.version` written as a YAML number (`openapi: 3.1`) is turned into a string.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) -> bool {
    let Value::Object(root) = tree else {
        diagnostics.error(
            "",
            "the document is not a mapping: expected an OpenAPI 3 document",
        );
        return false;
    };
    if root.contains_key("swagger") {
        diagnostics.error(
            "/swagger",
            "Swagger 2.0 is not supported: convert it to OpenAPI 3 (e.g. with swagger2openapi) and \
             try again",
        );
        return false;
    }
    let Some(version) = text(root, "openapi", "/openapi", diagnostics) else {
        diagnostics.error(
            "",
            "the document has no `openapi` version string: expected an OpenAPI 3.0 or 3.1 document \
             (`openapi: 3.1.0`)",
        );
        return false;
    };
    if version.starts_with("3.2") {
        diagnostics.warn(
            "/openapi",
            format!(
                "OpenAPI {version} is read as 3.1: features new in 3.2 are not supported and are \
                 reported where they are dropped"
            ),
        );
    } else if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        diagnostics.error(
            "/openapi",
            format!("OpenAPI version `{version}` is not supported: expected 3.0.x or 3.1.x"),
        );
        return false;
    }
    match root.get_mut("info") {
        Some(Value::Object(info)) => {
            if text(info, "version", "/info/version", diagnostics).is_none() {
                info.insert("version".to_owned(), Value::String(String::new()));
                diagnostics.warn(
                    "/info",
                    "`info` has no `version` string (it is required): read as empty, so the \
                     module names no version; add one, e.g. `version: 1.0.0`, in an overlay",
                );
            }
            if !matches!(info.get("title"), Some(Value::String(_))) {
                diagnostics.error("/info", "`info` has no `title` string: add the API's name");
            }
        }
        _ => diagnostics.error(
            "",
            "the document has no `info` mapping: add `info` with `title` and `version`",
        ),
    }
    if !root.contains_key("paths") {
        root.insert("paths".to_owned(), Value::Object(Map::new()));
        diagnostics.note(
            "",
            "the document has no `paths` (allowed in 3.1): read as `paths: {}`",
        );
    }
    true
}

/// The string at `map[key]`; a number there (YAML reads `3.1` as one) is replaced by its text,
/// with a note.
fn text(
    map: &mut Map<String, Value>,
    key: &str,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let value = map.get_mut(key)?;
    if let Value::Number(number) = value {
        let written = number.to_string();
        diagnostics.note(
            pointer,
            format!("`{key}` is written as a number: read as the string \"{written}\" (quote it)"),
        );
        *value = Value::String(written);
    }
    value.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{LineMap, Severity};
    use serde_json::json;

    fn check(mut tree: Value) -> (bool, Value, Vec<(Severity, String, String)>) {
        let lines = LineMap::default();
        let mut diagnostics = Diagnostics::new("t.yaml", &lines);
        let go_on = run(&mut tree, &mut diagnostics);
        let list = diagnostics
            .into_vec()
            .into_iter()
            .map(|d| (d.severity, d.pointer, d.message))
            .collect();
        (go_on, tree, list)
    }

    #[test]
    fn accepts_3_0_and_3_1_unchanged() {
        for version in ["3.0.3", "3.1.0"] {
            let tree =
                json!({"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {}});
            let (go_on, after, list) = check(tree.clone());
            assert!(go_on);
            assert_eq!(after, tree);
            assert!(list.is_empty(), "{list:?}");
        }
    }

    #[test]
    fn swagger_is_refused_with_a_way_out() {
        let (go_on, _, list) = check(json!({"swagger": "2.0", "info": {}, "paths": {}}));
        assert!(!go_on);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].0, Severity::Error);
        assert_eq!(list[0].1, "/swagger");
        assert!(list[0].2.contains("Swagger 2.0 is not supported"));
        assert!(list[0].2.contains("swagger2openapi"));
    }

    #[test]
    fn missing_or_unknown_version_is_an_error() {
        let (go_on, _, list) = check(json!({"info": {"title": "t", "version": "1"}}));
        assert!(!go_on);
        assert!(list[0].2.contains("no `openapi` version"));
        let (go_on, _, list) = check(json!({"openapi": "4.0.0"}));
        assert!(!go_on);
        assert_eq!(
            (list[0].0, list[0].1.as_str()),
            (Severity::Error, "/openapi")
        );
        assert!(list[0].2.contains("`4.0.0` is not supported"));
        let (go_on, _, list) = check(json!([1]));
        assert!(!go_on);
        assert!(list[0].2.contains("not a mapping"));
    }

    #[test]
    fn version_3_2_is_read_as_3_1_with_a_warning() {
        let (go_on, _, list) =
            check(json!({"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {}}));
        assert!(go_on);
        assert_eq!(list.len(), 1);
        assert_eq!(
            (list[0].0, list[0].1.as_str()),
            (Severity::Warning, "/openapi")
        );
        assert!(list[0].2.contains("read as 3.1"));
    }

    #[test]
    fn numbers_become_strings_and_paths_is_inserted() {
        let (go_on, after, list) =
            check(json!({"openapi": 3.1, "info": {"title": "t", "version": 1}}));
        assert!(go_on);
        assert_eq!(
            after,
            json!({"openapi": "3.1", "info": {"title": "t", "version": "1"}, "paths": {}})
        );
        let pointers: Vec<_> = list.iter().map(|(s, p, _)| (*s, p.as_str())).collect();
        assert_eq!(
            pointers,
            [
                (Severity::Note, "/openapi"),
                (Severity::Note, "/info/version"),
                (Severity::Note, "")
            ]
        );
        assert!(list[2].2.contains("no `paths`"));
    }

    #[test]
    fn missing_title_is_an_error_missing_version_a_warning() {
        let (go_on, tree, list) = check(json!({"openapi": "3.1.0", "info": {}, "paths": {}}));
        assert!(go_on);
        let messages: Vec<_> = list
            .iter()
            .map(|(s, p, m)| (*s, p.as_str(), m.as_str()))
            .collect();
        assert_eq!(messages.len(), 2);
        assert!(messages.iter().all(|(_, p, _)| *p == "/info"));
        assert_eq!(messages[0].0, Severity::Warning);
        assert!(messages[0].2.contains("no `version`"));
        assert_eq!(tree["info"]["version"], json!(""));
        assert_eq!(messages[1].0, Severity::Error);
        assert!(messages[1].2.contains("no `title`"));
        let (_, _, list) = check(json!({"openapi": "3.1.0", "paths": {}}));
        assert!(list[0].2.contains("no `info`"));
    }
}
