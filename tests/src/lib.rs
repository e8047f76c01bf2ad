//! Helpers for the data-driven tests in `tests/tests/`: where the documents are, how to run the
//! generator on one, and how to check many cases so that one failure does not hide the others.

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use vendor_codegen::{Config, Diagnostic, Output, Source};

/// The extensions of the documents the generator reads.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["md", "mdx", "yaml", "yml", "json"];

/// The repository root.
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// A document read from the repository.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file stem, e.g. `minimax`.
    pub stem: String,
    /// The file relative to the repository root, `/`-separated, e.g. `specs/minimax.md`.
    pub file: String,
    /// Where it is.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its overlay (`<stem>.overlay.yaml` beside it in `specs/`), applied before normalization.
    pub overlay: Option<Source>,
}

impl Document {
    /// Reads the document at `path`, to be named `file` in diagnostics.
    #[track_caller]
    pub fn read(path: &Path, file: String) -> Document {
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text =
            fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {file}: {error}"));
        Document {
            stem,
            file,
            path: path.to_path_buf(),
            text,
            overlay: None,
        }
    }

    /// The generator's input for it.
    pub fn source(&self) -> Source {
        Source {
            name: self.stem.clone(),
            file: self.file.clone(),
            text: self.text.clone(),
        }
    }

    /// Runs the whole pipeline on it (with its overlay, if any) under [`config`]`(crate_path)`.
    pub fn generate(&self, crate_path: &str) -> Result<Output, Vec<Diagnostic>> {
        let overlays: Vec<Source> = self.overlay.iter().cloned().collect();
        vendor_codegen::generate_with(&self.source(), &overlays, &config(crate_path))
    }
}

/// The engine's configuration for a module named `crate_path` (e.g. `vendor_api::minimax`) in
/// its crate, not the crate's root, under the header of `generated/`: as `cargo xtask codegen`
/// generates the modules of `generated/`.
pub fn config(crate_path: &str) -> Config {
    let mut config = Config::new();
    config
        .command("cargo xtask codegen")
        .crate_root(false)
        .crate_path(crate_path);
    config
}

/// The documents directly in `dir` (relative to the repository root) with one of `extensions`,
/// sorted by file name, each with its overlay (`<stem>.overlay.yaml|yml|json`, which is not a
/// document itself) if it has one. Fails when there are none, so a test never passes by checking
/// nothing.
#[track_caller]
pub fn documents(dir: &str, extensions: &[&str]) -> Vec<Document> {
    let root = repo_root();
    let entries =
        fs::read_dir(root.join(dir)).unwrap_or_else(|error| panic!("cannot read {dir}/: {error}"));
    let documents: Vec<Document> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|error| panic!("cannot read {dir}/: {error}"))
                .path()
        })
        .filter(|path| path.is_file())
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .map(|path| {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let stem = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("cannot read {dir}/{name}: {error}"));
            Document {
                stem,
                file: format!("{dir}/{name}"),
                path,
                text,
                overlay: None,
            }
        })
        .collect();
    let (overlays, mut documents): (Vec<Document>, Vec<Document>) = documents
        .into_iter()
        .partition(|document| overlay_of(&document.stem, &document.file).is_some());
    for overlay in overlays {
        let stem = overlay_of(&overlay.stem, &overlay.file).unwrap_or_default();
        let document = documents
            .iter_mut()
            .find(|document| document.stem == stem)
            .unwrap_or_else(|| panic!("{}: an overlay without its document", overlay.file));
        document.overlay = Some(Source {
            name: stem.to_owned(),
            file: overlay.file,
            text: overlay.text,
        });
    }
    documents.sort_by(|a, b| a.file.cmp(&b.file));
    assert!(
        !documents.is_empty(),
        "no documents in {dir}/ with extension {extensions:?}"
    );
    documents
}

/// The document stem an overlay file is for: `minimax` for the file stem `minimax.overlay` of
/// `specs/minimax.overlay.yaml` (a YAML or JSON file).
fn overlay_of<'a>(stem: &'a str, file: &str) -> Option<&'a str> {
    let is_data = [".yaml", ".yml", ".json"]
        .iter()
        .any(|extension| file.ends_with(extension));
    stem.strip_suffix(".overlay").filter(|_| is_data)
}

/// The vendors' documents in `specs/`.
#[track_caller]
pub fn specs() -> Vec<Document> {
    documents("specs", DOCUMENT_EXTENSIONS)
}

/// The hostile documents in `tests/fixtures/compile/` (generated into `tests/samples/`).
#[track_caller]
pub fn compile_fixtures() -> Vec<Document> {
    documents("tests/fixtures/compile", DOCUMENT_EXTENSIONS)
}

/// Runs `check` on every case, so one failure does not hide the next; then fails naming every
/// case that failed (each failure's own message is printed as it happens).
#[track_caller]
pub fn check_each<T>(
    cases: impl IntoIterator<Item = T>,
    name: impl Fn(&T) -> String,
    check: impl Fn(&T),
) {
    let mut failed = Vec::new();
    let mut count = 0;
    for case in cases {
        count += 1;
        if panic::catch_unwind(AssertUnwindSafe(|| check(&case))).is_err() {
            failed.push(name(&case));
        }
    }
    assert!(count > 0, "no cases to check");
    assert!(
        failed.is_empty(),
        "{} of {count} cases failed (see above): {}",
        failed.len(),
        failed.join(", ")
    );
}

/// The diagnostics as text, one per line, as the xtask prints them.
pub fn diagnostics_text(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_specs_sorted() {
        let specs = specs();
        let files: Vec<&str> = specs.iter().map(|d| d.file.as_str()).collect();
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted);
        assert!(files.contains(&"specs/minimax.md"), "{files:?}");
        let minimax = specs.iter().find(|d| d.stem == "minimax").unwrap();
        assert!(minimax.text.contains("openapi: 3.1.0"));
        assert_eq!(minimax.source().name, "minimax");
        let overlay = minimax
            .overlay
            .as_ref()
            .expect("specs/minimax.overlay.yaml");
        assert_eq!(overlay.file, "specs/minimax.overlay.yaml");
        assert!(
            !files.contains(&"specs/minimax.overlay.yaml"),
            "an overlay is not a document"
        );
    }

    #[test]
    fn check_each_runs_every_case_and_names_the_failures() {
        let seen = std::cell::RefCell::new(Vec::new());
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            check_each(
                1..=4,
                |n| format!("case {n}"),
                |&n| {
                    seen.borrow_mut().push(n);
                    assert!(n % 2 == 1, "even");
                },
            );
        }));
        assert_eq!(*seen.borrow(), [1, 2, 3, 4]);
        let payload = result.unwrap_err();
        let message = payload.downcast_ref::<String>().unwrap();
        assert!(
            message.contains("2 of 4 cases failed") && message.contains("case 2, case 4"),
            "{message}"
        );
    }
}

/// The README's Rust examples, compiled and run as doctests of this crate (its client example
/// with the feature `client`), so that none of them can rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
