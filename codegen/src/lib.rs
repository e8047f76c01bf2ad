//! Turns the API documents LLM vendors publish (OpenAPI 3.0/3.1, or Mintlify pages that embed one)
//! into typed Rust modules.
//!
//! The pipeline has one module per stage, each a pure function of its input:
//!
//! ```text
//! Source ─load→ Loaded ─overlay→ Loaded ─normalize→ openapiv3::OpenAPI ─lower→ ir::Api ─emit→ TokenStream ─format→ String
//! ```
//!
//! This crate does no file IO: the caller (the `xtask`) reads documents and writes what comes out.

pub mod diagnostic;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod normalize;
pub mod overlay;
pub mod render;

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
/// `vendor_api::minimax`; a bare crate name (`minimax`) says that the module is that crate's
/// root (`src/lib.rs`), so it carries the crate's attributes too. On failure, the error holds
/// every diagnostic so far, errors among them.
pub fn generate(source: &Source, crate_path: &str) -> Result<Output, Vec<Diagnostic>> {
    generate_with(source, &[], crate_path)
}

/// Runs the whole pipeline on one document with `overlays` (OpenAPI Overlay 1.0 files, YAML or
/// JSON) applied to it in order, after loading and before normalization.
///
/// The overlays' diagnostics come first in the list, each naming its overlay's file and line.
/// An overlay that fails to load, or holds an error, fails the whole document.
///
/// The pipeline runs on a thread of its own with a stack sized for the deepest document the
/// limits let through (on the caller's thread if that thread cannot be started), so the
/// caller's stack does not matter; a panic (a bug) is resumed on the caller's thread.
pub fn generate_with(
    source: &Source,
    overlays: &[Source],
    crate_path: &str,
) -> Result<Output, Vec<Diagnostic>> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("vendor-codegen".to_owned())
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, || pipeline(source, overlays, crate_path));
        match thread {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => pipeline(source, overlays, crate_path),
        }
    })
}

/// Stack for the pipeline's thread. Reading the tree into the model recurses several frames
/// deep per level: at the loader's limit of 128 levels (63 nested objects), a debug build needs
/// more than the 2 MiB a spawned thread has by default. Only the pages actually touched are
/// committed. The formatting workers, and any caller that runs a stage on a thread of its own,
/// use the same.
pub const PIPELINE_STACK: usize = 64 << 20;

/// Stages 1 to 1¾: `source` loaded, with `overlays` applied to its tree in order, and a Mintlify
/// page model rebuilt by the front end as the OpenAPI document it was rendered from; with the
/// overlays' diagnostics (each naming its overlay's file and line), then the front end's. An
/// overlay that fails to load, or holds an error, fails the document: the error holds every
/// overlay's diagnostics; so does an error of the front end.
pub fn load_with(
    source: &Source,
    overlays: &[Source],
) -> Result<(load::Loaded, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut loaded = load::load(source).map_err(|error| vec![error])?;
    let mut overlay_diagnostics = Vec::new();
    for overlay_source in overlays {
        let overlay_loaded = match load::load(overlay_source) {
            Ok(overlay_loaded) => overlay_loaded,
            Err(error) => {
                overlay_diagnostics.push(error);
                continue;
            }
        };
        let mut diagnostics =
            diagnostic::Diagnostics::new(&overlay_source.file, &overlay_loaded.lines);
        overlay::apply(&mut loaded.tree, &overlay_loaded, &mut diagnostics);
        overlay_diagnostics.extend(diagnostics.into_vec());
    }
    if overlay_diagnostics
        .iter()
        .any(|diagnostic| diagnostic.severity == Severity::Error)
    {
        return Err(overlay_diagnostics);
    }
    let mut diagnostics = diagnostic::Diagnostics::new(&source.file, &loaded.lines);
    diagnostics.extend(overlay_diagnostics);
    load::mintlify::rebuild(&mut loaded.tree, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics.into_vec());
    }
    let diagnostics = diagnostics.into_vec();
    Ok((loaded, diagnostics))
}

/// [`generate_with`] on the current thread.
fn pipeline(
    source: &Source,
    overlays: &[Source],
    crate_path: &str,
) -> Result<Output, Vec<Diagnostic>> {
    let (load::Loaded { tree, lines }, overlay_diagnostics) = load_with(source, overlays)?;
    let mut diagnostics = diagnostic::Diagnostics::new(&source.file, &lines);
    diagnostics.extend(overlay_diagnostics);
    let normalized = normalize::normalize(tree, &mut diagnostics);
    let api = normalized
        .as_ref()
        .and_then(|document| lower::lower(document, &source.name, &mut diagnostics));
    let (Some(normalized), Some(api)) = (normalized, api) else {
        return Err(diagnostics.into_vec());
    };
    if diagnostics.has_errors() {
        return Err(diagnostics.into_vec());
    }
    // Emitting and formatting say nothing: the document's line map is no longer needed.
    let diagnostics = diagnostics.into_vec();
    drop(lines);
    // `specs/minimax.md with specs/minimax.overlay.yaml`
    let spec = std::iter::once(source.file.as_str())
        .chain(overlays.iter().map(|overlay| overlay.file.as_str()))
        .collect::<Vec<_>>()
        .join(" with ");
    let header = format::Header {
        spec: &spec,
        command: "cargo xtask codegen",
    };
    let module = if crate_path.contains("::") {
        emit::Module::new(&api)
    } else {
        emit::Module::crate_root(&api)
    };
    let examples_test = emit::ExamplesTest::new(&api, crate_path);
    let [module, examples_test] = format::format_files([&module, &examples_test], &header);
    Ok(Output {
        normalized,
        api,
        module,
        examples_test,
        diagnostics,
    })
}
