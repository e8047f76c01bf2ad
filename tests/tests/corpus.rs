//! Third-party documents go through the generator without a panic: each either generates, or is
//! refused with an error that names it. The corpus is `shared/corpus/` beside the repository
//! (or `$CORPUS_DIR`); where it is absent, the tests say so and pass.

use std::fs;
use std::path::PathBuf;
use vendor_codegen::Severity;
use vendor_tests::{check_each, diagnostics_text, repo_root, Document, DOCUMENT_EXTENSIONS};

/// Documents at least this large are slow in a debug build; they run with `--ignored`.
const LARGE: u64 = 256 * 1024;

#[test]
fn corpus_documents_never_panic() {
    check_corpus(|size| size < LARGE);
}

#[test]
#[ignore = "large documents are slow in a debug build: run `cargo test --release -p vendor-tests --test corpus -- --ignored`"]
fn large_corpus_documents_never_panic() {
    check_corpus(|size| size >= LARGE);
}

/// The corpus directory, if there is one.
fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// Runs every corpus document whose size `select` accepts.
fn check_corpus(select: impl Fn(u64) -> bool) {
    let Some(dir) = corpus_dir() else {
        eprintln!("no corpus beside the repository (nor $CORPUS_DIR): skipped");
        return;
    };
    let mut documents = Vec::new();
    for sub in ["openapi", "mintlify"] {
        let Ok(entries) = fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let extension = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            let size = fs::metadata(&path).unwrap().len();
            if DOCUMENT_EXTENSIONS.contains(&extension) && select(size) {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                documents.push(Document::read(&path, format!("corpus/{sub}/{name}")));
            }
        }
    }
    documents.sort_by(|a, b| a.file.cmp(&b.file));
    check_each(documents, |document| document.file.clone(), check_document);
}

/// `document` generates, or fails with an error diagnostic that names it.
#[track_caller]
fn check_document(document: &Document) {
    match document.generate("corpus::document") {
        Ok(output) => eprintln!(
            "{}: generated, {} diagnostics",
            document.file,
            output.diagnostics.len()
        ),
        Err(diagnostics) => {
            let named = diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error && d.file == document.file);
            match named {
                Some(error) => eprintln!("{}: refused: {error}", document.file),
                None => panic!(
                    "{}: refused without an error naming it:\n{}",
                    document.file,
                    diagnostics_text(&diagnostics)
                ),
            }
        }
    }
}
