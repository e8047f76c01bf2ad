//! Pass: leaves out security schemes the typed model does not know (3.1's `mutualTLS`, or a type
//! nobody defined), with a warning, instead of refusing the whole document.

use crate::diagnostic::Diagnostics;
use jsonptr::PointerBuf;
use serde_json::Value;

/// The scheme types of OpenAPI 3.0, which requests can apply (or say they cannot).
const KNOWN: [&str; 4] = ["apiKey", "http", "oauth2", "openIdConnect"];

/// Removes every `components.securitySchemes` entry whose `type` is not one of [`KNOWN`].
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(schemes) = tree
        .pointer_mut("/components/securitySchemes")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    schemes.retain(|name, scheme| {
        // A `$ref`, or a scheme without a string `type`, is for the typed parse to judge.
        let Some(kind) = scheme.get("type").and_then(Value::as_str) else {
            return true;
        };
        if KNOWN.contains(&kind) {
            return true;
        }
        let pointer = PointerBuf::from_tokens(["components", "securitySchemes", name]);
        let what = if kind == "mutualTLS" {
            "`mutualTLS` (a client certificate)".to_owned()
        } else {
            format!("`{kind}`")
        };
        diagnostics.warn(
            pointer.as_str(),
            format!(
                "security scheme `{name}` of type {what} is not supported: it is left out, so \
                 requests do not apply it; configure it in your HTTP client"
            ),
        );
        false
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity::Warning;
    use crate::normalize::testing::{apply, assert_diagnostics};
    use serde_json::json;

    #[test]
    fn unknown_scheme_types_are_left_out_with_a_warning() {
        let (tree, list) = apply(
            run,
            json!({"components": {"securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "tls": {"type": "mutualTLS"},
                "a/b": {"type": "magic"},
                "shared": {"$ref": "#/components/securitySchemes/key"}
            }}}),
        );
        assert_eq!(
            tree,
            json!({"components": {"securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "shared": {"$ref": "#/components/securitySchemes/key"}
            }}})
        );
        assert_diagnostics(
            &list,
            &[
                (
                    Warning,
                    "/components/securitySchemes/tls",
                    "`mutualTLS` (a client certificate) is not supported",
                ),
                (
                    Warning,
                    "/components/securitySchemes/a~1b",
                    "`magic` is not supported",
                ),
            ],
        );
    }
}
