//! Stage 1: a document as saved → its JSON tree, with the line of every node.
//!
//! A Mintlify page is Markdown/MDX with one fenced OpenAPI block; a `.yaml`, `.yml` or `.json`
//! file is the document itself. YAML files and fenced blocks (of either language: JSON is YAML)
//! are parsed with `serde-saphyr` (`tree.rs`), JSON files with `jsonc-parser` (`json.rs`).
//!
//! Positions: the line map holds, for each node, the 1-based line and column in the FILE (for a
//! page: the page line, not the block line) of the mapping KEY for a mapping entry, of the item
//! for a sequence item, and of the document start for the root `""`. Non-string keys (`200:`,
//! `true:`) become strings as written; integers beyond 64 bits become floats.
//!
//! Beside the loader, `mintlify/` is the front end (stage 1¾): the Mintlify page model a page's
//! block may hold, rebuilt as OpenAPI; `load_with` runs it after the overlays.

mod json;
pub(crate) mod mintlify;
mod page;
mod place;
mod tree;

use crate::diagnostic::{Diagnostic, LineMap, Severity};
use place::Placement;
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
///
/// Fails on an empty file, a YAML syntax error, a top level that is not a mapping, a document
/// nested deeper than 128 levels, aliases that expand beyond 100,000 events, a YAML key longer
/// than 64 KiB, and a page with no OpenAPI block or with several (see [`load_all`]).
pub fn load(source: &Source) -> Result<Loaded, Diagnostic> {
    only(source, load_all(source)?)
}

/// The one document of `source` among `found` (its documents, as [`load_all`] gives them); an
/// error naming the second when there are several.
pub fn only(source: &Source, mut found: Vec<Loaded>) -> Result<Loaded, Diagnostic> {
    if found.len() > 1 {
        let second = found.get(1).and_then(|loaded| loaded.lines.find(""));
        return Err(error(
            source,
            second,
            &format!(
                "found {} OpenAPI blocks: this reads one document; generate the page as a \
                 vendor's (each block is a page of its own)",
                found.len()
            ),
        ));
    }
    found
        .pop()
        .ok_or_else(|| error(source, None, "no OpenAPI document"))
}

/// Loads every document of `source`: the whole file, or each fenced block of a page that holds
/// an OpenAPI document (or the page model), in page order. Fails as [`load`] does, except that
/// a page may hold several.
pub fn load_all(source: &Source) -> Result<Vec<Loaded>, Diagnostic> {
    if source.text.trim().is_empty() {
        return Err(error(
            source,
            None,
            "the file is empty: expected an OpenAPI document (YAML or JSON) or a Mintlify page \
             holding one in a fenced ```yaml block",
        ));
    }
    if is_document(&source.file) {
        load_document(source).map(|loaded| vec![loaded])
    } else {
        load_page(source)
    }
}

/// The text of each fenced `yaml`, `yml` or `json` block of a Mintlify page, in page order, found
/// as [`load`] finds them (one of them is the document it reads).
pub fn fenced_blocks(page: &str) -> Vec<String> {
    page::blocks(page)
        .into_iter()
        .map(|block| block.text)
        .collect()
}

/// Whether `file` is a bare document (by its extension) rather than a page.
fn is_document(file: &str) -> bool {
    let extension = file
        .rsplit_once('.')
        .map(|(_, extension)| extension)
        .unwrap_or_default();
    ["yaml", "yml", "json"]
        .iter()
        .any(|known| extension.eq_ignore_ascii_case(known))
}

/// Loads a `.yaml`, `.yml` or `.json` file: the whole text is the document.
///
/// A `.json` file is read as strict JSON ([`json`]), a YAML file as YAML ([`tree`]); both give
/// every node its line.
fn load_document(source: &Source) -> Result<Loaded, Diagnostic> {
    let (tree, lines) = if source.file.to_ascii_lowercase().ends_with(".json") {
        json::parse(&source.text).map_err(|failure| json_error(source, failure))?
    } else {
        tree::parse(&source.text, &Placement::whole_file())
            .map_err(|failure| parse_error(source, "document", failure))?
    };
    if !tree.is_object() {
        return Err(error(
            source,
            lines.find(""),
            &format!(
                "the top level is {}, not a mapping: an OpenAPI document is a mapping with keys \
                 such as `openapi:` and `paths:`",
                kind(&tree)
            ),
        ));
    }
    Ok(Loaded { tree, lines })
}

/// Loads a Mintlify page: each fenced block holding an OpenAPI document (or the page model).
fn load_page(source: &Source) -> Result<Vec<Loaded>, Diagnostic> {
    let mut found = Vec::new();
    let mut failures = Vec::new();
    for block in page::blocks(&source.text) {
        match tree::parse(&block.text, &block.placement) {
            Ok((tree, lines)) if is_openapi(&tree) => found.push(Loaded { tree, lines }),
            Ok(_) => {}
            Err(failure) => failures.push((block, failure)),
        }
    }
    if !found.is_empty() {
        return Ok(found);
    }
    // No block parsed into a document. A block that failed to parse and mentions `openapi`,
    // `swagger` or `paths` is most likely the document: show why it failed. A broken example
    // payload is not worth an error of its own.
    let likely = failures.into_iter().find(|(block, _)| {
        ["openapi", "swagger", "paths"]
            .iter()
            .any(|key| block.text.contains(key))
    });
    if let Some((_, failure)) = likely {
        return Err(parse_error(source, "fenced block", failure));
    }
    Err(error(
        source,
        None,
        &format!(
            "no OpenAPI block found in {}: expected a fenced ```yaml block holding an OpenAPI \
             document (or the Mintlify page model)",
            source.file
        ),
    ))
}

/// Whether a block's tree is an OpenAPI document or Mintlify's page model: a mapping with an
/// `openapi`, `swagger` or `paths` key.
fn is_openapi(tree: &Value) -> bool {
    tree.as_object().is_some_and(|map| {
        ["openapi", "swagger", "paths"]
            .iter()
            .any(|key| map.contains_key(*key))
    })
}

/// What a JSON value is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

/// The error for a YAML text (the whole `document` or a `fenced block`) that does not parse.
fn parse_error(source: &Source, what: &str, failure: tree::ParseError) -> Diagnostic {
    let message = match failure.limit {
        Some(tree::Limit::Depth) => format!(
            "the {what} nests deeper than {} levels of mappings and sequences: flatten it (move \
             nested schemas to `components/schemas` and refer to them with `$ref`)",
            tree::MAX_DEPTH
        ),
        Some(tree::Limit::Aliases) => format!(
            "the {what}'s YAML aliases (`*name`) expand into more than {} events, as an alias \
             bomb does: write the repeated parts out once (a shared schema goes in \
             `components/schemas`, referred to with `$ref`)",
            tree::MAX_ALIAS_EVENTS
        ),
        Some(tree::Limit::KeyLength) => format!(
            "invalid YAML: {}, beyond column {}: a mapping key may be at most {} characters \
             long; shorten the key that ends here (or fix the {what} at this line and column)",
            failure.message,
            tree::MAX_KEY,
            tree::MAX_KEY
        ),
        None => format!(
            "invalid YAML: {}; fix the {what} at this line and column (JSON is read as YAML)",
            failure.message
        ),
    };
    error(source, failure.position, &message)
}

/// The error for a JSON file that does not parse: a broken limit is told as for YAML.
fn json_error(source: &Source, failure: tree::ParseError) -> Diagnostic {
    if failure.limit.is_some() {
        return parse_error(source, "document", failure);
    }
    let message = format!(
        "invalid JSON: {}; fix the document at this line and column",
        failure.message
    );
    error(source, failure.position, &message)
}

/// An error about the whole document of `source`, at `position` in the file if known.
fn error(source: &Source, position: Option<(u32, u32)>, message: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: source.file.clone(),
        pointer: String::new(),
        line: position.map(|(line, _)| line),
        column: position.map(|(_, column)| column),
        message: message.to_owned(),
    }
}
