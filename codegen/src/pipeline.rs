//! The pipeline, stage by stage: what the caller tells the engine ([`Config`]), and each stage
//! as a step of its own ([`Pipeline`]) that takes what the step before gave, so that a caller
//! can run, time or stop after any of them. [`crate::generate_with`] runs them all in order,
//! and the xtask's bench times each of them through the same steps.

use crate::diagnostic::{Diagnostic, Diagnostics, LineMap, Places, Severity};
use crate::load::Source;
use crate::{emit, format, ir, load, lower, merge, normalize, Output};
use serde_json::Value;

/// What the caller tells the engine about the files it generates: the command that regenerates
/// them, and where the module stands in its crate. Built with chained setters, as prost-build's
/// `Config` is:
///
/// ```
/// let mut config = vendor_codegen::Config::new();
/// config
///     .command("cargo xtask codegen")
///     .crate_root(false)
///     .crate_path("vendor_api::minimax");
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    command: Option<String>,
    crate_root: bool,
    crate_path: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            command: None,
            crate_root: true,
            crate_path: None,
        }
    }
}

impl Config {
    /// The defaults: no command named in the header, and the module the root of a crate named
    /// after the document ([`Source::name`]).
    pub fn new() -> Self {
        Config::default()
    }

    /// The command that regenerates the files, named in their `@generated` header ("Do not
    /// edit it: run `…` to regenerate."). By default the header names none ("Do not edit it:
    /// regenerate it from the document.").
    pub fn command(&mut self, command: impl Into<String>) -> &mut Self {
        self.command = Some(command.into());
        self
    }

    /// Whether the module is a crate's root (`src/lib.rs`), which then carries the crate's
    /// attributes (`#![recursion_limit]` when its types nest deep). By default it is.
    pub fn crate_root(&mut self, crate_root: bool) -> &mut Self {
        self.crate_root = crate_root;
        self
    }

    /// The path by which the examples test names the module, e.g. `vendor_api::minimax`. By
    /// default the document's name ([`Source::name`]), the crate whose root the module is.
    pub fn crate_path(&mut self, crate_path: impl Into<String>) -> &mut Self {
        self.crate_path = Some(crate_path.into());
        self
    }
}

/// A vendor: the pages of its folder (or its one file), generated as one module.
#[derive(Debug, Clone)]
pub struct Vendor {
    /// The module's name, e.g. `minimax`.
    pub name: String,
    /// How the files' header and diagnostics name the vendor as a whole, e.g. `specs/minimax/`.
    pub place: String,
    /// Its pages and documents, each with its own overlays, merged in file-name order, whatever
    /// their order here (so that the order a directory lists them in does not matter).
    pub pages: Vec<Page>,
    /// Overlays of the merged document (`specs/minimax.overlay.yaml` beside the folder),
    /// applied after merging, before lowering: they address the document the normalized
    /// snapshot shows.
    pub overlays: Vec<Source>,
}

/// One file of a vendor, with the overlays that correct it.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file. Its name becomes the suffix of a component renamed by a conflict.
    pub source: Source,
    /// Its overlays (`<page>.overlay.yaml` beside it), applied before normalization.
    pub overlays: Vec<Source>,
}

/// The stages for one vendor (its pages, with their overlays, applied in order) under one
/// [`Config`].
///
/// Each step is a method that takes what the one before gave: [`Pipeline::load`] (stages 1 to
/// 1¾), [`Pipeline::normalize`], [`Pipeline::merge`], [`Pipeline::lower`], [`Pipeline::emit`]
/// and [`Pipeline::format`]; [`Pipeline::run`] runs them all. A step that fails gives every
/// diagnostic so far, errors among them. The steps run on the caller's thread, whose stack must
/// be as large as [`crate::PIPELINE_STACK`] for the deepest documents the limits let through
/// (as [`crate::generate_with`]'s thread is).
#[derive(Debug, Clone)]
pub struct Pipeline<'a> {
    input: Input<'a>,
    config: &'a Config,
}

/// What the pipeline reads: one document with its overlays, or a vendor.
#[derive(Debug, Clone, Copy)]
enum Input<'a> {
    /// One file (which may hold several pages).
    One {
        source: &'a Source,
        overlays: &'a [Source],
    },
    /// A vendor's pages.
    Vendor(&'a Vendor),
}

/// One page loaded (stages 1 to 1¾), or normalized (stage 2).
#[derive(Debug)]
struct PageOf<T> {
    /// Its file.
    file: String,
    /// Its name ([`Page::source`]; with `_2`, `_3`… for a file's later blocks).
    name: String,
    /// Its tree or its model.
    document: T,
    /// Where its nodes stand in its file.
    lines: LineMap,
}

/// Stages 1 to 1¾ done: each page's tree with its overlays applied.
#[derive(Debug)]
pub struct Loaded {
    pages: Vec<PageOf<Value>>,
    diagnostics: Vec<Diagnostic>,
}

/// Stage 2 done: each page as the typed model.
#[derive(Debug)]
pub struct Normalized {
    pages: Vec<PageOf<openapiv3::OpenAPI>>,
    diagnostics: Vec<Diagnostic>,
}

/// Stage 2½ done: the pages merged into one document (and the vendor's overlays applied), with
/// where each of its entries came from.
#[derive(Debug)]
pub struct Merged {
    document: openapiv3::OpenAPI,
    places: Places,
    diagnostics: Vec<Diagnostic>,
}

/// Stage 3 done, without an error: the IR. Emitting and formatting say nothing, so the
/// document's line map is no longer kept.
#[derive(Debug)]
pub struct Lowered {
    document: openapiv3::OpenAPI,
    api: ir::Api,
    diagnostics: Vec<Diagnostic>,
}

/// Stage 4 done: the module and the examples test as pieces of source text (see
/// [`emit::module`]).
#[derive(Debug)]
pub struct Emitted {
    module: Vec<String>,
    examples_test: Vec<String>,
}

/// Stage 5 done: the module and the examples test, formatted, each under its `@generated`
/// header.
#[derive(Debug)]
pub struct Formatted {
    /// The Rust module.
    pub module: String,
    /// The test file that round-trips every example of the document through its type.
    pub examples_test: String,
}

impl Lowered {
    /// Every note and warning of every stage so far, in pipeline order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The IR and every note and warning so far.
    pub fn into_parts(self) -> (ir::Api, Vec<Diagnostic>) {
        (self.api, self.diagnostics)
    }
}

impl<'a> Input<'a> {
    /// The module's name.
    fn name(self) -> &'a str {
        match self {
            Input::One { source, .. } => &source.name,
            Input::Vendor(vendor) => &vendor.name,
        }
    }

    /// Each file with its overlays.
    fn pages(self) -> Vec<(&'a Source, &'a [Source])> {
        match self {
            Input::One { source, overlays } => vec![(source, overlays)],
            Input::Vendor(vendor) => {
                let mut pages: Vec<(&Source, &[Source])> = vendor
                    .pages
                    .iter()
                    .map(|page| (&page.source, page.overlays.as_slice()))
                    .collect();
                // In file-name order, whatever order they were given in.
                pages.sort_by(|a, b| a.0.file.cmp(&b.0.file));
                pages
            }
        }
    }

    /// The overlays of the merged document.
    fn overlays(self) -> &'a [Source] {
        match self {
            Input::One { .. } => &[],
            Input::Vendor(vendor) => &vendor.overlays,
        }
    }

    /// How the header names what the files were generated from: `specs/minimax.md with
    /// specs/minimax.overlay.yaml` for one file, the vendor's folder (with its overlays) for
    /// several.
    fn spec(self) -> String {
        let (first, overlays): (&str, &[Source]) = match (self, self.pages().as_slice()) {
            (Input::Vendor(vendor), [(source, overlays)]) if vendor.overlays.is_empty() => {
                (&source.file, overlays)
            }
            (Input::Vendor(vendor), _) => (&vendor.place, &vendor.overlays),
            (Input::One { source, overlays }, _) => (&source.file, overlays),
        };
        std::iter::once(first)
            .chain(overlays.iter().map(|overlay| overlay.file.as_str()))
            .collect::<Vec<_>>()
            .join(" with ")
    }

    /// How diagnostics name the merged document where no page does.
    fn place(self) -> &'a str {
        match self {
            Input::One { source, .. } => &source.file,
            Input::Vendor(vendor) => &vendor.place,
        }
    }
}

impl<'a> Pipeline<'a> {
    /// The stages for `source` with `overlays` (OpenAPI Overlay 1.0 files) under `config`.
    pub fn new(source: &'a Source, overlays: &'a [Source], config: &'a Config) -> Self {
        Pipeline {
            input: Input::One { source, overlays },
            config,
        }
    }

    /// The stages for a vendor's pages under `config`.
    pub fn vendor(vendor: &'a Vendor, config: &'a Config) -> Self {
        Pipeline {
            input: Input::Vendor(vendor),
            config,
        }
    }

    /// Every stage in order: the output, or every diagnostic so far when a stage fails.
    pub fn run(&self) -> Result<Output, Vec<Diagnostic>> {
        let lowered = self.lower(self.merge(self.normalize(self.load()?)?)?)?;
        let Formatted {
            module,
            examples_test,
        } = self.format(self.emit(&lowered));
        Ok(Output {
            normalized: lowered.document,
            api: lowered.api,
            module,
            examples_test,
            diagnostics: lowered.diagnostics,
        })
    }

    /// Stages 1 to 1¾ ([`crate::load_pages`]) for each file: its documents loaded, its overlays
    /// applied, a page model rebuilt by the front end. Every file is loaded, so that one
    /// failure does not hide another's.
    pub fn load(&self) -> Result<Loaded, Vec<Diagnostic>> {
        let mut pages = Vec::new();
        let mut diagnostics = Vec::new();
        let mut failed = false;
        for (source, overlays) in self.input.pages() {
            match crate::load_pages(source, overlays) {
                Ok((loaded, said)) => {
                    diagnostics.extend(said);
                    for (index, load::Loaded { tree, lines }) in loaded.into_iter().enumerate() {
                        let name = match index {
                            0 => source.name.clone(),
                            _ => format!("{}_{}", source.name, index + 1),
                        };
                        pages.push(PageOf {
                            file: source.file.clone(),
                            name,
                            document: tree,
                            lines,
                        });
                    }
                }
                Err(said) => {
                    failed = true;
                    diagnostics.extend(said);
                }
            }
        }
        if failed {
            return Err(diagnostics);
        }
        Ok(Loaded { pages, diagnostics })
    }

    /// Stage 2 ([`normalize::normalize`]): each page's tree rewritten and read as the typed
    /// model.
    pub fn normalize(&self, loaded: Loaded) -> Result<Normalized, Vec<Diagnostic>> {
        let Loaded {
            pages,
            mut diagnostics,
        } = loaded;
        let mut normalized = Vec::new();
        let mut failed = false;
        for page in pages {
            let mut said = Diagnostics::new(&page.file, &page.lines);
            let document = normalize::normalize(page.document, &mut said);
            diagnostics.extend(said.into_vec());
            match document {
                Some(document) => normalized.push(PageOf {
                    file: page.file,
                    name: page.name,
                    document,
                    lines: page.lines,
                }),
                None => failed = true,
            }
        }
        if failed {
            return Err(diagnostics);
        }
        Ok(Normalized {
            pages: normalized,
            diagnostics,
        })
    }

    /// Stage 2½ ([`merge::merge`]): the pages merged into one document, then the vendor's
    /// overlays applied to it. One page without vendor overlays is the document as it is.
    pub fn merge(&self, normalized: Normalized) -> Result<Merged, Vec<Diagnostic>> {
        let Normalized {
            mut pages,
            mut diagnostics,
        } = normalized;
        let place = self.input.place();
        let overlays = self.input.overlays();
        if pages.len() == 1 && overlays.is_empty() {
            let page = pages.remove(0);
            let mut places = Places::new(place);
            let index = places.page(&page.file, page.lines);
            places.route(String::new(), index, String::new());
            return Ok(Merged {
                document: page.document,
                places,
                diagnostics,
            });
        }
        let pages = pages
            .into_iter()
            .map(|page| merge::Page {
                file: page.file,
                name: page.name,
                document: page.document,
                lines: page.lines,
            })
            .collect();
        let (mut tree, places, said) = merge::merge(pages, place);
        diagnostics.extend(said);
        for overlay in overlays {
            let loaded = match load::load(overlay) {
                Ok(loaded) => loaded,
                Err(error) => {
                    diagnostics.push(error);
                    continue;
                }
            };
            let mut said = Diagnostics::new(&overlay.file, &loaded.lines);
            crate::overlay::apply(&mut tree, &loaded, &mut said);
            diagnostics.extend(said.into_vec());
        }
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return Err(diagnostics);
        }
        match serde_json::from_value(tree) {
            Ok(document) => Ok(Merged {
                document,
                places,
                diagnostics,
            }),
            Err(error) => {
                let blame = match overlays {
                    [] => "a bug in vendor-codegen: please report it with the pages".to_owned(),
                    _ => "fix the vendor's overlays, which apply to the merged document".to_owned(),
                };
                diagnostics.push(Diagnostic {
                    severity: Severity::Error,
                    file: place.to_owned(),
                    pointer: String::new(),
                    line: None,
                    column: None,
                    message: format!(
                        "the merged document does not read as OpenAPI: {error}; {blame}"
                    ),
                });
                Err(diagnostics)
            }
        }
    }

    /// Stage 3 ([`lower::lower`]): the model turned into the IR, each diagnostic placed in the
    /// page its node came from. Fails on any error so far, a normalization error that let the
    /// model be read among them.
    pub fn lower(&self, merged: Merged) -> Result<Lowered, Vec<Diagnostic>> {
        let Merged {
            document,
            places,
            diagnostics: before,
        } = merged;
        let mut diagnostics = Diagnostics::merged(&places);
        diagnostics.extend(before);
        match lower::lower(&document, self.input.name(), &mut diagnostics) {
            Some(api) if !diagnostics.has_errors() => Ok(Lowered {
                document,
                api,
                diagnostics: diagnostics.into_vec(),
            }),
            _ => Err(diagnostics.into_vec()),
        }
    }

    /// Stage 4 ([`emit`]): the module (a crate's root or not, as configured) and the examples
    /// test (naming the module by the configured crate path) as pieces of source text.
    pub fn emit(&self, lowered: &Lowered) -> Emitted {
        let crate_path = self
            .config
            .crate_path
            .as_deref()
            .unwrap_or(self.input.name());
        Emitted {
            module: emit::module(&lowered.api, self.config.crate_root, crate_path),
            examples_test: emit::examples_test(&lowered.api, crate_path),
        }
    }

    /// Stage 5 ([`format::format_files`]): the pieces formatted, on every core, each file under
    /// a header naming the documents (and their overlays) and the configured command.
    pub fn format(&self, emitted: Emitted) -> Formatted {
        let spec = self.input.spec();
        let header = format::Header {
            spec: &spec,
            command: self.config.command.as_deref(),
        };
        let [module, examples_test] =
            format::format_files([emitted.module, emitted.examples_test], &header);
        Formatted {
            module,
            examples_test,
        }
    }
}
