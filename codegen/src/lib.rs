//! Turns the API documents LLM vendors publish (OpenAPI 3.0/3.1, or Mintlify pages that embed one)
//! into typed Rust modules.
//!
//! The pipeline has one module per stage, each a pure function of its input:
//!
//! ```text
//! Source ─load→ Loaded ─overlay→ Loaded ─normalize→ openapiv3::OpenAPI ─lower→ ir::Api
//!        ─emit→ pieces of source text ─format→ String
//! ```
//!
//! [`generate`] runs it under a [`Config`]; [`Pipeline`] is the same stages one step at a time.
//!
//! This crate does no file IO: the caller (the `xtask`) reads documents and writes what comes out.

// The facade: what a caller needs to generate, configure, time the stages and print
// diagnostics.
pub use diagnostic::{Diagnostic, Severity};
pub use load::Source;
pub use pipeline::{Config, Page, Pipeline, Vendor};
pub use render::render;

// The stages and the IR. Public for the xtask (the generated crate's root, module names, a
// page's fenced blocks for the bench) and for the integration tests, which run one stage
// alone on hand-made input; everything inside them that no caller needs is private.
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod merge;
pub mod normalize;
pub mod overlay;
pub mod pipeline;

mod render;

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

/// Runs the whole pipeline on one document, as `config` says (the command named in the
/// `@generated` header, whether the module is a crate's root, how the examples test names it).
/// On failure, the error holds every diagnostic so far, errors among them.
pub fn generate(source: &Source, config: &Config) -> Result<Output, Vec<Diagnostic>> {
    generate_with(source, &[], config)
}

/// Runs the whole pipeline on one document with `overlays` (OpenAPI Overlay 1.0 files, YAML or
/// JSON) applied to it in order, after loading and before normalization. A page holding several
/// OpenAPI blocks is several pages, merged as a vendor's are ([`generate_vendor`]).
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
    config: &Config,
) -> Result<Output, Vec<Diagnostic>> {
    let pipeline = Pipeline::new(source, overlays, config);
    on_pipeline_stack(|| pipeline.run())
}

/// Runs the whole pipeline on a vendor's pages: each loaded (with its own overlays) and
/// normalized on its own, then merged into one document ([`merge`]), the vendor's overlays
/// applied to that, and the rest run once, into one module.
pub fn generate_vendor(vendor: &Vendor, config: &Config) -> Result<Output, Vec<Diagnostic>> {
    let pipeline = Pipeline::vendor(vendor, config);
    on_pipeline_stack(|| pipeline.run())
}

/// Runs the stages up to the IR (load, overlays, normalize, lower) on one document, as
/// [`generate_with`] runs them all: the lowered API and every diagnostic, or every diagnostic so
/// far when a stage fails. What [`diff::diff`] compares.
pub fn lower_with(
    source: &Source,
    overlays: &[Source],
) -> Result<(ir::Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let config = Config::new();
    let pipeline = Pipeline::new(source, overlays, &config);
    on_pipeline_stack(|| {
        let merged = pipeline.merge(pipeline.normalize(pipeline.load()?)?)?;
        Ok(pipeline.lower(merged)?.into_parts())
    })
}

/// Runs the stages up to the IR on a vendor's pages, as [`generate_vendor`] runs them all.
pub fn lower_vendor(vendor: &Vendor) -> Result<(ir::Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let config = Config::new();
    let pipeline = Pipeline::vendor(vendor, &config);
    on_pipeline_stack(|| {
        let merged = pipeline.merge(pipeline.normalize(pipeline.load()?)?)?;
        Ok(pipeline.lower(merged)?.into_parts())
    })
}

/// Runs `run` on a thread of its own with a stack of [`PIPELINE_STACK`] (on the caller's thread
/// if that thread cannot be started); a panic (a bug) is resumed on the caller's thread.
fn on_pipeline_stack<T: Send>(run: impl FnOnce() -> T + Send + Clone) -> T {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("vendor-codegen".to_owned())
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, run.clone());
        match thread {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => run(),
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
/// overlay's diagnostics; so does an error of the front end. A page that holds several OpenAPI
/// blocks is refused ([`load_pages`] reads them all).
pub fn load_with(
    source: &Source,
    overlays: &[Source],
) -> Result<(load::Loaded, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (pages, diagnostics) = load_pages(source, overlays)?;
    let loaded = load::only(source, pages).map_err(|error| vec![error])?;
    Ok((loaded, diagnostics))
}

/// Stages 1 to 1¾ for every document of `source` (each OpenAPI block of a page, in page order):
/// each loaded, every overlay applied to each (an action that matches none of them is a
/// warning), and each page model rebuilt by the front end. Fails as [`load_with`] does.
pub fn load_pages(
    source: &Source,
    overlays: &[Source],
) -> Result<(Vec<load::Loaded>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut pages = load::load_all(source).map_err(|error| vec![error])?;
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
        let mut trees: Vec<&mut serde_json::Value> =
            pages.iter_mut().map(|page| &mut page.tree).collect();
        overlay::apply_all(&mut trees, &overlay_loaded, &mut diagnostics);
        overlay_diagnostics.extend(diagnostics.into_vec());
    }
    if overlay_diagnostics
        .iter()
        .any(|diagnostic| diagnostic.severity == Severity::Error)
    {
        return Err(overlay_diagnostics);
    }
    let mut all = overlay_diagnostics;
    let mut failed = false;
    for page in &mut pages {
        let mut diagnostics = diagnostic::Diagnostics::new(&source.file, &page.lines);
        let rebuilt = load::mintlify::rebuild(&mut page.tree, &page.lines, &mut diagnostics);
        failed |= diagnostics.has_errors();
        all.extend(diagnostics.into_vec());
        // Later stages speak of the rebuilt document: each of its nodes where it stands in the
        // page.
        if let Some(lines) = rebuilt {
            page.lines = lines;
        }
    }
    if failed {
        return Err(all);
    }
    Ok((pages, all))
}
