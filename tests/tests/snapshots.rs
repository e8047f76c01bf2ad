//! Snapshots of every vendor document: the normalized document and the diagnostics. The module
//! has none: it is checked in as `generated/src/<vendor>.rs`, reviewed in the diff like a
//! snapshot, and kept fresh by `generated_is_fresh`.
//!
//! A new document in `specs/` gets its snapshots on the first run with `INSTA_UPDATE=always`
//! (or `cargo insta review`); review them in `tests/tests/snapshots/` and commit them. In CI
//! (`CI=true`, `INSTA_UPDATE=no`) a missing or changed snapshot fails.

use vendor_tests::{check_each, diagnostics_text, specs, Document};

#[test]
fn vendor_documents() {
    check_each(specs(), |document| document.file.clone(), check_snapshots);
}

/// Generates `document` and compares its normalized document and its diagnostics with
/// `<kind>@<stem>.snap`.
#[track_caller]
fn check_snapshots(document: &Document) {
    let output = document
        .generate(&format!("vendor_api::{}", document.stem))
        .unwrap_or_else(|diagnostics| {
            panic!(
                "{} failed:\n{}",
                document.file,
                diagnostics_text(&diagnostics)
            )
        });
    insta::with_settings!({
        snapshot_suffix => document.stem.as_str(),
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => document.file.as_str(),
    }, {
        insta::assert_yaml_snapshot!("normalized", output.normalized);
        insta::assert_snapshot!("diagnostics", diagnostics_text(&output.diagnostics));
    });
}
