//! Turns the API documents LLM vendors publish (OpenAPI 3.0/3.1, or Mintlify pages that embed one)
//! into typed Rust modules.
//!
//! The pipeline has one module per stage, each a pure function of its input:
//!
//! ```text
//! Source ─load→ Loaded ─normalize→ openapiv3::OpenAPI ─lower→ ir::Api ─emit→ TokenStream ─format→ String
//! ```
//!
//! This crate does no file IO: the caller (the `xtask`) reads documents and writes what comes out.

pub mod diagnostic;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod normalize;

pub use diagnostic::{Diagnostic, Severity};
pub use load::Source;

/// Everything generated from one document.
#[derive(Debug, Clone)]
pub struct Output {
    /// The document after normalization, as the typed model.
    pub normalized: openapiv3::OpenAPI,
    /// The lowered API.
    pub api: ir::Api,
    /// The Rust module, formatted, with its `@generated` header.
    pub module: String,
    /// A Rust test file that round-trips every example of the document through its type.
    pub examples_test: String,
    /// Every note and warning of every stage, in pipeline order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs the whole pipeline on one document.
///
/// `crate_path` is the path by which the examples test names the generated module, e.g.
/// `vendor_api::minimax`. On failure, the error holds every diagnostic so far, errors among them.
pub fn generate(source: &Source, crate_path: &str) -> Result<Output, Vec<Diagnostic>> {
    let loaded = load::load(source).map_err(|error| vec![error])?;
    let mut diagnostics = diagnostic::Diagnostics::new(&source.file, &loaded.lines);
    let normalized = normalize::normalize(loaded.tree.clone(), &mut diagnostics);
    let api = normalized
        .as_ref()
        .and_then(|document| lower::lower(document, &source.name, &mut diagnostics));
    let (Some(normalized), Some(api)) = (normalized, api) else {
        return Err(diagnostics.into_vec());
    };
    if diagnostics.has_errors() {
        return Err(diagnostics.into_vec());
    }
    let header = format::Header {
        spec: &source.file,
        command: "cargo xtask codegen",
    };
    let module = format::format(emit::module(&api), &header);
    let examples_test = format::format(emit::examples_test(&api, crate_path), &header);
    Ok(Output {
        normalized,
        api,
        module,
        examples_test,
        diagnostics: diagnostics.into_vec(),
    })
}
