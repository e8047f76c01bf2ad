//! Pass: every `$ref` must be local (`#/...`) and resolve in the document (the tree is not
//! changed).

use super::walk;
use crate::diagnostic::Diagnostics;
use jsonptr::Pointer;
use serde_json::Value;

/// Checks every `$ref` of the document; an error for each that is external or dangling.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    let tree: &Value = tree;
    walk::refs(tree, |reference, pointer| {
        if let Err(message) = check(tree, reference) {
            diagnostics.error(pointer, message);
        }
    });
}

/// Whether `reference` resolves in `tree`; the message says why not.
fn check(tree: &Value, reference: &str) -> Result<(), String> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(format!(
            "`$ref: {reference}`: external references are not supported yet: bundle the document \
             first (e.g. `redocly bundle`)"
        ));
    };
    let decoded = percent_decode(fragment).ok_or_else(|| {
        format!("`$ref: {reference}` is not a valid URI fragment (bad percent-encoding)")
    })?;
    let pointer = Pointer::parse(&decoded).map_err(|error| {
        format!(
            "`$ref: {reference}` is not a JSON pointer ({error}): only `#/...` references are \
             supported"
        )
    })?;
    pointer.resolve(tree).map(|_| ()).map_err(|_| {
        format!(
            "`$ref: {reference}` does not resolve: nothing stands at `{decoded}` in the document; \
             fix the reference or add what it names"
        )
    })
}

/// Decodes the `%XX` escapes of a URI fragment; `None` when one is malformed or the result is
/// not UTF-8.
fn percent_decode(fragment: &str) -> Option<String> {
    if !fragment.contains('%') {
        return Some(fragment.to_owned());
    }
    let bytes = fragment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(byte);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Error;
    use crate::normalize::testing::{apply, assert_diagnostics};
    use serde_json::json;

    #[test]
    fn local_refs_that_resolve_pass() {
        let tree = json!({
            "paths": {"/a/{id}": {"get": {"responses": {"200": {"$ref": "#/components/responses/R"}}}}},
            "components": {
                "responses": {"R": {"description": "r", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/A~1B"}}}}},
                "schemas": {
                    "A/B": {"properties": {"p": {"$ref": "#/paths/~1a~1%7Bid%7D"}}}
                }
            }
        });
        let (after, list) = apply(run, tree.clone());
        assert_eq!(after, tree);
        assert!(list.is_empty(), "{list:?}");
    }

    #[test]
    fn dangling_and_external_refs_are_errors() {
        let tree = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/Missing"},
            "B": {"$ref": "other.yaml#/components/schemas/B"},
            "C": {"$ref": "#Anchor"},
            "D": {"$ref": "#/x%zz"}
        }}});
        let (_, list) = apply(run, tree);
        assert_diagnostics(
            &list,
            &[
                (
                    Error,
                    "/components/schemas/A/$ref",
                    "`$ref: #/components/schemas/Missing` does not resolve",
                ),
                (
                    Error,
                    "/components/schemas/B/$ref",
                    "external references are not supported yet: bundle the document first",
                ),
                (Error, "/components/schemas/C/$ref", "is not a JSON pointer"),
                (Error, "/components/schemas/D/$ref", "bad percent-encoding"),
            ],
        );
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/a%20b%7B").as_deref(), Some("/a b{"));
        assert_eq!(percent_decode("/a%2"), None);
        assert_eq!(percent_decode("/%ff"), None);
    }
}
