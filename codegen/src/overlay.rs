//! Stage 1½: an [OpenAPI Overlay 1.0](https://spec.openapis.org/overlay/v1.0.0.html) applied to a
//! loaded document, before normalization.
//!
//! An overlay is a YAML or JSON file, loaded like a document (`load::load`), holding
//! `overlay: 1.0.0`, `info`, an optional `extends` (not checked: the caller pairs the overlay
//! with its document) and `actions`. Each action selects nodes of the document with an RFC 9535
//! JSONPath `target`, then either removes them (`remove: true`) or merges `update` into each:
//!
//! - into a mapping: an update mapping is merged recursively: a key the node lacks is added; a
//!   key it has is merged again (mapping into mapping, sequence appended to sequence) or, when
//!   the kinds differ or it is a scalar, replaced;
//! - into a sequence: an update sequence is appended item by item, any other value as one item;
//! - into a scalar: the update replaces it.
//!
//! Actions apply in order, each to the result of the previous one. Every diagnostic is about the
//! overlay file: a note per action that did something, a warning for a target that matches
//! nothing, an error for what cannot be applied (a bad JSONPath, a missing or unsupported
//! version, an action with neither `update` nor `remove`).

use crate::diagnostic::Diagnostics;
use crate::load::Loaded;
use jsonptr::PointerBuf;
use serde_json::Value;
use serde_json_path::{JsonPath, PathElement};

/// The keys an overlay's top level may hold besides `x-*` extensions.
const OVERLAY_KEYS: &[&str] = &["overlay", "info", "extends", "actions"];

/// The keys an action may hold besides `x-*` extensions.
const ACTION_KEYS: &[&str] = &["target", "description", "update", "remove"];

/// How many matched locations a note lists before it says "and N more".
const LISTED: usize = 5;

/// Applies `overlay` to `tree`, action by action, recording its diagnostics (which should place
/// nodes in the overlay's file: `Diagnostics::new(overlay_file, &overlay.lines)`).
///
/// A missing or unsupported `overlay` version, or `actions` that is not a sequence, leaves `tree`
/// untouched; an action that cannot be applied is skipped and the others still apply.
pub fn apply(tree: &mut Value, overlay: &Loaded, diagnostics: &mut Diagnostics) {
    apply_all(&mut [tree], overlay, diagnostics);
}

/// Applies `overlay` to each of `trees` (the documents of one page, each an OpenAPI block), as
/// [`apply`] does to one; an action that matches nothing in any of them is a warning.
pub fn apply_all(trees: &mut [&mut Value], overlay: &Loaded, diagnostics: &mut Diagnostics) {
    let Some(root) = overlay.tree.as_object() else {
        diagnostics.error(
            "",
            "an overlay is a mapping with `overlay: 1.0.0`, `info` and `actions`",
        );
        return;
    };
    if !version_is_supported(root.get("overlay"), diagnostics) {
        return;
    }
    if !root.get("info").is_some_and(Value::is_object) {
        diagnostics.warn(
            "",
            "the overlay has no `info` mapping: Overlay 1.0 requires one, with `title` and \
             `version`; add it so readers know what the overlay is for",
        );
    }
    warn_unknown_keys(root, OVERLAY_KEYS, "", "the overlay", diagnostics);
    let actions = match root.get("actions") {
        Some(Value::Array(actions)) => actions,
        Some(_) => {
            diagnostics.error(
                "/actions",
                "`actions` must be a sequence of actions (`- target: <JSONPath>` with `update` \
                 or `remove: true`)",
            );
            return;
        }
        None => {
            diagnostics.error(
                "",
                "the overlay has no `actions`: add a sequence of actions (`- target: <JSONPath>` \
                 with `update` or `remove: true`)",
            );
            return;
        }
    };
    if actions.is_empty() {
        diagnostics.warn(
            "/actions",
            "`actions` is empty: the overlay changes nothing",
        );
    }
    for (index, action) in actions.iter().enumerate() {
        apply_action(trees, index, action, diagnostics);
    }
}

/// Whether `version` (the `overlay` field) is one this stage applies, `1.0.x`; if not, says why.
fn version_is_supported(version: Option<&Value>, diagnostics: &mut Diagnostics) -> bool {
    let message = match version {
        Some(Value::String(text)) => {
            let patch = text.strip_prefix("1.0.");
            if patch
                .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
            {
                return true;
            }
            format!(
                "unsupported overlay version `{text}`: this generator applies Overlay 1.0; write \
                 `overlay: 1.0.0` (and use only `update` and `remove` actions)"
            )
        }
        Some(Value::Number(number)) => format!(
            "`overlay: {number}` is read as a number: write the version as `overlay: 1.0.0`"
        ),
        Some(_) => "`overlay` must be a version string: write `overlay: 1.0.0`".to_owned(),
        None => {
            diagnostics.error(
                "",
                "not an overlay: no `overlay` version; an Overlay 1.0 document starts with \
                 `overlay: 1.0.0`, then `info` and `actions`",
            );
            return false;
        }
    };
    diagnostics.error("/overlay", message);
    false
}

/// Warns about each key of `map` that is neither in `known` nor an `x-*` extension.
fn warn_unknown_keys(
    map: &serde_json::Map<String, Value>,
    known: &[&str],
    at: &str,
    what: &str,
    diagnostics: &mut Diagnostics,
) {
    for key in map.keys() {
        if known.contains(&key.as_str()) || key.starts_with("x-") {
            continue;
        }
        let mut pointer = PointerBuf::parse(at).unwrap_or_default();
        pointer.push_back(key.as_str());
        diagnostics.warn(
            pointer.as_str(),
            format!(
                "{what} has an unknown key `{key}`, ignored: Overlay 1.0 knows {} (and `x-*` \
                 extensions)",
                quoted(known)
            ),
        );
    }
}

/// What one action does to each matched node.
#[derive(Clone, Copy)]
enum Change<'a> {
    /// Merge this value in.
    Update(&'a Value),
    /// Remove the node from its parent.
    Remove,
}

/// Applies the action at `actions[index]`, or says why it cannot.
fn apply_action(
    trees: &mut [&mut Value],
    index: usize,
    action: &Value,
    diagnostics: &mut Diagnostics,
) {
    let at = PointerBuf::from_tokens(["actions".into(), jsonptr::Token::from(index)]);
    let number = index + 1;
    let Some(fields) = action.as_object() else {
        diagnostics.error(
            at.as_str(),
            format!(
                "action {number} must be a mapping with `target` and `update` or `remove: true`"
            ),
        );
        return;
    };
    warn_unknown_keys(
        fields,
        ACTION_KEYS,
        at.as_str(),
        &format!("action {number}"),
        diagnostics,
    );
    let target_at = at.with_trailing_token("target");
    let target = match fields.get("target") {
        Some(Value::String(target)) => target,
        Some(_) => {
            diagnostics.error(
                target_at.as_str(),
                format!("action {number}: `target` must be a JSONPath string, such as `$.paths['/v1/files'].post`"),
            );
            return;
        }
        None => {
            diagnostics.error(
                at.as_str(),
                format!("action {number} has no `target`: add a JSONPath selecting the nodes to change, such as `$.paths['/v1/files'].post`"),
            );
            return;
        }
    };
    let remove = match fields.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(_) => {
            diagnostics.error(
                at.with_trailing_token("remove").as_str(),
                format!("action {number}: `remove` must be `true` or `false`"),
            );
            return;
        }
    };
    let change = match (remove, fields.get("update")) {
        (true, update) => {
            if update.is_some() {
                diagnostics.warn(
                    at.with_trailing_token("update").as_str(),
                    format!("action {number} has both `remove: true` and `update`: the nodes are removed and `update` is ignored; keep one of them"),
                );
            }
            Change::Remove
        }
        (false, Some(update)) => Change::Update(update),
        (false, None) => {
            diagnostics.error(
                at.as_str(),
                format!("action {number} has neither `update` nor `remove: true`: it would do nothing; add one of them"),
            );
            return;
        }
    };
    let path = match JsonPath::parse(target) {
        Ok(path) => path,
        Err(error) => {
            diagnostics.error(
                target_at.as_str(),
                format!("action {number}: `{target}` is not a valid JSONPath (RFC 9535): {error}; fix the target"),
            );
            return;
        }
    };
    let label = label(number, target);
    let mut matched = false;
    for tree in trees.iter_mut() {
        let locations: Vec<Vec<Step>> = path
            .query_located(tree)
            .dedup()
            .locations()
            .map(|location| location.iter().map(Step::from).collect())
            .collect();
        if locations.is_empty() {
            continue;
        }
        matched = true;
        match change {
            Change::Remove => remove_all(tree, locations, &label, at.as_str(), diagnostics),
            Change::Update(update) => {
                update_all(tree, &locations, update, &label, at.as_str(), diagnostics)
            }
        }
    }
    if !matched {
        diagnostics.warn(
            target_at.as_str(),
            format!("{label} matches nothing in the document, so it changes nothing: the document may have changed; fix the target or remove the action"),
        );
    }
}

/// `` action 2 (`$.paths`) ``, how messages name an action (its line shows the rest).
fn label(number: usize, target: &str) -> String {
    format!("action {number} (`{target}`)")
}

/// One step of a matched node's location.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    /// An item of a sequence.
    Index(usize),
    /// An entry of a mapping.
    Name(String),
}

impl From<&PathElement<'_>> for Step {
    fn from(element: &PathElement<'_>) -> Self {
        match element {
            PathElement::Index(index) => Step::Index(*index),
            PathElement::Name(name) => Step::Name((*name).to_owned()),
        }
    }
}

/// The JSON pointer of a location.
fn pointer(location: &[Step]) -> PointerBuf {
    let mut pointer = PointerBuf::new();
    for step in location {
        match step {
            Step::Index(index) => pointer.push_back(*index),
            Step::Name(name) => pointer.push_back(name.as_str()),
        }
    }
    pointer
}

/// The node at `location`, if it is still there.
fn node_mut<'t>(tree: &'t mut Value, location: &[Step]) -> Option<&'t mut Value> {
    location
        .iter()
        .try_fold(tree, |node, step| match (node, step) {
            (Value::Object(map), Step::Name(name)) => map.get_mut(name),
            (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
            _ => None,
        })
}

/// Merges `update` into the node at each location, in document order.
fn update_all(
    tree: &mut Value,
    locations: &[Vec<Step>],
    update: &Value,
    label: &str,
    at: &str,
    diagnostics: &mut Diagnostics,
) {
    let mut updated = Vec::new();
    let mut refused = Vec::new();
    for location in locations {
        // A node an earlier match of the same action replaced may be gone.
        let Some(node) = node_mut(tree, location) else {
            continue;
        };
        match (node, update) {
            (node @ Value::Object(_), Value::Object(_))
            | (node @ Value::Array(_), Value::Array(_)) => merge(node, update),
            (Value::Array(items), item) => items.push(item.clone()),
            (Value::Object(_), _) => {
                refused.push(location);
                continue;
            }
            (node, _) => *node = update.clone(),
        }
        updated.push(location);
    }
    if !refused.is_empty() {
        diagnostics.error(
            &format!("{at}/update"),
            format!(
                "{label} selects {} that its `update` cannot merge into: an update of a mapping must be a mapping of the keys to set; fix the update or the target",
                counted(&refused, "mapping")
            ),
        );
    }
    if !updated.is_empty() {
        diagnostics.note(at, format!("{label} updated {}", counted(&updated, "node")));
    }
}

/// Merges `update` into `node`: mappings key by key, sequences appended, anything else replaced.
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(map), Value::Object(entries)) => {
            for (key, value) in entries {
                match map.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        map.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
        (node, update) => *node = update.clone(),
    }
}

/// Removes the node at each location from its parent: deepest and highest-indexed first, so an
/// earlier removal never shifts a later one.
fn remove_all(
    tree: &mut Value,
    mut locations: Vec<Vec<Step>>,
    label: &str,
    at: &str,
    diagnostics: &mut Diagnostics,
) {
    if locations.iter().any(Vec::is_empty) {
        diagnostics.error(
            &format!("{at}/target"),
            format!("{label} selects the document itself (`$`), which cannot be removed: select the nodes to remove"),
        );
        locations.retain(|location| !location.is_empty());
    }
    locations.sort_unstable_by(|a, b| b.cmp(a));
    let mut removed = Vec::new();
    for location in &locations {
        let Some((last, parent)) = location.split_last() else {
            continue;
        };
        let done = match (node_mut(tree, parent), last) {
            (Some(Value::Object(map)), Step::Name(name)) => map.shift_remove(name).is_some(),
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
                true
            }
            _ => false,
        };
        if done {
            removed.push(location);
        }
    }
    removed.reverse();
    if !removed.is_empty() {
        diagnostics.note(at, format!("{label} removed {}", counted(&removed, "node")));
    }
}

/// `2 nodes: /a, /b`, listing at most [`LISTED`] locations.
fn counted(locations: &[&Vec<Step>], noun: &str) -> String {
    let count = locations.len();
    let plural = if count == 1 { "" } else { "s" };
    let mut listed: Vec<String> = locations
        .iter()
        .take(LISTED)
        .map(|location| match location.is_empty() {
            true => "the document root".to_owned(),
            false => pointer(location).to_string(),
        })
        .collect();
    if count > LISTED {
        listed.push(format!("and {} more", count - LISTED));
    }
    format!("{count} {noun}{plural}: {}", listed.join(", "))
}

/// `` `a`, `b` and `c` ``.
fn quoted(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|word| format!("`{word}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::load::{load, Source};
    use serde_json::json;

    /// Applies the overlay `text` (YAML, saved as `specs/api.overlay.yaml`) to `document`.
    #[track_caller]
    fn run(document: Value, text: &str) -> (Value, Vec<Diagnostic>) {
        let source = Source {
            name: "api".to_owned(),
            file: "specs/api.overlay.yaml".to_owned(),
            text: text.to_owned(),
        };
        let overlay = load(&source).unwrap();
        let mut tree = document;
        let mut diagnostics = Diagnostics::new(&source.file, &overlay.lines);
        apply(&mut tree, &overlay, &mut diagnostics);
        (tree, diagnostics.into_vec())
    }

    /// An overlay of version 1.0.0 with `actions` (YAML, indented by two spaces).
    fn overlay(actions: &str) -> String {
        format!("overlay: 1.0.0\ninfo:\n  title: test\n  version: 1.0.0\nactions:\n{actions}")
    }

    fn of(diagnostics: &[Diagnostic], severity: Severity) -> Vec<&Diagnostic> {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .collect()
    }

    #[test]
    fn update_merges_mappings_recursively_and_appends_sequences() {
        let document = json!({
            "info": {"title": "A", "contact": {"name": "x"}},
            "tags": [{"name": "one"}],
            "servers": [{"url": "https://a"}],
        });
        let (tree, diagnostics) = run(
            document,
            &overlay(
                "  - target: $.info\n    description: retitle\n    update:\n      title: B\n      contact:\n        email: e@x\n      tags: [t]\n  - target: $\n    update:\n      tags:\n        - name: two\n  - target: $.servers\n    update:\n      url: https://b\n",
            ),
        );
        assert_eq!(
            tree,
            json!({
                "info": {"title": "B", "contact": {"name": "x", "email": "e@x"}, "tags": ["t"]},
                "tags": [{"name": "one"}, {"name": "two"}],
                "servers": [{"url": "https://a"}, {"url": "https://b"}],
            })
        );
        let notes: Vec<&str> = of(&diagnostics, Severity::Note)
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            notes,
            [
                "action 1 (`$.info`) updated 1 node: /info",
                "action 2 (`$`) updated 1 node: the document root",
                "action 3 (`$.servers`) updated 1 node: /servers",
            ]
        );
        assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");
        assert_eq!(diagnostics[0].pointer, "/actions/0");
        assert_eq!(diagnostics[0].line, Some(6));
        assert_eq!(diagnostics[0].file, "specs/api.overlay.yaml");
    }

    #[test]
    fn update_replaces_scalars_and_values_of_another_kind() {
        let document = json!({"a": {"b": "${id}", "c": [1], "d": 1}});
        let (tree, diagnostics) = run(
            document,
            &overlay("  - target: $.a\n    update: {b: 7, c: {x: 1}}\n  - target: $.a.d\n    update: 2\n"),
        );
        assert_eq!(tree, json!({"a": {"b": 7, "c": {"x": 1}, "d": 2}}));
        assert!(
            of(&diagnostics, Severity::Error).is_empty(),
            "{diagnostics:#?}"
        );
    }

    #[test]
    fn update_of_every_match() {
        let document = json!({"schemas": {
            "A": {"example": {"id": "${id}"}},
            "B": {"example": {"id": "${id}"}},
            "C": {"example": {"id": 3}},
        }});
        let (tree, diagnostics) = run(
            document,
            &overlay("  - target: \"$.schemas[?@.example.id == '${id}'].example\"\n    update:\n      id: 1\n"),
        );
        assert_eq!(
            tree,
            json!({"schemas": {
                "A": {"example": {"id": 1}},
                "B": {"example": {"id": 1}},
                "C": {"example": {"id": 3}},
            }})
        );
        assert_eq!(
            of(&diagnostics, Severity::Note)[0].message,
            "action 1 (`$.schemas[?@.example.id == '${id}'].example`) updated 2 nodes: /schemas/A/example, /schemas/B/example"
        );
    }

    #[test]
    fn remove_takes_mapping_entries_and_sequence_items() {
        let document = json!({
            "parameters": [
                {"name": "a"}, {"name": "Content-Type"}, {"name": "b"}, {"name": "Content-Type"}
            ],
            "keep": {"x": 1, "y/z": 2, "w": 3},
        });
        let (tree, diagnostics) = run(
            document,
            &overlay("  - target: $.parameters[?@.name == 'Content-Type']\n    remove: true\n  - target: $.keep['y/z']\n    remove: true\n"),
        );
        assert_eq!(
            tree,
            json!({"parameters": [{"name": "a"}, {"name": "b"}], "keep": {"x": 1, "w": 3}})
        );
        let keys: Vec<&String> = tree["keep"].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["x", "w"],
            "removal keeps the order of the other keys"
        );
        let notes: Vec<&str> = of(&diagnostics, Severity::Note)
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            notes,
            [
                "action 1 (`$.parameters[?@.name == 'Content-Type']`) removed 2 nodes: /parameters/1, /parameters/3",
                "action 2 (`$.keep['y/z']`) removed 1 node: /keep/y~1z",
            ]
        );
    }

    #[test]
    fn remove_of_nested_matches_and_of_many_items() {
        let document = json!({"a": {"x": {"x": 1}}, "list": [0, 1, 2, 3, 4, 5, 6]});
        let (tree, diagnostics) = run(
            document,
            &overlay(
                "  - target: $..x\n    remove: true\n  - target: $.list[1::2]\n    remove: true\n",
            ),
        );
        assert_eq!(tree, json!({"a": {}, "list": [0, 2, 4, 6]}));
        assert!(
            of(&diagnostics, Severity::Error).is_empty(),
            "{diagnostics:#?}"
        );
        assert!(
            diagnostics[1]
                .message
                .ends_with("removed 3 nodes: /list/1, /list/3, /list/5"),
            "{diagnostics:#?}"
        );
    }

    #[test]
    fn a_target_that_matches_nothing_is_a_warning_at_its_line() {
        let (tree, diagnostics) = run(
            json!({"a": 1}),
            &overlay(
                "  - target: $.a\n    update: 2\n  - target: $.paths['/gone']\n    remove: true\n",
            ),
        );
        assert_eq!(tree, json!({"a": 2}));
        let warnings = of(&diagnostics, Severity::Warning);
        assert_eq!(warnings.len(), 1, "{diagnostics:#?}");
        assert_eq!(warnings[0].pointer, "/actions/1/target");
        assert_eq!(warnings[0].line, Some(8));
        assert!(
            warnings[0]
                .message
                .starts_with("action 2 (`$.paths['/gone']`) matches nothing"),
            "{}",
            warnings[0].message
        );
    }

    #[test]
    fn a_bad_jsonpath_is_an_error_and_the_other_actions_still_apply() {
        let (tree, diagnostics) = run(
            json!({"a": 1, "b": 1}),
            &overlay("  - target: $.a[\n    update: 2\n  - target: $.b\n    update: 3\n"),
        );
        assert_eq!(tree, json!({"a": 1, "b": 3}));
        let errors = of(&diagnostics, Severity::Error);
        assert_eq!(errors.len(), 1, "{diagnostics:#?}");
        assert_eq!(errors[0].pointer, "/actions/0/target");
        assert_eq!(errors[0].line, Some(6));
        assert!(
            errors[0]
                .message
                .starts_with("action 1: `$.a[` is not a valid JSONPath (RFC 9535): at position"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_wrong_or_missing_version_is_an_error_and_nothing_applies() {
        for (version, expected) in [
            ("overlay: 2.0.0\n", "unsupported overlay version `2.0.0`"),
            ("overlay: 1.0\n", "`overlay: 1.0` is read as a number"),
            ("overlay: [1]\n", "`overlay` must be a version string"),
            ("", "not an overlay: no `overlay` version"),
        ] {
            let text = format!("{version}info: {{title: t, version: v}}\nactions:\n  - target: $.a\n    update: 2\n");
            let (tree, diagnostics) = run(json!({"a": 1}), &text);
            assert_eq!(tree, json!({"a": 1}), "{version}");
            assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
            assert_eq!(diagnostics[0].severity, Severity::Error);
            assert!(
                diagnostics[0].message.starts_with(expected),
                "{}",
                diagnostics[0].message
            );
            assert_eq!(diagnostics[0].line, Some(1));
        }
        let (_, diagnostics) = run(
            json!({"a": 1}),
            &overlay("  - target: $.a\n    update: 2\n").replace("1.0.0\ninfo", "1.0.3\ninfo"),
        );
        assert!(
            of(&diagnostics, Severity::Error).is_empty(),
            "1.0.3 is Overlay 1.0"
        );
    }

    #[test]
    fn malformed_actions_are_errors() {
        let (tree, diagnostics) = run(
            json!({"a": {"b": 1}}),
            &overlay(concat!(
                "  - target: $.a\n    description: nothing to do\n",
                "  - update: 1\n",
                "  - target: 7\n    remove: true\n",
                "  - target: $.a\n    remove: yes\n",
                "  - target: $.a\n    update: 1\n",
                "  - target: $.a.b\n    remove: true\n    update: 2\n    copy: $.x\n",
                "  - just a string\n",
            )),
        );
        assert_eq!(tree, json!({"a": {}}));
        let found: Vec<(Severity, &str, &str)> = diagnostics
            .iter()
            .map(|d| {
                (
                    d.severity,
                    d.pointer.as_str(),
                    d.message.split(':').next().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    Severity::Error,
                    "/actions/0",
                    "action 1 has neither `update` nor `remove"
                ),
                (Severity::Error, "/actions/1", "action 2 has no `target`"),
                (Severity::Error, "/actions/2/target", "action 3"),
                (Severity::Error, "/actions/3/remove", "action 4"),
                (
                    Severity::Error,
                    "/actions/4/update",
                    "action 5 (`$.a`) selects 1 mapping"
                ),
                (
                    Severity::Warning,
                    "/actions/5/copy",
                    "action 6 has an unknown key `copy`, ignored"
                ),
                (
                    Severity::Warning,
                    "/actions/5/update",
                    "action 6 has both `remove"
                ),
                (
                    Severity::Note,
                    "/actions/5",
                    "action 6 (`$.a.b`) removed 1 node"
                ),
                (
                    Severity::Error,
                    "/actions/6",
                    "action 7 must be a mapping with `target` and `update` or `remove"
                ),
            ]
        );
    }

    #[test]
    fn a_malformed_overlay_changes_nothing() {
        let document = json!({"a": 1});
        let (tree, diagnostics) = run(document.clone(), "overlay: 1.0.0\nactions: {target: $.a}\n");
        assert_eq!(tree, document);
        let found: Vec<(Severity, &str)> = diagnostics
            .iter()
            .map(|d| (d.severity, d.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [(Severity::Warning, ""), (Severity::Error, "/actions")]
        );
        let (_, diagnostics) = run(
            document.clone(),
            "overlay: 1.0.0\ninfo: {}\nextends: x.yaml\nx-tool: 1\nnotes: 2\n",
        );
        let found: Vec<(Severity, &str)> = diagnostics
            .iter()
            .map(|d| (d.severity, d.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [(Severity::Warning, "/notes"), (Severity::Error, "")]
        );
        let (_, diagnostics) = run(document, "overlay: 1.0.0\ninfo: {}\nactions: []\n");
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("changes nothing"));
    }
}
