//! Documents the generator must refuse, each with a clear error: one file per case in
//! `tests/fixtures/errors/`, next to a `<case>.expected` file saying what the error must hold:
//!
//! ```text
//! # why the case exists (comments and blank lines are ignored)
//! line: 7                   # the line it must name; `any` (the default): some line; `none`: no line
//! message: invalid yaml     # a fragment the message must hold (case-insensitive);
//! message: tab | indent     # `|` separates alternatives; every `message:` line must match
//! ```
//!
//! Adding a case is adding the two files.

use std::fs;
use vendor_codegen::Severity;
use vendor_tests::{
    check_each, diagnostics_text, documents, repo_root, Document, DOCUMENT_EXTENSIONS,
};

const DIR: &str = "tests/fixtures/errors";

#[test]
fn bad_documents_are_refused_with_a_located_error() {
    check_each(
        documents(DIR, DOCUMENT_EXTENSIONS),
        |document| document.file.clone(),
        check_error,
    );
}

#[test]
fn every_expectation_has_its_document() {
    let documents = documents(DIR, DOCUMENT_EXTENSIONS);
    for entry in fs::read_dir(repo_root().join(DIR)).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|extension| extension == "expected")
        {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(
                documents.iter().any(|document| document.stem == stem),
                "{} has no document",
                path.display()
            );
        }
    }
}

/// Which line the error must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Any,
    None,
    Exactly(u32),
}

/// What a `.expected` file asks of the error.
#[derive(Debug)]
struct Expected {
    line: Line,
    /// Each entry: alternatives, one of which the message must hold.
    messages: Vec<Vec<String>>,
}

impl Expected {
    #[track_caller]
    fn read(document: &Document) -> Expected {
        let path = document.found.path.with_extension("expected");
        let text = fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!(
                "{}: add {} saying what the error must hold ({error})",
                document.file,
                path.display()
            )
        });
        let mut expected = Expected {
            line: Line::Any,
            messages: Vec::new(),
        };
        for line in text.lines() {
            let line = line.split(" #").next().unwrap_or_default().trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line
                .split_once(':')
                .map(|(key, value)| (key.trim(), value.trim()))
            {
                Some(("line", "any")) => expected.line = Line::Any,
                Some(("line", "none")) => expected.line = Line::None,
                Some(("line", number)) => {
                    let number = number.parse().unwrap_or_else(|_| {
                        panic!("{}: bad line number {number:?}", path.display())
                    });
                    expected.line = Line::Exactly(number);
                }
                Some(("message", fragments)) => {
                    expected.messages.push(
                        fragments
                            .split('|')
                            .map(|f| f.trim().to_lowercase())
                            .collect(),
                    );
                }
                _ => panic!(
                    "{}: cannot read {line:?}; expected `line: N|any|none` or `message: fragment`",
                    path.display()
                ),
            }
        }
        assert!(
            !expected.messages.is_empty(),
            "{}: give at least one `message:` line",
            path.display()
        );
        expected
    }
}

/// `document` must fail, without a panic, with an error that names its file, the expected
/// line, and every expected message fragment.
#[track_caller]
fn check_error(document: &Document) {
    let expected = Expected::read(document);
    let diagnostics = match document.generate("vendor_api::case") {
        Ok(output) => panic!(
            "{}: generated fine, but it must fail; diagnostics:\n{}",
            document.file,
            diagnostics_text(&output.diagnostics)
        ),
        Err(diagnostics) => diagnostics,
    };
    let fits = |diagnostic: &&vendor_codegen::Diagnostic| {
        let message = diagnostic.message.to_lowercase();
        diagnostic.severity == Severity::Error
            && diagnostic.file == document.file
            && match expected.line {
                Line::Any => diagnostic.line.is_some(),
                Line::None => diagnostic.line.is_none(),
                Line::Exactly(line) => diagnostic.line == Some(line),
            }
            && expected
                .messages
                .iter()
                .all(|alternatives| alternatives.iter().any(|f| message.contains(f.as_str())))
    };
    assert!(
        diagnostics.iter().any(|diagnostic| fits(&diagnostic)),
        "{}: no error names the file, line {:?} and message {:?}; got:\n{}",
        document.file,
        expected.line,
        expected.messages,
        diagnostics_text(&diagnostics)
    );
}
