//! Pass: notes a document that names no server (the tree is not changed).

use crate::diagnostic::Diagnostics;
use serde_json::Value;

/// Notes when `servers` is missing or empty.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    let servers = tree.get("servers");
    if servers.and_then(Value::as_array).is_none_or(Vec::is_empty) {
        let pointer = if servers.is_some() { "/servers" } else { "" };
        diagnostics.note(
            pointer,
            "the document names no server: the caller must give a base URL",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Note;
    use crate::normalize::testing::{apply, assert_diagnostics};
    use serde_json::json;

    #[test]
    fn no_server_is_noted() {
        let (tree, list) = apply(run, json!({"servers": []}));
        assert_eq!(tree, json!({"servers": []}));
        assert_diagnostics(&list, &[(Note, "/servers", "must give a base URL")]);
        let (_, list) = apply(run, json!({}));
        assert_diagnostics(&list, &[(Note, "", "names no server")]);
        let (_, list) = apply(run, json!({"servers": [{"url": "https://x"}]}));
        assert!(list.is_empty());
    }
}
