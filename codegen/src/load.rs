//! Stage 1: a document as saved → its YAML tree, with the line of every node.
//!
//! A Mintlify page is Markdown/MDX with one fenced OpenAPI block; a `.yaml`, `.yml` or `.json`
//! file is the document itself.

use crate::diagnostic::{Diagnostic, LineMap};
use serde_json::Value;

/// A document as the user saved it.
#[derive(Debug, Clone)]
pub struct Source {
    /// Module name: the file stem, e.g. `minimax`.
    pub name: String,
    /// The file as shown in diagnostics, e.g. `specs/minimax.md`.
    pub file: String,
    /// The whole file.
    pub text: String,
}

/// A loaded document: its tree and where each node stands in the file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The YAML (or JSON) tree, keys in document order.
    pub tree: Value,
    /// JSON pointer → line and column in the file (not in the fenced block).
    pub lines: LineMap,
}

/// Loads `source`: finds its OpenAPI block (for a page) and parses it.
pub fn load(source: &Source) -> Result<Loaded, Diagnostic> {
    let _ = source;
    todo!("load")
}
