//! The generator's output depends on its input only: two runs give the same bytes.

use vendor_tests::{check_each, compile_fixtures, diagnostics_text, specs, Document};

#[test]
fn two_runs_give_identical_output() {
    let documents: Vec<Document> = specs().into_iter().chain(compile_fixtures()).collect();
    // The second run goes in reverse order, so state kept between runs would show too.
    let first: Vec<String> = documents.iter().map(render).collect();
    let mut second: Vec<String> = documents.iter().rev().map(render).collect();
    second.reverse();
    let cases = documents.iter().zip(first).zip(second);
    check_each(
        cases,
        |((document, _), _)| document.file.clone(),
        |((document, first), second)| {
            check_identical(document, first, second);
        },
    );
}

/// Everything one run gives for `document`, as text.
fn render(document: &Document) -> String {
    match document.generate(&format!("vendor_api::{}", document.stem)) {
        Ok(output) => format!(
            "{}\n---\n{}\n---\n{}\n---\n{:#?}\n---\n{}",
            output.module,
            output.examples_test,
            serde_json::to_string_pretty(&output.normalized)
                .unwrap_or_else(|error| error.to_string()),
            output.api,
            diagnostics_text(&output.diagnostics),
        ),
        Err(diagnostics) => format!("failed:\n{}", diagnostics_text(&diagnostics)),
    }
}

#[track_caller]
fn check_identical(document: &Document, first: &str, second: &str) {
    if first != second {
        let line = first
            .lines()
            .zip(second.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |index| index + 1);
        panic!(
            "{}: two runs differ (first at output line {line})",
            document.file
        );
    }
}
