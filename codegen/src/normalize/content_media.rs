//! Pass: 3.1's file strings → 3.0's `format: binary`. A string schema with `contentEncoding:
//! binary`, or with a `contentMediaType` that is neither text nor JSON and no
//! `contentEncoding` (raw bytes, such as `image/png` or `application/octet-stream`), is a file:
//! it becomes `format: binary` (what a multipart body sends as a file part), both keys dropped.
//! A `text/*` or JSON content type, or a `base64` encoding, is left as it is (a string of text).

use super::walk;
use crate::diagnostic::{child, Diagnostics};
use serde_json::{Map, Value};

/// Rewrites every file string.
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    walk::schemas(tree, |schema, pointer| {
        rewrite(schema, pointer, diagnostics)
    });
}

fn rewrite(schema: &mut Map<String, Value>, pointer: &str, diagnostics: &mut Diagnostics) {
    if schema.get("type").and_then(Value::as_str) != Some("string") || schema.contains_key("format")
    {
        return;
    }
    let encoding = schema.get("contentEncoding").and_then(Value::as_str);
    let media = schema.get("contentMediaType").and_then(Value::as_str);
    let file = match (encoding, media) {
        (Some(encoding), _) => encoding.eq_ignore_ascii_case("binary"),
        (None, Some(media)) => {
            let media = media.to_ascii_lowercase();
            !media.starts_with("text/") && !media.contains("json")
        }
        (None, None) => false,
    };
    if !file {
        return;
    }
    let mut dropped = Vec::new();
    for key in ["contentEncoding", "contentMediaType"] {
        if let Some(value) = schema.shift_remove(key) {
            dropped.push(format!("`{key}: {}`", value.as_str().unwrap_or_default()));
        }
    }
    schema.insert("format".to_owned(), Value::from("binary"));
    diagnostics.note(
        &child(pointer, "type"),
        format!(
            "a string of {} is a file: `format: binary`",
            dropped.join(" and ")
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Note;
    use crate::normalize::testing::{apply, assert_diagnostics};
    use serde_json::json;

    fn component(schema: Value) -> Value {
        json!({"components": {"schemas": {"S": schema}}})
    }

    #[test]
    fn raw_content_is_a_file_text_and_base64_stay_strings() {
        let (tree, list) = apply(
            run,
            component(json!({"type": "string", "contentMediaType": "image/png"})),
        );
        assert_eq!(
            tree,
            component(json!({"type": "string", "format": "binary"}))
        );
        assert_diagnostics(
            &list,
            &[(
                Note,
                "/components/schemas/S/type",
                "`contentMediaType: image/png`",
            )],
        );

        let (tree, _) = apply(
            run,
            component(json!({"type": "string", "contentEncoding": "binary"})),
        );
        assert_eq!(
            tree,
            component(json!({"type": "string", "format": "binary"}))
        );

        for kept in [
            json!({"type": "string", "contentMediaType": "text/event-stream"}),
            json!({"type": "string", "contentMediaType": "application/json"}),
            json!({"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64"}),
            json!({"type": "string", "format": "uri", "contentMediaType": "image/png"}),
        ] {
            let (tree, list) = apply(run, component(kept.clone()));
            assert_eq!(tree, component(kept));
            assert!(list.is_empty());
        }
    }
}
