//! Stage 2: any dialect → one OpenAPI model, saying what changed.
//!
//! Every pass works on the raw tree before typed parsing, in its own file, and records each
//! change it makes as a diagnostic.

pub mod mintlify;

use crate::diagnostic::Diagnostics;
use serde_json::Value;

/// Normalizes `tree` and parses it into the typed model; `None` when it cannot (errors are in
/// `diagnostics`).
pub fn normalize(tree: Value, diagnostics: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    let _ = (tree, diagnostics);
    todo!("normalize")
}
