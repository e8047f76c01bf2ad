//! `cargo xtask codegen`: documents → the crates the generator owns.
//!
//! Two targets go through the same code path: `specs/` → `generated/` (package `vendor-api`) and
//! `tests/fixtures/compile/` → `tests/samples/` (package `codegen-samples`, hostile documents whose
//! code must compile without warnings). Every document of every target is generated before
//! anything is written; one failure and nothing is.

use crate::files::{self, Change};
use crate::Error;
use std::collections::BTreeMap;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use vendor_codegen::diagnostic::LineIndex;
use vendor_codegen::format::{format, Header};
use vendor_codegen::{
    ir, manifest, render, Config, Diagnostic, Output, Page, Severity, Source, Vendor,
};

/// The command that regenerates everything; generated files and messages name it.
pub const COMMAND: &str = "cargo xtask codegen";

/// The extensions of the documents the generator reads (Mintlify pages and plain documents).
pub const DOCUMENT_EXTENSIONS: &[&str] = &["md", "mdx", "yaml", "yml", "json"];

/// The crates the generator owns.
pub const TARGETS: [Target; 2] = [
    Target {
        sources: "specs",
        extensions: DOCUMENT_EXTENSIONS,
        crate_dir: "generated",
        package: "vendor-api",
        description: "Typed request and response models of LLM vendors' APIs, generated from their documents.",
        fixtures: false,
    },
    Target {
        sources: "tests/fixtures/compile",
        extensions: &["yaml", "json", "md"],
        crate_dir: "tests/samples",
        package: "codegen-samples",
        description: "Code generated from hostile documents: it must compile without warnings.",
        fixtures: true,
    },
];

/// Options of `cargo xtask codegen`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Write nothing; fail when a generated file is stale, missing or extra.
    pub check: bool,
    /// Print notes too.
    pub verbose: bool,
    /// Fail, writing nothing, when a document has a warning.
    pub deny_warnings: bool,
    /// Generate one standalone crate instead of the targets.
    pub standalone: Option<Standalone>,
}

/// The extensions of overlays: `<stem>.overlay.yaml` is the overlay of the document `<stem>`.
pub const OVERLAY_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// `--spec FILE --out DIR [--overlay FILE]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standalone {
    /// The document.
    pub spec: PathBuf,
    /// The directory of the crate to write.
    pub out: PathBuf,
    /// An OpenAPI Overlay 1.0 file to apply to the document, if any.
    pub overlay: Option<PathBuf>,
}

/// A crate the generator owns, and the directory its documents come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// Directory of the documents, relative to the repository root, `/`-separated.
    pub sources: &'static str,
    /// Extensions of the documents in it; other files are ignored.
    pub extensions: &'static [&'static str],
    /// Directory of the crate, relative to the repository root, `/`-separated.
    pub crate_dir: &'static str,
    /// Its package name.
    pub package: &'static str,
    /// Its package description.
    pub description: &'static str,
    /// Whether its documents are the generator's test fixtures, which try it on purpose: their
    /// warnings are expected, so they are summed up in one line (each shown with `-v`) and
    /// `--deny-warnings` does not count them.
    pub fixtures: bool,
}

impl Target {
    /// The crate as its manifest describes it.
    pub fn member(&self) -> manifest::Member<'static> {
        manifest::Member {
            command: COMMAND,
            sources: self.sources,
            package: self.package,
            description: self.description,
        }
    }

    /// The crate's library name, e.g. `vendor_api`.
    pub fn lib_name(&self) -> String {
        self.package.replace('-', "_")
    }
}

/// A vendor found in a sources directory: one document (`specs/minimax.md`), or a folder of
/// pages and documents (`specs/minimax/`) merged into one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its module name: the file stem, or the folder's name.
    pub stem: String,
    /// Where it is: the file, or the folder.
    pub path: PathBuf,
    /// How diagnostics name it, e.g. `specs/minimax.md` or `specs/minimax/`.
    pub file: String,
    /// Its pages, sorted by file name: the file itself, or every document in the folder.
    pub pages: Vec<PageFile>,
    /// A folder's overlay (`specs/minimax.overlay.yaml` beside it), applied to the merged
    /// document; a single file's overlay is its page's.
    pub overlay: Option<Overlay>,
}

/// One page of a vendor: a Mintlify page or an OpenAPI document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFile {
    /// Its name, the file stem with each `-` made `_` (`file_list`): a component renamed by a
    /// merge conflict takes it as a suffix.
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
    /// How diagnostics name it, e.g. `specs/minimax/file-list.md`.
    pub file: String,
    /// Its overlay (`<page>.overlay.yaml` beside it), applied before normalization.
    pub overlay: Option<Overlay>,
}

impl Document {
    /// A vendor of one file (`--spec FILE`, or `specs/<vendor>.md`), with its overlay.
    pub fn single(stem: String, path: PathBuf, file: String, overlay: Option<Overlay>) -> Self {
        let name = Path::new(&file)
            .file_stem()
            .map(|stem| stem.to_string_lossy().replace('-', "_"))
            .unwrap_or_default();
        Document {
            stem,
            pages: vec![PageFile {
                name,
                path: path.clone(),
                file: file.clone(),
                overlay,
            }],
            path,
            file,
            overlay: None,
        }
    }

    /// Whether it is a folder of pages.
    pub fn is_folder(&self) -> bool {
        self.file.ends_with('/')
    }
}

/// An OpenAPI Overlay 1.0 file that corrects a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    /// Where it is.
    pub path: PathBuf,
    /// How diagnostics name it, e.g. `specs/minimax.overlay.yaml`.
    pub file: String,
}

/// The stem of the document that `name` is the overlay of (`minimax` for
/// `minimax.overlay.yaml`), if `name` is an overlay's file name.
pub fn overlay_stem(name: &str) -> Option<&str> {
    let (rest, extension) = name.rsplit_once('.')?;
    let stem = rest.strip_suffix(".overlay")?;
    (OVERLAY_EXTENSIONS.contains(&extension) && !stem.is_empty()).then_some(stem)
}

/// The diagnostics of a document that generated fine.
#[derive(Debug, Clone)]
pub struct Report {
    /// The document's module name.
    pub stem: String,
    /// The document's file as the user names it (`specs/minimax.md`).
    pub file: String,
    /// Its notes and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of each file the diagnostics name (the document, its overlay): file → text.
    pub sources: BTreeMap<String, String>,
}

/// Everything one target produces.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The target.
    pub target: Target,
    /// One per document, sorted by stem.
    pub reports: Vec<Report>,
    /// Every file of the crate: path → contents.
    pub files: BTreeMap<PathBuf, String>,
    /// The directories whose generated files the target owns (`src/`, `tests/`).
    pub owned_dirs: Vec<PathBuf>,
}

/// Runs `cargo xtask codegen` with `options` in the repository at `root`.
pub fn run(options: &Options, root: &Path) -> Result<(), Error> {
    if let Some(standalone) = &options.standalone {
        return generate_standalone(standalone, options);
    }
    let plans = plan_all(root)?;
    let reports = |fixtures: bool| -> Vec<Report> {
        plans
            .iter()
            .filter(|plan| plan.target.fixtures == fixtures)
            .flat_map(|plan| plan.reports.clone())
            .collect()
    };
    let (documents, fixtures) = (reports(false), reports(true));
    print!("{}", report_text(&documents, options.verbose));
    print!("{}", fixtures_text(&fixtures, options.verbose));
    deny_warnings(&documents, options)?;
    let changes = changes(&plans)?;
    for change in changes.iter().filter(|change| !change.is_stale()) {
        println!(
            "note: {} is not generated (no `{}` header); left alone",
            relative(root, change.path()),
            files::MARKER
        );
    }
    if options.check {
        return check_changes(root, &changes);
    }
    let produced: BTreeMap<PathBuf, String> =
        plans.iter().flat_map(|plan| plan.files.clone()).collect();
    files::apply(&changes, &produced).map_err(|error| Error::Failed(error.to_string()))?;
    let stale: Vec<&Change> = changes.iter().filter(|change| change.is_stale()).collect();
    for change in &stale {
        let verb = match change {
            Change::Create(_) => "created",
            Change::Update(_) => "updated",
            Change::Remove(_) => "removed",
            Change::Foreign(_) => continue,
        };
        println!("{verb} {}", relative(root, change.path()));
    }
    if stale.is_empty() {
        println!("all generated files are up to date");
    }
    Ok(())
}

/// Generates everything and fails, naming each stale, missing or extra file and the command to
/// run, when the files on disk differ. Writes nothing.
pub fn check(root: &Path) -> Result<(), Error> {
    let plans = plan_all(root)?;
    check_changes(root, &changes(&plans)?)
}

/// Plans every target; on failure the error holds every diagnostic of every failed document.
pub fn plan_all(root: &Path) -> Result<Vec<Plan>, Error> {
    let mut plans = Vec::new();
    let mut failures = Vec::new();
    for target in TARGETS {
        match plan(root, target) {
            Ok(plan) => plans.push(plan),
            Err(lines) => failures.extend(lines),
        }
    }
    if failures.is_empty() {
        Ok(plans)
    } else {
        Err(Error::Failed(format!(
            "codegen failed; nothing was written:\n{}",
            indent(&failures)
        )))
    }
}

/// Generates every document of `target`; on failure, the lines that say why.
pub fn plan(root: &Path, target: Target) -> Result<Plan, Vec<String>> {
    let documents = find_documents(root, target)?;
    let crate_dir = root.join(target.crate_dir);
    let (src, tests) = (crate_dir.join("src"), crate_dir.join("tests"));
    let examples = tests.join(EXAMPLES_DIR);
    let lib = target.lib_name();
    let mut files = BTreeMap::new();
    let mut reports = Vec::new();
    let mut failures = Vec::new();
    let mut apis = Vec::new();
    for document in &documents {
        let mut config = Config::new();
        config
            .command(COMMAND)
            .crate_root(false)
            .crate_path(format!("{lib}::{}", document.stem));
        match generate_document(document, &config) {
            Ok((output, sources)) => {
                files.insert(src.join(format!("{}.rs", document.stem)), output.module);
                apis.push(output.api);
                files.insert(
                    tests.join(format!("{}_examples.rs", document.stem)),
                    examples_root(document),
                );
                files.insert(
                    examples.join(format!("{}.rs", document.stem)),
                    output.examples_test,
                );
                reports.push(Report {
                    stem: document.stem.clone(),
                    file: document.file.clone(),
                    diagnostics: output.diagnostics,
                    sources,
                });
            }
            Err(lines) => failures.extend(lines),
        }
    }
    if !failures.is_empty() {
        return Err(failures);
    }
    let stems: Vec<&str> = documents
        .iter()
        .map(|document| document.stem.as_str())
        .collect();
    let sources = format!("{}/", target.sources);
    let header = Header {
        spec: &sources,
        command: Some(COMMAND),
    };
    let apis: Vec<&ir::Api> = apis.iter().collect();
    let lib_rs = guarded(&format!("the crate root of {}", target.crate_dir), || {
        format(vendor_codegen::emit::crate_root(&lib, &apis), &header)
    })
    .map_err(|message| vec![message])?;
    files.insert(src.join("lib.rs"), lib_rs);
    files.insert(
        crate_dir.join("Cargo.toml"),
        manifest::workspace_member(&target.member(), &stems),
    );
    Ok(Plan {
        target,
        reports,
        files,
        owned_dirs: vec![src, tests, examples],
    })
}

/// The vendors of `target`, sorted by module name: each document directly in its sources
/// directory, and each folder there (its pages and documents, one level deep), each with its
/// overlays. Every module name must be valid and given once, and every overlay needs its
/// document.
pub fn find_documents(root: &Path, target: Target) -> Result<Vec<Document>, Vec<String>> {
    let dir = root.join(target.sources);
    let unreadable =
        |error: std::io::Error| vec![format!("cannot read {}/: {error}", target.sources)];
    let mut files = Vec::new();
    for entry in fs::read_dir(&dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_file() {
            files.push(name);
        } else if path.is_dir() && !name.starts_with('.') {
            let unreadable = |error: std::io::Error| {
                vec![format!("cannot read {}/{name}/: {error}", target.sources)]
            };
            let mut any = false;
            for inner in fs::read_dir(&path).map_err(unreadable)? {
                let inner = inner.map_err(unreadable)?;
                if inner.path().is_file() {
                    any = true;
                    files.push(format!("{name}/{}", inner.file_name().to_string_lossy()));
                }
            }
            if !any {
                files.push(format!("{name}/"));
            }
        }
    }
    documents_from(&dir, target, &files)
}

/// The vendors that `files` (paths relative to `target`'s sources directory `dir`, `/`-separated:
/// `minimax.md`, `minimax/file-list.md`; an empty folder as `name/`) make, as
/// [`find_documents`] finds them on disk (`cargo xtask diff` finds them in a revision).
pub fn documents_from(
    dir: &Path,
    target: Target,
    files: &[String],
) -> Result<Vec<Document>, Vec<String>> {
    let sources = target.sources;
    let mut errors = Vec::new();
    let is_document = |name: &str| {
        name.rsplit_once('.')
            .is_some_and(|(_, extension)| target.extensions.contains(&extension))
    };
    // Single files and folders, by module.
    let mut found: BTreeMap<String, Vec<Document>> = BTreeMap::new();
    let mut overlays: BTreeMap<String, Vec<Overlay>> = BTreeMap::new();
    // Each folder's files, by folder name.
    let mut folders: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for relative in files {
        if let Some((folder, name)) = relative.split_once('/') {
            folders
                .entry(folder)
                .or_default()
                .extend((!name.is_empty()).then_some(name));
            continue;
        }
        let name = relative.as_str();
        let (path, file) = (dir.join(name), format!("{sources}/{name}"));
        if let Some(stem) = overlay_stem(name) {
            overlays
                .entry(stem.replace('-', "_"))
                .or_default()
                .push(Overlay { path, file });
            continue;
        }
        if !is_document(name) {
            continue;
        }
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        match module_of(stem, &file) {
            Ok(module) => found
                .entry(module.clone())
                .or_default()
                .push(Document::single(module, path, file, None)),
            Err(error) => errors.push(error),
        }
    }
    for (folder, names) in folders {
        let file = format!("{sources}/{folder}/");
        let module = match module_of(folder, &file) {
            Ok(module) => module,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        match folder_pages(dir, sources, folder, &names, &is_document) {
            Ok(pages) if pages.is_empty() => errors.push(format!(
                "{file}: the folder holds no page or document (.{}): add the vendor's pages, or \
                 remove the folder",
                target.extensions.join(", .")
            )),
            Ok(pages) => found.entry(module.clone()).or_default().push(Document {
                stem: module,
                path: dir.join(folder),
                file,
                pages,
                overlay: None,
            }),
            Err(more) => errors.extend(more),
        }
    }
    for (stem, mut same) in overlays {
        same.sort_by(|a, b| a.file.cmp(&b.file));
        let files: Vec<&str> = same.iter().map(|overlay| overlay.file.as_str()).collect();
        match found.get_mut(&stem) {
            None => errors.push(format!(
                "{}: an overlay without its document: expected {sources}/{stem}.<{}> (or the \
                 folder {sources}/{stem}/) beside it; rename the overlay after the document it \
                 corrects (`<stem>.overlay.yaml`) or remove it",
                files.join(", "),
                target.extensions.join("|"),
            )),
            Some(_) if same.len() > 1 => errors.push(format!(
                "{} are all overlays of `{stem}`: keep one of them (one overlay may hold many \
                 actions)",
                files.join(", ")
            )),
            Some(documents) => {
                for document in documents {
                    let overlay = same.first().cloned();
                    match document.pages.as_mut_slice() {
                        [page] if !document.file.ends_with('/') => page.overlay = overlay,
                        _ => document.overlay = overlay,
                    }
                }
            }
        }
    }
    let mut documents = Vec::new();
    for (stem, mut same) in found {
        if same.len() > 1 {
            same.sort_by(|a, b| a.file.cmp(&b.file));
            let files: Vec<&str> = same.iter().map(|document| document.file.as_str()).collect();
            errors.push(format!(
                "{} all give the module `{stem}`: keep one of them",
                files.join(", ")
            ));
        } else {
            documents.extend(same);
        }
    }
    if errors.is_empty() {
        Ok(documents)
    } else {
        Err(errors)
    }
}

/// The module a file stem or folder name gives (see [`check_stem`]); `lib` is taken.
fn module_of(stem: &str, file: &str) -> Result<String, String> {
    let module = check_stem(stem).map_err(|message| format!("{file}: {message}"))?;
    if module == "lib" {
        return Err(format!(
            "{file}: the module name `lib` is taken by the crate root (src/lib.rs): rename it"
        ));
    }
    Ok(module)
}

/// The pages of the folder `folder` (its files `names`), sorted by file name, each with its
/// overlay; other files (`sources.toml`, notes) are not pages.
fn folder_pages(
    dir: &Path,
    sources: &str,
    folder: &str,
    names: &[&str],
    is_document: &dyn Fn(&str) -> bool,
) -> Result<Vec<PageFile>, Vec<String>> {
    let mut errors = Vec::new();
    let mut pages: BTreeMap<String, PageFile> = BTreeMap::new();
    let mut overlays: Vec<(&str, Overlay)> = Vec::new();
    let mut sorted = names.to_vec();
    sorted.sort_unstable();
    for name in sorted {
        let (path, file) = (
            dir.join(folder).join(name),
            format!("{sources}/{folder}/{name}"),
        );
        if let Some(stem) = overlay_stem(name) {
            overlays.push((stem, Overlay { path, file }));
        } else if is_document(name) {
            let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
            pages.insert(
                file.clone(),
                PageFile {
                    name: stem.replace('-', "_"),
                    path,
                    file,
                    overlay: None,
                },
            );
        }
    }
    for (stem, overlay) in overlays {
        let mut same = pages.values_mut().filter(|page| {
            Path::new(&page.file)
                .file_stem()
                .is_some_and(|page_stem| page_stem == stem)
        });
        match (same.next(), same.next()) {
            (Some(page), None) if page.overlay.is_none() => page.overlay = Some(overlay),
            (None, _) => errors.push(format!(
                "{}: an overlay without its page: expected {sources}/{folder}/{stem}.<md|mdx|yaml|yml|json> \
                 beside it; rename the overlay after the page it corrects, or remove it (an \
                 overlay of the whole vendor is {sources}/{folder}.overlay.yaml, beside the folder)",
                overlay.file
            )),
            _ => errors.push(format!(
                "{}: several pages or overlays are named `{stem}` in {sources}/{folder}/: keep one \
                 page per name, and one overlay for it",
                overlay.file
            )),
        }
    }
    if errors.is_empty() {
        Ok(pages.into_values().collect())
    } else {
        Err(errors)
    }
}

/// The module (and cargo feature) name of a document whose file stem is `stem`: the stem
/// itself when it is a snake_case Rust identifier, as `vendor_codegen::lower::names::module_name`
/// would make it, or the stem with each `-` made `_`, as cargo names a package's library
/// (`my-page` → `my_page`). Anything else is refused, with the name to rename the file to.
pub fn check_stem(stem: &str) -> Result<String, String> {
    let module = stem.replace('-', "_");
    let wanted = vendor_codegen::lower::names::module_name(&module);
    if wanted == module {
        return Ok(module);
    }
    Err(format!(
        "the file name `{stem}` must be a snake_case Rust identifier (a-z, 0-9 and `_`, starting \
         with a letter, not a keyword; a `-` becomes `_`, as in cargo's library names), since it \
         names the module and its cargo feature: rename the file to `{wanted}`"
    ))
}

/// What the report line of a document adds when its module is not named as its file is:
/// ` (specs/my-page.md: a `-` becomes `_`, as cargo names a library)`.
fn renamed(report: &Report) -> String {
    let file_stem = Path::new(&report.file)
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    if file_stem == report.stem {
        String::new()
    } else {
        format!(
            " (from {}: a `-` becomes `_`, as cargo names a library)",
            report.file
        )
    }
}

/// The directory, under a target crate's `tests/`, of the examples tests themselves.
pub const EXAMPLES_DIR: &str = "examples";

/// The integration test `tests/<stem>_examples.rs` of a target crate: it only declares the
/// examples test (in [`EXAMPLES_DIR`]) as a module under `#[rustfmt::skip]`, so that `cargo fmt`
/// leaves the generated code alone (prettyplease is its formatter of record, and rustfmt cannot
/// be kept from a crate root file on stable). This text is what rustfmt would write.
pub fn examples_root(document: &Document) -> String {
    format!(
        "// This file is @generated by `{COMMAND}` from {file}. Do not edit it by hand.\n\
         \n\
         //! The examples of `{file}` round-trip through their types.\n\
         //!\n\
         //! The tests are in `{EXAMPLES_DIR}/{stem}.rs`, kept from rustfmt: prettyplease formats them.\n\
         \n\
         #[rustfmt::skip]\n\
         #[path = \"{EXAMPLES_DIR}/{stem}.rs\"]\n\
         mod {stem}_examples;\n",
        file = document.file,
        stem = document.stem,
    )
}

/// `--spec FILE --out DIR`: a standalone crate for one document, `src/lib.rs` being its module.
///
/// Refuses, before generating anything, to overwrite a file in `DIR` that lacks the `@generated`
/// header, so nothing the user wrote is lost.
///
/// Only the printing options of `options` count (`verbose`, `deny_warnings`).
pub fn generate_standalone(standalone: &Standalone, options: &Options) -> Result<(), Error> {
    let spec = &standalone.spec;
    let file = spec.display().to_string();
    let extension = spec
        .extension()
        .and_then(|extension| extension.to_str())
        .unwrap_or_default();
    if !DOCUMENT_EXTENSIONS.contains(&extension) {
        return Err(Error::Failed(format!(
            "{file}: not a document the generator reads; expected one of .{}",
            DOCUMENT_EXTENSIONS.join(", .")
        )));
    }
    // The package is named as the file is (`my-page`), its library and feature as the module
    // (`my_page`), as cargo names a package's library.
    let stem = spec
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default()
        .to_owned();
    let module =
        check_stem(&stem).map_err(|message| Error::Failed(format!("{file}: {message}")))?;
    if let Some(overlay) = &standalone.overlay {
        let extension = overlay
            .extension()
            .and_then(|extension| extension.to_str())
            .unwrap_or_default();
        if !OVERLAY_EXTENSIONS.contains(&extension) {
            return Err(Error::Failed(format!(
                "{}: not an overlay the generator reads; expected an OpenAPI Overlay 1.0 file \
                 ending in .{}",
                overlay.display(),
                OVERLAY_EXTENSIONS.join(", .")
            )));
        }
    }
    let out = &standalone.out;
    let paths = [
        out.join("Cargo.toml"),
        out.join("src").join("lib.rs"),
        out.join("tests").join("examples.rs"),
    ];
    let mut foreign = Vec::new();
    for path in &paths {
        if path.exists()
            && !files::file_has_generated_header(path)
                .map_err(|error| Error::Failed(error.to_string()))?
        {
            foreign.push(format!("  {}", path.display()));
        }
    }
    if !foreign.is_empty() {
        return Err(Error::Failed(format!(
            "refusing to overwrite files that lack the `{}` header (they may hold your work):\n{}\n\
             move them away or choose another --out directory",
            files::MARKER,
            foreign.join("\n")
        )));
    }
    let overlay = standalone.overlay.as_ref().map(|path| Overlay {
        path: path.clone(),
        file: path.display().to_string(),
    });
    // The command that regenerates this crate, named in the header of each of its files.
    let mut command = format!("{COMMAND} --spec {file}");
    if let Some(overlay) = &overlay {
        command.push_str(&format!(" --overlay {}", overlay.file));
    }
    let document = Document::single(module.clone(), spec.clone(), file, overlay);
    command.push_str(&format!(" --out {}", out.display()));
    let (output, sources) =
        generate_document(&document, Config::new().command(&command)).map_err(|lines| {
            Error::Failed(format!(
                "codegen failed; nothing was written:\n{}",
                indent(&lines)
            ))
        })?;
    let reports = [Report {
        stem: module.clone(),
        file: document.file.clone(),
        diagnostics: output.diagnostics,
        sources,
    }];
    print!("{}", report_text(&reports, options.verbose));
    deny_warnings(&reports, options)?;
    let [manifest, lib, examples] = paths;
    let contents = [
        (
            manifest,
            manifest::standalone(
                &stem,
                &command,
                &crate::project_root().join("runtime"),
                true,
            ),
        ),
        (lib, output.module),
        (examples, output.examples_test),
    ];
    for (path, text) in &contents {
        if files::write_if_changed(path, text)
            .map_err(|error| Error::Failed(files::with_path(error, path).to_string()))?
        {
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}

/// Reads and generates one document under `config`, with its overlay if any; gives the output
/// and the text of each file read (file → text). On failure, every diagnostic, rendered.
fn generate_document(
    document: &Document,
    config: &Config,
) -> Result<(Output, BTreeMap<String, String>), Vec<String>> {
    let generated = run_generator(document, config)?;
    match generated.result {
        Ok(output) => Ok((output, generated.sources)),
        Err(diagnostics) => {
            let sources = line_indexes(&generated.sources);
            Err(diagnostics
                .iter()
                .map(|diagnostic| render_with(diagnostic, &sources))
                .collect())
        }
    }
}

/// What the generator gave for one document, before anything is rendered.
#[derive(Debug)]
pub struct Generated {
    /// The output, or every diagnostic (an error among them) when the document was refused.
    pub result: Result<Output, Vec<Diagnostic>>,
    /// The text of each file read (the document, its overlay): file → text.
    pub sources: BTreeMap<String, String>,
}

/// Reads one document (and its overlay) and runs the generator on it under `config`. Fails,
/// with one line that says why, when a file cannot be read or the generator panics or refuses
/// without a word.
pub fn run_generator(document: &Document, config: &Config) -> Result<Generated, Vec<String>> {
    let vendor = read_vendor(document, read_file)?;
    let result = guarded(&document.file, || {
        vendor_codegen::generate_vendor(&vendor, config)
    })
    .map_err(|message| vec![message])?;
    if matches!(&result, Err(diagnostics) if diagnostics.is_empty()) {
        return Err(vec![format!(
            "{}: the generator failed without saying why (a bug in vendor-codegen)",
            document.file
        )]);
    }
    let sources = sources(&vendor);
    Ok(Generated { result, sources })
}

/// Reads a document or an overlay from disk, for [`read_vendor`] (`file` names it in the error).
pub fn read_file(path: &Path, file: &str) -> Result<String, String> {
    fs::read_to_string(path).map_err(|error| {
        format!("{file}: cannot read it ({error}); documents and overlays must be UTF-8 text")
    })
}

/// The text of every file of `vendor` (pages and overlays), by file: what its diagnostics are
/// rendered against.
pub fn sources(vendor: &Vendor) -> BTreeMap<String, String> {
    vendor
        .pages
        .iter()
        .flat_map(|page| std::iter::once(&page.source).chain(&page.overlays))
        .chain(&vendor.overlays)
        .map(|source| (source.file.clone(), source.text.clone()))
        .collect()
}

/// The generator's input for `document`: each page and overlay read with `read` (path, file →
/// text). A single file's page is named as its vendor, as the generator names one document.
pub fn read_vendor(
    document: &Document,
    read: impl Fn(&Path, &str) -> Result<String, String>,
) -> Result<Vendor, Vec<String>> {
    let source = |path: &Path, file: &str, name: &str| {
        Ok::<_, Vec<String>>(Source {
            name: name.to_owned(),
            file: file.to_owned(),
            text: read(path, file).map_err(|error| vec![error])?,
        })
    };
    let single = !document.is_folder();
    let mut pages = Vec::new();
    for page in &document.pages {
        let name = if single { &document.stem } else { &page.name };
        let overlays = match &page.overlay {
            Some(overlay) => vec![source(&overlay.path, &overlay.file, name)?],
            None => Vec::new(),
        };
        pages.push(Page {
            source: source(&page.path, &page.file, name)?,
            overlays,
        });
    }
    let overlays = match &document.overlay {
        Some(overlay) => vec![source(&overlay.path, &overlay.file, &document.stem)?],
        None => Vec::new(),
    };
    Ok(Vendor {
        name: document.stem.clone(),
        place: document.file.clone(),
        pages,
        overlays,
    })
}

/// Runs `f`, turning a panic into an error that names `what` (a panic is a generator bug, but it
/// must not hide which document caused it).
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|message| (*message).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        format!("the generator panicked on {what}: {message} (a bug in vendor-codegen: please report it with the document)")
    })
}

/// How the files of every plan differ from the disk.
fn changes(plans: &[Plan]) -> Result<Vec<Change>, Error> {
    let mut all = Vec::new();
    for plan in plans {
        all.extend(
            files::changes(&plan.files, &plan.owned_dirs)
                .map_err(|error| Error::Failed(error.to_string()))?,
        );
    }
    Ok(all)
}

/// Fails when `changes` holds a stale, missing or extra file, naming each and the command to run.
fn check_changes(root: &Path, changes: &[Change]) -> Result<(), Error> {
    let stale: Vec<String> = changes
        .iter()
        .filter(|change| change.is_stale())
        .map(|change| format!("{} ({})", relative(root, change.path()), change.describe()))
        .collect();
    if stale.is_empty() {
        println!("all generated files are up to date");
        return Ok(());
    }
    Err(Error::Failed(format!(
        "generated files are out of date:\n{}\nrun `{COMMAND}` and commit the result",
        indent(&stale)
    )))
}

/// `diagnostic` rendered with the source line it points at, taken from `sources` (file → lines);
/// without its file's text, without a snippet.
pub fn render_with(diagnostic: &Diagnostic, sources: &BTreeMap<&str, LineIndex<'_>>) -> String {
    match sources.get(diagnostic.file.as_str()) {
        Some(source) => render(diagnostic, source),
        None => render(diagnostic, &LineIndex::new("")),
    }
}

/// The lines of each text of `sources` (file → text), found once for all the diagnostics.
pub fn line_indexes(sources: &BTreeMap<String, String>) -> BTreeMap<&str, LineIndex<'_>> {
    sources
        .iter()
        .map(|(file, text)| (file.as_str(), LineIndex::new(text)))
        .collect()
}

/// Fails, when `options.deny_warnings` is set and a report holds a warning, saying how many.
fn deny_warnings(reports: &[Report], options: &Options) -> Result<(), Error> {
    let warnings = reports
        .iter()
        .flat_map(|report| &report.diagnostics)
        .filter(|diagnostic| diagnostic.severity == Severity::Warning)
        .count();
    if options.deny_warnings && warnings > 0 {
        return Err(Error::Failed(format!(
            "{} and `--deny-warnings`; nothing was written: fix the document, or correct it \
             with an overlay (`specs/<stem>.overlay.yaml`, or `--overlay FILE` with `--spec`)",
            plural(warnings, "warning")
        )));
    }
    Ok(())
}

/// What `cargo xtask codegen` prints about the documents: one line per document (`minimax  2
/// warnings, 3 notes`), then its warnings (and notes when `verbose`), each rendered with its
/// source line and indented.
pub fn report_text(reports: &[Report], verbose: bool) -> String {
    let mut text = String::new();
    let width = reports
        .iter()
        .map(|report| report.stem.len())
        .max()
        .unwrap_or(0);
    for report in reports {
        let sources = line_indexes(&report.sources);
        let count = |severity| {
            report
                .diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        let (warnings, notes) = (count(Severity::Warning), count(Severity::Note));
        text.push_str(&format!(
            "{:<width$}  {}, {}{}\n",
            report.stem,
            plural(warnings, "warning"),
            plural(notes, "note"),
            renamed(report)
        ));
        for diagnostic in &report.diagnostics {
            if verbose || diagnostic.severity != Severity::Note {
                text.push_str(&indent(&[render_with(diagnostic, &sources)]));
                text.push('\n');
            }
        }
    }
    text
}

/// What `cargo xtask codegen` prints about the test fixtures: one line that says what they are
/// and counts their warnings (which they provoke on purpose); with `verbose`, each as
/// [`report_text`] prints documents.
pub fn fixtures_text(reports: &[Report], verbose: bool) -> String {
    if reports.is_empty() {
        return String::new();
    }
    if verbose {
        return report_text(reports, verbose);
    }
    let warnings: Vec<String> = reports
        .iter()
        .map(|report| {
            let count = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count();
            format!("{} {count}", report.stem)
        })
        .collect();
    format!(
        "test fixtures ({}/, the generator's own tests; their warnings are on purpose, `-v` \
         shows them): warnings {}\n",
        TARGETS
            .iter()
            .find(|target| target.fixtures)
            .map_or("", |target| target.sources),
        warnings.join(", ")
    )
}

/// `1 warning`, `2 warnings`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `lines` (each may hold line breaks) joined, each line indented by two spaces (blank lines
/// stay empty).
fn indent(lines: &[String]) -> String {
    lines
        .iter()
        .flat_map(|line| line.lines())
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("  {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `path` relative to `root`, `/`-separated, for messages.
fn relative(root: &Path, path: &Path) -> String {
    let path = path.strip_prefix(root).unwrap_or(path);
    path.components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_are_summed_up_in_one_line_unless_verbose() {
        let report = |stem: &str, warnings: usize| Report {
            stem: stem.to_owned(),
            file: format!("tests/fixtures/compile/{stem}.yaml"),
            diagnostics: (0..warnings)
                .map(|_| Diagnostic {
                    severity: Severity::Warning,
                    file: format!("tests/fixtures/compile/{stem}.yaml"),
                    pointer: "/".to_owned(),
                    line: None,
                    column: None,
                    message: "on purpose".to_owned(),
                })
                .collect(),
            sources: BTreeMap::new(),
        };
        let reports = [report("hostile", 1), report("unions", 2)];
        assert_eq!(
            fixtures_text(&reports, false),
            "test fixtures (tests/fixtures/compile/, the generator's own tests; their warnings \
             are on purpose, `-v` shows them): warnings hostile 1, unions 2\n"
        );
        let verbose = fixtures_text(&reports, true);
        assert!(
            verbose.starts_with("hostile  1 warning, 0 notes\n"),
            "{verbose}"
        );
        assert_eq!(verbose.matches("on purpose").count(), 3, "{verbose}");
        assert_eq!(fixtures_text(&[], false), "");
    }

    #[test]
    fn a_module_named_otherwise_than_its_file_says_so() {
        let report = |stem: &str, file: &str| Report {
            stem: stem.to_owned(),
            file: file.to_owned(),
            diagnostics: Vec::new(),
            sources: BTreeMap::new(),
        };
        let text = report_text(
            &[
                report("minimax", "specs/minimax.md"),
                report("my_page", "specs/my-page.md"),
            ],
            false,
        );
        assert_eq!(
            text,
            "minimax  0 warnings, 0 notes\n\
             my_page  0 warnings, 0 notes (from specs/my-page.md: a `-` becomes `_`, as cargo \
             names a library)\n"
        );
    }

    #[test]
    fn stems_must_be_snake_case_identifiers() {
        for good in ["minimax", "open_router", "v2", "a_1_b"] {
            assert_eq!(check_stem(good).as_deref(), Ok(good), "{good}");
        }
        // As cargo names a package's library.
        for (hyphen, module) in [("open-router", "open_router"), ("my-page-2", "my_page_2")] {
            assert_eq!(check_stem(hyphen).as_deref(), Ok(module), "{hyphen}");
        }
        for bad in [
            "",
            "Minimax",
            "Open-Router",
            "1st",
            "_x",
            "-x",
            "fn",
            "self",
            "type",
            "名前",
            "a.b",
        ] {
            let message = check_stem(bad).expect_err(bad);
            assert!(message.contains("snake_case Rust identifier"), "{message}");
        }
        assert!(check_stem("Open-Router")
            .unwrap_err()
            .contains("`open_router`"));
    }

    #[test]
    fn documents_are_found_sorted_and_checked() {
        let root = tempfile::tempdir().unwrap();
        let target = TARGETS[0];
        let dir = root.path().join(target.sources);
        fs::create_dir_all(dir.join("my-vendor")).unwrap();
        for name in [
            "zhipu.md",
            "alpha.yaml",
            "beta.mdx",
            "my-page.md",
            "my-page.overlay.yaml",
            "README.txt",
            "notes",
            "my-vendor/b-page.md",
            "my-vendor/a.yaml",
            "my-vendor/a.overlay.yaml",
            "my-vendor/sources.toml",
            "my-vendor.overlay.yaml",
        ] {
            fs::write(dir.join(name), "x").unwrap();
        }
        let documents = find_documents(root.path(), target).unwrap();
        let found: Vec<(&str, &str)> = documents
            .iter()
            .map(|d| (d.stem.as_str(), d.file.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("alpha", "specs/alpha.yaml"),
                ("beta", "specs/beta.mdx"),
                ("my_page", "specs/my-page.md"),
                ("my_vendor", "specs/my-vendor/"),
                ("zhipu", "specs/zhipu.md")
            ]
        );
        // The overlay of `my-page.md` is its page's; a folder's pages are in file-name order,
        // each with its own overlay, and the overlay beside the folder is the vendor's.
        assert_eq!(
            documents[2].pages[0]
                .overlay
                .as_ref()
                .map(|o| o.file.as_str()),
            Some("specs/my-page.overlay.yaml")
        );
        assert_eq!(documents[2].overlay, None);
        let folder = &documents[3];
        let pages: Vec<(&str, &str, Option<&str>)> = folder
            .pages
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.file.as_str(),
                    p.overlay.as_ref().map(|o| o.file.as_str()),
                )
            })
            .collect();
        assert_eq!(
            pages,
            [
                (
                    "a",
                    "specs/my-vendor/a.yaml",
                    Some("specs/my-vendor/a.overlay.yaml")
                ),
                ("b_page", "specs/my-vendor/b-page.md", None),
            ]
        );
        assert_eq!(
            folder.overlay.as_ref().map(|o| o.file.as_str()),
            Some("specs/my-vendor.overlay.yaml")
        );
        fs::remove_file(dir.join("my-page.overlay.yaml")).unwrap();
        fs::remove_file(dir.join("my-page.md")).unwrap();

        fs::write(dir.join("alpha.json"), "{}").unwrap();
        fs::write(dir.join("Bad-Name.yaml"), "x").unwrap();
        fs::write(dir.join("lib.yaml"), "x").unwrap();
        fs::write(dir.join("my_vendor.md"), "x").unwrap();
        fs::write(dir.join("my-vendor/gone.overlay.yaml"), "x").unwrap();
        fs::create_dir_all(dir.join("empty")).unwrap();
        let errors = find_documents(root.path(), target).unwrap_err();
        assert_eq!(errors.len(), 5, "{errors:#?}");
        let has = |errors: &[String], start: &str| errors.iter().any(|e| e.contains(start));
        assert!(
            has(&errors, "specs/Bad-Name.yaml: the file name `Bad-Name`"),
            "{errors:#?}"
        );
        assert!(has(
            &errors,
            "specs/alpha.json, specs/alpha.yaml all give the module `alpha`"
        ));
        assert!(has(
            &errors,
            "specs/lib.yaml: the module name `lib` is taken"
        ));
        assert!(
            has(
                &errors,
                "specs/my-vendor/gone.overlay.yaml: an overlay without its page"
            ),
            "{errors:#?}"
        );
        assert!(
            has(
                &errors,
                "specs/empty/: the folder holds no page or document"
            ),
            "{errors:#?}"
        );
        // A folder and a file of the same module.
        fs::remove_file(dir.join("my-vendor/gone.overlay.yaml")).unwrap();
        let errors = find_documents(root.path(), target).unwrap_err();
        assert!(
            has(
                &errors,
                "specs/my-vendor/, specs/my_vendor.md all give the module `my_vendor`"
            ),
            "{errors:#?}"
        );
    }

    #[test]
    fn the_order_files_are_listed_in_does_not_matter() {
        let target = TARGETS[0];
        let files = [
            "minimax/file-upload.md",
            "minimax/chatcompletion-v2.md",
            "minimax/file-delete.overlay.yaml",
            "minimax/file-delete.md",
            "impala.md",
            "minimax.overlay.yaml",
            "zhipu/files-list.md",
            "zhipu/files-delete.md",
        ];
        let dir = Path::new("specs");
        let first = documents_from(dir, target, &files.map(String::from)).unwrap();
        let mut reversed = files.map(String::from);
        reversed.reverse();
        assert_eq!(documents_from(dir, target, &reversed).unwrap(), first);
        let mut rotated = files.map(String::from);
        rotated.rotate_left(3);
        assert_eq!(documents_from(dir, target, &rotated).unwrap(), first);
        let minimax: Vec<&str> = first[1].pages.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(
            minimax,
            [
                "specs/minimax/chatcompletion-v2.md",
                "specs/minimax/file-delete.md",
                "specs/minimax/file-upload.md"
            ]
        );
    }

    #[test]
    fn overlays_are_paired_with_their_documents() {
        assert_eq!(overlay_stem("minimax.overlay.yaml"), Some("minimax"));
        assert_eq!(overlay_stem("a.b.overlay.json"), Some("a.b"));
        for not_overlay in [
            "minimax.yaml",
            "overlay.yaml",
            ".overlay.yml",
            "x.overlay.md",
        ] {
            assert_eq!(overlay_stem(not_overlay), None, "{not_overlay}");
        }
        let root = tempfile::tempdir().unwrap();
        let target = TARGETS[0];
        let dir = root.path().join(target.sources);
        fs::create_dir_all(&dir).unwrap();
        for name in ["minimax.md", "minimax.overlay.yaml", "zhipu.md"] {
            fs::write(dir.join(name), "x").unwrap();
        }
        let documents = find_documents(root.path(), target).unwrap();
        let found: Vec<(&str, Option<&str>)> = documents
            .iter()
            .map(|d| {
                let overlay = d.pages[0].overlay.as_ref();
                (d.stem.as_str(), overlay.map(|o| o.file.as_str()))
            })
            .collect();
        assert_eq!(
            found,
            [
                ("minimax", Some("specs/minimax.overlay.yaml")),
                ("zhipu", None)
            ]
        );
        assert_eq!(
            documents[0].pages[0].overlay.as_ref().unwrap().path,
            dir.join("minimax.overlay.yaml")
        );

        fs::write(dir.join("gone.overlay.yml"), "x").unwrap();
        fs::write(dir.join("minimax.overlay.json"), "x").unwrap();
        let errors = find_documents(root.path(), target).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(
            errors[0].starts_with("specs/gone.overlay.yml: an overlay without its document: expected specs/gone.<md|mdx|yaml|yml|json> (or the folder specs/gone/)"),
            "{errors:#?}"
        );
        assert!(
            errors[1].starts_with("specs/minimax.overlay.json, specs/minimax.overlay.yaml are all overlays of `minimax`"),
            "{errors:#?}"
        );
    }

    #[test]
    fn a_missing_sources_directory_is_an_error() {
        let root = tempfile::tempdir().unwrap();
        let errors = find_documents(root.path(), TARGETS[1]).unwrap_err();
        assert!(
            errors[0].starts_with("cannot read tests/fixtures/compile/"),
            "{errors:?}"
        );
    }

    /// The manifests the xtask writes carry the header that lets it overwrite them (the text
    /// itself is `vendor_codegen::manifest`'s, tested there).
    #[test]
    fn manifests_carry_the_generated_header() {
        for target in TARGETS {
            let manifest = manifest::workspace_member(&target.member(), &["impala", "minimax"]);
            assert!(files::has_generated_header(manifest.as_bytes()));
            assert!(manifest.contains(&format!("name = \"{}\"", target.package)));
        }
        for own_workspace in [true, false] {
            let manifest = manifest::standalone(
                "minimax",
                COMMAND,
                Path::new("/repo/runtime"),
                own_workspace,
            );
            assert!(files::has_generated_header(manifest.as_bytes()));
        }
    }

    #[test]
    fn examples_root_keeps_the_generated_test_from_rustfmt() {
        let document = Document::single(
            "minimax".to_owned(),
            PathBuf::from("specs/minimax.md"),
            "specs/minimax.md".to_owned(),
            None,
        );
        let root = examples_root(&document);
        assert!(files::has_generated_header(root.as_bytes()));
        assert!(
            root.ends_with(
                "#[rustfmt::skip]\n#[path = \"examples/minimax.rs\"]\nmod minimax_examples;\n"
            ),
            "{root}"
        );
    }

    #[test]
    fn standalone_refuses_to_overwrite_a_file_without_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("minimax.yaml");
        fs::write(&spec, "openapi: 3.1.0\n").unwrap();
        let out = dir.path().join("out");
        fs::create_dir_all(out.join("src")).unwrap();
        fs::write(out.join("src/lib.rs"), "// my own work\n").unwrap();
        fs::write(out.join("Cargo.toml"), "# @generated\n").unwrap();
        let standalone = Standalone {
            spec,
            out: out.clone(),
            overlay: None,
        };
        let error = generate_standalone(&standalone, &Options::default()).unwrap_err();
        assert_eq!(error.exit_code(), 1);
        let message = error.to_string();
        assert!(message.contains("refusing to overwrite"), "{message}");
        assert!(message.contains("lib.rs"), "{message}");
        assert!(
            !message.contains("Cargo.toml"),
            "a generated file may be overwritten: {message}"
        );
        assert_eq!(
            fs::read_to_string(out.join("src/lib.rs")).unwrap(),
            "// my own work\n"
        );
        assert!(!out.join("tests").exists(), "nothing was written");
    }

    #[test]
    fn standalone_rejects_bad_documents_before_generating() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let run = |spec: &str| {
            let standalone = Standalone {
                spec: dir.path().join(spec),
                out: out.clone(),
                overlay: None,
            };
            generate_standalone(&standalone, &Options::default())
                .unwrap_err()
                .to_string()
        };
        assert!(run("notes.txt").contains("not a document the generator reads"));
        assert!(run("My Spec.yaml").contains("snake_case Rust identifier"));
        fs::create_dir_all(&out).unwrap();
        assert!(run("absent.yaml").contains("cannot read it"));
        assert_eq!(
            fs::read_dir(&out).unwrap().count(),
            0,
            "nothing was written"
        );
    }

    #[test]
    fn panics_become_errors_naming_the_document() {
        let error = guarded("specs/x.md", || panic!("boom")).unwrap_err();
        assert!(
            error.contains("specs/x.md") && error.contains("boom"),
            "{error}"
        );
        assert_eq!(guarded("x", || 7), Ok(7));
    }

    #[test]
    fn reports_count_and_paths_are_readable() {
        assert_eq!(plural(1, "warning"), "1 warning");
        assert_eq!(plural(0, "note"), "0 notes");
        assert_eq!(
            relative(Path::new("/repo"), Path::new("/repo/generated/src/a.rs")),
            "generated/src/a.rs"
        );
    }
}
