//! Helpers for the data-driven tests in `tests/tests/`: where the documents are, how to run the
//! generator on one, and how to check many cases so that one failure does not hide the others.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use vendor_codegen::{Config, Diagnostic, Output, Vendor};
use xtask::codegen::{self, Target, TARGETS};

/// The repository root.
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// A vendor read from the repository, as `cargo xtask codegen` finds and reads it: one document
/// (`specs/impala.md`) or a folder of pages (`specs/minimax/`).
#[derive(Debug, Clone)]
pub struct Document {
    /// The module name, e.g. `minimax`.
    pub stem: String,
    /// The file or folder relative to the repository root, `/`-separated, e.g.
    /// `specs/impala.md`, `specs/minimax/`.
    pub file: String,
    /// Where its files are, as the xtask found them.
    pub found: codegen::Document,
    /// The generator's input: every page and overlay, read.
    pub vendor: Vendor,
}

impl Document {
    /// Runs the whole pipeline on it (with its overlays) under [`config`]`(crate_path)`.
    pub fn generate(&self, crate_path: &str) -> Result<Output, Vec<Diagnostic>> {
        vendor_codegen::generate_vendor(&self.vendor, &config(crate_path))
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

pub use codegen::DOCUMENT_EXTENSIONS;

/// The vendors in `dir` (relative to the repository root) made of files with one of
/// `extensions`, as `cargo xtask codegen` finds a target's (see [`vendors`]).
#[track_caller]
pub fn documents(dir: &'static str, extensions: &'static [&'static str]) -> Vec<Document> {
    vendors(Target {
        sources: dir,
        extensions,
        ..TARGETS[1]
    })
}

/// The vendors of `target`, as `cargo xtask codegen` finds them (sorted by module name), each
/// read. Fails when there are none, so a test never passes by checking nothing.
#[track_caller]
fn vendors(target: Target) -> Vec<Document> {
    let found = codegen::find_documents(&repo_root(), target)
        .unwrap_or_else(|errors| panic!("{}/: {}", target.sources, errors.join("\n")));
    assert!(!found.is_empty(), "no documents in {}/", target.sources);
    found
        .into_iter()
        .map(|found| {
            let vendor = codegen::read_vendor(&found, codegen::read_file)
                .unwrap_or_else(|errors| panic!("{}: {}", found.file, errors.join("\n")));
            Document {
                stem: found.stem.clone(),
                file: found.file.clone(),
                found,
                vendor,
            }
        })
        .collect()
}

/// The vendors in `specs/`.
#[track_caller]
pub fn specs() -> Vec<Document> {
    vendors(TARGETS[0])
}

/// The hostile documents in `tests/fixtures/compile/` (generated into `tests/samples/`).
#[track_caller]
pub fn compile_fixtures() -> Vec<Document> {
    vendors(TARGETS[1])
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
        let stems: Vec<&str> = specs.iter().map(|d| d.stem.as_str()).collect();
        let mut sorted = stems.clone();
        sorted.sort();
        assert_eq!(stems, sorted);
        let minimax = specs.iter().find(|d| d.stem == "minimax").unwrap();
        assert_eq!(minimax.file, "specs/minimax/");
        let pages: Vec<&str> = minimax
            .vendor
            .pages
            .iter()
            .map(|page| page.source.file.as_str())
            .collect();
        assert!(pages.contains(&"specs/minimax/file-delete.md"), "{pages:?}");
        let mut sorted = pages.clone();
        sorted.sort();
        assert_eq!(pages, sorted, "pages in file-name order");
        let delete = &minimax.vendor.pages[pages
            .iter()
            .position(|page| *page == "specs/minimax/file-delete.md")
            .unwrap()];
        assert!(delete.source.text.contains("openapi: 3.1.0"));
        assert_eq!(delete.source.name, "file_delete");
        assert_eq!(
            delete
                .overlays
                .iter()
                .map(|o| o.file.as_str())
                .collect::<Vec<_>>(),
            ["specs/minimax/file-delete.overlay.yaml"]
        );
        assert!(
            !pages.iter().any(|page| page.contains(".overlay.")),
            "an overlay is not a page"
        );
        let impala = specs.iter().find(|d| d.stem == "impala").unwrap();
        assert_eq!(
            impala.vendor.pages[0].source.name, "impala",
            "a single file is its vendor"
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
