//! The pipeline, stage by stage: what the caller tells the engine ([`Config`]), and each stage
//! as a step of its own ([`Pipeline`]) that takes what the step before gave, so that a caller
//! can run, time or stop after any of them. [`crate::generate_with`] runs them all in order,
//! and the xtask's bench times each of them through the same steps.

use crate::diagnostic::{Diagnostic, Diagnostics, LineMap};
use crate::load::Source;
use crate::{emit, format, ir, load, lower, normalize, Output};
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

/// The stages for one document (with its overlays, applied in order) under one [`Config`].
///
/// Each step is a method that takes what the one before gave: [`Pipeline::load`] (stages 1 and
/// 1½), [`Pipeline::normalize`], [`Pipeline::lower`], [`Pipeline::emit`] and
/// [`Pipeline::format`]; [`Pipeline::run`] runs them all. A step that fails gives every
/// diagnostic so far, errors among them. The steps run on the caller's thread, whose stack must
/// be as large as [`crate::PIPELINE_STACK`] for the deepest documents the limits let through
/// (as [`crate::generate_with`]'s thread is).
#[derive(Debug, Clone, Copy)]
pub struct Pipeline<'a> {
    source: &'a Source,
    overlays: &'a [Source],
    config: &'a Config,
}

/// Stages 1 and 1½ done: the document's tree with its overlays applied.
#[derive(Debug)]
pub struct Loaded {
    tree: Value,
    lines: LineMap,
    diagnostics: Vec<Diagnostic>,
}

/// Stage 2 done: the document as the typed model.
#[derive(Debug)]
pub struct Normalized {
    document: openapiv3::OpenAPI,
    lines: LineMap,
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

impl<'a> Pipeline<'a> {
    /// The stages for `source` with `overlays` (OpenAPI Overlay 1.0 files) under `config`.
    pub fn new(source: &'a Source, overlays: &'a [Source], config: &'a Config) -> Self {
        Pipeline {
            source,
            overlays,
            config,
        }
    }

    /// Every stage in order: the output, or every diagnostic so far when a stage fails.
    pub fn run(&self) -> Result<Output, Vec<Diagnostic>> {
        let lowered = self.lower(self.normalize(self.load()?)?)?;
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

    /// Stages 1 to 1¾ ([`crate::load_with`]): the document loaded, its overlays applied, a page
    /// model rebuilt by the front end.
    pub fn load(&self) -> Result<Loaded, Vec<Diagnostic>> {
        let (load::Loaded { tree, lines }, diagnostics) =
            crate::load_with(self.source, self.overlays)?;
        Ok(Loaded {
            tree,
            lines,
            diagnostics,
        })
    }

    /// Stage 2 ([`normalize::normalize`]): the tree rewritten and read as the typed model.
    pub fn normalize(&self, loaded: Loaded) -> Result<Normalized, Vec<Diagnostic>> {
        let Loaded {
            tree,
            lines,
            diagnostics: before,
        } = loaded;
        let mut diagnostics = Diagnostics::new(&self.source.file, &lines);
        diagnostics.extend(before);
        match normalize::normalize(tree, &mut diagnostics) {
            Some(document) => {
                let diagnostics = diagnostics.into_vec();
                Ok(Normalized {
                    document,
                    lines,
                    diagnostics,
                })
            }
            None => Err(diagnostics.into_vec()),
        }
    }

    /// Stage 3 ([`lower::lower`]): the model turned into the IR. Fails on any error so far, a
    /// normalization error that let the model be read among them.
    pub fn lower(&self, normalized: Normalized) -> Result<Lowered, Vec<Diagnostic>> {
        let Normalized {
            document,
            lines,
            diagnostics: before,
        } = normalized;
        let mut diagnostics = Diagnostics::new(&self.source.file, &lines);
        diagnostics.extend(before);
        match lower::lower(&document, &self.source.name, &mut diagnostics) {
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
            .unwrap_or(&self.source.name);
        Emitted {
            module: emit::module(&lowered.api, self.config.crate_root, crate_path),
            examples_test: emit::examples_test(&lowered.api, crate_path),
        }
    }

    /// Stage 5 ([`format::format_files`]): the pieces formatted, on every core, each file under
    /// a header naming the document (and its overlays) and the configured command.
    pub fn format(&self, emitted: Emitted) -> Formatted {
        // `specs/minimax.md with specs/minimax.overlay.yaml`
        let spec = std::iter::once(self.source.file.as_str())
            .chain(self.overlays.iter().map(|overlay| overlay.file.as_str()))
            .collect::<Vec<_>>()
            .join(" with ");
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
