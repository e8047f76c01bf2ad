//! Pass: an operation without `responses` (allowed in 3.1, required in 3.0) gets
//! `responses: {}`.

use super::walk;
use crate::diagnostic::Diagnostics;
use serde_json::{Map, Value};

/// Inserts the missing `responses` of every operation.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::operations(tree, |holder, level, pointer| {
        if level == walk::Level::Operation && !holder.contains_key("responses") {
            holder.insert("responses".to_owned(), Value::Object(Map::new()));
            diagnostics.note(
                pointer,
                "the operation has no `responses` (allowed in 3.1): read as `responses: {}`, so it \
                 returns nothing typed",
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Note;
    use crate::normalize::testing::{apply, assert_diagnostics};
    use serde_json::json;

    #[test]
    fn missing_responses_are_inserted() {
        let (tree, list) = apply(
            run,
            json!({"paths": {"/a": {"get": {}, "post": {"responses": {"200": {"description": ""}}}}}}),
        );
        assert_eq!(
            tree,
            json!({"paths": {"/a": {"get": {"responses": {}}, "post": {"responses": {"200": {"description": ""}}}}}})
        );
        assert_diagnostics(&list, &[(Note, "/paths/~1a/get", "no `responses`")]);
    }
}
