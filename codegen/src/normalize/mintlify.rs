//! Pass: Mintlify's page model (`paths.path`, `method`, `request`, `response`, `schemaArray`) →
//! an OpenAPI document.

use crate::diagnostic::Diagnostics;
use serde_json::Value;

/// Rewrites a Mintlify page model into an OpenAPI 3.1 tree (stub here; the real pass is written
/// apart and replaces this file).
pub fn run(tree: &mut Value, diagnostics: &mut Diagnostics) {
    let _ = (tree, diagnostics);
}
